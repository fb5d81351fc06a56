"""The fictional demo city: its regions and a few projects per district (seed_demo)."""

import random

from projects.models import Project, Region

CITY = ("990100", "江州市")
# (name, is_development_zone) in division-code order; `small` uses the first six.
DISTRICTS = [
    ("江东区", False), ("江西区", False), ("城南区", False), ("城北区", False),
    ("河口区", False), ("临湖区", False), ("青山区", False), ("白沙区", False),
    ("望岳县", False), ("宁川市", False), ("江州高新区", True), ("江州经开区", True),
]
STREET_STEMS = ["解放路", "人民路", "和平", "东风", "建设路", "新华", "朝阳", "滨江", "红星", "长青"]
PROJECT_STEMS = [
    "老火车站片区", "纺织厂宿舍区", "机械厂职工住宅区", "老城墙根片区", "粮站片区", "糖厂片区",
    "船厂生活区", "棉纺三厂片区", "水泥厂片区", "烟厂宿舍片区", "南门口片区", "北关片区",
    "铁路新村片区", "化肥厂片区", "砖瓦厂片区", "西湖村城中村", "东岗村城中村", "老电厂片区",
]
SCALES = {"small": {"districts": 6, "projects": 5}, "city": {"districts": 12, "projects": 100}}


def seed_regions(*, scale: str) -> tuple[Region, list[Region]]:
    city = Region.objects.create(code=CITY[0], name=CITY[1], level=Region.Level.CITY)
    districts = []
    for index, (name, zone) in enumerate(DISTRICTS[: SCALES[scale]["districts"]], start=2):
        district = Region.objects.create(
            code=f"9901{index:02d}", name=name, level=Region.Level.DISTRICT,
            parent=city, is_development_zone=zone,
        )
        districts.append(district)
        suffix = "镇" if name.endswith("县") else "街道"
        Region.objects.bulk_create(
            Region(
                code=f"{district.code}{s:03d}", name=f"{stem}{suffix}",
                level=Region.Level.STREET, parent=district,
            )
            for s, stem in enumerate(STREET_STEMS[:4], start=1)
        )
    return city, districts


def seed_projects(*, scale: str, districts: list[Region], rng: random.Random) -> list[Project]:
    streets_of = {}
    for street in Region.objects.streets():
        streets_of.setdefault(street.parent_id, []).append(street)
    projects = []
    year = 2026
    for district in districts:
        for number in range(1, SCALES[scale]["projects"] + 1):
            street = rng.choice(streets_of[district.id])
            stem = PROJECT_STEMS[(number - 1) % len(PROJECT_STEMS)]
            lot = "" if number <= len(PROJECT_STEMS) else f"（{(number - 1) // len(PROJECT_STEMS) + 1}期）"
            projects.append(Project(
                code=f"PG{year}-{district.code[-2:]}-{number:03d}",
                name=f"{district.name}{stem}棚户区改造项目{lot}",
                district=district, street=street,
            ))
    return Project.objects.bulk_create(projects, batch_size=2000)
