"""Text, Markdown and HTML readers, and the text encodings they meet."""
from __future__ import annotations

import codecs
import time

import pytest

from etl.model import Table, TextBlock
from etl.read import ReadError, read_document
from etl.read.encoding import decode_text, decode_text_with_warnings
from etl.read.html import read_html
from etl.read.text import read_markdown, read_txt

REPORT = "平潭综合实验区2022年度政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息14571条。𠀀\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_text_encodings(encoding):
    text = REPORT if encoding in ("utf-8", "utf-8-sig", "gb18030", "utf-16") else REPORT.replace("𠀀", "")
    data = text.encode(encoding)
    if encoding == "utf-16":
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    doc = read_txt(data)
    assert [b.text for b in doc.blocks] == [line for line in text.split("\n") if line]


def test_gb2312_declared_text_with_characters_outside_gb2312_decodes_as_gb18030():
    data = "镕基 喆 堃".encode("gb18030")  # 镕 喆 堃 are not in GB2312
    assert decode_text(data, declared="gb2312") == "镕基 喆 堃"
    assert decode_text(data, declared="GBK") == "镕基 喆 堃"


def test_undecodable_bytes_are_not_silently_accepted():
    with pytest.raises(ReadError, match="encoding could not be determined"):
        decode_text(bytes(range(0x80, 0x100)) * 3)
    with pytest.raises(ReadError, match="empty file"):
        read_document("a.txt", b"   \n")


def test_word_conditional_comment_residue_is_removed_from_text():
    doc = read_txt("第六项。<!--[if !supportLists]-->7、<!--[endif]-->公共监管信息公开情况".encode())
    assert doc.text == "第六项。7、公共监管信息公开情况"


def test_markdown_pipe_tables_and_half_tables(shared_corpus):
    md = ("## 表二：主动公开政府信息情况\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n| 规范性文件 | 13 |\n\n"
          "中间的文字\n| 1.属于国家秘密 | 0 | 0 |\n|---|---|---|\n| 0 | 0 |\n|---|---|\n| 3.危及 | 1 | 2 |\n"
          "| a \\| b | 商业<br>企业 |\n")
    doc = read_markdown(md.encode())
    kinds = [b.text if isinstance(b, TextBlock) else b.rows for b in doc.blocks]
    assert kinds == [
        "表二：主动公开政府信息情况",
        (("信息内容", "本年制发件数"), ("规章", "0"), ("规范性文件", "13")),
        "中间的文字",
        # a run of pipe lines is one table with its rows as written (delimiters dropped),
        # padded on the right, nothing shifted
        (("1.属于国家秘密", "0", "0"), ("0", "0", ""), ("3.危及", "1", "2"), ("a | b", "商业企业", "")),
    ]
    assert doc.tables[1].origin[1][2] == (1, 2)  # the pad is an empty cell of its own
    real = read_markdown((shared_corpus / "013_shanghai_kewei_2024.md").read_bytes())
    first = real.tables[0]
    assert first.rows[:2] == (("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "0", "0", "0"))
    (table, r), = [(t, r) for t in real.tables for r in range(t.n_rows) if t.rows[r][0] == "（七）总计"]
    assert table.rows[r][1:8] == ("33", "2", "0", "0", "0", "0", "35")  # line 177 of the file


WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta http-equiv=Content-Type content="text/html; charset=gbk"><title>某局年报</title>
<meta name="PubDate" content="2023-02-20 15:07"><style>p.MsoNormal{mso-style-parent:"";}</style>
<script>document.write('脚本文字不读');var x = "<td>9</td>";</script></head>
<body><div class="nav"><a href="/">首页</a> <a>政务公开</a></div>
<p class=MsoNormal><![if !supportLists]><span>1、</span><![endif]>总体情况<o:p></o:p></p>
<!--[if gte mso 9]><xml><w:WordDocument>隐藏的XML</w:WordDocument></xml><![endif]-->
<p style="display:none">隐藏文字</p>
<table class=MsoNormalTable border=1>
<tr><td rowspan=2 style='mso-border-alt:solid'><p class=MsoNormal>信息<br>内容</p></td>
    <td colspan=2><p class=MsoNormal><span style='font-family:宋体'>本年</span><span>新增</span></p></td></tr>
<tr><td><span>&nbsp;12&nbsp;</span></td><td><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td></tr>
<tr><td>合计</td><td>3<table><tr><td>内</td><td>表</td></tr></table></td><td>　4　</td></tr>
</table>
<p>表后文字</p><noscript>请启用脚本</noscript>
<div class="footer">版权所有</div></body></html>"""


def test_word_html_in_gbk_with_spans_comments_and_scripts():
    doc = read_html(WORD_HTML.encode("gbk"))
    kinds = [b.text if isinstance(b, TextBlock) else b.rows for b in doc.blocks]
    assert kinds == [
        "首页 政务公开", "1、总体情况",
        (("信息内容", "本年新增", "本年新增"), ("信息内容", "12", ""), ("合计", "3", "4")),
        (("内", "表"),),
        "表后文字", "版权所有",
    ]
    outer = doc.tables[0]
    assert outer.origin[1][0] == (0, 0) and outer.origin[0][2] == (0, 1)
    assert doc.properties["title"] == "某局年报" and doc.properties["meta:PubDate"] == "2023-02-20 15:07"
    for hidden in ("脚本文字不读", "隐藏的XML", "隐藏文字", "请启用脚本", "supportLists", "mso"):
        assert hidden not in doc.text


def test_meta_charset_attribute_form():
    html = '<html><head><meta charset="gb2312"></head><body><p>镕基</p></body></html>'
    assert read_html(html.encode("gb18030")).text == "镕基"


def test_portal_page_from_the_corpus(shared_corpus):
    doc = read_html((shared_corpus / "028_pingtan_shiyanqu_2022.html").read_bytes())
    assert doc.properties["meta:PubDate"] == "2023-02-20 15:07"
    assert [(t.n_rows, t.n_cols) for t in doc.tables] == [(14, 4), (28, 10), (4, 15)]
    t2, t3, t4 = doc.tables
    assert t2.row_cells(3) == ["行政规范性文件", "88", "55", "698"]
    assert t2.row_cells(13) == ["行政事业性收费", "9116.36"]
    assert t3.rows[2][4:9] == ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    row = next(r for r in range(t3.n_rows) if t3.rows[r][1] == "（七）总计")
    assert t3.rows[row][3:] == ("72", "3", "0", "0", "0", "0", "75")
    assert t4.rows[1][:5] == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    text = doc.text
    assert "function" not in text and "var " not in text
    assert "2022年全区共主动公开政府信息14571条" in text


def test_text_and_html_readers_are_fast(shared_corpus):
    """≥200 reports/s/core overall: text files take well under a millisecond, and even
    this 270 KB portal page with its navigation stays within a few tens of ms."""
    txt = (shared_corpus / "024_pingtan_shiyanqu_2022.txt").read_bytes()
    html = (shared_corpus / "028_pingtan_shiyanqu_2022.html").read_bytes()
    t = time.process_time()
    for _ in range(50):
        read_txt(txt)
    assert (time.process_time() - t) / 50 < 0.002
    t = time.process_time()
    for _ in range(10):
        read_html(html)
    assert (time.process_time() - t) / 10 < 0.05


def test_utf8_page_still_declaring_gb2312_is_read_as_utf8():
    # crawlers re-save pages as UTF-8 and leave the old meta charset in place
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>' \
           '<body><p>主动公开政府信息14571条</p></body></html>'
    doc = read_html(html.encode("utf-8"))
    assert doc.text == "主动公开政府信息14571条" and doc.warnings == []


def _read_via_the_decoder(data: bytes):
    """What read_html makes of a page when Python decodes it first (the path for every page
    whose bytes are not plain UTF-8): its blocks and warnings, or the ReadError's reason."""
    try:
        text, warnings = decode_text_with_warnings(data)
    except ReadError as exc:
        return str(exc)
    doc = read_html(text.encode("utf-8"))
    return doc.blocks, warnings


def _read(data: bytes):
    try:
        doc = read_html(data)
    except ReadError as exc:
        return str(exc)
    return doc.blocks, doc.warnings


@pytest.mark.parametrize("bad", [b"\x80", b"\xc0\x80", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
                                 b"\xf5\x80\x80\x80", b"\xe4\xb8", b"\xfe", b"\xff\xfe"],
                         ids=["continuation", "overlong-2", "overlong-3", "surrogate", "past-10FFFF", "F5",
                              "truncated", "FE", "FFFE"])
@pytest.mark.parametrize("where", ["text", "attribute", "comment", "end"])
def test_bytes_that_are_not_utf8_are_decoded_as_before_parsing(bad, where):
    # libxml2 checks plain pages' UTF-8 (read_html's fast path): every invalid sequence must
    # send the page to the decoder, as Python's own check did
    head, tail = "<html><body><p>政府信息公开工作年度报告</p>".encode(), "<p>主动公开政府信息12条。</p></body></html>".encode()
    data = {"text": head + b"<p>a" + bad + b"b</p>" + tail,
            "attribute": head + b'<p title="' + bad + b'">x</p>' + tail,
            "comment": head + b"<!-- " + bad + b" -->" + tail,
            "end": head + tail + bad}[where]
    assert _read(data) == _read_via_the_decoder(data)
    got = _read(data)
    assert isinstance(got, str) or got[1]  # (a remark about the damage, or the reason it failed)


def test_bytes_that_are_not_utf8_after_more_errors_than_libxml2_reports():
    # libxml2 reports at most 100 errors a parse: a page with more tag soup than that before
    # its first bad byte is checked by Python
    data = ("<html><body>" + "<p>x</b></i>&bogus; <a <b>" * 120 + "<p>政府信息公开</p>").encode() + b"\xff" \
        + "<p>主动公开政府信息12条。</p></body></html>".encode()
    got = _read(data)
    assert got == _read_via_the_decoder(data) and got[1]  # (the decoder said what it made of the bytes)


def test_damaged_utf8_is_read_with_a_warning_not_as_mojibake():
    data = ("一、总体情况\n" + "全年主动公开政府信息14571条。" * 10).encode("utf-8")
    data = data[:20] + b"\xff" + data[21:]  # one broken byte, as in a damaged download
    doc = read_txt(data)
    assert doc.blocks[0].text == "一、总体情况"
    assert "全年主动公开政府信息14571条。" in doc.text
    assert len(doc.warnings) == 1 and doc.warnings[0].endswith("damaged UTF-8 byte sequence(s) replaced")
    # GBK text is never mistaken for damaged UTF-8
    gbk = ("一、总体情况\n" + "全年主动公开政府信息14571条。" * 10).encode("gbk")
    assert read_txt(gbk).text.startswith("一、总体情况") and read_txt(gbk).warnings == []


def test_utf16_without_bom():
    text = "平潭县2012年政府信息公开工作年度报告\n受理申请21件\n"
    assert read_txt(text.encode("utf-16-le")).text == text.strip()
    assert read_txt(text.encode("utf-16-be")).text == text.strip()
