"""A government's admin level when the gazetteer does not know its region (issue 23): the name's
ending says it (metadata/government_levels.csv); …市人民政府 stays unknown (a city or a county-level city)."""
import pytest

from etl.extract.report_meta import _government_level


@pytest.mark.parametrize("name, region_level, expected", [
    ("某某县人民政府", None, "county"),  # not in the gazetteer: still a county
    ("某某县政府", None, "county"),
    ("某某自治县人民政府", None, "county"),
    ("某某区人民政府", None, "county"),
    ("某某旗人民政府", None, "county"),
    ("广西壮族自治区人民政府", None, "province"),
    ("某某自治州人民政府", None, "city"),
    ("某某市人民政府", None, None),
    ("某某镇人民政府", None, "township"),
    ("淮安市洪泽区人民政府", "county", "county"),  # the gazetteer's level first
    ("某某县人民政府", "city", "city"),
])
def test_government_level(name, region_level, expected):
    assert _government_level(name, region_level) == expected
