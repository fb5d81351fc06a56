"""What is due on a day is defined once (projects.selectors.projects_filing_on) and read by
the filing sheet, the reporting overview and the daily report alike."""

from datetime import date

import pytest
import time_machine

from projects.selectors import daily_reporting_overview, daily_resumption, daily_status_sheet
from tests.factories import ProjectFactory

WEDNESDAY = date(2026, 11, 25)  # a working day
MAKEUP_SATURDAY = date(2026, 10, 10)  # 调休: a Saturday worked in place of a National Day holiday
SUNDAY = date(2026, 11, 22)


@pytest.fixture
def sites(district_1):
    return {
        "building": ProjectFactory(district=district_1, construction_status="under_construction"),
        "suspended": ProjectFactory(district=district_1, construction_status="suspended"),
        "not_started": ProjectFactory(district=district_1),
    }


@pytest.mark.parametrize(("day", "due"), [(WEDNESDAY, 1), (MAKEUP_SATURDAY, 1), (SUNDAY, 0)])
@time_machine.travel("2026-11-26 09:00 +0800", tick=False)
def test_the_overview_and_the_report_count_the_same_due_statuses(
    city_staff, official_1, sites, day, due
):
    overview = daily_reporting_overview(user=city_staff, day=day)
    report = daily_resumption(day=day)
    assert overview.due == report["city"]["due"] == due
    # Nothing was filed: every due status is missing, on the page and in the report.
    assert len(overview.missing) == due
    assert report["city"]["not_reported"] == 1  # under construction, whatever the day
    # The filing sheet offers both filing projects every day, due or not.
    rows = daily_status_sheet(user=official_1, day=day)
    assert {row.project for row in rows} == {sites["building"], sites["suspended"]}


@time_machine.travel("2026-11-26 09:00 +0800", tick=False)
def test_a_suspended_project_files_but_is_not_due(city_staff, sites):
    overview = daily_reporting_overview(user=city_staff, day=WEDNESDAY)
    assert [p["id"] for p in overview.missing] == [sites["building"].pk]
    assert daily_resumption(day=WEDNESDAY)["city"]["suspended"] == 1


@time_machine.travel("2026-11-25 09:00 +0800", tick=False)
def test_the_sheet_says_a_suspended_project_files_but_is_not_due(client, official_1, sites):
    """The sheet listed six, the home and the overview counted five due: the suspended row
    said 未填报 like the others."""
    client.force_login(official_1)
    html = client.get("/projects/daily/").content.decode()
    rows = html.split('data-testid="daily-row"')[1:]
    by_project = {p: next(r for r in rows if sites[p].name in r) for p in ("building", "suspended")}
    assert "停工，不计应报" in by_project["suspended"] and "未填报" not in by_project["suspended"]
    assert "未填报" in by_project["building"] and "停工，不计应报" not in by_project["building"]
    assert "停工项目也在此填报停工原因与预计复工日期，但不计入应报数。" in html


def test_a_suspended_projects_status_after_the_cut_off_is_not_late(official_1, sites):
    """It owes nothing, so it cannot be late: the sheet marked it 迟报 beside a count of
    filed statuses that left it out."""
    from projects.models import DailyStatus
    from projects.services import daily_status_submit

    rows = [
        {"project": sites["building"], "status": "working", "workers_on_site": 20},
        {"project": sites["suspended"], "status": "suspended", "workers_on_site": 0},
    ]
    with time_machine.travel("2026-11-25 18:00 +0800", tick=False):
        daily_status_submit(
            day=WEDNESDAY,
            rows=[
                {"machinery_on_site": 0, "expected_resumption_on": None, "reason": "汛期", **row}
                for row in rows
            ],
            reporter=official_1,
        )
    late = dict(DailyStatus.objects.values_list("project_id", "is_late"))
    assert late == {sites["building"].pk: True, sites["suspended"].pk: False}
