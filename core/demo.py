"""The fictional demo city's regions (seed_demo): 江州市, its districts and their streets."""

from core.models import Region

CITY = ("990100", "江州市")
# (name, is_development_zone) in division-code order; a smaller city uses the first ones.
DISTRICTS = [
    ("江东区", False),
    ("江西区", False),
    ("城南区", False),
    ("城北区", False),
    ("河口区", False),
    ("临湖区", False),
    ("青山区", False),
    ("白沙区", False),
    ("望岳县", False),
    ("宁川市", False),
    ("江州高新区", True),
    ("江州经开区", True),
]
STREET_STEMS = [
    "解放路",
    "人民路",
    "和平",
    "东风",
    "建设路",
    "新华",
    "朝阳",
    "滨江",
    "红星",
    "长青",
]


def seed_regions(*, districts: int) -> tuple[Region, list[Region]]:
    """The city and its first `districts` districts, each with four streets."""
    city = Region.objects.create(code=CITY[0], name=CITY[1], level=Region.Level.CITY)
    created = []
    for index, (name, zone) in enumerate(DISTRICTS[:districts], start=2):
        district = Region.objects.create(
            code=f"9901{index:02d}",
            name=name,
            level=Region.Level.DISTRICT,
            parent=city,
            is_development_zone=zone,
            expropriation_department=f"{name}住房保障和房屋征收办公室",
        )
        created.append(district)
        suffix = "镇" if name.endswith("县") else "街道"
        Region.objects.bulk_create(
            Region(
                code=f"{district.code}{s:03d}",
                name=f"{stem}{suffix}",
                level=Region.Level.STREET,
                parent=district,
            )
            for s, stem in enumerate(STREET_STEMS[:4], start=1)
        )
    return city, created
