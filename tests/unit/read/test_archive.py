"""ZIP members as inputs: nested folders, GBK names, limits against bombs and crafted names."""
from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from etl.read import ReadError
from etl.read.archive import ArchiveLimits, list_members, read_member, unsafe_name_reason


class _RawNameInfo(zipfile.ZipInfo):
    """A member whose name bytes are written as given, without the UTF-8 flag, the way
    Chinese Windows zip tools write GBK names."""

    def __init__(self, raw_name: bytes, **kw):
        super().__init__(raw_name.decode("cp437"), **kw)

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp437"), self.flag_bits


def _zip(members: list[tuple[zipfile.ZipInfo | str, bytes]], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def test_nested_folders_and_gbk_and_utf8_names():
    gbk = _RawNameInfo("2023年报/区政府/政府信息公开年度报告.txt".encode("gbk"))
    data = _zip([("top.txt", b"a"), ("a/b/c/deep.pdf", b"%PDF-1.4"), (gbk, "正文".encode("gbk")),
                 ("utf8/名单.md", b"# x")])
    members = list_members(data)
    assert [n for n, _ in members] == ["top.txt", "a/b/c/deep.pdf", "2023年报/区政府/政府信息公开年度报告.txt",
                                       "utf8/名单.md"]
    assert not members[2][1].flag_bits & 0x800  # really written without the UTF-8 flag
    assert read_member(data, members[2][1]).decode("gbk") == "正文"


def test_duplicate_names_get_unique_labels():
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("r.txt", b"one")
        with pytest.warns(UserWarning):
            zf.writestr("r.txt", b"two")
    members = list_members(buf.getvalue())
    assert [n for n, _ in members] == ["r.txt", "r (2).txt"]
    assert [read_member(buf.getvalue(), i) for _, i in members] == [b"one", b"two"]


@pytest.mark.parametrize("name, why", [("../../etc/passwd.txt", "'..' path component"),
                                       ("/abs/report.pdf", "absolute path"),
                                       ("C:/x/report.pdf", "absolute path"),
                                       ("ok/report.pdf", None)])
def test_crafted_names_are_labels_only_and_can_be_flagged(name, why):
    data = _zip([(name, b"x"), ("ok.txt", b"fine")])
    members = dict(list_members(data))
    assert read_member(data, members[name]) == b"x"  # read in memory; the name is never a path
    reason = unsafe_name_reason(name)
    assert (reason is None) if why is None else (why in reason)


def test_zip_bomb_member_is_refused_before_inflating():
    data = _zip([("bomb.txt", b"\0" * (20 * 1024 * 1024))])
    assert len(data) < 100_000
    (name, info), = list_members(data)
    with pytest.raises(ReadError, match="possible zip bomb"):
        read_member(data, info)


def test_limits_on_members_and_total_size():
    data = _zip([(f"f{i}.txt", b"x" * 1000) for i in range(5)])
    with pytest.raises(ReadError, match=r"archive has 5 members \(limit 4\)"):
        list_members(data, ArchiveLimits(max_members=4))
    with pytest.raises(ReadError, match="would unpack to 5000 bytes"):
        list_members(data, ArchiveLimits(max_total_bytes=4000))
    (_, info), *_ = list_members(data)
    with pytest.raises(ReadError, match=r"member is 1000 bytes \(limit 999\)"):
        read_member(data, info, ArchiveLimits(max_member_bytes=999))


def test_broken_archive_and_damaged_or_encrypted_member():
    with pytest.raises(ReadError, match="not a readable ZIP archive"):
        list_members(b"PK\x03\x04 not really")
    data = bytearray(_zip([("a.txt", b"hello world " * 50)], compression=zipfile.ZIP_STORED))
    data[data.index(b"hello") + 3] ^= 0xFF  # flip a byte of the stored data: CRC mismatch
    (_, info), = list_members(bytes(data))
    with pytest.raises(ReadError, match="damaged"):
        read_member(bytes(data), info)
    # mark the member encrypted (general-purpose flag bit 0) in both its headers
    data = bytearray(_zip([("secret.pdf", b"x")]))
    data[data.index(b"PK\x03\x04") + 6] |= 0x1
    data[data.index(b"PK\x01\x02") + 8] |= 0x1
    data = bytes(data)
    with pytest.raises(ReadError, match="password-protected"):
        read_member(data, list_members(data)[0][1])


def test_discovery_labels_members_archive_bang_path(tmp_path):
    from etl.engines.sources import discover

    gbk = _RawNameInfo("年报/报告.txt".encode("gbk"))
    (tmp_path / "batch.zip").write_bytes(_zip([(gbk, "年度报告".encode("utf-8")), ("sub/x.pdf", b"%PDF-1.4")]))
    found = discover([str(tmp_path)])
    labels = [s.source_path for s in found.sources]
    assert labels == [f"{tmp_path}/batch.zip!sub/x.pdf", f"{tmp_path}/batch.zip!年报/报告.txt"]
    assert found.sources[1].read_bytes().decode("utf-8") == "年度报告"
