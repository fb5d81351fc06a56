"""Daily resumption status: one record per project and day, late flag, due days, scoping."""

import re
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.workdays import working_day
from projects.models import DailyStatus
from projects.services import DailyStatusErrors, daily_status_submit
from tests.factories import ProjectFactory, UserFactory
from tests.pages import input_value

DAY = date(2026, 11, 20)  # a Friday


@pytest.fixture
def building_1(district_1):
    return ProjectFactory(
        district=district_1, construction_status="under_construction", name="在建一号"
    )


@pytest.fixture
def building_2(district_1):
    return ProjectFactory(
        district=district_1, construction_status="under_construction", name="在建二号"
    )


def working(project, **extra):
    return {
        "project": project,
        "status": "working",
        "workers_on_site": 40,
        "machinery_on_site": 3,
        "reason": "",
        "expected_resumption_on": None,
        **extra,
    }


def submit_at(moment, rows, reporter, day=DAY):
    with time_machine.travel(moment, tick=False):
        return daily_status_submit(day=day, rows=rows, reporter=reporter)


def test_one_record_per_project_and_day_and_history_keeps_both(building_1, official_1):
    submit_at("2026-11-20 09:00 +0800", [working(building_1)], official_1)
    submit_at("2026-11-20 10:00 +0800", [working(building_1, workers_on_site=55)], official_1)
    assert DailyStatus.objects.get(project=building_1, date=DAY).workers_on_site == 55
    assert DailyStatus.objects.count() == 1
    status = DailyStatus.objects.get()
    assert [e.workers_on_site for e in status.events.order_by("pgh_id")] == [40, 55]


@pytest.mark.parametrize(
    "moment, late",
    [
        ("2026-11-20 16:59 +0800", False),
        ("2026-11-20 17:01 +0800", True),
        ("2026-11-21 08:00 +0800", True),
    ],
)
def test_late_after_the_cut_off(building_1, official_1, moment, late):
    [status] = submit_at(moment, [working(building_1)], official_1)
    assert status.is_late is late


def test_a_status_filed_on_a_sunday_evening_is_not_late(building_1, official_1):
    """Nothing is due on a non-working day, so nothing filed for it is late (it read 迟报)."""
    sunday = date(2026, 11, 22)
    [status] = submit_at("2026-11-22 20:01 +0800", [working(building_1)], official_1, day=sunday)
    assert status.is_late is False


def test_a_correction_after_the_cut_off_keeps_the_on_time_flag(building_1, official_1):
    submit_at("2026-11-20 16:00 +0800", [working(building_1)], official_1)
    [status] = submit_at(
        "2026-11-20 18:00 +0800", [working(building_1, workers_on_site=12)], official_1
    )
    assert status.is_late is False and status.workers_on_site == 12


def test_a_future_date_is_refused(building_1, official_1):
    with pytest.raises(ValidationError) as excinfo:
        submit_at(
            "2026-11-20 09:00 +0800", [working(building_1)], official_1, day=date(2026, 11, 21)
        )
    assert "未来日期" in str(excinfo.value)


def test_all_or_nothing_with_errors_per_row(building_1, building_2, project_1, official_1):
    rows = [
        working(building_1),
        working(building_2, status="not_resumed", workers_on_site=0, machinery_on_site=0),
        working(project_1),
    ]
    with pytest.raises(DailyStatusErrors) as excinfo:
        submit_at("2026-11-20 09:00 +0800", rows, official_1)
    assert excinfo.value.row_errors[1] == {"reason": "请填写未施工原因。"}
    assert "不在施工中" in excinfo.value.row_errors[2]["project"]
    assert 0 not in excinfo.value.row_errors
    assert not DailyStatus.objects.exists()


def test_a_suspended_project_files_suspended(district_1, official_1):
    project = ProjectFactory(district=district_1, construction_status="suspended")
    with pytest.raises(DailyStatusErrors) as excinfo:
        submit_at("2026-11-20 09:00 +0800", [working(project)], official_1)
    assert "停工状态" in excinfo.value.row_errors[0]["status"]
    [status] = submit_at(
        "2026-11-20 09:00 +0800",
        [working(project, status="suspended", workers_on_site=0, reason="规划调整")],
        official_1,
    )
    assert status.status == "suspended"


def test_a_suspended_project_filed_after_the_cut_off_is_not_called_on_time(
    client, district_1, official_1
):
    """It owed nothing that day: its filing reads neither on time nor late."""
    project = ProjectFactory(district=district_1, construction_status="suspended")
    suspended = working(project, status="suspended", workers_on_site=0, reason="规划调整")
    submit_at("2026-11-20 19:36 +0800", [suspended], official_1)
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 19:40 +0800", tick=False):
        html = client.get("/projects/daily/").content.decode()
    filed = html.split('data-testid="filed">')[1].split("</td>")[0]
    assert "已填报（不计应报）" in filed and "按时" not in filed and "迟报" not in filed


def test_due_days_follow_the_official_calendar():
    assert working_day(date(2026, 11, 20)).is_working_day  # Friday
    assert not working_day(date(2026, 11, 21)).is_working_day  # Saturday
    assert not working_day(date(2026, 10, 1)).is_working_day  # National Day
    assert working_day(date(2026, 10, 10)).is_working_day  # 调休: a working Saturday
    assert working_day(date(2026, 10, 10)).is_official


def test_an_uncovered_year_falls_back_to_monday_to_friday_and_says_so():
    monday = working_day(date(2099, 3, 2))
    assert monday.is_working_day and not monday.is_official
    assert not working_day(date(2099, 3, 7)).is_working_day


def test_filing_page_saves_all_rows_in_one_submit(
    client, official_1, building_1, building_2, project_2
):
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        page = client.get("/projects/daily/")
        html = page.content.decode()
        assert building_1.name in html and building_2.name in html and project_2.name not in html
        data = {"date": "2026-11-20", "status-TOTAL_FORMS": "2", "status-INITIAL_FORMS": "2"}
        for index, project in enumerate([building_1, building_2]):
            data.update(
                {
                    f"status-{index}-project": project.id,
                    f"status-{index}-status": "working",
                    f"status-{index}-workers_on_site": 30 + index,
                    f"status-{index}-machinery_on_site": 2,
                }
            )
        response = client.post("/projects/daily/", data)
    assert response.status_code == 302
    assert DailyStatus.objects.filter(date=DAY).count() == 2


def test_the_saved_message_says_which_of_the_rows_are_not_due(
    client, official_1, building_1, district_1
):
    """ "6 saved" beside the home page's "5 filed" left the clerk looking for one."""
    suspended = ProjectFactory(district=district_1, construction_status="suspended")
    client.force_login(official_1)
    data = {"date": "2026-11-20", "status-TOTAL_FORMS": "2", "status-INITIAL_FORMS": "2"}
    rows = [
        (building_1, {"status": "working", "workers_on_site": 30, "machinery_on_site": 2}),
        (
            suspended,
            {
                "status": "suspended",
                "workers_on_site": 0,
                "machinery_on_site": 0,
                "reason": "规划调整",
            },
        ),
    ]
    for index, (project, values) in enumerate(rows):
        data[f"status-{index}-project"] = project.id
        data.update({f"status-{index}-{field}": value for field, value in values.items()})
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        html = client.post("/projects/daily/", data, follow=True).content.decode()
    assert "已保存 2026-11-20 2 个项目的复工日报。其中停工项目 1 个，不计入应报数。" in html


def test_a_sheet_opened_before_someone_else_filed_does_not_write_over_it(
    client, official_1, district_1, building_1, building_2
):
    """Two clerks of a district: B's sheet, opened before A filed, is refused on the row A
    filed (with what A filed kept); a row B left as A filed it, and the API, are not."""
    other_clerk = UserFactory(
        username="district_1b", role="district_official", scope_region=district_1
    )
    client.force_login(official_1)

    def opened():
        """The versions the sheet holds, as served."""
        with time_machine.travel("2026-11-20 08:55 +0800", tick=False):
            html = client.get("/projects/daily/").content.decode()
        return [input_value(html, f"status-{index}-version") for index in (0, 1)]

    def sheet(workers, versions, moment):
        data = {"date": "2026-11-20", "status-TOTAL_FORMS": "2", "status-INITIAL_FORMS": "2"}
        for index, project in enumerate([building_1, building_2]):
            data.update(
                {
                    f"status-{index}-project": project.id,
                    f"status-{index}-status": "working",
                    f"status-{index}-workers_on_site": workers[index],
                    f"status-{index}-machinery_on_site": 3,
                    f"status-{index}-version": versions[index],
                }
            )
        with time_machine.travel(moment, tick=False):
            return client.post("/projects/daily/", data, follow=True).content.decode()

    before = opened()
    assert before == ["0", "0"]  # nothing filed yet
    submit_at("2026-11-20 09:00 +0800", [working(building_1, workers_on_site=11)], other_clerk)
    refused = sheet([22, 30], before, "2026-11-20 09:05 +0800")
    assert "已由他人填报或修改" in refused
    assert DailyStatus.objects.get(project=building_1).workers_on_site == 11
    assert not DailyStatus.objects.filter(project=building_2).exists()  # all or nothing
    assert "已保存" in sheet([11, 30], before, "2026-11-20 09:06 +0800")  # as A filed it
    reloaded = opened()
    assert reloaded == ["1", "1"]
    assert "已保存" in sheet([22, 30], reloaded, "2026-11-20 09:07 +0800")
    assert DailyStatus.objects.get(project=building_1).workers_on_site == 22
    submit_at("2026-11-20 09:10 +0800", [working(building_1, workers_on_site=23)], other_clerk)
    assert DailyStatus.objects.get(project=building_1).workers_on_site == 23  # none: updates
    payload = {"project": building_1.id, "date": "2026-11-20", "status": "working"}
    with time_machine.travel("2026-11-20 09:15 +0800", tick=False):
        stale = client.post(
            "/api/v1/daily-statuses/",
            {**payload, "workers_on_site": 5, "version": 2},  # the API read version 2
            content_type="application/json",
        )
    assert stale.status_code == 409 and "已由他人填报或修改" in stale.json()["detail"]
    assert DailyStatus.objects.get(project=building_1).workers_on_site == 23


def test_each_row_offers_the_statuses_its_project_may_file(client, official_1, building_1):
    """停工 was offered for a project under construction and always refused on saving."""
    suspended = ProjectFactory(district=building_1.district, construction_status="suspended")
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        html = client.get("/projects/daily/").content.decode()
    offered = [
        re.findall(r'<option value="(\w+)"', select)
        for select in re.findall(r'<select name="status-\d+-status".*?</select>', html, re.S)
    ]
    rows = re.findall(r'name="status-\d+-project" value="(\d+)"', html)
    by_project = dict(zip(map(int, rows), offered, strict=True))
    assert by_project[building_1.pk] == ["working", "resumed", "not_resumed"]
    assert by_project[suspended.pk] == ["suspended"]


def test_a_status_no_longer_allowed_is_refused_with_its_reason(client, official_1, building_1):
    """Suspended after the sheet was opened, or posted by hand: the row says why, not
    Django's bare "select a valid choice"."""
    client.force_login(official_1)
    data = {
        "date": "2026-11-20",
        "status-TOTAL_FORMS": "1",
        "status-INITIAL_FORMS": "1",
        "status-0-project": building_1.id,
        "status-0-status": "suspended",
        "status-0-workers_on_site": 0,
        "status-0-machinery_on_site": 0,
        "status-0-reason": "停工检修",
    }
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        html = client.post("/projects/daily/", data).content.decode()
    assert "如需停工，请在项目页面变更建设状态并填写原因。" in html
    assert not DailyStatus.objects.exists()


def test_filing_page_refuses_another_districts_project(client, official_1, building_1, district_2):
    other = ProjectFactory(district=district_2, construction_status="under_construction")
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        response = client.post(
            "/projects/daily/",
            {
                "date": "2026-11-20",
                "status-TOTAL_FORMS": "1",
                "status-INITIAL_FORMS": "1",
                "status-0-project": other.id,
                "status-0-status": "working",
                "status-0-workers_on_site": 3,
                "status-0-machinery_on_site": 1,
            },
        )
    assert response.status_code == 404
    assert not DailyStatus.objects.exists()


def test_filing_page_keeps_what_was_typed_and_names_the_row(client, official_1, building_1):
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        response = client.post(
            "/projects/daily/",
            {
                "date": "2026-11-20",
                "status-TOTAL_FORMS": "1",
                "status-INITIAL_FORMS": "1",
                "status-0-project": building_1.id,
                "status-0-status": "not_resumed",
                "status-0-workers_on_site": 0,
                "status-0-machinery_on_site": 7,
            },
        )
    html = response.content.decode()
    assert "在建一号 · 请填写未施工原因。" in html
    assert 'value="7"' in html
    assert not DailyStatus.objects.exists()


def test_overview_names_the_projects_that_have_not_reported(
    client, city_staff, official_1, building_1, building_2
):
    submit_at("2026-11-20 09:00 +0800", [working(building_1)], official_1)
    client.force_login(city_staff)
    with time_machine.travel("2026-11-20 18:00 +0800", tick=False):
        html = client.get("/projects/daily/overview/").content.decode()
    missing = html.split('data-testid="missing-list"')[1]
    assert building_2.name in missing and building_1.name not in missing


@pytest.mark.parametrize("url", ["/projects/daily/", "/projects/daily/overview/"])
def test_a_day_not_yet_come_or_not_a_date_shows_today_and_says_so(
    client, city_staff, building_1, url
):
    client.force_login(city_staff)
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        later = client.get(url, {"date": "2026-12-01", "district": building_1.district_id})
        garbled = client.get(url, {"date": "2026-13-45"})
        long_ago = client.get(url, {"date": "1999-01-01"})
        plain = client.get(url)
    assert "2026-12-01 尚未到来：下面显示的是今天的情况。" in later.content.decode()
    assert "“2026-13-45”：输入一个有效的日期。下面显示的是今天的情况。" in garbled.content.decode()
    # a real date out of the programme's years is not called "no date"
    assert "“1999-01-01”：日期应在 2000-01-01 至 2100-12-31 之间。" in long_ago.content.decode()
    assert later.context["day"] == garbled.context["day"] == date(2026, 11, 20)
    assert (
        "尚未到来" not in plain.content.decode()
        and "下面显示的是今天" not in plain.content.decode()
    )


def test_on_a_day_with_nothing_due_the_overview_does_not_say_everyone_filed(
    client, city_staff, building_1, building_2
):
    """On a Sunday nobody owes a status: "every project has reported" read as if all had."""
    client.force_login(city_staff)
    with time_machine.travel("2026-11-22 18:00 +0800", tick=False):
        html = client.get("/projects/daily/overview/").content.decode()
    assert 'data-testid="all-reported"' not in html
    assert "当天不是工作日，无需填报。" in html


def test_api_creates_then_updates_the_days_record(client, official_1, building_1):
    client.force_login(official_1)
    payload = {
        "project": building_1.id,
        "date": "2026-11-20",
        "status": "working",
        "workers_on_site": 12,
        "machinery_on_site": 1,
    }
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        first = client.post("/api/v1/daily-statuses/", payload, content_type="application/json")
        unread = client.post(
            "/api/v1/daily-statuses/",
            {**payload, "workers_on_site": 14},
            content_type="application/json",
        )
        again = client.post("/api/v1/daily-statuses/", payload, content_type="application/json")
        second = client.post(
            "/api/v1/daily-statuses/",
            {**payload, "workers_on_site": 14, "version": first.json()["version"]},
            content_type="application/json",
        )
        listed = client.get("/api/v1/daily-statuses/", {"date": "2026-11-20"}).json()
    assert first.status_code == 201 and first.json()["version"] == 1
    # DESIGN.md §6: a change must send the version it read; the same answer again changes
    # nothing and needs none
    assert unread.status_code == 400 and "version" in unread.json()["version"][0]
    assert again.status_code == 200 and again.json()["version"] == 1
    assert (second.status_code, second.json()["version"]) == (200, 2)
    assert second.json()["workers_on_site"] == 14 and second.json()["is_late"] is False
    assert listed["count"] == 1


def test_api_refuses_a_project_out_of_scope_and_a_bad_row(
    client, official_1, building_1, district_2
):
    other = ProjectFactory(district=district_2, construction_status="under_construction")
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        out_of_scope = client.post(
            "/api/v1/daily-statuses/",
            {
                "project": other.id,
                "date": "2026-11-20",
                "status": "working",
                "workers_on_site": 3,
            },
            content_type="application/json",
        )
        no_reason = client.post(
            "/api/v1/daily-statuses/",
            {
                "project": building_1.id,
                "date": "2026-11-20",
                "status": "not_resumed",
            },
            content_type="application/json",
        )
    assert out_of_scope.status_code == 400 and "project" in out_of_scope.json()
    assert no_reason.status_code == 400 and no_reason.json() == {"reason": ["请填写未施工原因。"]}
    assert not DailyStatus.objects.exists()


def test_api_lists_only_the_officials_district(
    client, official_1, official_2, building_1, district_2
):
    other = ProjectFactory(district=district_2, construction_status="under_construction")
    submit_at("2026-11-20 09:00 +0800", [working(building_1)], official_1)
    submit_at("2026-11-20 09:00 +0800", [working(other)], official_2)
    client.force_login(official_1)
    rows = client.get("/api/v1/daily-statuses/").json()["results"]
    assert [row["project"] for row in rows] == [building_1.id]
    foreign = DailyStatus.objects.get(project=other)
    assert client.get(f"/api/v1/daily-statuses/{foreign.id}/").status_code == 404


def _sheet(rows):
    data = {
        "date": "2026-11-20",
        "status-TOTAL_FORMS": len(rows),
        "status-INITIAL_FORMS": len(rows),
    }
    for index, row in enumerate(rows):
        data.update({f"status-{index}-{field}": value for field, value in row.items()})
    return data


def test_filing_page_shows_every_problem_at_once(client, official_1, building_1, building_2):
    """A field error on one row does not hide the rule broken on another."""
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        response = client.post(
            "/projects/daily/",
            _sheet(
                [
                    {
                        "project": building_1.id,
                        "status": "working",
                        "workers_on_site": -1,
                        "machinery_on_site": 0,
                    },
                    {
                        "project": building_2.id,
                        "status": "not_resumed",
                        "workers_on_site": 0,
                        "machinery_on_site": 0,
                    },
                ]
            ),
        )
    html = response.content.decode()
    assert "未保存任何内容" in html
    assert "在建一号 · 在岗人数" in html and "在建二号 · 请填写未施工原因。" in html
    assert not DailyStatus.objects.exists()


def test_not_resumed_with_people_on_site_asks_for_confirmation(client, official_1, building_1):
    client.force_login(official_1)
    row = {
        "project": building_1.id,
        "status": "not_resumed",
        "workers_on_site": 6,
        "machinery_on_site": 0,
        "reason": "等待图纸",
    }
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        asked = client.post("/projects/daily/", _sheet([row])).content.decode()
        assert 'data-testid="confirm-row"' in asked and "请核实" in asked
        assert not DailyStatus.objects.exists()
        confirmed = client.post("/projects/daily/", _sheet([{**row, "confirmed": "on"}]))
    assert confirmed.status_code == 302
    assert DailyStatus.objects.get().workers_on_site == 6


def test_the_api_asks_the_same_confirmation(client, official_1, building_1):
    client.force_login(official_1)
    payload = {
        "project": building_1.id,
        "date": "2026-11-20",
        "status": "not_resumed",
        "workers_on_site": 0,
        "machinery_on_site": 2,
        "reason": "等待图纸",
    }
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        asked = client.post("/api/v1/daily-statuses/", payload, content_type="application/json")
        confirmed = client.post(
            "/api/v1/daily-statuses/",
            {**payload, "confirmed": True},
            content_type="application/json",
        )
    assert asked.status_code == 400 and "confirmed" in asked.json()
    assert confirmed.status_code == 201


def test_filing_page_shows_the_cut_off_and_no_pressure_on_a_day_off(
    client, official_1, building_1, settings
):
    settings.DAILY_STATUS_CUTOFF = "16:30"
    client.force_login(official_1)
    with time_machine.travel("2026-11-21 10:00 +0800", tick=False):
        friday = client.get("/projects/daily/", {"date": "2026-11-20"}).content.decode()
        saturday = client.get("/projects/daily/", {"date": "2026-11-21"}).content.decode()
    assert "16:30" in friday.split('data-testid="cutoff"')[1][:80]
    assert "未填报" in friday
    assert "未填报" not in saturday and 'data-testid="cutoff"' not in saturday
    assert 'data-testid="daily-form"' in saturday  # filing stays possible


def _row(project, **extra):
    return {
        "project": project.id,
        "status": "working",
        "workers_on_site": 20,
        "machinery_on_site": 1,
        **extra,
    }


def test_city_staff_file_a_districts_sheet_chosen_first(
    client, city_staff, district_1, district_2, building_1
):
    """Whoever files for more than one district opens one district's sheet at a time: the
    city's thousand projects are never one form (nor one submit)."""
    other = ProjectFactory(
        district=district_2, construction_status="under_construction", name="在建江西"
    )
    client.force_login(city_staff)
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        first = client.get("/projects/daily/").content.decode()
        assert 'data-testid="choose-district"' in first
        assert building_1.name not in first and other.name not in first
        assert "江东区" in first and "江西区" in first  # the districts to choose from
        sheet = client.get("/projects/daily/", {"district": district_2.pk}).content.decode()
        assert other.name in sheet and building_1.name not in sheet
        assert f'name="district" value="{district_2.pk}"' in sheet  # kept for the submit
        saved = client.post(
            "/projects/daily/", {**_sheet([_row(other)]), "district": district_2.pk}
        )
        # another district's project posted under this district's sheet is not on it
        refused = client.post(
            "/projects/daily/", {**_sheet([_row(building_1)]), "district": district_2.pk}
        )
    assert saved.status_code == 302
    assert saved["Location"] == f"/projects/daily/?date=2026-11-20&district={district_2.pk}"
    assert refused.status_code == 404
    assert list(DailyStatus.objects.values_list("project", flat=True)) == [other.pk]


def test_an_official_of_one_district_is_not_asked_to_choose(client, official_1, building_1):
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        html = client.get("/projects/daily/").content.decode()
        response = client.post("/projects/daily/", _sheet([_row(building_1)]))
    assert building_1.name in html and 'name="district"' not in html
    assert response["Location"] == "/projects/daily/?date=2026-11-20"


def test_a_project_that_joined_the_sheet_since_it_was_opened_breaks_nothing(
    client, official_1, building_1, building_2
):
    """The sheet was opened with building 1 only; building 2 started before the submit. The
    posted rows are shown with their own errors, and the new project waits for the next."""
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        response = client.post(
            "/projects/daily/", _sheet([_row(building_1, status="not_resumed", reason="")])
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "在建一号 · 请填写未施工原因。" in html and building_2.name not in html
    assert not DailyStatus.objects.exists()


def test_a_district_of_two_hundred_projects_files_in_one_submit(client, official_1, district_1):
    """Seven fields a project: more than Django's default thousand fields a request."""
    projects = ProjectFactory.create_batch(
        200, district=district_1, construction_status="under_construction"
    )
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        response = client.post(
            "/projects/daily/",
            _sheet([_row(p, reason="", expected_resumption_on="") for p in projects]),
        )
    assert response.status_code == 302
    assert DailyStatus.objects.filter(date=DAY).count() == 200


def test_a_sheet_sent_without_its_district_or_rows_says_nothing_was_saved(
    client, city_staff, official_1, district_1, district_2, building_1
):
    """Filed rows never vanish without a word: sent with no district to put them in (the
    user was given a second district meanwhile) or with no rows, the sheet says so."""
    client.force_login(city_staff)
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        no_district = client.post("/projects/daily/", _sheet([_row(building_1)]), follow=True)
        client.force_login(official_1)
        no_rows = client.post(
            "/projects/daily/", {"date": "2026-11-20", "status-TOTAL_FORMS": "abc"}, follow=True
        )
    for response in (no_district, no_rows):
        assert "未保存：提交的填报表缺少区县或填报行" in response.content.decode()
    assert no_district.redirect_chain[-1][0] == "/projects/daily/?date=2026-11-20"
    assert not DailyStatus.objects.exists()


@pytest.mark.parametrize("initial", [None, "0", "-1", "abc"])
def test_a_sheet_whose_row_count_was_changed_is_checked_as_sent(
    client, official_1, building_1, initial
):
    """The number of initial rows comes with the post: a sheet sent as served but claiming
    none had its rows skipped unchecked and filed without a status (an error page). Whatever
    the count, the rows are checked as with the right one (here: working with nobody on
    site, refused) and nothing is saved."""
    data = _sheet([_row(building_1, workers_on_site=0, machinery_on_site=0)])  # as served
    del data["status-INITIAL_FORMS"]
    if initial is not None:
        data["status-INITIAL_FORMS"] = initial
    client.force_login(official_1)
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        response = client.post("/projects/daily/", data, follow=True)
    assert response.status_code == 200 and not DailyStatus.objects.exists()
    assert "未保存任何内容：请改正下面标出的行" in response.content.decode()


def _sheet_queries(client, user, params):
    client.force_login(user)
    client.get("/projects/daily/", params)  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/projects/daily/", params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_filing_sheet_runs_a_fixed_number_of_queries(
    client, official_1, city_staff, district_1, district_2, rows
):
    ProjectFactory.create_batch(rows, district=district_1, construction_status="under_construction")
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        official = _sheet_queries(client, official_1, {})
        city = _sheet_queries(client, city_staff, {"district": district_1.pk})
    # the user, their scope's projects (a district's; the city's reads none), the districts
    # they file for (offered and checked from one read), the sheet's projects, their status
    # log (the day's construction states), the day's statuses, the previous ones to pre-fill
    # from, the day's report, unread notifications
    assert (official, city) == (9, 8)


def _page_queries(client, user, path):
    client.force_login(user)
    client.get(path)  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_reporting_overview_runs_a_fixed_number_of_queries(
    client, city_staff, official_1, district_1, district_2, rows
):
    """However many projects file, and with a project granted outside the official's
    district, whose district it then lists too (read once, not once a project)."""
    for district in (district_1, district_2):
        ProjectFactory.create_batch(
            rows, district=district, construction_status="under_construction"
        )
    official_1.scope_projects.add(
        *ProjectFactory.create_batch(
            2, district=district_2, construction_status="under_construction"
        )
    )
    with time_machine.travel("2026-11-20 15:00 +0800", tick=False):
        city, _html = _page_queries(client, city_staff, "/projects/daily/overview/")
        official, html = _page_queries(client, official_1, "/projects/daily/overview/")
    # nothing filed yet: the unfiled projects are named from the rows that find them (no
    # query of their own); the city's scope reads no project grants
    assert (city, official) == (7, 8)
    assert html.count(f"<td>{district_2.name}</td>") == 1
