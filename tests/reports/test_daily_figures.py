"""The daily resumption figures on a day with known answers (DESIGN.md §5)."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.selectors import daily_resumption, daily_resumptions
from tests.reports.conftest import DAY, filed_status


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


def test_several_days_at_once_are_each_day_as_alone(city_day, official_1):
    """The weekly report asks for a week's days in one call: each day's figures are the
    day's own (its statuses, its construction states), and the days together run the
    queries of one day: the districts, projects, status log and statuses are read once."""
    filed_status(city_day[2], official_1, "working", late=False, workers=7, day=date(2026, 10, 16))
    # a working Friday, the working Saturday, a Sunday, after P8 suspended, after P7 started
    days = [date(2026, 10, 9), DAY, date(2026, 10, 11), date(2026, 10, 16), date(2026, 10, 21)]
    alone = {day: daily_resumption(day=day) for day in days}
    with CaptureQueriesContext(connection) as one_day:
        daily_resumption(day=DAY)
    with CaptureQueriesContext(connection) as together:
        assert daily_resumptions(days=days) == alone
    assert len(together) == len(one_day)
    assert alone[date(2026, 10, 16)]["city"]["working"] == 1  # P2's own status that day
    assert alone[DAY]["city"]["working"] == 3
    # each day's construction states from the log: P8 suspended on the 15th, P7 started on
    # the 20th
    records = {day: alone[day]["city"]["records"] for day in days}
    assert sorted(records[DAY]["suspended"]) == [city_day[4].id]
    assert sorted(records[date(2026, 10, 16)]["suspended"]) == [city_day[4].id, city_day[8].id]
    assert city_day[7].id not in records[date(2026, 10, 16)]["under_construction"]
    assert city_day[7].id in records[date(2026, 10, 21)]["under_construction"]
    assert daily_resumptions(days=[]) == {}
