"""The supervisor page's data, words and chart (dashboard/views/supervisor.py): coverage against
the roster, the scorecard of one year and the 通报 XLSX. Queries go through dashboard.data
(one cached read-only connection); the 通报 table is the one `xxgk scorecard` writes."""
from __future__ import annotations

import html

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import data
from dashboard.i18n import lang, pick

# key: (zh, en)
LABELS: dict[str, tuple[str, str]] = {
    "title": ("政务公开监督", "Supervisor"),
    "no_roster": ("数据库中没有单位名单：以 `xxgk ingest … --roster 名单.csv` 导入后，可看到未报送的单位。下表为全部已发布报告。",
                  "No roster in the database: ingest with `xxgk ingest … --roster roster.csv` to see who did not "
                  "publish. The table shows every published report."),
    "region": ("地区", "Region"), "level": ("层级", "Level"), "year": ("年度", "Year"),
    "published": ("按时报送", "Published on time"), "late": ("逾期报送", "Published late"),
    "missing": ("未报送", "Missing"), "unlisted": ("不在名单", "Not in roster"),
    "coverage": ("报送情况（对照名单）", "Coverage against the roster"),
    "deadline_rule": ("法定期限：2019 年度起，部门为次年 1月31日，政府为次年 3月31日；此前均为次年 3月31日。"
                      "无发布日期的报告不计为逾期。",
                      "Deadline: from report year 2019, 31 January of the next year for departments and 31 March "
                      "for governments; before, 31 March for all. A report without a known date is never counted late."),
    "scorecard": ("年度报告评分", "Scorecard"),
    "scorecard_note": ("得分 = 各指标加权平均（0-100），权重见 `etl/metadata/scorecard.toml`；排名在同级分组内。点击“查看”进入机关档案。",
                       "Score = weighted mean of the indicators (0-100), weights in `etl/metadata/scorecard.toml`; "
                       "ranked within the peer group. 'open' goes to the bureau's profile."),
    "dates": ("发布日期与法定期限", "Publication dates against the deadline"),
    "days_axis": ("距法定期限天数（负数为提前）", "Days after the deadline (negative: early)"),
    "organs_axis": ("单位数", "Organs"),
    "no_dates": ("该年度没有已知的发布日期。", "No publication date is known for that year."),
    "download_xlsx": ("下载通报 XLSX", "Download the notice (XLSX)"),
    "open": ("查看", "open"),
    "link": ("档案", "Profile"),
    "gaps": ("名单与报告不一致", "Roster and reports that do not line up"),
    "roster_unmatched": ("名单中的单位，没有任何报告", "In the roster, no report in any year"),
    "c_organ": ("单位", "Organ"), "c_status": ("报送情况", "Status"), "c_published_on": ("发布日期", "Published on"),
    "c_deadline": ("法定期限", "Deadline"), "c_days_after_deadline": ("逾期天数", "Days after deadline"),
    "c_kind": ("类别", "Kind"), "c_name": ("名称", "Name"), "c_report_count": ("报告数", "Reports"),
    "c_region": ("地区", "Region"),
    "unlisted_publisher": ("发布了报告，但不在名单中", "Publishing, not in the roster"),
}

K_REGION, K_LEVEL, K_YEAR = "sv_region", "sv_level", "sv_year"


def w(key: str) -> str:
    return pick(LABELS[key])


def has_roster() -> bool:
    return data.query("SELECT count(*) AS n FROM roster")["n"][0] > 0


def years() -> list[int]:
    return data.query("SELECT DISTINCT year FROM reports WHERE year IS NOT NULL AND status <> 'failed' "
                      "ORDER BY year DESC")["year"].to_list()


def roster_values(column: str) -> list[str]:
    assert column in ("region", "level")  # a fixed column name, never user text
    return data.query(f"SELECT DISTINCT {column} AS v FROM roster WHERE {column} IS NOT NULL ORDER BY 1")["v"].to_list()


def coverage(year: int, regions: list[str], levels: list[str]) -> pl.DataFrame:
    return data.query(
        "SELECT organ, region, level, status, published_on, deadline, days_after_deadline, bureau_id, report_id "
        "FROM v_coverage WHERE year = ? AND (len(?::VARCHAR[]) = 0 OR list_contains(?::VARCHAR[], region)) "
        "AND (len(?::VARCHAR[]) = 0 OR list_contains(?::VARCHAR[], level)) ORDER BY status, organ",
        [year, regions, regions, levels, levels])


def gaps() -> pl.DataFrame:
    return data.query("SELECT kind, name, region, report_count FROM v_roster_gaps ORDER BY kind, name")


@st.cache_data(max_entries=32, show_spinner=False)
def _table(key: data.DbKey, year: int) -> pl.DataFrame:
    from etl.load.scorecard_export import scorecard_table

    return scorecard_table(key[0], year)


def scorecard(year: int, regions: list[str], levels: list[str]) -> pl.DataFrame:
    """The 通报 table of `year` (as `xxgk scorecard` writes it), filtered to the regions and levels
    (rows without a roster region or level stay only when no filter is set)."""
    df = _table(data.db_key(), year)
    if regions:
        df = df.filter(pl.col("region").is_in(regions))
    if levels:
        df = df.filter(pl.col("peer_group").is_in(levels))
    return df


def dates_chart(df: pl.DataFrame) -> go.Figure:
    """Histogram of days after the deadline (weeks), the deadline as a line at 0."""
    days = df["days_after_deadline"].drop_nulls().to_list()
    fig = go.Figure(go.Histogram(x=days, xbins=dict(size=7), marker_color="#1565c0", name=html.escape(w("days_axis"))))
    fig.add_vline(x=0, line_color="#c62828", line_dash="dash")
    # every chart says what it shows and its unit (issue 23)
    fig.update_layout(title=f"{w('dates')}（{w('organs_axis')}）" if lang() != "en" else f"{w('dates')} ({w('organs_axis')})",
                      margin=dict(l=10, r=10, t=40, b=10), height=300, bargap=0.05, showlegend=False,
                      xaxis_title=w("days_axis"), yaxis_title=w("organs_axis"))
    return fig
