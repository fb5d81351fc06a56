"""The daily resumption figures on a day with known answers (DESIGN.md §5)."""

from datetime import date

from projects.selectors import daily_resumption
from tests.reports.conftest import DAY


def test_city_figures(city_day):
    city = daily_resumption(day=DAY)["city"]
    p = city_day
    assert {
        key: city[key]
        for key in (
            "under_construction",
            "working",
            "not_resumed",
            "not_reported",
            "suspended",
            "due",
            "on_time",
            "workers",
            "machinery",
        )
    } == {
        "under_construction": 5,
        "working": 3,
        "not_resumed": 2,
        "not_reported": 1,
        "suspended": 1,
        "due": 5,
        "on_time": 2,
        "workers": 110,
        "machinery": 9,
    }
    assert city["resumption_rate"] == 60.0  # 3 / 5
    assert city["timeliness"] == 40.0  # P1 and P8 on time of 5 due
    records = city["records"]
    assert sorted(records["under_construction"]) == sorted(
        [p[1].id, p[2].id, p[3].id, p[6].id, p[8].id]
    )
    assert sorted(records["not_resumed"]) == sorted([p[2].id, p[3].id])
    assert records["not_reported"] == [p[3].id] and records["suspended"] == [p[4].id]


def test_district_rows_and_named_lists(city_day, district_1, district_2):
    data = daily_resumption(day=DAY)
    east, west = data["districts"]
    assert (east["name"], east["under_construction"], east["working"], east["resumption_rate"]) == (
        "江东区",
        3,
        1,
        33.3,
    )
    assert (west["name"], west["under_construction"], west["working"], west["resumption_rate"]) == (
        "江西区",
        2,
        2,
        100.0,
    )
    assert [(r["name"], r["reason"], r["expected_resumption_on"]) for r in data["not_resumed"]] == [
        ("P2 未复工", "材料进场延迟", "2026-10-12")
    ]
    assert [r["name"] for r in data["not_reported"]] == ["P3 未报送"]
    assert data["working_day"] is True and data["official_calendar"] is True


def test_a_sunday_is_not_due(city_day):
    data = daily_resumption(day=date(2026, 10, 11))
    assert data["working_day"] is False
    assert data["city"]["due"] == 0 and data["city"]["timeliness"] is None


def test_no_project_under_construction_gives_no_rate(db, district_1):
    city = daily_resumption(day=DAY)["city"]
    assert city["under_construction"] == 0 and city["resumption_rate"] is None
