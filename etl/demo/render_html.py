"""HTML as government portals publish it: a page with navigation and footer around a
Word-exported article (MsoNormal paragraphs, mso-* styles, values wrapped in spans with &nbsp;)."""
from __future__ import annotations

import html

from etl.demo.content import Grid, Para, ReportContent
from etl.demo.organs import Organ

_SPAN = '<span style="font-family:仿宋_GB2312;mso-hansi-font-family:宋体;font-size:16.0pt;mso-font-kerning:0pt">'
_TD_STYLE = ("border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;"
             "padding:0cm 5.4pt 0cm 5.4pt")


def _text(text: str) -> str:
    return "<br/>".join(html.escape(part) for part in text.split("\n"))


def _para(p: Para) -> str:
    if p.kind == "title":
        return f'<p class="MsoNormal" align="center" style="text-align:center"><b>{_SPAN}{_text(p.text)}</span></b></p>'
    if p.kind == "heading":
        return (f'<p class="MsoNormal" style="text-indent:32.0pt;mso-char-indent-count:2.0">'
                f'<!--[if !supportLists]--><b>{_SPAN}{_text(p.text)}</span></b><!--[endif]--></p>')
    if p.kind == "signature":
        return f'<p class="MsoNormal" align="right" style="text-align:right">{_SPAN}{_text(p.text)}</span></p>'
    # Word splits runs at punctuation: imitate it without ever cutting a number
    runs = p.text.replace("。", "。\x00").replace("，", "，\x00").split("\x00")
    inner = "".join(f"{_SPAN}{_text(r)}</span>" for r in runs if r)
    return f'<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt">{inner}</p>'


def _grid(g: Grid) -> str:
    out = ['<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
           'style="border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;'
           'mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt"><tbody>']
    for row in g.rows:
        out.append('<tr style="mso-yfti-irow:0;height:20.0pt">')
        for text, rowspan, colspan in row:
            spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
            body = f"{_SPAN}{_text(text)}</span>" if text else ""
            out.append(f'<td valign="center"{spans} style="{_TD_STYLE}"><p class="MsoNormal" align="center" '
                       f'style="text-align:center">{body}<span lang="EN-US">&nbsp;</span></p></td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_html(content: ReportContent, organ: Organ, title: str) -> bytes:
    site = (organ.county or organ.city or organ.province) + "人民政府"
    pub = content.published_on.isoformat()
    body = "\n".join(_para(b) if isinstance(b, Para) else _grid(b) for b in content.blocks)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{html.escape(title)}_{site}门户网站</title>
<meta name="ArticleTitle" content="{html.escape(title)}">
<meta name="PubDate" content="{pub} 09:30">
<meta name="ContentSource" content="{html.escape(organ.bureau_name)}">
<script type="text/javascript">var _hmt = _hmt || []; (function(){{ var hm = document.createElement("script"); }})();</script>
<style>.nav a{{color:#333}} .footer{{font-size:12px}}</style>
</head><body>
<div class="top"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a> <a href="/zwfw/">政务服务</a></div>
<div class="nav">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; <a href="/xxgknb/">政府信息公开年报</a></div>
<div class="article">
<div class="info">发布时间：{pub} 来源：{html.escape(organ.bureau_name)} 浏览次数：<span id="hits">0</span></div>
<div class="TRS_Editor"><div class="WordSection1" style="layout-grid:15.6pt">
{body}
</div></div></div>
<div class="footer"><p>主办：{site}办公室 <a href="/wzdt/">网站地图</a> 联系我们</p>
<p>网站标识码：0000000000 ICP备案号：演示00000000号</p></div>
</body></html>
"""
    return page.encode("utf-8")
