"""Gazetteer lookups and organ names (etl.metadata.regions, etl.organs)."""
from __future__ import annotations

import pytest

from etl.organs import bureau_type, organ_kind
from etl.keys import bureau_key, expand_abbreviation
from etl.metadata.regions import resolve_region


@pytest.mark.parametrize("name,province,city,county,code,level", [
    ("淮北市商务局", "安徽省", "淮北市", None, "340600", "city"),           # the province is implied
    ("洪泽区人民政府", "江苏省", "淮安市", "洪泽区", "320813", "county"),    # district → city → province
    ("淮安市洪泽区人民政府", "江苏省", "淮安市", "洪泽区", "320813", "county"),
    ("江苏省淮安市人民政府", "江苏省", "淮安市", None, "320800", "city"),
    ("上海市科学技术委员会", "上海市", None, None, "310000", "province"),
    ("北京市朝阳区人民政府", "北京市", None, "朝阳区", "110105", "county"),
    ("仙桃市人民政府", "湖北省", None, "仙桃市", "429004", "county"),        # a county-level city under the province
    ("平潭综合实验区管委会", "福建省", "福州市", "平潭县", "350128", "city"),  # special zone (special_zones.csv)
])
def test_resolve_region(name, province, city, county, code, level):
    r = resolve_region(name)
    assert (r.province, r.city, r.county, r.code, r.level) == (province, city, county, code, level)


@pytest.mark.parametrize("name", ["鼓楼区人民政府", "朝阳区人民政府", "商务部", "市商务局", ""])
def test_ambiguous_or_no_region_is_not_guessed(name):
    assert resolve_region(name) is None


def test_county_under_its_named_city_is_not_ambiguous():
    assert resolve_region("南京市鼓楼区人民政府").code == "320106"
    assert resolve_region("福州市鼓楼区人民政府").code == "350102"


def _key(name):
    r = resolve_region(name)
    return bureau_key(name, r and r.province, r and r.city, r and r.county)


def test_same_organ_same_key():
    assert _key("洪泽区人民政府") == _key("淮安市洪泽区人民政府")
    assert _key("平潭综合实验区") == _key("平潭综合实验区管委会") == _key("平潭综合实验区管理委员会")
    assert _key("上海市科委") == _key("上海市科学技术委员会")
    assert _key("淮安市政府") == _key("淮安市人民政府")


def test_different_organs_different_keys():
    assert _key("平潭县人民政府") != _key("平潭综合实验区")
    assert _key("淮安市人民政府") != _key("洪泽区人民政府")
    assert _key("淮北市商务局") != _key("淮北市财政局")


@pytest.mark.parametrize("name,kind,btype", [
    ("淮北市商务局", "department", "商务"),
    ("上海市科学技术委员会", "department", "科技"),
    ("淮安市人民政府", "government", "人民政府"),
    ("淮安市人民政府办公室", "government", "人民政府"),
    ("平潭综合实验区", "government", "人民政府"),
    ("某市公安局", "department", "公安"),
    ("淮安市人民政府国有资产监督管理委员会", "department", "国有资产"),
])
def test_organ_kind_and_type(name, kind, btype):
    assert organ_kind(name) == kind
    assert bureau_type(name) == btype


def test_abbreviation_expanded():
    assert expand_abbreviation("上海市科委") == "上海市科学技术委员会"
    assert expand_abbreviation("淮北市商务局") == "淮北市商务局"


# Counties renamed or created after the date of cpca's code list (etl/metadata/region_updates.csv);
# codes checked by hand against the national division code list (GB/T 2260) of the year after.
@pytest.mark.parametrize("name,province,city,county,code", [
    ("宁波市奉化区人民政府", "浙江省", "宁波市", "奉化区", "330213"),   # 奉化市 → 奉化区, 2016
    ("奉化区教育局", "浙江省", "宁波市", "奉化区", "330213"),
    ("浙江省台州市玉环市人民政府", "浙江省", "台州市", "玉环市", "331083"),  # 玉环县 → 玉环市, 2017
    ("安庆市潜山市财政局", "安徽省", "安庆市", "潜山市", "340882"),    # 潜山县 → 潜山市, 2018
    ("龙港市人民政府", "浙江省", "温州市", "龙港市", "330383"),        # new in 2019, 温州市 administers it
])
def test_renamed_counties_resolve_as_counties(name, province, city, county, code):
    r = resolve_region(name)
    assert (r.province, r.city, r.county, r.code, r.level) == (province, city, county, code, "county")


def test_old_names_of_renamed_counties_still_resolve():
    # reports of the years before the rename use the old name and the old code
    assert resolve_region("奉化市人民政府").code == "330283"
    assert resolve_region("潜山县人民政府").code == "340824"


def test_every_named_since_county_of_the_demo_world_resolves():
    from etl.demo.organs import NAMED_SINCE, REGIONS
    for province, cities in REGIONS.items():
        for city, (counties, _) in cities.items():
            for county in (c for c in counties if c in NAMED_SINCE):
                r = resolve_region(f"{city}{county}人民政府")
                assert (r.province, r.city, r.county) == (province, city, county), county
