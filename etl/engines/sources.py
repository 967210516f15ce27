"""Finding input files: walk folders, expand archives, skip what is not a report with a reason."""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from etl.engines import storage
from etl.read import ARCHIVE_SUFFIXES, UNREADABLE_DOCUMENT_SUFFIXES, ReadError, format_of
from etl.read.archive import list_members, read_member


@dataclass(frozen=True)
class Source:
    """One input: a file (on disk or at an fsspec URL), or a member of an archive."""

    source_path: str  # the label stored in the warehouse
    fs_path: str  # the file's path or URL (the archive's, for a member)
    member: str | None = None  # the member name inside the archive

    def read_bytes(self) -> bytes:
        if self.member is None:
            return storage.read_bytes(self.fs_path)
        data, info = self._member_info()
        return read_member(data, info)

    def size(self) -> int:
        """Size in bytes without reading the file (for a member: its declared size)."""
        if self.member is None:
            return storage.size(self.fs_path)
        return self._member_info()[1].file_size

    def _member_info(self):
        data, members = _archive(self.fs_path)
        for name, info in members:
            if name == self.member:
                return data, info
        raise ReadError(f"archive member {self.member} not found")

    def sha256(self) -> str:
        """SHA-256 of the bytes; a file on disk is hashed in chunks, never held whole."""
        if self.member is not None or storage.is_url(self.fs_path):
            return hashlib.sha256(self.read_bytes()).hexdigest()
        h = hashlib.sha256()
        with open(self.fs_path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()


# The last archive read, with its member list: sources are sorted by label, so the members of
# one archive come one after another and the archive is read once, not once per member.
_last_archive: tuple[tuple, bytes, list] | None = None


def _archive(fs_path: str) -> tuple[bytes, list]:
    global _last_archive
    key = storage.version(fs_path)
    if _last_archive is None or _last_archive[0] != key:
        data = storage.read_bytes(fs_path)
        _last_archive = (key, data, list_members(data))
    return _last_archive[1], _last_archive[2]


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass
class Discovery:
    sources: list[Source]
    skipped: list[Skipped]
    # archives that could not be listed: they become failed rows, not skips
    broken_archives: list[tuple[Source, str]]


def _is_candidate(name: str) -> bool:
    """A file that may be a report: readable formats, and document formats we cannot read
    (those become failed rows with the reason instead of silent skips)."""
    suffix = Path(name).suffix.lower()
    return format_of(name) is not None or suffix in UNREADABLE_DOCUMENT_SUFFIXES


def _label(path: Path, given: str, root: Path | None) -> str:
    if root is None:
        return given
    return os.path.join(given, str(path.relative_to(root)))


def _special_file(path: Path) -> bool:
    """A pipe, socket or device (directly or through a symlink). A broken symlink is not special:
    it becomes a failed row saying the file cannot be read."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def discover(paths: list[str]) -> Discovery:
    """Every report file under `paths`, sorted by label, archives expanded into members."""
    found: list[tuple[Path | str, str]] = []
    skipped: list[Skipped] = []
    for given in paths:
        if storage.is_url(given):
            urls, exists = storage.walk_url(given)
            if not exists:
                skipped.append(Skipped(given, "no such file or folder"))
            found += urls
            continue
        p = Path(given)
        if p.is_dir():
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for fn in sorted(filenames):
                    fp = Path(dirpath) / fn
                    found.append((fp, _label(fp, given, p)))
        elif p.is_file():
            found.append((p, given))
        else:
            skipped.append(Skipped(given, "no such file or folder"))
    sources: list[Source] = []
    broken: list[tuple[Source, str]] = []
    for fp, label in found:
        fname = storage.name(str(fp))
        suffix = PurePosixPath(fname).suffix.lower()
        if fname.startswith("."):
            skipped.append(Skipped(label, "hidden file"))
        elif not isinstance(fp, str) and _special_file(fp):
            # a named pipe would block the run forever on open, a device would never end
            skipped.append(Skipped(label, "not a regular file (pipe, socket or device)"))
        elif suffix in ARCHIVE_SUFFIXES:
            try:
                members = list_members(storage.read_bytes(str(fp)))
            except (ReadError, OSError) as exc:
                broken.append((Source(label, str(fp)), str(exc)))
                continue
            for name, _ in members:
                mlabel = f"{label}!{name}"
                if not _is_candidate(name):
                    skipped.append(Skipped(mlabel, f"unsupported format {Path(name).suffix.lower() or '(no extension)'}"))
                else:
                    sources.append(Source(mlabel, str(fp), name))
        elif _is_candidate(fname):
            sources.append(Source(label, str(fp)))
        else:
            skipped.append(Skipped(label, f"unsupported format {suffix or '(no extension)'}"))
    sources.sort(key=lambda s: s.source_path)
    return Discovery(sources, skipped, broken)
