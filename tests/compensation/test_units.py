"""Resettlement units: the developer's list imported through the roster reader (row and column
errors, nothing written unless all is valid; a chosen unit never changed by a file), a unit
added by hand, the site's grid and the API."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compensation.importers import import_units
from compensation.models import ResettlementUnit
from projects.models import ResettlementBuilding, ResettlementSite
from tests.factories import ProjectFactory


@pytest.fixture
def site(district_1):
    site = ResettlementSite.objects.create(name="江东锦苑", district=district_1)
    for name in ("1号楼", "2号楼"):
        ResettlementBuilding.objects.create(site=site, name=name, units=40)
    return site


def sheet(rows, header=("楼栋", "房号", "楼层", "建筑面积", "户型", "朝向")) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["江东锦苑房源清单"])
    workbook.active.append(list(header))
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = [
    ("1号楼", "1-501", 5, "89.52", "两室一厅", "南北"),
    ("1号楼", "1-502", 5, 75.3, "两室一厅", ""),
    ("2号楼", "2-101", 1, "120", "三室两厅", "南"),
]


def test_the_developers_list_adds_then_updates_units(db, site, official_1):
    checked = import_units(
        site=site, content=sheet(GOOD), filename="房源.xlsx", user=official_1, dry_run=True
    )
    assert (checked.errors, checked.created) == ([], 3) and not ResettlementUnit.objects.exists()
    import_units(
        site=site, content=sheet(GOOD), filename="房源.xlsx", user=official_1, dry_run=False
    )
    unit = ResettlementUnit.objects.get(unit_no="1-502")
    assert (unit.floor, str(unit.area), unit.status) == (5, "75.30", "available")
    again = import_units(
        site=site,
        content=sheet([("1号楼", "1-502", 5, "76", "两室两厅", "南")]),
        filename="房源.xlsx",
        user=official_1,
        dry_run=False,
    )
    assert (again.created, again.updated) == (0, 1)
    unit.refresh_from_db()
    assert (str(unit.area), unit.layout) == ("76.00", "两室两厅")


def test_bad_rows_are_named_and_nothing_is_written(db, site, official_1):
    ResettlementUnit.objects.create(
        building=ResettlementBuilding.objects.get(site=site, name="2号楼"),
        unit_no="2-101",
        floor=1,
        area="120",
        layout="三室两厅",
        status="allocated",
    )
    rows = [
        ("3号楼", "3-101", 1, "90", "两室", ""),  # no such building
        ("1号楼", "1-101", "一", "90", "两室", ""),  # floor not a number
        ("1号楼", "1-102", 1, "9e9", "两室", ""),  # area out of range
        ("1号楼", "1-103", 1, "90", "", ""),  # no layout
        ("1号楼", "1-104", 1, "90", "两室", ""),
        ("1号楼", "1-104", 1, "90", "两室", ""),  # twice
        ("2号楼", "2-101", 1, "121", "三室两厅", ""),  # chosen already
    ]
    result = import_units(
        site=site, content=sheet(rows), filename="房源.xlsx", user=official_1, dry_run=False
    )
    assert [(e["row"], e["column"]) for e in result.errors] == [
        (3, "楼栋"),
        (4, "楼层"),
        (5, "建筑面积"),
        (6, "户型"),
        (8, "房号"),
        (9, "房号"),
    ]
    assert "已选定" in result.errors[-1]["message"]
    assert ResettlementUnit.objects.count() == 1
    missing = import_units(
        site=site,
        content=sheet(GOOD, header=("楼栋", "房号")),
        filename="x.xlsx",
        user=official_1,
        dry_run=False,
    )
    assert missing.errors[0]["row"] is None and "楼层" in missing.errors[0]["message"]


def test_a_unit_added_by_hand_and_the_grid(client, site, official_1, official_2):
    client.force_login(official_1)
    building = ResettlementBuilding.objects.get(name="1号楼")
    url = f"/compensation/sites/{site.pk}/units/"
    added = client.post(
        f"{url}add/",
        {
            "unit-building": building.pk,
            "unit-unit_no": "1-301",
            "unit-floor": 3,
            "unit-area": "88.5",
            "unit-layout": "两室一厅",
            "unit-orientation": "南",
        },
        follow=True,
    )
    assert "房源已添加" in added.content.decode()
    twice = client.post(
        f"{url}add/",
        {
            "unit-building": building.pk,
            "unit-unit_no": "1-301",
            "unit-floor": 3,
            "unit-area": "88.5",
            "unit-layout": "两室一厅",
        },
        follow=True,
    )
    assert ResettlementUnit.objects.count() == 1 and "alert-danger" in twice.content.decode()
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    import_units(
        site=site, content=sheet(GOOD), filename="房源.xlsx", user=official_1, dry_run=False
    )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(one) and "1-501" in page and "89.52" in page
    # An official whose project the site serves sees its units, but does not change them.
    ProjectFactory(district=official_2.scope_region).resettlement_sites.add(site)
    client.force_login(official_2)
    assert client.get(url).status_code == 200
    assert client.post(f"{url}import/", {}).status_code == 404


def test_the_api_lists_units_by_site_and_status(client, site, official_1):
    import_units(
        site=site, content=sheet(GOOD), filename="房源.xlsx", user=official_1, dry_run=False
    )
    client.force_login(official_1)
    body = client.get(f"/api/v1/units/?site={site.pk}&status=available").json()
    assert sorted(u["unit_no"] for u in body["results"]) == ["1-501", "1-502", "2-101"]


def test_text_a_unit_cannot_store_is_named_not_cut_nor_a_crash(db, site, official_1):
    """A NUL pasted into a cell passed the check and stopped the write with an error page;
    an orientation longer than the field was cut short without a word."""
    content = (
        "楼栋,房号,楼层,建筑面积,户型,朝向\n"
        "1号楼,1-501\x00,5,90,两室,南\n"
        "1号楼,1-502,5,90,两室\x07一厅,南\n"
        f"1号楼,1-503,5,90,两室,{'南北通透' * 6}\n"
    ).encode()
    for dry_run in (True, False):
        result = import_units(
            site=site, content=content, filename="房源.csv", user=official_1, dry_run=dry_run
        )
        assert [(e["row"], e["column"]) for e in result.errors] == [
            (2, "房号"),
            (3, "户型"),
            (4, "朝向"),
        ]
    assert "不能超过 20 个字" in result.errors[-1]["message"]
    assert not ResettlementUnit.objects.exists()
