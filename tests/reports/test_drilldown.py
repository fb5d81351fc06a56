"""One drill-down for every figure: a stored report's figure and a dashboard's figure open
the same page of records, with the facts of that day, within the reader's scope, in a
fixed number of queries; a project leads on to its households and its daily statuses."""

from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from households import services as household_services
from projects.models import DailyStatus
from reports import services
from tests.factories import ProjectFactory
from tests.households.conftest import person_id
from tests.reports.conftest import DAY


@pytest.fixture
def report(city_day):
    with time_machine.travel("2026-10-10 18:00 +0800", tick=False):
        return services.report_generate(kind="daily_resumption", period=DAY.isoformat())


def rows_of(html):
    return html.split('data-testid="figure-records"')[1].split("</table>")[0]


def test_a_figure_opens_its_records_with_the_facts_of_the_day(client, report, city_staff):
    client.force_login(city_staff)
    html = client.get(f"/reports/{report.pk}/records/990102/under_construction/").content.decode()
    rows = rows_of(html)
    p1 = rows.split("P1 在施工")[1].split("</tr>")[0]
    assert "在施工" in p1 and ">40<" in p1 and ">3<" in p1 and "10-10 09:30" in p1
    p2 = rows.split("P2 未复工")[1].split("</tr>")[0]
    assert "材料进场延迟" in p2 and "2026-10-12" in p2 and "迟报" in p2
    assert "未报送" in rows.split("P3 未报送")[1].split("</tr>")[0]
    assert (
        f'href="/households/?project={report.data["districts"][0]["records"]["working"][0]}"'
        in rows
    )
    assert "江东区 · 在建项目" in html and "共 3 条" in html


def test_every_figure_of_the_report_page_links_to_its_records(client, report, city_staff):
    client.force_login(city_staff)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    for figure in (
        "under_construction",
        "working",
        "not_resumed",
        "suspended",
        "not_reported",
        "on_time_statuses",
    ):
        assert f"/reports/{report.pk}/records/990102/{figure}/" in html, figure
        assert f"/reports/{report.pk}/records/{figure}/" in html, figure


def test_timeliness_opens_the_statuses_filed_on_time(client, report, city_staff):
    client.force_login(city_staff)
    rows = rows_of(client.get(f"/reports/{report.pk}/records/on_time_statuses/").content.decode())
    assert "P1 在施工" in rows and "P8 后来停工" in rows
    assert "P2 未复工" not in rows and "P6 迟报" not in rows


def test_an_official_opens_only_their_districts_records(client, report, official_1):
    client.force_login(official_1)
    html = client.get(f"/reports/{report.pk}/records/under_construction/").content.decode()
    assert "P1 在施工" in html and "P6 迟报" not in html
    assert "另有 2 条记录不在您的数据范围内" in html
    detail = client.get(f"/reports/{report.pk}/").content.decode()
    assert f'href="/projects/{report.data["not_reported"][0]["project_id"]}/"' in detail


def test_the_dashboard_figures_open_the_same_page_for_a_day(client, city_day, leader):
    client.force_login(leader)
    with time_machine.travel("2026-10-12 10:00 +0800", tick=False):
        html = client.get("/reports/daily/2026-10-10/records/not_resumed/?district=990102")
        future = client.get("/reports/daily/2026-10-13/records/not_resumed/")
        nonsense = client.get("/reports/daily/yesterday/records/not_resumed/")
        unknown = client.get("/reports/daily/2026-10-10/records/everything/")
    rows = rows_of(html.content.decode())
    assert "P2 未复工" in rows and "P3 未报送" in rows and "P1 在施工" not in rows
    assert (future.status_code, nonsense.status_code, unknown.status_code) == (404, 404, 404)


def test_the_home_dashboard_shows_the_latest_reported_day_and_links_its_figures(
    client, city_day, city_staff, official_1
):
    """Monday 12 October 2026 in the morning: the latest day with a daily report is the
    working Saturday 10 October (a 调休 day); the Monday being filed is a count of who has
    filed (P1, P2, P3, P6 and P8 owe a status), never a rate. Once the Monday's report is
    out, it is the day shown."""
    with time_machine.travel("2026-10-10 18:00 +0800", tick=False):
        services.report_generate(kind="daily_resumption", period="2026-10-10")
    client.force_login(city_staff)
    with time_machine.travel("2026-10-12 10:00 +0800", tick=False):
        html = client.get("/").content.decode()
    assert "（2026-10-10）" in html
    assert 'href="/reports/daily/2026-10-10/records/under_construction/"' in html
    assert 'data-testid="filing-now">今日截至目前：已填报 0/5<' in html
    # P1 files at 10:30: the count beside the rate is the reporting overview's
    filed_at = timezone.make_aware(datetime(2026, 10, 12, 10, 30))
    DailyStatus.objects.create(
        project=city_day[1],
        district_id=city_day[1].district_id,
        date=date(2026, 10, 12),
        status="working",
        reporter=official_1,
        first_submitted_at=filed_at,
        submitted_at=filed_at,
    )
    with time_machine.travel("2026-10-12 10:45 +0800", tick=False):
        html = client.get("/").content.decode()
    assert 'data-testid="filing-now">今日截至目前：已填报 1/5<' in html
    with time_machine.travel("2026-10-12 18:00 +0800", tick=False):
        services.report_generate(kind="daily_resumption", period="2026-10-12")
        client.force_login(city_staff)  # the idle session ended meanwhile
        assert "（2026-10-12）" in client.get("/").content.decode()


@pytest.mark.parametrize("figure", ["under_construction", "on_time_statuses"])
def test_a_records_page_runs_a_fixed_number_of_queries(client, report, city_staff, figure):
    client.force_login(city_staff)
    url = f"/reports/{report.pk}/records/{figure}/"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    report.data["city"]["records"][figure] += [
        ProjectFactory(construction_status="under_construction").pk for _ in range(15)
    ]
    report.save(update_fields=["data"])
    assert count() == few


def test_the_project_page_sums_up_its_households_and_lists_its_daily_statuses(
    client, city_day, official_1
):
    project = city_day[1]
    for number, stage in enumerate(["registered", "signed", "signed", "vacated"], start=1):
        household = household_services.household_create(
            project=project,
            code=f"H{number}",
            party_name=f"户{number}",
            id_number=person_id(number),
        )
        household.stage = stage
        household.save(update_fields=["stage"])
    client.force_login(official_1)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert f'hx-get="/households/project/{project.pk}/progress/"' in page
    assert "10-10 09:30" in page.split('data-testid="project-daily-statuses"')[1]
    assert f'href="/projects/{project.pk}/daily/"' in page
    summary = client.get(f"/households/project/{project.pk}/progress/").content.decode()
    assert 'data-testid="signed-share">75.0%<' in summary
    signed = summary.split('data-testid="stage-signed"')[0].rsplit("<a", 1)[1]
    assert f"?project={project.pk}&amp;stage=signed" in signed
    assert ">2<" in summary.split('data-testid="stage-signed"')[1][:200]
    statuses = client.get(f"/projects/{project.pk}/daily/").content.decode()
    assert "2026-10-10" in statuses and "在施工" in statuses


def test_another_districts_project_summary_is_not_found(client, city_day, official_1):
    client.force_login(official_1)
    other = city_day[6]
    assert client.get(f"/households/project/{other.pk}/progress/").status_code == 404
    assert client.get(f"/projects/{other.pk}/daily/").status_code == 404


def test_an_empty_district_parameter_means_the_city(client, city_day, leader):
    client.force_login(leader)
    with time_machine.travel("2026-10-12 10:00 +0800", tick=False):
        html = client.get(
            "/reports/daily/2026-10-10/records/not_resumed/?district="
        ).content.decode()
    assert "P2 未复工" in rows_of(html)
