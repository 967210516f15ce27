"""ZIP archives: members are ingested as if they were files, never extracted to disk.

Member names are only labels (`archive.zip!folder/file.pdf`), so a `../` name cannot write
anywhere; limits on member count, member size and total size stop zip bombs.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO

from etl.read import ReadError


@dataclass(frozen=True)
class ArchiveLimits:
    max_members: int = 10_000
    max_member_bytes: int = 200 * 1024 * 1024
    max_total_bytes: int = 2 * 1024 * 1024 * 1024
    max_ratio: float = 200.0  # uncompressed / compressed, per member


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name, decoding GBK names that zipfile read as cp437 (no UTF-8 flag)."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name.replace("\\", "/")


def list_members(data: bytes, limits: ArchiveLimits = ArchiveLimits()) -> list[tuple[str, zipfile.ZipInfo]]:
    """(name, info) of the file members; raises ReadError for a broken or over-limit archive."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(f"not a readable ZIP archive ({exc})") from None
    if len(infos) > limits.max_members:
        raise ReadError(f"archive has {len(infos)} members (limit {limits.max_members})")
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_bytes:
        raise ReadError(f"archive would unpack to {total} bytes (limit {limits.max_total_bytes}): possible zip bomb")
    return [(member_name(i), i) for i in infos]


def read_member(data: bytes, info: zipfile.ZipInfo, limits: ArchiveLimits = ArchiveLimits()) -> bytes:
    if info.file_size > limits.max_member_bytes:
        raise ReadError(f"archive member is {info.file_size} bytes (limit {limits.max_member_bytes})")
    if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
        raise ReadError(f"archive member compresses {info.file_size / info.compress_size:.0f}:1: possible zip bomb")
    with zipfile.ZipFile(BytesIO(data)) as zf, zf.open(info) as fh:
        out = fh.read(limits.max_member_bytes + 1)
    if len(out) > limits.max_member_bytes:
        raise ReadError("archive member larger than declared: possible zip bomb")
    return out
