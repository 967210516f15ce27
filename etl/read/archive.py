"""ZIP archives: members are ingested as if they were files, never extracted to disk.

Member names are only labels (`archive.zip!folder/file.pdf`), so a `../` or absolute name
cannot write anywhere and its member is read like any other; `unsafe_name_reason` says what is
odd about such a name, for a caller that wants to flag it. Limits on member count, member size, total size and compression ratio
stop zip bombs before any byte is inflated. Archives inside the archive are listed as members
like any other file (they are not opened).
"""
from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from etl.read import ReadError

_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1


@dataclass(frozen=True)
class ArchiveLimits:
    max_members: int = 10_000
    max_member_bytes: int = 200 * 1024 * 1024
    max_total_bytes: int = 2 * 1024 * 1024 * 1024
    max_ratio: float = 200.0  # uncompressed / compressed, per member (documents compress ~2-20:1)


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its creator wrote it. Without the UTF-8 flag, zipfile decodes
    names as cp437; Chinese Windows zips write GBK there (and some tools UTF-8 without the
    flag), so the raw bytes are decoded as UTF-8, else GB18030."""
    name = info.filename
    if not info.flag_bits & _UTF8_FLAG:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            raw = None
        if raw is not None:
            for encoding in ("utf-8", "gb18030"):
                try:
                    name = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
    return name.replace("\\", "/")


def unsafe_name_reason(name: str) -> str | None:
    """Why a member name would escape the folder it were unpacked into (a sign of a crafted
    archive), or None when it is an ordinary relative name."""
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return f"archive member {name!r} has an absolute path"
    if ".." in PurePosixPath(name).parts:
        return f"archive member {name!r} has a '..' path component"
    return None


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, KeyError, IndexError,
            struct.error, zlib.error) as exc:
        raise ReadError(f"not a readable ZIP archive ({exc})") from None


def list_members(data: bytes, limits: ArchiveLimits = ArchiveLimits()) -> list[tuple[str, zipfile.ZipInfo]]:
    """(name, info) of the file members, in archive order; a name that occurs twice gets a
    ` (2)` suffix so that every label is unique. Raises ReadError for a broken or over-limit
    archive (the whole archive: a bomb is refused before anything is read from it)."""
    with _open(data) as zf:
        try:
            infos = [i for i in zf.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, ValueError) as exc:  # pragma: no cover - infolist is prebuilt
            raise ReadError(f"not a readable ZIP archive ({exc})") from None
    if len(infos) > limits.max_members:
        raise ReadError(f"archive has {len(infos)} members (limit {limits.max_members})")
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_bytes:
        raise ReadError(f"archive would unpack to {total} bytes (limit {limits.max_total_bytes}): possible zip bomb")
    out: list[tuple[str, zipfile.ZipInfo]] = []
    seen: dict[str, int] = {}
    for info in infos:
        name = member_name(info)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            stem = PurePosixPath(name)
            name = str(stem.with_name(f"{stem.stem} ({seen[name]}){stem.suffix}"))
        out.append((name, info))
    return out


def read_member(data: bytes, info: zipfile.ZipInfo, limits: ArchiveLimits = ArchiveLimits()) -> bytes:
    """The member's bytes (in memory), or ReadError with the reason it is refused."""
    if info.flag_bits & _ENCRYPTED_FLAG:
        raise ReadError("archive member is password-protected")
    if info.file_size > limits.max_member_bytes:
        raise ReadError(f"archive member is {info.file_size} bytes (limit {limits.max_member_bytes})")
    if info.file_size > 1024 * 1024 and info.file_size / max(info.compress_size, 1) > limits.max_ratio:
        raise ReadError(f"archive member compresses {info.file_size / max(info.compress_size, 1):.0f}:1: "
                        "possible zip bomb")
    try:
        with _open(data) as zf, zf.open(info) as fh:
            # never trust the declared size: read at most one byte more than allowed
            cap = min(limits.max_member_bytes, max(info.file_size, 0)) + 1
            out = fh.read(cap)
    except (zipfile.BadZipFile, zlib.error) as exc:
        raise ReadError(f"archive member is damaged ({exc})") from None
    except NotImplementedError as exc:
        raise ReadError(f"archive member uses an unsupported compression ({exc})") from None
    except (RuntimeError, OSError, EOFError, ValueError) as exc:
        raise ReadError(f"archive member cannot be read ({exc})") from None
    if len(out) > info.file_size:
        raise ReadError("archive member larger than declared: possible zip bomb")
    return out
