"""Text reuse and frozen figures through the whole build (extraction → text_shingles →
report_indicators → v_scorecard), on real reports of the shared corpus and copies made of them."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from etl.ingest import ingest

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
HONGZE_2023 = CORPUS / "001_huaian_hongzequ_2023.txt"
HUAIAN_2024 = CORPUS / "003_huaian_shi_2024.txt"


def _shift_years(text: str) -> str:
    return re.sub(r"20[12]\d", lambda m: str(int(m.group(0)) + 1), text)


def _change_numbers(text: str) -> str:
    return re.sub(r"(?<![\d-])(?!20[12]\d(?!\d))(\d{1,4})(?!\d)", lambda m: str(int(m.group(1)) * 3 + 7), text)


def _card(tmp_path: Path, next_year_text: str) -> dict:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hongze_2023.txt").write_bytes(HONGZE_2023.read_bytes())
    (folder / "hongze_2024.txt").write_text(next_year_text, encoding="utf-8")
    db = tmp_path / "r.duckdb"
    ingest([str(folder)], db, workers=1)
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute("SELECT * FROM v_scorecard WHERE year = 2024")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r)) for r in cur.fetchall()]
        n_shingles = con.execute("SELECT count(*) FROM text_shingles").fetchall()[0][0]
    finally:
        con.close()
    assert len(rows) == 1 and n_shingles > 100
    return rows[0]


def test_year_shifted_copy(tmp_path):
    card = _card(tmp_path, _shift_years(HONGZE_2023.read_text(encoding="utf-8")))
    assert card["bureau_name"].endswith("洪泽区人民政府") and card["previous_report_id"]
    assert card["text_reuse_prev"] >= 0.9
    assert card["frozen_figures"] >= 0.9  # every number as the year before


def test_year_shifted_copy_with_new_numbers(tmp_path):
    card = _card(tmp_path, _change_numbers(_shift_years(HONGZE_2023.read_text(encoding="utf-8"))))
    assert card["text_reuse_prev"] >= 0.9  # the words are last year's
    assert card["frozen_figures"] is not None and card["frozen_figures"] < 0.2


def test_another_organs_report_is_not_reuse(tmp_path):
    # 淮安市人民政府's 2024 report (the same 2021 template) under 洪泽区人民政府's name
    text = HUAIAN_2024.read_text(encoding="utf-8").replace("淮安市人民政府\n2024", "洪泽区人民政府\n2024", 1)
    card = _card(tmp_path, text)
    assert card["previous_report_id"] is not None
    assert card["text_reuse_prev"] < 0.25
