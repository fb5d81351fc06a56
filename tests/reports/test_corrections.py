"""Past days are not rewritten silently: once a day's report is generated, a status filed or
changed for it is a correction with a reason, shown on the filing sheet and in the report."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from projects.models import DailyStatus
from projects.services import daily_status_submit
from reports import services
from reports.models import Report
from tests.reports.conftest import DAY


def working(project, workers):
    return {
        "project": project,
        "status": "working",
        "workers_on_site": workers,
        "machinery_on_site": 1,
    }


@pytest.fixture
def report(city_day):
    with time_machine.travel("2026-10-10 18:00 +0800", tick=False):
        return services.report_generate(kind="daily_resumption", period=DAY.isoformat())


def test_a_change_after_the_report_needs_a_reason_and_is_marked(report, city_day, official_1):
    with time_machine.travel("2026-10-12 09:00 +0800", tick=False):
        with pytest.raises(ValidationError) as refused:
            daily_status_submit(day=DAY, rows=[working(city_day[1], 99)], reporter=official_1)
        assert "correction_reason" in refused.value.message_dict
        assert DailyStatus.objects.get(project=city_day[1]).workers_on_site == 40
        [status] = daily_status_submit(
            day=DAY,
            rows=[working(city_day[1], 99)],
            reporter=official_1,
            correction_reason="人数漏报",
        )
    assert status.workers_on_site == 99 and status.correction_reason == "人数漏报"
    assert status.corrected_at is not None and not status.is_late  # first filed on time


def test_a_first_filing_after_the_cut_off_is_late_and_after_the_report_a_correction(
    report, city_day, official_1
):
    with time_machine.travel("2026-10-12 09:00 +0800", tick=False):
        [status] = daily_status_submit(
            day=DAY, rows=[working(city_day[3], 30)], reporter=official_1, correction_reason="补报"
        )
    assert status.is_late and status.corrected_at


def test_the_filing_sheet_and_the_report_show_the_correction(
    client, report, city_day, official_1, city_staff
):
    with time_machine.travel("2026-10-12 09:00 +0800", tick=False):
        daily_status_submit(
            day=DAY,
            rows=[working(city_day[1], 99)],
            reporter=official_1,
            correction_reason="人数漏报",
        )
        client.force_login(official_1)
        sheet = client.get("/projects/daily/", {"date": DAY.isoformat()}).content.decode()
        assert (
            'data-testid="correction-needed"' in sheet
            and "已更正" in sheet
            and "10-12 09:00" in sheet
        )
        client.force_login(city_staff)
        detail = client.get(f"/reports/{report.pk}/").content.decode()
    assert (
        'data-testid="changed-since"' in detail and "P1 在施工" in detail and "人数漏报" in detail
    )
    assert 'data-testid="regenerate"' in detail


def test_a_day_without_a_report_is_filed_freely(city_day, official_1):
    with time_machine.travel("2026-10-12 09:00 +0800", tick=False):
        [status] = daily_status_submit(
            day=date(2026, 10, 9), rows=[working(city_day[1], 5)], reporter=official_1
        )
    assert status.corrected_at is None and status.is_late


def test_an_abandoned_run_is_marked_failed_by_the_scheduled_check(client, city_day, official_1):
    from reports.tasks import mark_abandoned_runs

    with time_machine.travel("2026-10-10 18:00 +0800", tick=False):
        dead = Report.objects.create(kind="daily_resumption", period=DAY.isoformat(), version=1)
        client.force_login(official_1)
        assert "hx-trigger" in client.get("/reports/").content.decode()  # live: the list refreshes
        assert client.get(f"/reports/{dead.pk}/records/under_construction/").status_code == 404
        assert 'data-testid="report-pending"' in client.get(f"/reports/{dead.pk}/").content.decode()
    with time_machine.travel("2026-10-10 18:11 +0800", tick=False):
        client.force_login(official_1)
        assert (
            "hx-trigger" not in client.get("/reports/").content.decode()
        )  # nothing live to wait for
        assert mark_abandoned_runs() == 1
    dead.refresh_from_db()
    assert dead.status == "failed"


def test_a_background_refresh_does_not_keep_the_session_alive(client, official_1):
    with time_machine.travel("2026-11-25 09:00 +0800", tick=False):
        client.force_login(official_1)
        assert client.get("/reports/").status_code == 200
    with time_machine.travel("2026-11-25 09:20 +0800", tick=False):
        refresh = client.get("/reports/", HTTP_HX_REQUEST="true", HTTP_X_BACKGROUND_REFRESH="1")
        assert refresh.status_code == 200
    with time_machine.travel("2026-11-25 09:35 +0800", tick=False):  # 35 idle minutes for the user
        expired = client.get("/reports/", HTTP_HX_REQUEST="true", HTTP_X_BACKGROUND_REFRESH="1")
        assert expired.status_code == 204 and expired["HX-Redirect"].startswith("/login/")
        assert client.get("/reports/").status_code == 302
