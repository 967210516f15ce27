"""The phrases that state a figure in running text: data for etl.extract.prose.

Each rule is a regular expression matched against one sentence in compact form (half-width,
no whitespace: `主动公开政府信息 1136 条` is matched as `主动公开政府信息1136条`). `{N}` stands for a
number as etl.extract.prose_numbers reads it (Arabic, Chinese numerals, 万, 多/余/近…).
`kind` says what a match means:
- `number`: the number is the figure;
- `zero`: the phrase states that there were none (未收到…申请) → 0;
- `by_year`: a comparison of years (由2013年的1128条增加到2014年的1887条): the report year's number;
- `zero_review_litigation`: one phrase for both 行政复议 and 行政诉讼 (未发生…行政复议和行政诉讼):
  group `what` says which of the two it names.
`priority`: lower wins when several sentences state the same metric (主动公开政府信息 N 条
beats 公开政府信息 N 条; a stated number beats a stated zero).
`templates`: only for reports of these templates (None = all).
`reject`: a match whose own text contains one of these words is not this figure
(未发生政府信息公开收费事项 is about fees, not requests).
`need`: the sentence must contain one of these words.
`reject_before` (a regex on the clause before the match), `reject_after` (words right after it),
`reject_context` (words in the sentence or at the start of the next one: 不收取费用。但是…) and
`heading` (the heading the sentence stands under: 五、收费情况 → 本年度无收费情况) bind a figure,
above all a zero, to its subject: 全年未发生政府信息公开考核扣分情况 says nothing about requests.
"""
from __future__ import annotations

from dataclasses import dataclass

# a gap inside one clause: any characters but clause punctuation
G = r"[^，。；,;：:|]"


@dataclass(frozen=True, slots=True)
class Phrase:
    metric: str
    pattern: str
    kind: str = "number"
    priority: int = 1
    templates: tuple[str, ...] | None = None
    reject: tuple[str, ...] = ()
    need: tuple[str, ...] = ()
    note: str = ""
    # (issue 20) further conditions on the words around a match:
    reject_before: str | None = None  # regex searched in the clause text before the match
    reject_after: tuple[str, ...] = ()  # words in the 14 characters after the match
    reject_context: tuple[str, ...] = ()  # words in the sentence or the start of the next one
    heading: str | None = None  # regex the heading above the sentence must match
    clause_end: bool = False  # the clause must end right after the match (no lookahead: see prose.py)
    # phrases of one scan group are looked for in the text by one pass of their alternation,
    # not a pass each (prose._phrase_candidates): phrases that open with alternatives, which sre
    # finds by testing every character against a set, grouped by those first words
    scan_group: str | None = None


_COUNT = r"(?:条|件|个|项)"
_REQ_UNIT = r"(?:件|条|个|起|份|宗)"
# owner words allowed between 主动公开 and 政府信息 (the organ's own total, not a subset)
_OWN = r"(?:本系统|本部门|本机关|本单位|本局|本委|全局|全系统)?(?:各科室|各处室|各股室)?"
# a request count is not one of reviews, lawsuits, complaints or carried-over cases
_NOT_A_REQUEST = ("结转", "复议", "诉讼", "投诉", "举报")
# nor the count of a part of the region
_PARTS = ("各乡镇", "各单位", "各部门", "县直", "区直", "市直", "各县", "各区")

# "申请" alone (收到申请2件, 收到15件申请): only in a sentence that says it is about disclosure
# requests, and not at a service hall's window (two phrases, as `{N}` may stand once in a pattern)
_BARE_REQUESTS = dict(clause_end=True, priority=2, need=("依申请", "信息公开", "申请公开"), reject=_NOT_A_REQUEST + _PARTS,
                      reject_before=r"中心|窗口|大厅|热线|信箱", scan_group="received")

PHRASES: tuple[Phrase, ...] = (
    # --- proactive disclosure, this year (cumulative statements are rerouted by prose.py) ---
    Phrase("text.proactive.total",
           r"主动(?:公开|发布|公布)(?:了)?" + _OWN + r"(?:各类|各项)?政府信息(?:[(（][^)）]{1,12}[)）])?(?:数)?(?:共计|共|总数)?(?:为|达)?{N}"
           + _COUNT,
           priority=1, note="主动公开政府信息 1136 条 / 主动发布各类政府信息 2428 条 / 政府信息(综合政务类)287条 / "
                            "主动公开本系统各科室政府信息318条"),
    Phrase("text.proactive.total",
           r"主动公开(?:了|的)?" + _OWN + r"(?:各类|各项)?(?:政务)?信息(?:的)?(?:有|共计|共|总数|数)?(?:为|达)?{N}" + _COUNT,
           priority=1, note="without 政府: 主动公开信息158条 / 主动公开各类信息100件 / 主动公开信息的有5条 / 主动公开政务信息443条 (with 公开 "
                            "only: 主动发布信息 N 条 is as often one channel's posts)"),
    Phrase("text.proactive.total",
           r"(?<!重点)(?<!领域)(?<!民生)政府信息主动(?:公开|发布|公布)(?:共计|共|总数|数量|数)?(?:为|达)?{N}" + _COUNT,
           priority=1, note="noun first: 全年政府信息主动公开96条"),
    Phrase("text.proactive.total", r"主动公开的{N}" + _COUNT + r"政府信息", priority=1,
           note="restatement: 在…网站主动公开的425条政府信息中"),
    Phrase("text.proactive.total",
           r"(?:公开|发布|公布)(?:了)?(?:各类|各项)?政府信息(?:共|总数)?(?:为|达)?{N}" + _COUNT,
           priority=2, reject_before=r"(?:申请|主动)$", reject_context=("政报", "公报"),
           note="without 主动: 共公布政府信息2599条 (used only when no 主动 sentence); not 收到依申请公开政府信息24件, "
                "which counts requests; not a sentence about the gazette (共发行《某市政报》12期，发布政府信息662条: "
                "one channel)", scan_group="published"),
    Phrase("text.proactive.total",
           r"(?:主动公开(?:政府)?信息|信息发布量)(?:数量|量|数)?(?:由|从)(?:19|20)\d{2}年的?\d+" + _COUNT
           + r"(?:增加|增长|上升|减少|下降|提高)(?:到|至|为)(?:19|20)\d{2}年的?\d+" + _COUNT,
           kind="by_year", priority=1,
           note="由2013年的1128条增加到2014年的1887条: only the report year's number (1887 in a 2014 report)"),
    # --- policy interpretations ---
    Phrase("text.interpretations",
           r"解读(?:回应|类)?(?:信息|文章|稿件|材料|产品)?(?:发布|公开)?(?:共|为)?{N}(?:条|篇|个|件|期|份|项)",
           reject_before=r"(?<!\d[条件份篇个项期])[和及与、](?:政策)?$",
           note="解读信息发布 7 条 / 制作政策解读 21 个 / 解读回应27条 / 解读类信息发布 21 条 "
                "(not 行政公文和政策解读信息45条: a count of both; but 政策文件22份、政策解读32条, each counted)"),
    Phrase("text.interpretations",
           r"(?:发布|制作|开展|推出)(?:了)?(?:共)?{N}(?:条|篇|个|件|期)(?:政策)?解读",
           note="发布12篇政策解读", scan_group="published"),
    # --- policy documents (pre-2019 denominator of the interpretation ratio) ---
    Phrase("text.policy_documents",
           r"公开(?:各类|各项)?政策(?:、|性)?(?:法规)?(?:、)?(?:文件)?{N}(?:条|件|份)",
           templates=("pre2019",), note="主动公开各类政策、法规、文件26条"),
    # --- requests received ---
    Phrase("text.requests.received",
           r"(?:受理|收到|接到|接收)(?:了)?(?:各类|有关|涉及)?(?:(?:政府)?信息公开|公开政府信息)(?:的)?" + G
           + r"{0,4}?申请(?:共计|合计|总计|共|数量|总数|数)?(?:为|达)?{N}" + _REQ_UNIT, reject=_NOT_A_REQUEST,
           note="受理政府信息公开申请 21 件 / 收到有关政府信息公开的申请21条 / 收到…的信函申请1条", scan_group="received"),
    Phrase("text.requests.received",
           r"(?:受理|收到|接到)(?:了)?(?:并(?:办理|处理|答复))?(?:各类|有关)?依申请(?:信息)?公开(?:政府)?(?:信息)?(?:的)?"
           r"(?:申请|事项|信件|请求|件)?(?:共计|共)?{N}" + _REQ_UNIT,
           reject=_NOT_A_REQUEST, note="受理依申请公开政府信息 5 件 / 收到依申请信息公开12件 / 收到依申请公开信息3条 / "
                                      "收到并办理依申请公开政府信息24件", scan_group="received"),
    Phrase("text.requests.received", r"(?:受理|收到|接到)(?:了)?(?:政府)?信息依申请公开(?:申请)?{N}件",
           reject=_NOT_A_REQUEST, note="受理政府信息依申请公开385件", scan_group="received"),
    Phrase("text.requests.received", r"依申请公开(?:方面)?(?:共|全年共?)?(?:受理|收到)(?:申请)?{N}件",
           reject=_NOT_A_REQUEST, note="noun first: 依申请公开共受理2件", scan_group="received"),
    Phrase("text.requests.received", r"(?:受理|收到|接到)(?:了)?(?:公民|群众|市民|社会公众)?申请(?:政府)?信息公开{N}件",
           reject=_NOT_A_REQUEST, note="收到申请政府信息公开26件 / 收到公民申请政府信息公开0件", scan_group="received"),
    Phrase("text.requests.received",
           r"(?:受理|收到|接到)(?:了)?(?:各类)?(?:政府)?信息申请公开(?:件)?(?:共计|共)?{N}件",
           reject=_NOT_A_REQUEST, note="收到政府信息申请公开件658件 (the noun turned round)", scan_group="received"),
    Phrase("text.requests.received",
           r"(?:受理|收到|接到)(?:了)?(?:共)?{N}" + _REQ_UNIT + r"(?:(?:政府)?信息(?:公开)?(?:的)?依?申请|依申请公开(?:的)?(?:申请|请求))",
           reject=_NOT_A_REQUEST, note="收到12起政府信息依申请公开 / 受理5件信息公开申请 / 收到10件依申请公开请求",
           scan_group="received"),
    Phrase("text.requests.received",
           r"(?:受理|收到|接到|接收)(?P<gap>[^\d，。；,;：:|]{1,24}?)(?:(?:政府)?信息公开|公开政府信息)(?:的)?申请"
           r"(?:共计|合计|总计|共|数量|总数|数)?(?:为|达)?{N}件",
           priority=2, reject=_NOT_A_REQUEST + _PARTS,
           note="words between verb and noun: 共受理市民通过信函、网页提交的各类政府信息公开申请共计47件", scan_group="received"),
    Phrase("text.requests.received", r"(?:受理|收到|接到)(?:了)?申请(?:共计|共)?{N}件",
           note="本街道共收到申请2件", **_BARE_REQUESTS),
    Phrase("text.requests.received", r"(?:受理|收到|接到)(?:了)?(?:共)?{N}件(?:的)?申请",
           note="依申请公开方面，全年共收到15件申请", **_BARE_REQUESTS),
    Phrase("text.requests.received",
           r"办理(?:了)?(?:各类)?(?:(?:(?:政府)?信息公开|公开政府信息|依申请公开)(?:的)?申请|政府信息依申请公开)(?:共计|共)?{N}件",
           priority=3, reject=_NOT_A_REQUEST + ("上年", "去年"), reject_after=("结转", "上年"),
           note="全年办理政府信息公开申请37件 / 办理政府信息依申请公开13件 (not 办理上年结转…, not one that includes "
                "carried-over cases)"),
    Phrase("text.requests.received",
           r"(?:未|没有|无)(?:收到|受理|接到)(?:过)?(?:有关|任何)?" + G + r"{0,10}?(?:信息公开|依申请公开|公开政府信息|公开)"
           + r"(?:政府)?(?:信息)?(?:的)?(?:书面)?(?:申请|要求)(?:的情况|事项|情况|件)?",
           kind="zero", priority=5, clause_end=True, reject=("复议", "诉讼", "费", "投诉", "举报"),
           note="未收到有关政府信息公开的申请 (the request itself: not 未收到对…申请答复不满的投诉)", scan_group="none_of"),
    Phrase("text.requests.received",
           r"(?:未|没有|无)(?:发生|收到|受理|接到)(?:过)?(?:有关|任何)?" + G + r"{0,8}?依申请(?:信息)?公开(?:政府)?(?:信息)?"
           r"(?:的)?(?:事项|事件|情况|申请|件)?"
          ,
           kind="zero", priority=5, clause_end=True, reject=("复议", "诉讼", "费"),
           note="没有发生依申请公开政府信息事项 (not 未发生政府信息公开考核扣分情况)", scan_group="none_of"),
    Phrase("text.requests.received", r"(?:无|没有|未收到)(?:任何)?申请",
           kind="zero", priority=5, clause_end=True, heading=r"依申请公开",
           reject_before=r"^(?!(?:我\w{1,2}|本\w{1,3})?(?:(?:19|20)\d{2}年度?|本年度|全年)?[,，]?$)",
           note="under a heading 三、依申请公开政府信息情况: 我镇2016年度无申请, a whole clause (the words before it "
                "only its subject and year)", scan_group="none_of"),
    Phrase("text.requests.received", r"(?:未|没有)(?:收到|受理|接到)(?:过)?(?:任何)?申请(?:政府)?信息公开(?:的)?(?:事项|申请)?",
           kind="zero", priority=5, clause_end=True, reject=("复议", "诉讼", "费"),
           note="未收到申请政府信息公开事项 (the noun turned round)", scan_group="none_of"),
    Phrase("text.requests.received", r"(?:未|没有)收到申请公开政府信息|没有依申请公开(?:政府)?信息的情况",
           kind="zero", priority=5, note="未收到申请公开政府信息的要求 / 没有依申请公开信息的情况", scan_group="none_of"),
    # --- requests answered ---
    Phrase("text.requests.answered", r"(?<!公开)(?<!处理)答复(?:总数|数)?(?:共|为)?{N}(?:件|条)",
           need=("申请",), note="答复 3050 件 / 对依申请公开的答复总数21条 (not 同意公开答复 9 件)"),
    Phrase("text.requests.answered", r"办结(?:政府信息公开|依申请公开)?申请(?:共)?{N}(?:件|条)"),
    # --- outcomes stated in prose (pre-2019 narratives; 2021 prose sometimes restates them) ---
    Phrase("text.requests.granted", r"(?:同意公开|予以公开|全部公开)(?:答复|的)?(?:数)?(?:为|共)?{N}(?:件|条)",
           need=("申请", "答复"), scan_group="outcome"),
    Phrase("text.requests.partially_granted", r"(?:同意)?部分公开(?:答复|的)?(?:数)?(?:为|共)?{N}(?:件|条)",
           need=("申请", "答复"), reject_before=r"(?:[及和与、或]|或者)$",
           note="not a combined 予以公开及部分公开 12 件 / 予以公开或部分公开 59 件"),
    Phrase("text.requests.denied", r"(?:不予公开|否决公开|免于公开|免予公开)(?:答复|的)?(?:数)?(?:为|共)?{N}(?:件|条)",
           need=("申请", "答复"), reject=("文件", "涉密", "材料", "文档"), reject_context=("制作、获取", "制作获取", "获取政府信息"),
           note="免于公开答复数2条 (exempt = denied); not 涉密文件不予公开3件 (documents, not requests), nor the "
                "information withheld of what was made (共制作、获取政府信息614条，其中主动公开29条，不予公开583条)",
           scan_group="outcome"),
    Phrase("text.requests.denied",
           r"(?:无|没有|未发生|不存在)(?:任何)?不予公开(?:政府)?信息(?:的)?(?:情形|情况|事项)",
           kind="zero", priority=5, clause_end=True, note="本单位无不予公开政府信息的情形", scan_group="none_of"),
    # --- fees ---
    Phrase("text.fees.collected_yuan",
           r"(?:收取|收费)(?:了)?" + G + r"{0,14}?(?:费|费用)(?:共计|合计|共|为|总额)?{N}(?P<unit>万元|元)",
           note="收取政府信息公开信息处理费 0 元 / 实际收取信息处理费共计400元"),
    Phrase("text.fees.collected_yuan",
           r"(?:(?:未|没有|暂不|均未)(?:[^来，。；,;：:|按][^，。；,;：:|按]{0,23}?)?|不(?:再|予|曾|向[^，。；,;：:|按]{1,20}?)?"
           r"|无(?:[^论，。；,;：:|按][^，。；,;：:|按]{0,13}?)?)(?:收取|收费)",
           kind="zero", priority=5, need=("信息公开", "申请", "信息处理费", "提供政府信息"),
           reject=("行政事业性", "不得"), reject_context=("可以收取", "可收取", "但是", "但"),
           note="没有…收取任何费用 / 暂不收费 / 无收取信息处理费情况 / 没有公民、法人和其他组织的政府信息公开收费 / "
                "不向申请人收取 (not the policy 不收取费用。但是…可以收取; after 不 only 不收取, 不再/不予/不向…收取: "
                "not 不断完善…收费制度, 不予公开…的收费及减免情况, 不定期公布收费标准; not 未来…收费)",
           scan_group="none_of"),
    Phrase("text.fees.collected_yuan",
           r"(?:未|没有|无)(?:产生|发生)(?:任何)?(?:政府信息公开)?(?:信息处理费|收费|费用)",
           kind="zero", priority=5, reject=("行政事业性",), note="未产生任何信息处理费用", scan_group="none_of"),
    Phrase("text.fees.collected_yuan", r"(?:无|没有|未发生|不存在)(?:任何)?收费(?:情况|事项|行为)?",
           kind="zero", priority=5, clause_end=True, heading=r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])?"
                                             r"(?:政府信息公开的?)?收费(?:及减免)?情况",
           note="under a heading 五、收费情况: 本年度无收费情况 (not under 行政事业性收费情况)", scan_group="none_of"),
    # --- administrative reviews and lawsuits ---
    Phrase("text.review.total", r"行政复议(?:案件|案|申请|数)?(?:共|数)?(?:为|有)?{N}(?:件|起|宗|个)",
           need=("信息公开", "复议"), note="行政复议 351 件 / 行政复议案件2件"),
    Phrase("text.review.total", r"(?:有|发生|收到|共|涉及){N}(?:件|起)(?:涉及)?[^，。；,;：:|诉]{0,14}?行政复议",
           note="有 1 件涉及政府信息公开工作的行政复议", scan_group="cases"),
    Phrase("text.litigation.total", r"行政诉讼(?:案件|案|数)?(?:共|数)?(?:为|有)?{N}(?:件|起|宗|个)",
           need=("信息公开", "诉讼"), note="行政诉讼数为 0 件 / 行政诉讼案件1件"),
    Phrase("text.litigation.total", r"(?:有|发生|收到|共|涉及){N}(?:件|起)(?:涉及)?[^，。；,;：:|复]{0,14}?行政诉讼", scan_group="cases"),
    Phrase("text.review.total",
           r"(?:(?:未|没有)(?:因" + G + r"{0,24}?而?)?|无因" + G + r"{0,24}?而?)(?:发生|收到|出现|接到|发现|有|产生|被申请|被提起|申请)" + G
           + r"{0,24}?(?P<what>(?:行政)?复议(?:" + G + r"{0,12}?(?:行政)?诉讼)?|(?:行政)?诉讼(?:" + G + r"{0,12}?(?:行政)?复议)?)",
           kind="zero_review_litigation", priority=5, need=("信息公开", "依申请公开"),
           reject_after=("纠错", "败诉", "撤销", "违法", "被改变", "被纠正", "费"),
           note="未发生因政府信息公开…申请行政复议和提起行政诉讼 / 未收到…行政复议申请 / 没有因…而出现行政复议 / "
                "未接到…方面的复议、诉讼 (not 未发生与诉讼有关的费用支出: costs, not cases)", scan_group="none_of"),
)

# Rows of the pre-2019 local statistics form (指标名称 | 计量单位 | 本年度 | 历年累计; 莆田/平潭 family,
# formats.md §6.1), by label as printed (whitespace removed) → the text.* metric the row states.
# 政府信息公开收费减免金额 is an amount waived, not collected: deliberately absent.
STATS_TABLE_LABELS: dict[str, str] = {
    "主动公开信息数": "text.proactive.total",
    "主动公开文件数": "text.proactive.total",
    "受理依申请公开信息总数": "text.requests.received",
    "受理依申请公开信息数": "text.requests.received",
    "对申请的答复数": "text.requests.answered",
    "对申请的答复总数": "text.requests.answered",
    "同意公开答复数": "text.requests.granted",
    "同意部分公开答复数": "text.requests.partially_granted",
    "否决公开答复数": "text.requests.denied",
    "不予公开答复数": "text.requests.denied",
    "行政复议数": "text.review.total",
    "行政诉讼数": "text.litigation.total",
    # (issue 20) labels of other local forms
    "受理政府信息公开申请总数": "text.requests.received",
    "受理政府信息公开申请数": "text.requests.received",
    "同意公开答复总数": "text.requests.granted",
    "同意部分公开答复总数": "text.requests.partially_granted",
    "否决公开答复总数": "text.requests.denied",
    "不同意公开答复数": "text.requests.denied",
    "不予公开答复总数": "text.requests.denied",
}
