"""Prose phrasings seen in real reports that were missed (issue 20), each class with traps:
sentences that look alike but must NOT give the figure. Sentences are invented for the test.

Each case: (class, text, year, template, expected figures, metrics that must stay absent).
Expected values are what a reader takes from the sentence; `("approx", n)` = value n,
value_kind approximate. Categories are keyed `("text.proactive.by_category", label)`.
"""
from __future__ import annotations

import pytest

from etl.extract.prose import extract_prose
from etl.model import Document, ReportMeta, TextBlock

R, P, FEE = "text.requests.received", "text.proactive.total", "text.fees.collected_yuan"
REV, LIT, CAT = "text.review.total", "text.litigation.total", "text.proactive.by_category"
GR, PG, DN, INT = ("text.requests.granted", "text.requests.partially_granted", "text.requests.denied",
                   "text.interpretations")
PRE, T21 = "pre2019", "t2021"


def figures(text: str, year: int = 2018, template: str = PRE) -> dict:
    blocks = [TextBlock(t) for t in text.splitlines()]
    out = {}
    for f in extract_prose(Document(blocks, "txt"), ReportMeta(year=year, template=template)):
        key = (f.metric, f.dimension) if f.dimension else f.metric
        out[key] = (f.value, f.value_kind)
    return out


CASES: list[tuple[str, str, int, str, dict, tuple]] = [
    # --- negation bound to its subject: every zero pattern with its traps ---
    ("zero_subject", "全年未发生政府信息公开考核扣分情况。", 2018, PRE, {}, (R, FEE, REV, LIT)),
    ("zero_subject", "全年未发生政府信息公开工作责任追究情况。", 2018, PRE, {}, (R, REV, LIT)),
    ("zero_subject", "未收到对政府信息公开申请答复不满的投诉。", 2018, PRE, {}, (R,)),
    ("zero_subject", "本年度未发生针对政府信息公开工作的举报事项。", 2018, PRE, {}, (R,)),
    ("zero_subject", "全年未发生因政府信息公开行政复议被纠错的情况。", 2018, PRE, {}, (REV, LIT, R)),
    ("zero_subject", "没有发生政府信息公开行政诉讼败诉案件。", 2018, PRE, {}, (LIT, REV, R)),
    ("zero_subject", "依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，"
     "行政机关可以收取信息处理费。", 2021, T21, {}, (FEE,)),
    ("zero_subject", "依申请提供政府信息，除可以收取检索、复制、邮寄等成本费用外，不得收取其他费用。", 2018, PRE, {},
     (FEE,)),
    ("zero_subject", "2018年，我局未收到政府信息公开申请。", 2018, PRE, {R: 0}, ()),
    ("zero_subject", "全年未发生因政府信息公开引起的行政复议和行政诉讼。", 2018, PRE, {REV: 0, LIT: 0}, (R,)),
    ("zero_subject", "本年度未收取任何政府信息公开费用。", 2018, PRE, {FEE: 0}, (R,)),
    ("zero_subject", "我局没有发生依申请公开政府信息事项。", 2018, PRE, {R: 0}, ()),
    # --- words between the verb and the counted noun; subset counts kept out ---
    ("between", "全年主动公开本系统各科室政府信息318条。", 2018, PRE, {P: 318}, ()),
    ("between", "共受理市民通过信函、网页提交的各类政府信息公开申请共计47件。", 2018, PRE, {R: 47}, ()),
    ("between", "全年主动公开政府信息3100条，其中主动公开重点领域信息2000余条。", 2018, PRE, {P: 3100}, ()),
    ("between", "主动公开重点领域信息2000余条。", 2018, PRE, {}, (P,)),
    ("between", "主动公开涉及民生的政府信息200条。", 2018, PRE, {}, (P,)),
    ("between", "受理涉及政府信息公开的行政复议申请3件。", 2018, PRE, {}, (R,)),
    ("between", "共受理上年结转的政府信息公开申请2件。", 2018, PRE, {}, (R,)),
    # --- noun variants and order ---
    ("variants", "全年政府信息主动公开96条。", 2018, PRE, {P: 96}, ()),
    ("variants", "本局共收到依申请信息公开12件。", 2018, PRE, {R: 12}, ()),
    ("variants", "依申请公开方面，全年共收到15件申请。", 2018, PRE, {R: 15}, ()),
    ("variants", "全年共收到公开政府信息申请8件。", 2018, PRE, {R: 8}, ()),
    ("variants", "全年共收到15件行政复议申请。", 2018, PRE, {}, (R,)),
    ("variants", "政务服务中心全年共收到15件申请。", 2018, PRE, {}, (R,)),
    # --- 办理 for requests, not reviews or carried-over cases ---
    ("banli", "全年办理政府信息公开申请37件。", 2018, PRE, {R: 37}, ()),
    ("banli", "办理上年结转的政府信息公开申请2件。", 2018, PRE, {}, (R,)),
    ("banli", "全年办理政府信息公开行政复议案件1件。", 2018, PRE, {}, (R,)),
    ("banli", "全年共受理政府信息公开申请30件，办理政府信息公开申请35件（含上年结转5件）。", 2018, PRE, {R: 30}, ()),
    # --- a year in an earlier clause and 累计 ---
    ("year_cumulative", "2022年，通过区门户网站累计主动公开政府信息3100余条。", 2022, T21, {P: ("approx", 3100)}, ()),
    ("year_cumulative", "截至2022年底，累计主动公开政府信息31000条。", 2022, T21,
     {"text.proactive.cumulative": 31000}, (P,)),
    ("year_cumulative", "2022年，我区政府信息公开工作稳步推进。自2008年以来累计主动公开政府信息31000条。", 2022, T21,
     {"text.proactive.cumulative": 31000}, (P,)),
    ("year_cumulative", "2021年，通过区门户网站累计主动公开政府信息2900条。", 2022, T21, {}, (P,)),
    # --- category lists ---
    ("categories", "全年主动公开政府信息120条，信息类别包括：机构职能类20条、政策法规类30条、工作动态类70条。", 2018, PRE,
     {P: 120, (CAT, "机构职能类"): 20, (CAT, "政策法规类"): 30, (CAT, "工作动态类"): 70}, ()),
    ("categories", "全年主动公开政府信息120条，主要有：机构职能类20条，政策法规类30条，工作动态类70条。", 2018, PRE,
     {P: 120, (CAT, "机构职能类"): 20, (CAT, "政策法规类"): 30, (CAT, "工作动态类"): 70}, ()),
    ("categories", "全年主动公开政府信息56条，其中财政预算、决算信息6条，工作动态50条。", 2018, PRE,
     {P: 56, (CAT, "财政预算、决算信息"): 6, (CAT, "工作动态"): 50}, ()),
    ("categories", "全年主动公开政府信息120条。其中，机构职能类20条，政策法规类30条，工作动态类70条。", 2018, PRE,
     {P: 120, (CAT, "机构职能类"): 20, (CAT, "政策法规类"): 30, (CAT, "工作动态类"): 70}, ()),
    ("categories", "全年主动公开政府信息120条，其中政策法规类30条，工作动态类20条，其他类 70。", 2018, PRE,
     {P: 120, (CAT, "政策法规类"): 30, (CAT, "工作动态类"): 20, (CAT, "其他类"): 70}, ()),
    ("categories", "全年主动公开规章5件、行政规范性文件23件。", 2018, PRE,
     {(CAT, "规章"): 5, (CAT, "行政规范性文件"): 23}, (P,)),
    ("categories", "全年主动公开政府信息120条，召开新闻发布会5场、完成重点任务23项。", 2018, PRE, {P: 120},
     ((CAT, "召开新闻发布会"), (CAT, "完成重点任务"))),
    # --- zeros without the usual verb ---
    ("zero_noverb", "五、收费情况\n本年度无收费情况。", 2018, PRE, {FEE: 0}, ()),
    ("zero_noverb", "本年度未产生任何信息处理费用。", 2018, PRE, {FEE: 0}, ()),
    ("zero_noverb", "本单位无不予公开政府信息的情形。", 2018, PRE, {DN: 0}, ()),
    ("zero_noverb", "五、行政事业性收费情况\n本年度无新增收费项目。", 2018, PRE, {}, (FEE,)),
    ("zero_noverb", "全年未产生任何负面舆情。", 2018, PRE, {}, (FEE,)),
    # --- a number whose meaning differs is not stored under the narrower metric ---
    ("narrower", "对收到的政府信息公开申请，予以公开及部分公开12件。", 2018, PRE, {}, (PG, GR)),
    ("narrower", "收到政府信息公开申请10件，均已答复；全年涉密文件不予公开3件。", 2018, PRE, {R: 10}, (DN,)),
    ("narrower", "全年发布行政公文和政策解读信息45条。", 2018, PRE, {}, (INT,)),
    ("narrower", "全年发布政策解读信息45条。", 2018, PRE, {INT: 45}, ()),
]

# --- written after the rules above, measured as held-back sentences first (issue 20 report) ---
HELD_BACK = [
 ("全年未发生政府信息公开工作被通报批评的情况。", 2018, PRE, {}, (R, REV, LIT, FEE)),
 ("全年没有收到政府信息公开方面的意见建议。", 2018, PRE, {}, (R,)),
 ("本年度无因政府信息公开申请引发的行政复议被撤销的情况。", 2018, PRE, {}, (REV, R)),
 ("全年未受理政府信息公开申请。", 2018, PRE, {R: 0}, ()),
 ("本年度我局未接到依申请公开事项。", 2018, PRE, {R: 0}, ()),
 ("全年主动公开本部门政府信息245条。", 2018, PRE, {P: 245}, ()),
 ("全年主动公开重点领域政府信息120条。", 2018, PRE, {}, (P,)),
 ("全年共收到公民通过网上申请平台提交的政府信息公开申请共计19件。", 2018, PRE, {R: 19}, ()),
 ("全年共收到各乡镇报送的政府信息公开申请12件。", 2018, PRE, {}, (R,)),
 ("全年办理依申请公开申请9件。", 2018, PRE, {R: 9}, ()),
 ("办理政府信息公开申请行政复议案件2件。", 2018, PRE, {}, (R,)),
 ("2019年，我局累计主动公开政府信息860条。", 2019, T21, {P: 860}, ()),
 ("2019年，自网站开通以来累计主动公开政府信息8600条。", 2019, T21, {"text.proactive.cumulative": 8600}, (P,)),
 ("全年主动公开政府信息90条，主要有：工作动态类40条、通知公告类30条、人事信息类20条。", 2018, PRE,
  {P: 90, (CAT, "工作动态类"): 40, (CAT, "通知公告类"): 30, (CAT, "人事信息类"): 20}, ()),
 ("全年主动公开政府信息90条。主要有工作动态40条，通知公告30条，其他类 20。", 2018, PRE,
  {P: 90, (CAT, "工作动态"): 40, (CAT, "通知公告"): 30, (CAT, "其他类"): 20}, ()),
 ("全年主动公开规范性文件12件、政策文件8件。", 2018, PRE, {(CAT, "规范性文件"): 12, (CAT, "政策文件"): 8}, ()),
 ("全年举办新闻发布会12场、政策宣讲8场。", 2018, PRE, {}, ((CAT, "举办新闻发布会"),)),
 ("本年度未产生政府信息公开收费。", 2018, PRE, {FEE: 0}, ()),
 ("本机关无不予公开信息的情况。", 2018, PRE, {DN: 0}, ()),
 ("对申请人提出的申请，予以公开和部分公开共8件。", 2018, PRE, {}, (PG, GR)),
 ("依据《条例》规定，行政机关依申请提供政府信息，不收取费用。", 2021, T21, {}, ()),
 ("全年发布政府文件及解读材料30份。", 2018, PRE, {}, (INT,)),
 ("全年累计收到政府信息公开申请55件。", 2018, PRE, {R: 55}, ()),
]
CASES += [("held_back", *c) for c in HELD_BACK]

# --- a second held-back round (measured first, then fixed: 依申请公开事项, channels are not
# categories, 截至<date>， without 全年/累计 says nothing of the year) ---
HELD_BACK_2 = [
    ("2023年，我局通过门户网站、政务微博等渠道主动公开政府信息1250条。", 2023, T21, {P: 1250}, ()),
    ("全年共主动公开各类政府信息2,315条。", 2018, PRE, {P: 2315}, ()),
    ("全年累计发布政府信息678条。", 2018, PRE, {P: 678}, ("text.proactive.cumulative",)),
    ("全年共受理依申请公开事项6件。", 2018, PRE, {R: 6}, ()),
    ("全年共接收政府信息公开申请23件，其中当面申请5件，网上申请18件。", 2018, PRE, {R: 23}, ()),
    ("我办全年收到群众通过来信方式提出的政府信息公开申请3件。", 2018, PRE, {R: 3}, ()),
    ("我局全年未受理过政府信息公开申请，也未收取任何费用。", 2018, PRE, {R: 0, FEE: 0}, ()),
    ("未发生因政府信息公开工作被投诉的情况。", 2018, PRE, {}, (R, REV, LIT)),
    ("全年无因政府信息公开引起的行政复议、行政诉讼案件。", 2018, PRE, {}, (R,)),
    ("未出现政府信息公开申请答复超期的情况。", 2018, PRE, {}, (R,)),
    ("全年未收到不予公开的投诉。", 2018, PRE, {}, (R, DN)),
    ("本机关未对政府信息公开申请人收取检索、复制、邮寄等费用。", 2018, PRE, {FEE: 0}, ()),
    ("2022年，我局累计发布政策解读12篇。", 2022, T21, {INT: 12}, ()),
    ("全年主动公开政府信息300条，其中通过政府网站公开280条，通过政务微博公开20条。", 2018, PRE, {P: 300},
     ((CAT, "通过政府网站公开"), (CAT, "通过政务微博公开"))),
    ("2017年主动公开政府信息由2016年的300条增加到420条。", 2017, PRE, {}, ()),
    ("截至2018年12月31日，我局主动公开政府信息5000余条。", 2018, PRE, {}, (P,)),
    ("截至2018年12月31日，全年共受理政府信息公开申请21件。", 2018, PRE, {R: 21}, ()),
    ("全年共办结政府信息公开申请15件。", 2018, PRE, {"text.requests.answered": 15}, ()),
]
CASES += [("held_back_2", *c) for c in HELD_BACK_2]

# --- a third round (round 19): the classes that 21 real crawled reports, read before any change,
# showed missed or wrong; the sentences are invented. Wrong before: a combined 予以公开或部分公开
# taken as partially granted, 依申请公开政府信息 N 件 taken as proactive disclosures ---
HELD_BACK_3 = [
    ("对收到的申请，予以公开或部分公开45件，不予公开12件。", 2018, PRE, {DN: 12}, (PG, GR)),
    ("对收到的申请，予以公开或者部分公开45件。", 2018, PRE, {}, (PG, GR)),
    ("2023年，共收到并办理依申请公开政府信息17件。", 2023, PRE, {R: 17}, (P,)),
    ("全年公开政府信息80条，受理依申请公开政府信息6件。", 2018, PRE, {P: 80, R: 6}, ()),
    ("全年我办主动公开信息46条。", 2018, PRE, {P: 46}, ()),
    ("2016年度主动公开信息的有12条；", 2016, PRE, {P: 12}, ()),
    ("通过门户网站主动公开各类信息230件，其中通知公告40条。", 2018, PRE, {P: 230}, ()),
    ("通过政务微博主动发布信息300条。", 2018, PRE, {}, (P,)),
    ("主动公开重点领域信息120条。", 2018, PRE, {}, (P,)),
    ("全年收到依申请公开信息4条，均已按时答复。", 2018, PRE, {R: 4}, ()),
    ("全年办理政府信息依申请公开21件。", 2018, PRE, {R: 21}, ()),
    ("全区共收到政府信息申请公开件120件。", 2018, PRE, {R: 120}, ()),
    ("共收到6件依申请公开请求，上年结转2件。", 2018, PRE, {R: 6}, ()),
    ("共收到6件依申请公开咨询。", 2018, PRE, {}, (R,)),
    ("2023年，未收到依申请公开事项.", 2023, PRE, {R: 0}, ()),
    ("本年度，我局未收到和处理政府信息公开申请件。", 2019, PRE, {R: 0}, ()),
    ("本年度中心未收到依申请公开件。", 2020, PRE, {R: 0}, ()),
    ("未收到依申请公开件的投诉。", 2020, PRE, {}, (R,)),
    ("2023年未产生因政府信息公开申请提请的行政复议和行政诉讼案件。", 2023, PRE, {REV: 0, LIT: 0}, (R,)),
    ("2023年未产生政府信息公开行政诉讼败诉案件。", 2023, PRE, {}, (LIT, REV)),
    # (more classes of the same round, from the second set of real reports)
    ("我局不断完善政府信息公开收费制度。", 2018, PRE, {}, (FEE,)),  # (wrong before: 不…收费 read as a zero)
    ("无论是否收取信息公开费用，均应登记。", 2018, PRE, {}, (FEE,)),
    ("本报告由依申请公开政府信息和不予公开政府信息情况、政府信息公开的收费及减免情况等组成。", 2012, PRE, {}, (FEE,)),
    ("我局不定期公布政府信息公开收费标准。", 2012, PRE, {}, (FEE,)),
    ("未来将规范政府信息公开收费行为。", 2012, PRE, {}, (FEE,)),
    ("我局不向政府信息公开申请人收取任何费用。", 2012, PRE, {FEE: 0}, ()),
    ("2017年没有公民、法人和其他组织的政府信息公开收费和减免情况。", 2017, PRE, {FEE: 0}, ()),
    ("三、依申请公开政府信息情况\n我镇2016年度无申请。", 2016, PRE, {R: 0}, ()),
    ("五、行政复议情况\n我镇2016年度无申请。", 2016, PRE, {}, (R,)),
    ("三、依申请公开政府信息情况\n对无申请人签名的申请不予受理。", 2016, PRE, {}, (R,)),
    ("2014年没有发生依申请信息公开事件。", 2014, PRE, {R: 0}, ()),
    ("2010年，我局未接到要求公开政府信息的申请件。", 2010, PRE, {R: 0}, ()),
    ("我局没有接到群众提交的依申请公开政府信息。", 2010, PRE, {R: 0}, ()),
    ("未收到过公开申请，未发生由政府信息公开引发的投诉。", 2019, PRE, {R: 0}, ()),
    ("未收到对不予公开申请的投诉。", 2019, PRE, {}, (R,)),
    ("区政府共收到各类依申请公开信件35件。", 2019, PRE, {R: 35}, ()),
    ("本单位没有因政府信息公开工作而出现行政复议、行政诉讼或申诉情况。", 2014, PRE, {REV: 0, LIT: 0}, ()),
    ("我局没有因政府信息公开工作而被申请行政复议或被提起行政诉讼的情况。", 2010, PRE, {REV: 0, LIT: 0}, ()),
    ("没有发生针对本局政府信息公开事务的行政诉讼案、行政复议案。", 2009, PRE, {REV: 0, LIT: 0}, ()),
    ("2016年度未接到有关政府信息公开方面的复议、诉讼和申诉。", 2016, PRE, {REV: 0, LIT: 0}, ()),
    ("我局政府信息公开工作未发生与诉讼有关的费用支出。", 2016, PRE, {}, (LIT, REV)),
    ("2019年以来，我区累计主动公开政府信息1989条。", 2019, PRE, {P: 1989}, ("text.proactive.cumulative",)),
    ("2015年以来，我区累计主动公开政府信息1989条。", 2019, PRE, {"text.proactive.cumulative": 1989}, (P,)),
    ("全年主动公开政府信息25条，在主动公开的信息中，工作动态信息5条，财政预决算信息19条，其他信息1条。", 2016, PRE,
     {P: 25, (CAT, "工作动态信息"): 5, (CAT, "财政预决算信息"): 19, (CAT, "其他信息"): 1}, ()),
]
CASES += [("held_back_3", *c) for c in HELD_BACK_3]

# --- the held-back part of round 19's real reports (110 excerpts read after the rules above
# were written): the classes they showed missed or wrong; sentences invented ---
HELD_BACK_4 = [
    ("2025年，通过政府门户网站主动公开政务信息443条，其中工作动态189条。", 2025, PRE, {P: 443}, ()),
    ("全年通过区政府门户网站、政务新媒体等平台，累计主动公开政府信息23条。", 2025, PRE, {P: 23},
     ("text.proactive.cumulative",)),
    ("一年来，通过县人民政府门户网站专栏等平台，累计主动公开政府信息29条。", 2025, PRE, {P: 29},
     ("text.proactive.cumulative",)),
    ("公开主要内容：2010年，在政府门户网站累计主动公开政府信息5条。", 2010, PRE, {P: 5},
     ("text.proactive.cumulative",)),
    ("截至2010年底，累计主动公开政府信息4条。", 2010, PRE, {"text.proactive.cumulative": 4}, (P,)),
    ("全年累计主动公开政府信息23条(请根据实际情况填写)。", 2025, PRE, {}, (P, "text.proactive.cumulative")),
    ("2019年依申请公开共受理2件，均按时办结。", 2019, PRE, {R: 2}, ()),
    ("2011年度，全市共收到申请政府信息公开26件(次)。", 2011, PRE, {R: 26}, ()),
    ("2022年收到公民申请政府信息公开0件。", 2022, PRE, {R: 0}, ()),
    ("2011年度，共发行《某市政报》12期，发布政府信息662条，赠阅4.8万份。", 2011, PRE, {}, (P,)),
    ("全年公开政府信息120条，编印政府工作简报12期。", 2011, PRE, {P: 120}, ()),
    ("目前共主动公开政府信息373条，其中市政府网站公开政府信息数84条，本单位网站公开政府信息数52条，"
     "其他广播、报纸、电视公开政府信息数237条。", 2019, PRE, {P: 373},
     ((CAT, "市政府网站公开政府信息数"), (CAT, "本单位网站公开政府信息数"))),
    ("四、因政府信息公开申请行政复议、提起行政诉讼的情况\n2008年，我单位未出现申请行政复议、提起行政诉讼的情况。", 2008, PRE,
     {REV: 0, LIT: 0}, ()),
    ("四、工作考核情况\n2008年，我单位未出现申请行政复议、提起行政诉讼的情况。", 2008, PRE, {}, (REV, LIT)),
    ("2018年度我局没有收到政府信息公开申请\n五、因政府信息公开申请提起行政复议、行政诉讼的情况\n"
     "2018年度我局没有出现因政府信息公开申请提起的举报投诉、行政复议", 2018, PRE, {R: 0, REV: 0}, (LIT,)),
]
CASES += [("held_back_4", *c) for c in HELD_BACK_4]

# --- a last held-back set of round 19 (114 real excerpts of organ kinds not seen before: 气象,
# 地震, 海关, 人防, 开发区…): the classes it showed missed or wrong; sentences invented ---
HELD_BACK_5 = [
    ("2012年，我局通过门户网站主动公开政府信息233条，通过省政府网站主动公开政府信息13条。", 2012, PRE, {}, (P,)),
    ("我市全年各级行政机关主动公开政府信息5339条，其中市政府门户网站520条，政务新媒体主动公开政府信息1900条。", 2023,
     PRE, {P: 5339}, ()),
    ("其中，通过官方网站主动公开政府信息91条；通过政务微博公开政府信息287条。", 2019, PRE, {}, (P,)),
    ("全区各部门通过门户网站发布信息4583条，其中主动公开各类政府信息2107条。", 2022, PRE, {P: 2107}, ()),
    ("全年共制作政府信息236条，其中主动公开信息数为158条，依申请公开信息数54条。", 2013, PRE, {P: 158}, ()),
    ("自2008年以来累计主动公开政府信息8000条，其中2019年主动公开政府信息600条。", 2019, PRE,
     {P: 600, "text.proactive.cumulative": 8000}, ()),
    ("我委2013年共主动公开政府信息409条，目前我委总计主动公开政府信息3906条。", 2013, PRE,
     {P: 409, "text.proactive.cumulative": 3906}, ()),
    ("2022年度主动公开政府信息数共计449条。", 2022, PRE, {P: 449}, ()),
    ("通过区政府门户网站主动公开的信息222条，其中政策解读3条。", 2023, PRE, {P: 222, INT: 3}, ()),
    ("2023年，共受理政府信息依申请公开385件，其中6件结转下一年度办理。", 2023, PRE, {R: 385}, ()),
    ("今年我办收到依申请公开件3件。", 2020, PRE, {R: 3}, ()),
    ("2021年，我办未收到申请政府信息公开事项。", 2021, PRE, {R: 0}, ()),
    ("本年度无因政府信息公开工作被申请行政复议、提起行政诉讼情况。", 2025, PRE, {REV: 0, LIT: 0}, ()),
    ("公开政策文件22份、政策解读32条。", 2023, PRE, {INT: 32}, ()),
    ("全年共发布文字解读272条，图片、视频等其它形式解读217条。", 2023, PRE, {}, (INT,)),
    ("全年主动公开政府信息154条，其中涉及到行政许可类处理决定数4条，行政处罚类处理决定数0条。", 2020, PRE, {P: 154},
     ((CAT, "涉及到行政许可类处理决定数"), (CAT, "行政处罚类处理决定数"))),
    ("全年主动公开政府信息56条，其中工作动态50条，创新发布音视频解读6条。", 2023, PRE, {P: 56},
     ((CAT, "创新发布音视频解读"),)),
    # (a fourth set, held back to the very end, found one more wrong value: information withheld
    # of what was made read as refused requests)
    ("2014年共制作、获取政府信息614条，其中主动公开29条，不予公开583条；受理政府信息公开申请2条。", 2014, PRE,
     {R: 2}, (DN,)),
    ("全年共收到政府信息公开申请12件，不予公开3件。", 2014, PRE, {R: 12, DN: 3}, ()),
    ("累计公开政府信息276条，其中：政务动态信息216条，更新信息公开目录50条，主动向市政府办报送信息100条。", 2024, PRE,
     {}, ((CAT, "更新信息公开目录"), (CAT, "主动向市政府办报送信息"))),
    ("全年公开政府信息309条，其中工作情况63条，通知公告13条，法定主动公开内容233条(其中：履职依据1条，机构职能8条)。",
     2025, PRE, {P: 309, (CAT, "工作情况"): 63, (CAT, "通知公告"): 13, (CAT, "法定主动公开内容"): 233},
     ((CAT, "履职依据"), (CAT, "机构职能"))),
    ("全年主动公开政府信息671条，其中网站主动公开信息65条(公告公示3条)，“某某普法”微信497条，“某某普法君”抖音109条。",
     2023, PRE, {P: 671}, ((CAT, "公告公示"), (CAT, "“某某普法君”抖音"))),
    ("本街道2017年共收到申请2件，其中申请公开信息不存在1件。", 2017, PRE, {R: 2}, ()),
    ("政务服务大厅全年共收到申请2件，均为信息公开咨询。", 2017, PRE, {}, (R,)),
    ("全年发布政策解读11项。", 2022, PRE, {INT: 11}, ()),
    ("2023年我局未受理依申请公开，未发生因依申请公开而引发的行政诉讼、行政复议。", 2023, PRE, {R: 0, REV: 0, LIT: 0}, ()),
    ("2018年，我局没有因政府信息公开申请行政复议、提起行政诉讼情况发生。", 2018, PRE, {REV: 0, LIT: 0}, ()),
    ("2018年，我局没有因政府信息公开申请行政复议被纠错的情况。", 2018, PRE, {}, (REV, LIT)),
]
CASES += [("held_back_5", *c) for c in HELD_BACK_5]


def _want(v):
    return (float(v[1]), "approximate") if isinstance(v, tuple) else (float(v), "number")


@pytest.mark.parametrize("cls,text,year,template,expected,absent", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_phrasing(cls, text, year, template, expected, absent):
    got = figures(text, year, template)
    for key, v in expected.items():
        assert got.get(key) == _want(v), (key, got)
    for key in absent:  # no value (a NULL with its reason is allowed: etl.extract.prose_unread)
        assert got.get(key, (None,))[0] is None, (key, got[key])
