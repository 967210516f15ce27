"""The organs that publish demo reports: real places, real kinds of organ, generated figures.

Regions and bureau types are data. `size` scales every count an organ reports (a province
government handles far more requests than a township); `activity` says which 表二 rows a bureau
type is busy with (a 公安局 punishes, a 市场监督管理局 licenses, an 教育局 does little of either).
"""
from __future__ import annotations

import random
from dataclasses import dataclass

# province → city → (counties, townships of the first county). All real names.
REGIONS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "安徽省": {
        "合肥市": (("蜀山区", "包河区", "肥西县"), ("稻香村街道", "琥珀街道")),
        "淮北市": (("相山区", "濉溪县", "杜集区"), ("东街道", "西街道")),
        "芜湖市": (("镜湖区", "弋江区"), ("张家山街道",)),
    },
    "江苏省": {
        "淮安市": (("洪泽区", "淮阴区", "涟水县"), ("高良涧街道", "岔河镇")),
        "南京市": (("玄武区", "江宁区"), ("梅园新村街道",)),
        "苏州市": (("吴江区", "昆山市"), ("松陵街道",)),
    },
    "福建省": {
        "福州市": (("鼓楼区", "晋安区", "闽侯县"), ("鼓东街道", "温泉街道")),
        "厦门市": (("思明区", "湖里区"), ("中华街道",)),
        "莆田市": (("仙游县", "城厢区"), ("鲤城街道",)),
    },
    "浙江省": {
        "杭州市": (("西湖区", "余杭区"), ("北山街道", "西溪街道")),
        "温州市": (("鹿城区", "瓯海区"), ("五马街道",)),
        "丽水市": (("莲都区", "缙云县"), ("紫金街道",)),
    },
    "广东省": {
        "湛江市": (("徐闻县", "霞山区"), ("徐城街道",)),
        "深圳市": (("龙岗区", "福田区"), ("龙城街道",)),
    },
}


@dataclass(frozen=True)
class BureauType:
    key: str
    suffix: str  # appended to the region name: 商务局
    province_suffix: str  # at province level departments are 厅 / 委员会
    size: float
    licensing: float
    punishment: float
    coercion: float
    fees: float


BUREAU_TYPES = (
    BureauType("commerce", "商务局", "商务厅", 0.6, 1.0, 0.2, 0.0, 0.2),
    BureauType("finance", "财政局", "财政厅", 0.8, 0.1, 0.3, 0.0, 0.5),
    BureauType("education", "教育局", "教育厅", 1.2, 0.8, 0.1, 0.0, 0.3),
    BureauType("police", "公安局", "公安厅", 1.8, 3.0, 8.0, 2.0, 1.0),
    BureauType("health", "卫生健康委员会", "卫生健康委员会", 1.0, 2.0, 1.0, 0.3, 0.4),
    BureauType("market", "市场监督管理局", "市场监督管理局", 1.4, 6.0, 3.0, 1.0, 0.6),
    BureauType("natural_resources", "自然资源和规划局", "自然资源厅", 2.0, 2.0, 1.0, 0.5, 1.5),
    BureauType("human_resources", "人力资源和社会保障局", "人力资源和社会保障厅", 1.5, 1.0, 0.5, 0.0, 0.3),
    BureauType("ecology", "生态环境局", "生态环境厅", 1.0, 1.0, 1.5, 0.5, 0.2),
    BureauType("development", "发展和改革委员会", "发展和改革委员会", 1.0, 1.5, 0.2, 0.0, 0.3),
    BureauType("civil_affairs", "民政局", "民政厅", 0.8, 0.8, 0.2, 0.0, 0.1),
    BureauType("justice", "司法局", "司法厅", 0.7, 0.6, 0.3, 0.0, 0.1),
    BureauType("housing", "住房和城乡建设局", "住房和城乡建设厅", 1.6, 3.0, 1.5, 0.5, 1.0),
    BureauType("transport", "交通运输局", "交通运输厅", 1.1, 2.5, 4.0, 1.0, 0.8),
    BureauType("agriculture", "农业农村局", "农业农村厅", 0.9, 1.2, 0.6, 0.2, 0.2),
    BureauType("water", "水利局", "水利厅", 0.7, 1.0, 0.4, 0.1, 0.6),
    BureauType("culture", "文化和旅游局", "文化和旅游厅", 0.6, 1.0, 0.8, 0.1, 0.1),
    BureauType("emergency", "应急管理局", "应急管理厅", 0.8, 0.8, 1.5, 0.3, 0.1),
    BureauType("statistics", "统计局", "统计局", 0.4, 0.0, 0.2, 0.0, 0.0),
    BureauType("medical_insurance", "医疗保障局", "医疗保障局", 0.9, 0.2, 0.5, 0.0, 0.0),
    BureauType("audit", "审计局", "审计厅", 0.4, 0.0, 0.1, 0.0, 0.0),
)
GOVERNMENT = BureauType("government", "人民政府", "人民政府", 3.0, 4.0, 4.0, 1.0, 3.0)
GENERAL_OFFICE = BureauType("general_office", "人民政府办公室", "人民政府办公厅", 1.0, 0.05, 0.05, 0.0, 0.1)

# More cities, one line each: province|city|its counties and districts (all real; no townships).
_MORE_CITIES = """
安徽省|蚌埠市|龙子湖区 蚌山区 禹会区 淮上区 怀远县 五河县 固镇县
安徽省|阜阳市|颍州区 颍东区 颍泉区 临泉县 太和县 阜南县 颍上县 界首市
安徽省|安庆市|迎江区 大观区 宜秀区 怀宁县 太湖县 宿松县 望江县 岳西县 桐城市 潜山市
安徽省|六安市|金安区 裕安区 叶集区 霍邱县 舒城县 金寨县 霍山县
安徽省|宿州市|埇桥区 砀山县 萧县 灵璧县 泗县
江苏省|徐州市|鼓楼区 云龙区 贾汪区 泉山区 铜山区 丰县 沛县 睢宁县 新沂市 邳州市
江苏省|盐城市|亭湖区 盐都区 大丰区 响水县 滨海县 阜宁县 射阳县 建湖县 东台市
江苏省|扬州市|广陵区 邗江区 江都区 宝应县 仪征市 高邮市
江苏省|无锡市|梁溪区 锡山区 惠山区 滨湖区 新吴区 江阴市 宜兴市
江苏省|常州市|天宁区 钟楼区 新北区 武进区 金坛区 溧阳市
福建省|泉州市|鲤城区 丰泽区 洛江区 泉港区 惠安县 安溪县 永春县 德化县 石狮市 晋江市 南安市
福建省|漳州市|芗城区 龙文区 云霄县 漳浦县 诏安县 东山县 南靖县 平和县 华安县
福建省|南平市|延平区 建阳区 顺昌县 浦城县 光泽县 松溪县 政和县 邵武市 武夷山市 建瓯市
福建省|龙岩市|新罗区 永定区 长汀县 上杭县 武平县 连城县 漳平市
福建省|宁德市|蕉城区 霞浦县 古田县 屏南县 寿宁县 周宁县 柘荣县 福安市 福鼎市
浙江省|宁波市|海曙区 江北区 北仑区 镇海区 鄞州区 奉化区 象山县 宁海县 余姚市 慈溪市
浙江省|嘉兴市|南湖区 秀洲区 嘉善县 海盐县 海宁市 平湖市 桐乡市
浙江省|湖州市|吴兴区 南浔区 德清县 长兴县 安吉县
浙江省|绍兴市|越城区 柯桥区 上虞区 新昌县 诸暨市 嵊州市
浙江省|金华市|婺城区 金东区 武义县 浦江县 磐安县 兰溪市 义乌市 东阳市 永康市
浙江省|台州市|椒江区 黄岩区 路桥区 三门县 天台县 仙居县 温岭市 临海市 玉环市
广东省|广州市|越秀区 海珠区 荔湾区 天河区 白云区 黄埔区 番禺区 花都区 南沙区 从化区 增城区
广东省|佛山市|禅城区 南海区 顺德区 三水区 高明区
广东省|汕头市|金平区 龙湖区 濠江区 潮阳区 潮南区 澄海区 南澳县
广东省|韶关市|武江区 浈江区 曲江区 始兴县 仁化县 翁源县 新丰县 乐昌市 南雄市
广东省|江门市|蓬江区 江海区 新会区 台山市 开平市 鹤山市 恩平市
浙江省|衢州市|柯城区 衢江区 常山县 开化县 龙游县 江山市
浙江省|舟山市|定海区 普陀区 岱山县 嵊泗县
安徽省|滁州市|琅琊区 南谯区 来安县 全椒县 定远县 凤阳县 天长市 明光市
安徽省|马鞍山市|花山区 雨山区 博望区 当涂县 含山县 和县
"""
for _line in _MORE_CITIES.strip().splitlines():
    _province, _city, _counties = _line.split("|")
    REGIONS[_province][_city] = (tuple(_counties.split()), ())

# Counties that got their present name recently: an organ there publishes only from that report year
# (洪泽县 became 洪泽区 in 2016), so that the name fits the year.
NAMED_SINCE = {"洪泽区": 2017, "吴江区": 2013, "叶集区": 2016, "潜山市": 2019, "铜山区": 2011, "大丰区": 2016,
               "江都区": 2012, "梁溪区": 2016, "新吴区": 2016, "金坛区": 2016, "建阳区": 2015, "永定区": 2015,
               "奉化区": 2017, "柯桥区": 2014, "上虞区": 2014, "玉环市": 2018, "从化区": 2015, "增城区": 2015,
               "博望区": 2013}

# How big an organ is, by the level of its region (multiplies the bureau type's size).
LEVEL_SIZE = {"province": 12.0, "city": 4.0, "county": 1.2, "township": 0.25}


@dataclass(frozen=True)
class Organ:
    bureau_name: str
    province: str
    city: str | None
    county: str | None
    admin_level: str  # vocab.ADMIN_LEVELS
    organ_kind: str  # vocab.ORGAN_KINDS: government (3月31日) or department (1月31日)
    region_level: str  # the level of the region the organ belongs to
    bureau_type: BureauType
    size: float
    self_name: str  # how the report refers to the organ in its own prose: 我局, 我区, 本机关

    @property
    def is_government(self) -> bool:
        return self.bureau_type.key == "government"


def _self_name(bt: BureauType, region_level: str, region: str) -> str:
    if bt.key == "government":
        if region_level == "township":
            return "我镇" if region.endswith("镇") else "本街道"
        return {"province": "我省", "city": "我市", "county": "我" + region[-1]}[region_level]
    suffix = bt.province_suffix if region_level == "province" else bt.suffix
    if bt.key == "general_office":
        return "我厅" if suffix.endswith("厅") else "我办"
    return "我" + suffix[-1] if suffix[-1] in "局厅" else "我委"


def _organ(province: str, city: str | None, county: str | None, township: str | None, bt: BureauType,
           rng: random.Random) -> Organ:
    if township:
        level, region, prefix = "township", township, f"{county}"
        name = township + ("办事处" if township.endswith("街道") else "人民政府")
    elif county:
        level, region, prefix = "county", county, f"{city}{county}"
        name = prefix + bt.suffix
    elif city:
        level, region, prefix = "city", city, city
        name = city + bt.suffix
    else:
        level, region, prefix = "province", province, province
        name = province + bt.province_suffix
    if township:
        name = f"{city}{county}{name}"
    is_gov = bt.key == "government"
    admin_level = level if is_gov else "department"
    organ_kind = "government" if bt.key in ("government", "general_office") else "department"
    size = LEVEL_SIZE[level] * bt.size * rng.uniform(0.6, 1.6)
    return Organ(name, province, city, county, admin_level, organ_kind, level, bt, size,
                 _self_name(bt, level, region))


def all_organs(rng: random.Random) -> list[Organ]:
    """Every organ of the demo world, in a stable order (the rng only draws their sizes)."""
    out: list[Organ] = []
    for province, cities in REGIONS.items():
        out.append(_organ(province, None, None, None, GOVERNMENT, rng))
        out.append(_organ(province, None, None, None, GENERAL_OFFICE, rng))
        for bt in BUREAU_TYPES[:4]:
            out.append(_organ(province, None, None, None, bt, rng))
        for city, (counties, townships) in cities.items():
            out.append(_organ(province, city, None, None, GOVERNMENT, rng))
            out.append(_organ(province, city, None, None, GENERAL_OFFICE, rng))
            for bt in BUREAU_TYPES:
                out.append(_organ(province, city, None, None, bt, rng))
            for county in counties:
                out.append(_organ(province, city, county, None, GOVERNMENT, rng))
                for bt in BUREAU_TYPES:
                    out.append(_organ(province, city, county, None, bt, rng))
            for township in townships:
                out.append(_organ(province, city, counties[0], township, GOVERNMENT, rng))
    return out
