"""Roster files (CSV, GBK CSV, XLSX; duplicates; unknown columns) and matching roster names to
the bureaus of reports through the bureau key."""
from __future__ import annotations

import io

import openpyxl
import pytest

from etl.keys import bureau_key
from etl.metadata.regions import resolve_region
from etl.load.bureaus import _bureau_id
from etl.load.roster import RosterError, clean_name, match_roster, parse_roster, read_roster

CSV = "organ,region,level,parent,from_year,to_year\n淮北市商务局,安徽省淮北市,department,淮北市人民政府,2019,\n洪泽区人民政府,江苏省淮安市,county,,,2023\n"


def test_csv_rows_and_years():
    r = parse_roster(CSV.encode("utf-8"), "r.csv")
    assert [row["organ"] for row in r.rows] == ["淮北市商务局", "洪泽区人民政府"]
    assert r.rows[0]["from_year"] == 2019 and r.rows[0]["to_year"] is None
    assert r.rows[1]["to_year"] == 2023 and r.rows[1]["level"] == "county"
    assert r.rows[0]["roster_row"] == 2 and r.rows[1]["roster_row"] == 3
    assert len(r.sha256) == 64


def test_gbk_csv_is_read():
    r = parse_roster(CSV.encode("gbk"), "r.csv")
    assert r.rows[1]["organ"] == "洪泽区人民政府"
    assert r.rows[0]["parent"] == "淮北市人民政府"


def test_utf8_bom_header():
    r = parse_roster(("\ufeff" + CSV).encode("utf-8"), "r.csv")
    assert r.rows[0]["organ"] == "淮北市商务局"


def test_xlsx_first_sheet(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Organ", "from_year"])  # header case does not matter
    sheet.append(["淮北市财政局", 2020])  # a year typed as a number
    sheet.append([None, None])  # blank rows are skipped
    sheet.append(["淮北市（商务局）", None])
    path = tmp_path / "r.xlsx"
    book.save(path)
    r = read_roster(path)
    assert [row["organ"] for row in r.rows] == ["淮北市财政局", "淮北市(商务局)"]
    assert r.rows[0]["from_year"] == 2020


def test_duplicate_rows_are_dropped_and_counted():
    text = "organ,region\n淮北市商务局,\n淮北市 商务局,\n淮北市商务局,安徽省淮北市\n"
    r = parse_roster(text.encode(), "r.csv")
    assert [(row["organ"], row["region"]) for row in r.rows] == [("淮北市商务局", None), ("淮北市商务局", "安徽省淮北市")]
    assert r.duplicates == 1


@pytest.mark.parametrize("text, words", [
    ("organ,regoin\nx,y\n", "unknown column(s) regoin"),
    ("name,region\nx,y\n", "unknown column(s) name"),
    ("region\n安徽省\n", "no `organ` column"),
    ("organ,level\n淮北市商务局,bureau\n", "level 'bureau'"),
    ("organ,from_year\n淮北市商务局,二〇一九\n", "from_year '二〇一九' is not a year"),
    ("organ,from_year,to_year\n淮北市商务局,2022,2020\n", "after to_year"),
    ("organ\n\n", "no organ rows"),
])
def test_bad_rosters_say_why(text, words):
    with pytest.raises(RosterError) as err:
        parse_roster(text.encode(), "r.csv")
    assert words in str(err.value)
    assert "\n" not in str(err.value)


def test_not_a_roster_file(tmp_path):
    with pytest.raises(RosterError, match="expected a .csv or .xlsx"):
        parse_roster(b"x", "r.pdf")
    with pytest.raises(RosterError, match="not a readable XLSX"):
        parse_roster(b"not a zip", "r.xlsx")
    with pytest.raises(RosterError):
        read_roster(tmp_path / "missing.csv")


def test_clean_name_drops_wrapper_and_widths():
    assert clean_name(" 关于淮北市商务局 ") == "淮北市商务局"
    assert clean_name("淮北市商务局的函") == "淮北市商务局"
    assert clean_name("淮安市人民政府办公室（政务公开办）") == "淮安市人民政府办公室(政务公开办)"


def _bureau_of(report_name: str) -> dict:
    """The bureaus row a report signed `report_name` would get (as etl.load.bureaus does it)."""
    r = resolve_region(report_name)
    key = bureau_key(report_name, *((r.province, r.city, r.county) if r else (None, None, None)))
    return {"bureau_id": _bureau_id(key), "bureau_name": report_name}


@pytest.mark.parametrize("roster_organ, region, aliases, report_name, how", [
    ("淮安市洪泽区人民政府", None, None, "洪泽区人民政府", "key"),  # the report drops the city
    ("洪泽区人民政府", "江苏省淮安市", None, "淮安市洪泽区人民政府", "key"),  # the roster does
    ("商务局", "安徽省淮北市", None, "淮北市商务局", "key"),  # the region column completes the name
    ("平潭综合实验区管理委员会", None, None, "平潭综合实验区管委会", "key"),  # 管理委员会 = 管委会
    ("上海市科委", None, None, "上海市科学技术委员会", "key"),  # abbreviation
    ("关于淮北市商务局的函", None, None, "淮北市商务局", "key"),  # 函 wrapper
    ("淮北市商务局", None, "淮北市商务和粮食局", "淮北市商务和粮食局", "key"),  # an old name
])
def test_name_variants_match(roster_organ, region, aliases, report_name, how):
    bureau = _bureau_of(report_name)
    row = {"roster_row": 2, "organ": clean_name(roster_organ), "region": region, "aliases": aliases}
    (out,) = match_roster([row], [bureau], [{"bureau_id": bureau["bureau_id"], "name_variant": report_name}])
    assert out["bureau_id"] == bureau["bureau_id"] and out["matched_by"] == how
    assert out["bureau_name"] == report_name


def test_name_variant_of_reports_matches_when_the_key_does_not():
    # a bureau whose reports carry no resolvable region: its printed name still matches exactly
    bureau = {"bureau_id": "b1", "bureau_name": "某某管理中心"}
    row = {"roster_row": 2, "organ": "某某管理中心", "region": None, "aliases": None}
    (out,) = match_roster([row], [bureau], [{"bureau_id": "b1", "name_variant": "某某管理中心"}])
    assert (out["bureau_id"], out["matched_by"]) == ("b1", "name")


def test_different_organs_do_not_match():
    bureau = _bureau_of("淮北市商务局")
    rows = [{"roster_row": 2, "organ": "淮北市财政局", "region": None, "aliases": None},
            {"roster_row": 3, "organ": "淮南市商务局", "region": None, "aliases": None},
            {"roster_row": 4, "organ": "商务局", "region": "安徽省淮南市", "aliases": None}]
    out = match_roster(rows, [bureau], [{"bureau_id": bureau["bureau_id"], "name_variant": "淮北市商务局"}])
    assert [o["bureau_id"] for o in out] == [None, None, None]


def test_organ_kind_from_name_then_level():
    rows = [{"roster_row": 2, "organ": "淮北市商务局", "region": None, "level": None, "aliases": None},
            {"roster_row": 3, "organ": "淮北市人民政府", "region": None, "level": None, "aliases": None},
            {"roster_row": 4, "organ": "淮北市某某公司", "region": None, "level": "department", "aliases": None},
            {"roster_row": 5, "organ": "某某集团", "region": None, "level": "county", "aliases": None},
            # a general office is at department level but keeps its government's deadline (3月31日)
            {"roster_row": 6, "organ": "杭州市人民政府办公室", "region": None, "level": "department", "aliases": None}]
    assert [o["organ_kind"] for o in match_roster(rows, [], [])] == [
        "department", "government", "department", "government", "government"]
