"""Word readers on files built in the test with python-docx (and LibreOffice for .doc)."""
from __future__ import annotations

import shutil
import subprocess
from io import BytesIO

import docx
import pytest

from etl.model import TextBlock
from etl.read import ReadError, read_document
from etl.read import doc as doc_reader
from etl.read.docx import read_docx


def _report_docx() -> bytes:
    """A report-like document: heading, a table with horizontal and vertical merges and blank
    cells, a nested table, text after; a header and footer that must not be read."""
    d = docx.Document()
    d.core_properties.title = "某局2023年政府信息公开工作年度报告"
    d.sections[0].header.paragraphs[0].text = "页眉不读"
    d.sections[0].footer.paragraphs[0].text = "- 1 -"
    d.add_paragraph("二、主动公开政府信息情况")
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).text = "信息内容"
    t.cell(0, 1).merge(t.cell(0, 3)).text = "本年制发件数"  # horizontal merge over 3 columns
    t.cell(1, 0).merge(t.cell(2, 0)).text = "行政许可"  # vertical merge over 2 rows
    t.cell(1, 1).text = "12"
    t.cell(1, 3).text = "3"  # (1, 2) stays blank
    t.cell(2, 2).text = "7730.28"
    t.cell(2, 3).text = "0"
    for c, v in enumerate(["合计", "12", "", "41"]):
        t.cell(3, c).text = v
    inner = t.cell(3, 2).add_table(rows=1, cols=2)  # a nested table in a blank cell
    inner.cell(0, 0).text = "内"
    inner.cell(0, 1).text = "表"
    p = d.add_paragraph("三、表后")
    p.add_run().add_break()
    p.add_run("第二行\t结束")
    buf = BytesIO()
    d.save(buf)
    return buf.getvalue()


EXPECTED_ROWS = (
    ("信息内容", "本年制发件数", "本年制发件数", "本年制发件数"),
    ("行政许可", "12", "", "3"),
    ("行政许可", "", "7730.28", "0"),
    ("合计", "12", "", "41"),
)


def _check_report(document):
    kinds = [b.text if isinstance(b, TextBlock) else ("T", b.n_rows, b.n_cols) for b in document.blocks]
    assert kinds == ["二、主动公开政府信息情况", ("T", 4, 4), ("T", 1, 2), "三、表后", "第二行 结束"]
    outer, inner = document.tables
    assert outer.rows == EXPECTED_ROWS
    assert outer.origin[0][3] == (0, 1) and outer.origin[2][0] == (1, 0) and outer.is_origin(2, 1)
    assert inner.rows == (("内", "表"),)
    assert all(b.page is None for b in document.blocks)
    assert "页眉不读" not in document.text and "- 1 -" not in document.text


def test_docx_paragraphs_and_merged_tables_in_body_order():
    document = read_docx(_report_docx())
    _check_report(document)
    assert document.source_format == "docx"
    assert document.properties["title"] == "某局2023年政府信息公开工作年度报告"


def test_python_docx_repeats_merged_cells_but_we_do_not():
    # the pitfall this reader avoids: python-docx gives the merged cell at every position
    t = docx.Document(BytesIO(_report_docx())).tables[0]
    assert [c.text for c in t.rows[0].cells] == ["信息内容", "本年制发件数", "本年制发件数", "本年制发件数"]
    outer = read_docx(_report_docx()).tables[0]
    assert outer.row_cells(0) == ["信息内容", "本年制发件数"]


def test_docx_vertical_merge_over_three_rows_and_grid_before():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    t = d.add_table(rows=4, cols=3)
    t.cell(0, 0).merge(t.cell(2, 0)).text = "纵"
    for r in range(4):
        for c in (1, 2):
            t.cell(r, c).text = f"{r}{c}"
    # the last row starts one grid column in (w:gridBefore), as Word writes ragged tables
    tr = t.rows[3]._tr
    tr.remove(tr.tc_lst[0])
    tr.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    buf = BytesIO()
    d.save(buf)
    table = read_docx(buf.getvalue()).tables[0]
    assert [list(r) for r in table.rows] == [["纵", "01", "02"], ["纵", "11", "12"], ["纵", "21", "22"],
                                             ["", "31", "32"]]
    assert table.origin[2][0] == (0, 0) and table.origin[3][0] == (3, 0)


def test_not_a_docx_is_refused():
    with pytest.raises(ReadError, match="not a readable .docx"):
        read_docx(b"PK\x03\x04 broken zip")
    with pytest.raises(ReadError, match="not a readable .docx"):
        read_docx(b"just text")


@pytest.mark.slow
def test_doc_made_by_libreoffice_is_read_back(tmp_path):
    assert shutil.which("soffice"), "LibreOffice (soffice) must be installed for the .doc reader"
    src = tmp_path / "report.docx"
    src.write_bytes(_report_docx())
    out = tmp_path / "out"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=120)
    data = (out / "report.doc").read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0")  # a real OLE Word 97 file
    document = read_document("report.doc", data)
    assert document.source_format == "doc"
    _check_report(document)

    # a batch in one soffice process; a broken file gets its reason, the others still convert
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(out / "report.doc", tmp_path / "a" / "same.doc")
    shutil.copy(out / "report.doc", tmp_path / "b" / "same.doc")
    (tmp_path / "bad.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    paths = [tmp_path / "a" / "same.doc", tmp_path / "b" / "same.doc", tmp_path / "bad.doc"]
    results = doc_reader.convert_many(paths)
    assert isinstance(results[str(paths[0])], bytes) and isinstance(results[str(paths[1])], bytes)
    assert read_docx(results[str(paths[1])]).tables[0].rows == EXPECTED_ROWS
    assert isinstance(results[str(paths[2])], str) and "could not convert" in results[str(paths[2])]


def test_doc_without_libreoffice_says_how_to_install(monkeypatch):
    monkeypatch.setattr(doc_reader.shutil, "which", lambda name: None)
    with pytest.raises(ReadError, match=r"LibreOffice is not installed \(apt-get install libreoffice-writer-nogui\)"):
        doc_reader.read_doc(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def test_docx_tracked_changes_keep_only_the_current_text():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    p = d.add_paragraph("受理申请")
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>17</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:moveFrom {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>99</w:t></w:r></w:moveFrom>'))
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="3" w:author="a"><w:r><w:t>95</w:t></w:r></w:ins>'))
    p.add_run("件")
    buf = BytesIO()
    d.save(buf)
    assert read_docx(buf.getvalue()).text == "受理申请95件"


def test_each_process_gets_its_own_libreoffice_profile():
    import multiprocessing as mp

    mine = doc_reader._profile()
    with mp.get_context("fork").Pool(1) as pool:
        childs = pool.apply(doc_reader._profile)
    assert mine != childs and mine.exists() and doc_reader._profile() == mine
