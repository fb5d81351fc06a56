"""The start rate, the weekly supervision circular and the annual summary figures on a
hand-built city with known answers (DESIGN.md §5): `plan_city` in tests/reports/conftest.py."""

import json
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from households.models import Household
from households.selectors import start_rates
from projects.models import (
    DailyStatus,
    DistrictTarget,
    InvestmentReport,
    PlanMilestone,
    ResettlementBuilding,
    ResettlementSite,
)
from reports import services
from reports.annual import resumption_days
from reports.models import Report
from tests.factories import PlanFactory, ProjectFactory, RegionFactory
from tests.reports.conftest import add_households


def test_start_rates_rank_and_milestones_on_the_hand_built_city(plan_city):
    plan, _projects = plan_city
    rates = start_rates(plan=plan, as_of=date(2026, 11, 22))
    assert (rates.started_households, rates.target_households, rates.start_rate) == (
        20,
        40,
        Decimal("50.0"),
    )
    rows = [
        (d.name, d.started_households, d.start_rate, d.rank, d.met_last_milestone)
        for d in rates.districts
    ]
    assert rows == [
        ("江东区", 6, Decimal("60.0"), 1, True),
        ("江西区", 6, Decimal("60.0"), 2, False),  # 1 of 10 by 30 June: 10% < 20%
        ("测试三区", 5, Decimal("25.0"), 3, True),
        ("测试五区", 2, Decimal("20.0"), 4, False),  # none by 30 June
        ("测试四区", 1, None, 5, None),  # no target: no rate, last, nothing to meet
    ]
    assert [d.name for d in rates.bottom_three] == ["江西区", "测试三区", "测试五区"]
    assert rates.milestone.due_date == date(2026, 12, 31)
    assert rates.last_milestone.due_date == date(2026, 6, 30)
    assert [d.meets_milestone_in_force for d in rates.districts] == [False] * 4 + [None]
    # As of the week before, A had 5: the household of 18 November is not counted yet.
    before = start_rates(plan=plan, as_of=date(2026, 11, 15))
    assert [d.started_households for d in before.districts if d.name == "江东区"] == [5]


def test_the_start_rate_api_has_the_shape_of_the_contract_for_every_role(
    client, plan_city, official_2, city_staff
):
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        answers = []
        for user in (official_2, city_staff):
            client.force_login(user)
            response = client.get("/api/v1/dashboard/start-rate/?year=2026")
            assert response.status_code == 200
            answers.append(response.json())
        bad = client.get("/api/v1/dashboard/start-rate/?year=二〇二六")
        missing = client.get("/api/v1/dashboard/start-rate/?year=2030")
    assert answers[0] == answers[1]  # the same city-wide figures for a district official
    body = answers[0]
    assert set(body) == {"year", "city", "districts"}
    assert body["city"] == {"target_households": 40, "started_households": 20, "start_rate": 50.0}
    assert set(body["districts"][0]) == {
        "district_id",
        "district_code",
        "name",
        "target_households",
        "started_households",
        "start_rate",
        "rank",
    }
    assert [(d["name"], d["start_rate"], d["rank"]) for d in body["districts"]] == [
        ("江东区", 60.0, 1),
        ("江西区", 60.0, 2),
        ("测试三区", 25.0, 3),
        ("测试五区", 20.0, 4),
        ("测试四区", None, 5),
    ]
    assert bad.status_code == 400 and "year" in bad.json()
    assert missing.status_code == 404


def test_the_weekly_circular_changes_against_the_stored_week_before(client, plan_city, city_staff):
    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        previous = services.report_generate(kind="weekly_supervision", period="2026-W46")
        report = services.report_generate(kind="weekly_supervision", period="2026-W47")
    assert previous.data["previous"] is None
    assert previous.data["city"]["start_rate_change"] is None  # nothing to compare with
    data = report.data
    assert (data["start"], data["end"], data["previous"]["report_id"]) == (
        "2026-11-16",
        "2026-11-22",
        previous.pk,
    )
    first = data["districts"][0]
    assert (first["name"], first["started_households"], first["started_change"]) == (
        "江东区",
        6,
        1,
    )
    assert first["start_rate_change"] == 10.0  # 60.0% − 50.0%
    assert data["city"]["start_rate"] == 50.0 and data["city"]["start_rate_change"] == 2.5
    assert data["bottom_three"] == ["江西区", "测试三区", "测试五区"]
    assert data["city"]["filters"]["started_households"] == {
        "plan_year": 2026,
        "started_by": "2026-11-22",
    }
    # The workbook a bureau sends: title, document number field, two header rows, ranking
    # colours, A4 landscape.
    with report.file.open("rb") as stored:
        sheet = load_workbook(stored).worksheets[0]
    assert sheet["A1"].value == "棚户区改造周督导通报"
    assert "文号" in sheet["A2"].value and "2026年第47周（" in sheet["A2"].value
    assert (sheet["A3"].value, sheet["C3"].value, sheet["C4"].value) == (
        "排名",
        "开工（户）",
        "目标",
    )
    assert (sheet["B5"].value, sheet["E5"].value, sheet["F5"].value) == ("江东区", 60.0, 10.0)
    # The milestones as the page shows them: 江东区 and the city (10 of 40 started by then)
    # met 30 June's 20%; neither has reached 31 December's 100%.
    assert (data["city"]["met_last_milestone"], data["city"]["meets_milestone"]) == (True, False)
    assert [sheet.cell(row, 7).value for row in (3, 4, 5, 10)] == [
        "节点",
        "上一节点",
        "达标",
        "达标",
    ]
    assert [sheet.cell(row, 8).value for row in (4, 5, 10)] == ["当前节点", "尚未达到", "尚未达到"]
    client.force_login(city_staff)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    city_row = page.split("<tfoot", 1)[1].split("</tfoot>", 1)[0]
    assert "达标" in city_row and "未达到" in city_row  # the page's city row, as its workbook
    assert sheet["B5"].fill.fgColor.rgb.endswith("E2EFDA")  # first: green
    assert sheet["B8"].fill.fgColor.rgb.endswith("FCE4D6")  # bottom three: red
    assert sheet["B9"].value == "测试四区" and sheet["B9"].fill.fgColor.rgb == "00000000"
    # Each kind of cell is one of the workbook's named styles, named in Chinese.
    assert (sheet["C4"].style, sheet["C4"].font.bold, sheet["C4"].fill.fgColor.rgb) == (
        "表头",
        True,
        "00DDEBF7",
    )
    assert (sheet["E5"].style, sheet["E5"].alignment.horizontal, sheet["E5"].border.left.style) == (
        "表格数字",
        "right",
        "thin",
    )
    total = sheet.cell(10, 2)  # the city's row, after the five districts, in bold
    assert (total.value, total.style, total.font.bold) == ("全市合计", "合计数字", True)
    assert (sheet["A10"].style, sheet["A10"].alignment.horizontal) == ("合计行首列", "left")
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9


def test_a_week_still_running_is_refused(plan_city):
    with time_machine.travel("2026-11-22 20:00 +0800", tick=False):
        with pytest.raises(ValidationError, match="尚未结束"):
            services.report_generate(kind="weekly_supervision", period="2026-W47")
        with pytest.raises(ValidationError):
            services.report_generate(kind="weekly_supervision", period="2026-47")
    assert not Report.objects.exists()


def test_a_published_circular_is_unchanged_by_regeneration(plan_city, city_staff):
    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        published = services.report_publish(
            report=services.report_generate(kind="weekly_supervision", period="2026-W47"),
            user=city_staff,
        )
        stored = json.dumps(published.data, sort_keys=True)
        Household.objects.filter(code="PA-a-007").update(started_on=date(2026, 11, 20))
        again = services.report_generate(kind="weekly_supervision", period="2026-W47")
    published.refresh_from_db()
    assert json.dumps(published.data, sort_keys=True) == stored and published.is_current
    assert not again.is_current and again.data["districts"][0]["started_households"] == 7


def test_the_command_and_the_page(plan_city, client, official_2, city_staff):
    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        call_command("generate_report", "weekly_supervision", "--week", "2026-W47")
        report = Report.objects.get(kind="weekly_supervision")
        client.force_login(official_2)  # the bureau distributes the circular to every district
        page = client.get(reverse("reports:detail", args=[report.pk]))
        district = report.data["districts"][0]["district_code"]
        records = client.get(
            reverse("reports:records", args=[report.pk, district, "started_projects"])
        )
    assert page.status_code == 200
    assert "江东区" in page.text and "60.0%" in page.text
    # the circulated list says which of the overdue notices it names (those at 通报 this week)
    assert "本周逾期升级至“通报”的督办函" in page.text and "上表“逾期”列计全部逾期" in page.text
    assert "plan_year=2026&amp;started_by=2026-11-22" in page.text
    # The households a district counts open for its own readers: 江西区's row only.
    assert page.text.count('data-testid="weekly-start-rate"><a href=') == 1
    # Another district's project is counted but not opened by district B's official.
    assert records.status_code == 200 and "PA-a" not in records.text
    client.force_login(city_staff)  # the same figure opens for the city
    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        records = client.get(
            reverse("reports:records", args=[report.pk, district, "started_projects"])
        )
    assert "PA-a" in records.text


def test_a_districts_start_rate_opens_the_households_it_counts(plan_city, client, city_staff):
    """The rate opened the district's started projects (4 of them beside 52.4%), while the
    households counted beside it opened the households: one figure, one list."""
    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        report = services.report_generate(kind="weekly_supervision", period="2026-W47")
    client.force_login(city_staff)
    html = client.get(reverse("reports:detail", args=[report.pk])).text
    rows = re.findall(
        r'<td><a href="([^"]+)">[\d,]+</a></td>\s*'
        r'<td data-testid="weekly-start-rate"><a href="([^"]+)">',
        html,
    )
    assert len(rows) == len(report.data["districts"])
    for households, rate in rows:
        assert rate == households and "started_by=2026-11-22" in rate


def test_the_weekly_task_runs_in_a_real_worker(plan_city, transactional_db):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from reports.tasks import generate_report

    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            pk = generate_report.delay("weekly_supervision").get(timeout=60)
    report = Report.objects.get(pk=pk)
    assert (report.period, report.is_current) == ("2026-W47", True)
    assert report.data["city"]["started_households"] == 20


def test_the_annual_summary_figures(client, plan_city, official_1, city_staff):
    plan, projects = plan_city
    InvestmentReport.objects.create(
        project=projects["a"], month=date(2026, 3, 1), amount=Decimal("100"), reported_by=official_1
    )
    InvestmentReport.objects.create(
        project=projects["a"], month=date(2025, 12, 1), amount=Decimal("50"), reported_by=official_1
    )
    site = ResettlementSite.objects.create(name="安居苑", district=projects["a"].district)
    ResettlementBuilding.objects.create(
        site=site,
        name="1号楼",
        units=90,
        foundation_started_on=date(2026, 5, 1),
        structure_capped_on=date(2026, 10, 1),
    )
    ResettlementBuilding.objects.create(
        site=site, name="2号楼", units=60, foundation_started_on=date(2025, 5, 1)
    )
    Household.objects.filter(code="PA-a-001").update(unit_handed_over_on=date(2026, 8, 1))
    with time_machine.travel("2026-12-02 10:00 +0800", tick=False):
        report = services.report_generate(kind="annual_summary", period="2026")
        with pytest.raises(ValidationError):
            services.report_generate(kind="annual_summary", period="2027")
    city = report.data["city"]
    assert report.data["as_of"] == "2026-12-02"
    assert (city["started_projects"], city["started_households"], city["start_rate"]) == (
        5,
        20,
        50.0,
    )
    assert (city["investment_completed"], city["investment_rate"]) == (100.0, 25.0)
    assert city["records"]["investment_completed"] == [projects["a"].pk]
    # Its records show each project's investment of the figure's months, not bare names.
    client.force_login(city_staff)
    with time_machine.travel("2026-12-02 10:00 +0800", tick=False):
        client.force_login(city_staff)
        records = client.get(f"/reports/{report.pk}/records/investment_completed/").content.decode()
    assert "2026 年 1—12 月完成投资（万元）" in records
    assert re.search(r'data-testid="invested">100.00<', records)  # March 2026, not December 2025
    assert city["cumulative_investment"] == 150.0 and city["cumulative_projects"] == 5
    assert (city["units_started"], city["units_capped"], city["moved_back"]) == (90, 90, 1)
    assert city["notices_issued"] == 0
    with report.file.open("rb") as stored:
        sheet = load_workbook(stored).worksheets[0]
    assert "2026" in sheet["A1"].value and sheet.page_setup.fitToHeight == 1


def test_days_until_every_project_resumed_after_the_spring_festival(district_1, official_1):
    """2026: work resumes on 24 February; the one project under construction did not work
    that day and worked on the 25th: 2 days."""
    project = ProjectFactory(district=district_1, construction_status="under_construction")
    for day, status in ((date(2026, 2, 24), "not_resumed"), (date(2026, 2, 25), "working")):
        DailyStatus.objects.create(
            project=project,
            district_id=district_1.id,
            date=day,
            status=status,
            reporter=official_1,
            reason="" if status == "working" else "工人未返岗",
            first_submitted_at=timezone.make_aware(datetime(day.year, day.month, day.day, 9)),
            submitted_at=timezone.make_aware(datetime(day.year, day.month, day.day, 9)),
        )
    answer = resumption_days(2026, date(2026, 12, 2))
    assert (answer["from"], answer["on"], answer["days"]) == ("2026-02-24", "2026-02-25", 2)
    assert resumption_days(2026, date(2026, 2, 24))["reason"] == "not_yet"
    # Written beside the days (page and workbook), it says from when to when, not the days again.
    from reports.annual import resumption_text

    assert resumption_text(answer) == "自 2026-02-24 起，2026-02-25 全部 1 个在建项目均已施工"


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_api_and_the_pages_run_a_fixed_number_of_queries(client, plan_city, city, city_staff):
    """Twice the districts, projects and households: the same queries."""
    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        small_report = services.report_generate(kind="weekly_supervision", period="2026-W47")
        client.force_login(city_staff)
        urls = lambda report: [  # noqa: E731
            "/api/v1/dashboard/start-rate/?year=2026",
            reverse("reports:detail", args=[report.pk]),
        ]
        small = [_queries(client, url) for url in urls(small_report)]
        for n in range(3):
            district = RegionFactory(code=f"99020{n}", name=f"扩展区{n}", parent=city)
            DistrictTarget.objects.create(plan=plan_city[0], district=district, households=5)
            for m in range(2):
                project = ProjectFactory(district=district, plan_year=2026, code=f"PX-{n}-{m}")
                add_households(project, [date(2026, 7, 1)] * 3)
        big_report = services.report_generate(kind="weekly_supervision", period="2026-W47")
        big = [_queries(client, url) for url in urls(big_report)]
    assert len(big_report.data["districts"]) == len(small_report.data["districts"]) + 3
    assert big == small


def test_the_monday_run_reports_the_week_before(plan_city):
    """The schedule passes no period: on Monday 30 November it is week 48 (23–29 Nov)."""
    from reports.tasks import generate_report

    with time_machine.travel("2026-11-30 08:00 +0800", tick=False):
        report = Report.objects.get(pk=generate_report.run("weekly_supervision"))
    assert (report.period, report.data["end"]) == ("2026-W48", "2026-11-29")


def test_a_milestone_is_met_by_whole_households_not_by_a_rounded_rate(district_1):
    """2 of 3 households is 66.67%, shown as 66.7%: it does not meet a 66.7% milestone."""
    plan = PlanFactory(target_households=3)
    PlanMilestone.objects.create(
        plan=plan, due_date=date(2026, 6, 30), start_rate_threshold=Decimal("66.7")
    )
    DistrictTarget.objects.create(plan=plan, district=district_1, households=3)
    add_households(
        ProjectFactory(district=district_1, plan_year=2026), [date(2026, 5, 1)] * 2 + [None]
    )
    [row] = start_rates(plan=plan, as_of=date(2026, 11, 22)).districts
    assert row.start_rate == Decimal("66.7") and row.met_last_milestone is False


def test_the_last_week_of_a_year_reports_on_that_years_plan(plan_city):
    """2026-W53 runs from 28 December 2026 to 3 January 2027: the 2026 plan, as of 31
    December; a week spelt another way or out of range is refused."""
    with time_machine.travel("2027-01-04 08:00 +0800", tick=False):
        report = services.report_generate(kind="weekly_supervision", period="2026-W53")
        for period in ("2026-W5", "2026-W+5", "9999-W52", "1999-W10"):
            with pytest.raises(ValidationError):
                services.report_generate(kind="weekly_supervision", period=period)
        with pytest.raises(ValidationError):
            services.report_generate(kind="annual_summary", period="02026")
    assert (report.data["year"], report.data["as_of"], report.data["end"]) == (
        2026,
        "2026-12-31",
        "2027-01-03",
    )
    assert report.data["city"]["filters"]["started_households"]["started_by"] == "2026-12-31"


def test_table_cells_keep_the_workbooks_font_and_a_dates_format():
    """Styled by name, a body cell still has the workbook's own font (an empty one is filled
    in differently by each spreadsheet program) and a date is still shown as a date."""
    from datetime import date
    from io import BytesIO

    from openpyxl import Workbook

    from reports.workbooks import figure_rows, list_sheet

    book = Workbook()
    list_sheet(book, "清单", "标题", ["日期", "说明"], [[date(2026, 11, 20), "文字"]], [12, 20])
    figure_rows(book.active, [{"n": 5}, {"n": 9}], [("n", "0")], 1)
    stream = BytesIO()
    book.save(stream)
    stream.seek(0)
    saved = load_workbook(stream)
    listed, figures = saved["清单"], saved.worksheets[0]
    assert (listed["A4"].font.name, listed["A4"].font.sz) == ("Calibri", 11)
    assert listed["A4"].is_date and listed["A4"].value.date() == date(2026, 11, 20)
    assert (figures["A1"].font.name, figures["A1"].font.b) == ("Calibri", False)
    assert figures["A2"].font.b  # the last row, the total, in bold


def test_the_weeks_not_resumed_projects_stand_in_district_code_order(monkeypatch):
    """西城区 has the lower code: it comes first, though 东 sorts before 西 by name."""
    from reports import weekly

    def row(project_id, code, district):
        return {"project_id": project_id, "code": code, "name": code, "district": district}

    figures = {
        "districts": [
            {"name": "西城区", "district_code": "990102"},
            {"name": "东城区", "district_code": "990103"},
        ],
        "not_resumed": [{**row(1, "B-1", "东城区"), "reason": "资金"}],
        "not_reported": [row(2, "A-9", "西城区"), row(3, "A-1", "西城区")],
    }
    monkeypatch.setattr(weekly, "daily_figures_of", lambda days: {day: figures for day in days})
    rows = weekly._not_resumed_in_week(date(2026, 11, 16), date(2026, 11, 22))
    assert [(r["district"], r["code"], r["days"]) for r in rows] == [
        ("西城区", "A-1", 5),
        ("西城区", "A-9", 5),
        ("东城区", "B-1", 5),
    ]
