"""path_name and path_suffix give what PurePosixPath gives (they replace it on the hot path)."""
from __future__ import annotations

from pathlib import PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from etl.read import path_name, path_suffix

_PARTS = st.sampled_from(["", ".", "..", "a", "报告.PDF", ".hidden", "x.tar.gz", "end.", "a.b.", "年报 2021.Html"])


@given(st.lists(_PARTS, max_size=5).map("/".join) | st.text(st.sampled_from("ab./ .X"), max_size=12))
def test_path_parts_are_purepath_s(path):
    assert path_name(path) == PurePosixPath(path).name
    assert path_suffix(path) == PurePosixPath(path).suffix.lower()


def test_path_parts_by_hand():
    assert path_name("dir/sub/2021年报.PDF") == "2021年报.PDF" and path_suffix("dir/sub/2021年报.PDF") == ".pdf"
    assert path_suffix("archive.zip!inner/report.htm") == ".htm"
    assert path_suffix(".bashrc") == "" and path_suffix("notes.") == "" and path_name("a/b/.") == "b"
