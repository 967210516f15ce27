"""The HTML reader's one XSLT pass: marker characters, nested tables, text outside cells, and
the byte scans before parsing (expected values worked out by hand)."""
from __future__ import annotations

import pytest

from etl.model import Table, TextBlock
from etl.read.cells import join_wrapped
from etl.read.encoding import _may_hold_controls
from etl.read.html import _DOWNLEVEL_BYTES, _MARKERS, _markers, _without_downlevel, read_html


def kinds(doc):
    return [b.rows if isinstance(b, Table) else b.text for b in doc.blocks]


def page(body: str) -> bytes:
    return f"<html><head><title>t</title></head><body>{body}</body></html>".encode()


def test_a_table_nested_in_a_cell_follows_its_parent_and_keeps_its_tail_in_the_cell():
    doc = read_html(page("<p>前</p><table><tr><td>a<table><tr><td>内</td><td>表</td></tr></table>b</td>"
                         "<td>c</td></tr></table><p>后</p>"))
    assert kinds(doc) == ["前", (("ab", "c"),), (("内", "表"),), "后"]


def test_tables_nested_two_deep_are_read_in_document_order():
    doc = read_html(page("<table><tr><td>1<table><tr><td>2<table><tr><td>3</td></tr></table></td></tr></table>"
                         "</td><td>4<table><tr><td>5</td></tr></table></td></tr></table>"))
    assert kinds(doc) == [(("1", "4"),), (("2",),), (("3",),), (("5",),)]


def test_a_tables_text_outside_its_own_cells_is_dropped():
    # the caption, the text between rows and a table in the caption are not read
    doc = read_html(page("<table>外<caption>标题<table><tr><td>x</td></tr></table></caption>"
                         "<tbody><tr>行外<td rowspan=2>1</td><td>2</td></tr><tr><td>3</td></tr></tbody>"
                         "</table>后"))
    assert kinds(doc) == [(("1", "2"), ("1", "3")), "后"]


def test_breaks_inside_a_cell_are_joined_the_way_join_wrapped_says():
    doc = read_html(page("<table><tr><td><p>商业</p><p>企业</p></td><td>a<br>b</td><td><span>x</span>"
                         "<span>y</span></td></tr></table>"))
    assert kinds(doc) == [(("商业企业", "a b", "xy"),)]


@pytest.mark.parametrize("spelled", ["&#xFDD0;", "&#64977;", "\ufdd2", "&#xfdd0;&#xfdd1;&#xfdd2;"])
def test_a_page_holding_the_marker_characters_reads_as_any_other(spelled):
    text = spelled.replace("&#xFDD0;", "\ufdd0").replace("&#64977;", "\ufdd1").replace(
        "&#xfdd0;&#xfdd1;&#xfdd2;", "\ufdd0\ufdd1\ufdd2")
    doc = read_html(page(f"<p>前{spelled}后</p><table><tr><td rowspan='{spelled}'>1{spelled}</td>"
                         f"<td>2</td></tr></table>"))
    # (a rowspan that is not a number is 1)
    assert kinds(doc) == [f"前{text}后", ((f"1{text}", "2"),)]


def test_markers_are_only_changed_when_the_text_holds_them():
    from lxml import etree

    plain = etree.fromstring(page("<p>&#160;x</p>"), etree.HTMLParser())
    assert _markers(plain) == _MARKERS
    held = page("<p>\ufdd1 &#xF0000;</p>")
    root = etree.fromstring(held, etree.HTMLParser(encoding="utf-8"))
    # the first three characters of the spare ones that the page does not hold
    assert _markers(root) == "\ufdd0\ufdd2\ufdd3"


def test_marker_characters_in_a_span_attribute_only_leave_the_span_as_it_was():
    # the text holds no marker: the markers stay the usual ones, and the rowspan that spells
    # one is still not a number (1), the colspan beside it still 2
    doc = read_html(page("<table><tr><td rowspan='2&#xFDD0;' colspan='2'>a</td><td>b</td></tr>"
                         "<tr><td>c</td></tr></table>"))
    assert kinds(doc) == [(("a", "a", "b"), ("c", "", ""))]


@pytest.mark.parametrize("data", [
    b"", b"[", b"<![if !supportLists]>1<![endif]>x", b"<!--[if !supportLists]-->2<!--[endif]-->y",
    b"<!--[if gte mso 9]><xml>z</xml><![endif]-->", b"<![if a<![endif]>b]>", b"[<![endif]>[[<!--[endif]-->",
    "<![if 一]>二<![endif]>".encode(), b"<![endif]-->", b"a<!-[if x]>", b"<![<![endif]>endif]>"])
def test_downlevel_conditionals_are_removed_as_the_regex_removes_them(data):
    assert _without_downlevel(data) == _DOWNLEVEL_BYTES.sub(b"", data)


def test_downlevel_removal_by_hand():
    assert _without_downlevel(b"<p><![if !supportLists]>1\xe3\x80\x81<![endif]>x</p>") == b"<p>1\xe3\x80\x81x</p>"


def test_control_bytes_are_found_and_tabs_and_line_breaks_are_not():
    assert not _may_hold_controls("制表\t换行\r\n".encode())
    for b in (*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f):
        assert _may_hold_controls(b"abc" + bytes([b]) + b"def"), b


@pytest.mark.parametrize("text, joined", [
    ("\n规章\u00a0\n", "规章"), ("（一）予以公开", "（一）予以公开"), ("a\nb", "a b"), ("商业\n企业", "商业企业"),
    ("\u3000x\u3000", "x"), ("a\u00a0b", "a b"), ("x\ufeff", "x"), ("\ufdd0", "\ufdd0")])
def test_join_wrapped(text, joined):
    assert join_wrapped(text) == joined


def test_a_hidden_element_goes_and_its_tail_joins_the_text_before_it():
    doc = read_html(page("<div>一<p style='display:none'>藏</p>尾<br>二</div>"))
    assert [b.text for b in doc.blocks if isinstance(b, TextBlock)] == ["一尾", "二"]


def test_downlevel_conditionals_go_from_a_page_in_another_encoding_too():
    # GB18030 bytes are decoded, then the conditionals removed as from a UTF-8 page
    body = "<p><![if !supportLists]>一、<![endif]>概述</p><p><!--[if !supportLists]-->二、<!--[endif]-->目录</p>"
    html = f"<html><head><meta charset='gb2312'></head><body>{body}</body></html>"
    assert kinds(read_html(html.encode("gb18030"))) == ["一、概述", "二、目录"]


@pytest.mark.parametrize("html, expected", [
    # all in <head>
    ("<html><head><title> 报告 </title><meta name='A' content='1'><META NAME='B' CONTENT='2'></head>"
     "<body><p>x</p></body></html>", {"title": "报告", "meta:A": "1", "meta:B": "2"}),
    # a title and a meta in the body, after the head's: the body's meta overrides, the title does not
    ("<html><head><title>头</title><meta name='A' content='1'></head><body><title>体</title>"
     "<meta name='A' content='2'><p>x</p></body></html>", {"title": "头", "meta:A": "2"}),
    # the head's title empty: the body's is the first non-empty one
    ("<html><head><title> </title></head><body><title>体</title><p>x</p></body></html>", {"title": "体"}),
    # no <head> written at all
    ("<p>x</p><title>无头</title><meta name='C' content='3'>", {"title": "无头", "meta:C": "3"}),
    # `<meta` in a comment and in a script is no element
    ("<html><head><title>t</title><!-- <meta name='X' content='9'> --><script>var s = '<meta';</script>"
     "</head><body><p>x</p></body></html>", {"title": "t"}),
    # a tag that only starts like one (<metadata>, <titles>) is none of them
    ("<html><head><title>t</title></head><body><metadata name='M' content='m'></metadata><titles>u</titles>"
     "<meta name='D' content='4'></body></html>", {"title": "t", "meta:D": "4"}),
])
def test_title_and_meta_are_found_wherever_the_parser_put_them(html, expected):
    # the first non-empty <title>, every named <meta> (a later one of a name wins), in the head
    # or out of it; none from a comment, a script or a tag that only starts like theirs
    assert read_html(html.encode()).properties == expected
