"""The 通报 table: one row per roster organ for one year (organs that published nothing
included, marked 未报送), its indicators, score, rank within its peer group and the failed checks
in words; written as a formatted XLSX (with a sheet of definitions) or a CSV.

Reads v_coverage and v_scorecard; the score is the view's, or recomputed with another weights
file by running the view's own SQL over those weights (one definition of the score)."""
from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import polars as pl

from etl.metadata.scorecard import indicators, load_flags, load_weights
from etl.metadata.schema import relation

PEER_ZH = {"national": "国务院部门", "province": "省级政府", "city": "市级政府", "county": "县级政府",
           "township": "乡镇(街道)", "department": "政府部门", "government": "政府", "unknown": "未分级"}
STATUS_ZH = {"published": "按时报送", "late": "逾期报送", "missing": "未报送", "unlisted": "不在名单"}
# the columns of the 通报 table: (key, Chinese header, English header)
COLUMNS = (
    ("rank", "排名", "rank"), ("peer_group", "同级分组", "peer group"), ("organ", "单位", "organ"),
    ("region", "地区", "region"), ("status", "报送情况", "status"), ("published_on", "发布日期", "published on"),
    ("deadline", "法定期限", "deadline"), ("days_after_deadline", "逾期天数", "days after deadline"),
    ("score", "得分", "score"),
    *((i.indicator, i.label_zh, i.label_en) for i in indicators().values()
      if i.indicator not in ("on_time", "days_after_deadline")),
    ("failed_checks", "存在问题", "failed checks"), ("report_id", "报告编号", "report id"),
)
_RATE_COLUMNS = ("template_compliance", "text_reuse_prev", "frozen_figures", "grant_rate", "correction_rate",
                 "dispute_rate")


def scorecard_sql(weights_table: str | None = None) -> str:
    """v_scorecard's SQL, over another weights table when given."""
    if weights_table is None:
        return "SELECT * FROM v_scorecard"
    return f"WITH scorecard_weights AS (SELECT * FROM {weights_table}) SELECT * FROM ({relation('v_scorecard').sql})"


def _peer_group(level: str | None, kind: str | None) -> str:
    return level or kind or "unknown"


def _words(row: dict, flags: dict, check_words: dict[str, list[str]]) -> str:
    out = []
    if row["status"] == "missing":
        return "未报送年度报告"
    if row["status"] == "late":
        out.append(f"逾期{row['days_after_deadline']}天公开")
    labels = {i.indicator: i.label_zh for i in indicators().values()}
    for name, rule in flags.items():
        v = row.get(name)
        if v is None:
            continue
        if ("at_least" in rule and v >= rule["at_least"]) or ("below" in rule and v < rule["below"]):
            out.append(f"{labels[name]} {v:.0%}")
    out += check_words.get(row.get("report_id") or "", [])
    return "；".join(out)


def scorecard_table(db: str | Path, year: int, *, roster_only: bool = False,
                    weights_path: str | Path | None = None) -> pl.DataFrame:
    """The 通报 rows for `year`: roster organs first (all of them), then, unless roster_only,
    publishing organs not in the roster. Without a roster in the database: every report."""
    weights = load_weights(weights_path)
    flags = load_flags(weights_path)
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.register("_weights", pl.DataFrame({"indicator": list(weights), "weight": list(weights.values())}).to_arrow())
        cards = con.sql(f"SELECT * FROM ({scorecard_sql('_weights' if weights_path else None)}) WHERE year = ?",
                        params=[year]).pl()
        cover = con.sql("SELECT * FROM v_coverage WHERE year = ? ORDER BY roster_row", params=[year]).pl()
        fails = con.execute(
            "SELECT c.report_id, c.rule, any_value(c.detail) AS detail FROM checks c "
            "JOIN v_scorecard s ON s.report_id = c.report_id AND s.year = ? WHERE c.status = 'fail' "
            "GROUP BY c.report_id, c.rule ORDER BY c.report_id, c.rule", [year]).fetchall()
        has_roster = con.execute("SELECT count(*) FROM roster").fetchall()[0][0] > 0
    finally:
        con.close()
    check_words: dict[str, list[str]] = {}
    for rid, rule, detail in fails:
        check_words.setdefault(rid, []).append(f"{rule}: {detail}")
    by_report = {r["report_id"]: r for r in cards.to_dicts()}
    rows = []
    for c in cover.to_dicts():
        card = by_report.get(c["report_id"], {}) if c["report_id"] else {}
        rows.append({**{k: card.get(k) for k, _, _ in COLUMNS},
                     "organ": c["organ"], "region": c["region"], "status": c["status"], "bureau_id": c["bureau_id"],
                     "peer_group": _peer_group(c["level"], c["organ_kind"]), "report_id": c["report_id"],
                     "published_on": c["published_on"], "deadline": c["deadline"],
                     "days_after_deadline": c["days_after_deadline"]})
    listed = {c["report_id"] for c in cover.to_dicts() if c["report_id"]}
    if not (roster_only and has_roster):
        for card in cards.to_dicts():
            if card["report_id"] in listed:
                continue
            status = "late" if card["on_time"] is False else "published"
            rows.append({**{k: card.get(k) for k, _, _ in COLUMNS},
                         "organ": card["bureau_name"], "peer_group": _peer_group(card["admin_level"], card["organ_kind"]),
                         "bureau_id": card["bureau_id"],
                         "region": "".join(x for x in (card["province"], card["city"], card["county"]) if x),
                         "status": status if not has_roster else "unlisted" if status == "published" else status,
                         "deadline": card["deadline_on"]})
    for row in rows:
        row["failed_checks"] = _words(row, flags, check_words)
        if row["status"] == "unlisted" and row.get("on_time") is False:
            row["status"] = "late"
    schema = {k: pl.Utf8 for k, _, _ in COLUMNS}
    schema.update({"rank": pl.Int64, "published_on": pl.Date, "deadline": pl.Date, "days_after_deadline": pl.Int64,
                   "score": pl.Float64, "identities_failed": pl.Int64, "cross_year_failed": pl.Int64,
                   "prose_table_conflicts": pl.Int64, **{k: pl.Float64 for k in _RATE_COLUMNS}})
    schema["bureau_id"] = pl.Utf8  # not written out: the dashboard links each row to the bureau's page
    df = pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema, orient="row")
    df = df.with_columns(pl.col("score").rank("min", descending=True).over("peer_group").cast(pl.Int64).alias("rank"))
    return df.sort(["peer_group", "rank", "organ"], nulls_last=True)


def _shown(key: str, value):
    """A cell as the 通报 shows it: statuses and peer groups in Chinese."""
    if key == "status":
        return STATUS_ZH.get(value, value)
    if key == "peer_group":
        return PEER_ZH.get(value, value)
    return value


def write_scorecard(df: pl.DataFrame, out: str | Path, *, year: int, weights_path: str | Path | None = None) -> Path:
    df = df.select([k for k, _, _ in COLUMNS])
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".csv":
        with out.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel opens it as UTF-8
            w = csv.writer(fh)
            w.writerow([zh for _, zh, _ in COLUMNS])
            for row in df.iter_rows():
                w.writerow(["" if v is None else _shown(k, v) for (k, _, _), v in zip(COLUMNS, row)])
        return out
    if out.suffix.lower() != ".xlsx":
        raise ValueError(f"--out must end in .xlsx or .csv, not {out.suffix or '(nothing)'}")
    _write_xlsx(df, out, year, load_weights(weights_path))
    return out


def xlsx_bytes(df: pl.DataFrame, *, year: int, weights_path: str | Path | None = None) -> bytes:
    """The same XLSX as `write_scorecard`, in memory (the dashboard's download)."""
    import io

    buf = io.BytesIO()
    _write_xlsx(df.select([k for k, _, _ in COLUMNS]), buf, year, load_weights(weights_path))
    return buf.getvalue()


def _write_xlsx(df: pl.DataFrame, out, year: int, weights: dict[str, float]) -> None:
    from openpyxl import Workbook
    from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年度通报"
    sheet.append([zh for _, zh, _ in COLUMNS])
    for row in df.iter_rows():
        sheet.append([_shown(k, v) for (k, _, _), v in zip(COLUMNS, row)])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = wrap
    sheet.freeze_panes = "D2"  # the header and the rank, group and organ stay in view
    n = sheet.max_row
    for i, (key, zh, _) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        width = {"organ": 30, "region": 18, "failed_checks": 60, "report_id": 22}.get(key, max(10, len(zh) * 2 + 2))
        sheet.column_dimensions[letter].width = width
        if key in _RATE_COLUMNS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "0%"
        if key in ("published_on", "deadline"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "yyyy-mm-dd"
        if key == "failed_checks":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.alignment = wrap
        if n < 2:
            continue
        rng = f"{letter}2:{letter}{n}"
        if key == "score":
            sheet.conditional_formatting.add(rng, ColorScaleRule(start_type="num", start_value=0, start_color="F8696B",
                                                                 mid_type="num", mid_value=70, mid_color="FFEB84",
                                                                 end_type="num", end_value=100, end_color="63BE7B"))
        if key == "status":
            for text, colour in ((STATUS_ZH["missing"], "F8CBAD"), (STATUS_ZH["late"], "FFE699")):
                sheet.conditional_formatting.add(rng, CellIsRule(operator="equal", formula=[f'"{text}"'],
                                                                 fill=PatternFill("solid", bgColor=colour)))
        if key in ("text_reuse_prev", "frozen_figures"):
            sheet.conditional_formatting.add(rng, CellIsRule(operator="greaterThanOrEqual", formula=["0.5"],
                                                             fill=PatternFill("solid", bgColor="F8CBAD")))
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{n}"

    defs = book.create_sheet("指标说明")
    defs.append(["指标", "indicator", "label", "definition", "denominator", "NULL when", "source", "weight"])
    for i in indicators().values():
        defs.append([i.label_zh, i.indicator, i.label_en, i.definition, i.denominator, i.null_rule, i.source,
                     weights.get(i.indicator)])
    defs.append([])
    defs.append(["得分", "score", "score", "100 × Σ weight × goodness / Σ weight over the indicators known for the "
                 "report; rank: by score within the peer group (the roster's level)", "", "", "", None])
    defs.append(["法定期限", "deadline", "deadline", "from report year 2019: 1月31日 of the next year for departments, "
                 "3月31日 for governments; before: 3月31日 for all (formats.md §7)", "", "",
                 "《政府信息公开条例》第四十九条", None])
    for cell in defs[1]:
        cell.font = bold
    for letter, width in zip("ABCDEFGH", (14, 22, 26, 70, 30, 40, 40, 8)):
        defs.column_dimensions[letter].width = width
    for row in defs.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    defs.freeze_panes = "A2"
    book.save(out)
