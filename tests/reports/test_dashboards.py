"""The leader and district dashboards and the command-centre screen on the hand-built city of
tests/reports/conftest.py (`plan_city`), with known answers worked out by hand below.

On Wednesday 25 November 2026 at 10:00, before the day's cut-off:
  start     city 20 of 40 → 50.0%; 江东区 6/10 60.0% (1st), 江西区 6/10 60.0% (2nd),
            测试三区 5/20 25.0%, 测试五区 2/10 20.0%, 测试四区 no target (last); bottom three
            江西区, 测试三区, 测试五区; milestone in force ≥ 100% by 31 December: all behind
  signing   4 of 江东区's 8 households signed on 1 October → 50.0%; the city's plan-year
            projects hold 8 + 7 + 5 + 1 + 2 = 23 households → 4/23 = 17.4%; 江西区's project
            signing period ended on 1 November with none signed: one project past its deadline
  investment 60 (10k yuan) reported by 江东区 for March, its target 100 → 60.0%; the city's
            target 400 → 15.0%
  overdue   one notice to 江西区 due 20 November, still issued: overdue
  resumption the daily report of Tuesday 24 November: 江东区's one project under construction
            worked → 100.0%; on the 25th none of the one due has filed yet: "0 of 1", no rate
  weekly    circulars of weeks 46 and 47 stored: the trend 47.5%, 50.0%
"""

import json
import re
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from compensation import services as compensation_services
from compensation.models import Agreement
from compensation.selectors import signing_by_district
from core.models import Region
from households.models import Household
from projects.models import DailyStatus, DistrictTarget, InvestmentReport
from projects.selectors import investment_by_district
from reports import dashboards, services
from reports.models import DisplayLink, Report, ReportKind, ReportStatus
from reports.templatetags.dashboard_tables import stage_cells
from supervision.models import Grievance, SupervisionNotice
from supervision.selectors import overdue_by_district
from tests.factories import ProjectFactory, RegionFactory, UserFactory
from tests.reports.conftest import add_households

MORNING = "2026-11-25 10:00 +0800"


@pytest.fixture
def dashboard_city(plan_city, official_1, official_2, city_staff):
    plan, projects = plan_city
    scheme = compensation_services.scheme_new_version(project=projects["a"], user=official_1)
    for number, household in enumerate(
        Household.objects.filter(project=projects["a"]).order_by("code")[:4], start=1
    ):
        Agreement.objects.create(
            household=household,
            project=projects["a"],
            district_id=household.district_id,
            scheme=scheme,
            mode="monetary",
            status="effective",
            number=number,
            planned_sign_on=date(2026, 10, 1),
            signed_on=date(2026, 10, 1),
            effective_on=date(2026, 10, 1),
            created_by=official_1,
        )
    projects["b"].signing_ends_on = date(2026, 11, 1)
    projects["b"].save(update_fields=["signing_ends_on"])
    DistrictTarget.objects.filter(plan=plan, district=projects["a"].district).update(
        investment=Decimal("100")
    )
    InvestmentReport.objects.create(
        project=projects["a"], month=date(2026, 3, 1), amount=Decimal("60"), reported_by=official_1
    )
    SupervisionNotice.objects.create(
        district=projects["b"].district,
        subject="签约进度滞后",
        problem="进度慢",
        requirement="加快",
        deadline=date(2026, 11, 20),
        status="issued",
        year=2026,
        serial=1,
        created_by=city_staff,
    )
    projects["a"].construction_status = "under_construction"
    projects["a"].save(update_fields=["construction_status"])
    at = timezone.make_aware(datetime(2026, 11, 24, 9, 0))
    DailyStatus.objects.create(
        project=projects["a"],
        district_id=projects["a"].district_id,
        date=date(2026, 11, 24),
        status="working",
        workers_on_site=20,
        reporter=official_1,
        first_submitted_at=at,
        submitted_at=at,
    )
    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        services.report_generate(kind="weekly_supervision", period="2026-W46")
        services.report_generate(kind="weekly_supervision", period="2026-W47")
    with time_machine.travel("2026-11-24 18:00 +0800", tick=False):
        services.report_generate(kind="daily_resumption", period="2026-11-24")
    return plan, projects


def text_of(html: str, name: str) -> str:
    """The text inside the element with data-testid=name, tags stripped."""
    match = re.search(rf'data-testid="{name}"[^>]*>(.*?)</(a|div|span)>', html, re.S)
    assert match, name
    return re.sub(r"<[^>]+>|\s+", "", match[1])


def test_the_leader_dashboard_shows_the_hand_computed_figures(client, dashboard_city, leader):
    client.force_login(leader)
    with time_machine.travel(MORNING, tick=False):
        html = client.get("/").content.decode()  # a leader's day starts at the dashboard
    assert text_of(html, "kpi-start-rate") == "50.0%"
    assert text_of(html, "kpi-signing-rate") == "17.4%"
    assert text_of(html, "kpi-behind-deadline") == "1个项目已过签约期限"
    assert text_of(html, "kpi-investment-rate") == "15.0%"
    assert text_of(html, "kpi-notices-overdue") == "1"
    assert "江西区、测试三区、测试五区" in text_of(html, "bottom-three")
    rows = re.findall(r'data-code="(\d+)".*?data-testid="district-rate">([^<]*)<', html, re.S)
    assert rows == [
        ("990102", "60.0%"),
        ("990103", "60.0%"),
        ("990190", "25.0%"),
        ("990192", "20.0%"),
        ("990191", "—"),
    ]
    ranking = json.loads(re.search(r'id="ranking-data"[^>]*>(.*?)</script>', html)[1])
    assert ranking["bottom"] == [False, True, True, True, False]
    assert ranking["milestone"] == 100.0
    trend = json.loads(re.search(r'id="trend-data"[^>]*>(.*?)</script>', html)[1])
    assert (trend["weeks"], trend["rates"]) == (["2026-W46", "2026-W47"], [47.5, 50.0])
    assert trend["labels"] == [
        "2026年第46周",
        "2026年第47周",
    ]  # the axis as the bureau writes weeks


def test_the_dashboard_and_the_circular_name_a_milestone_not_yet_reached_alike(
    client, dashboard_city, leader
):
    """The circular said 未达到 where the dashboard said 滞后 of the same milestone."""
    client.force_login(leader)
    weekly = Report.objects.get(kind="weekly_supervision", period="2026-W47")
    with time_machine.travel(MORNING, tick=False):
        pages = [
            client.get(path).content.decode() for path in ("/dashboard/", f"/reports/{weekly.pk}/")
        ]
    for html in pages:  # not yet due: "not yet reached", not a failure
        assert "尚未达到" in html and "滞后" not in html
        # the threshold written alike (the circular's page said ≥ 100.0%)
        assert re.search(r"(≥ |达到 )100%", html) and "≥ 100.0%" not in html


def test_the_circulars_signed_households_open_the_agreements_it_counts(
    client, dashboard_city, leader
):
    """Its signing figures were the only ones of its table but the grievances' to open
    nothing; each opens the agreements of the households it counts, as the dashboard's do."""
    client.force_login(leader)
    weekly = Report.objects.get(kind="weekly_supervision", period="2026-W47")
    with time_machine.travel(MORNING, tick=False):
        html = client.get(f"/reports/{weekly.pk}/").content.decode()
        links = re.findall(r'<a href="([^"]*signed_by[^"]*)"[^>]*>([\d,]+)</a> /', html)
        assert len(links) == len(weekly.data["districts"]) + 1  # and the city's
        for link, shown in links:
            page = client.get(link.replace("&amp;", "&")).content.decode()
            header = re.search(r'class="card-header small text-secondary">([^<]*)<', page)[1]
            assert re.sub(r"\D", "", header) == shown.replace(",", ""), link
    assert sum(d["signed"] for d in weekly.data["districts"]) > 0


def test_the_circular_page_shows_the_grievances_closed_as_its_workbook_does(
    client, dashboard_city, leader
):
    """The workbook had a 已销号 column the page lacked."""
    client.force_login(leader)
    weekly = Report.objects.get(kind="weekly_supervision", period="2026-W47")
    weekly.data["districts"][0]["grievances_closed"] = 7
    weekly.save(update_fields=["data"])
    html = client.get(f"/reports/{weekly.pk}/").content.decode()
    head = html.split('data-testid="weekly-districts"')[1].split("</thead>")[0]
    assert '<th colspan="3" class="text-center">群众诉求</th>' in head
    assert head.rstrip().endswith("<th>已登记</th><th>逾期</th><th>已销号</th></tr>"), head[-200:]
    cells = re.findall(r'data-testid="grievances-closed">(?:<a [^>]*>)?(\d+)<', html)
    assert cells[0] == "7" and len(cells) == len(weekly.data["districts"])


def test_in_the_morning_the_latest_reported_day_stands_beside_todays_filing(
    client, dashboard_city, leader, city_staff
):
    """Before anyone has filed on the 25th, the rate shown is the 24th's, and the 25th is
    a count of who has filed — never a 0.0% rate."""
    for user in (leader, city_staff):
        client.force_login(user)
        with time_machine.travel(MORNING, tick=False):
            html = client.get("/").content.decode()
        if user == leader:
            assert text_of(html, "kpi-resumption-rate") == "100.0%"
            assert "（11-24）" in html
            assert text_of(html, "kpi-filing-today") == "今日截至目前：已填报0/1"
        else:  # the city staff's home: the same day beside the same count
            assert "（2026-11-24）" in html
            assert text_of(html, "filing-now") == "今日截至目前：已填报0/1"
            assert text_of(html, "today-city-rate") == "100.0%"


def test_a_district_official_sees_their_district_with_its_rank_gap_and_notices(
    client, dashboard_city, official_2
):
    plan, projects = dashboard_city
    # a project of the district filing today (not of the plan year): the district's 0/1
    ProjectFactory(
        district_id=projects["b"].district_id,
        plan_year=2025,
        construction_status="under_construction",
    )
    client.force_login(official_2)
    with time_machine.travel(MORNING, tick=False):
        html = client.get("/dashboard/").content.decode()
        other = client.get("/dashboard/990102/")
        workbook = client.get("/dashboard/?export=xlsx")
    assert text_of(html, "district-rank").startswith("在5个区县中排第2名")
    assert text_of(html, "kpi-start-rate") == "60.0%"
    # The gap: target 10 − 6 started = 4; behind it, the one unstarted household (registered).
    assert "距目标还差 4 户" in html
    [link] = re.findall(r'href="([^"]+)" data-testid="gap-stage"', html)
    assert "not_started_by=2026-11-25" in link and f"district={projects['b'].district_id}" in link
    # The other 3 of the gap are on no roster: the target (10) is above the rosters (7).
    off_roster = re.search(r'data-testid="gap-off-roster">.*?fw-semibold">(\d+)<', html, re.S)
    assert off_roster[1] == "3"
    notices = html.split('data-testid="open-notices"')[1].split('data-testid="project-figures"')[0]
    assert "签约进度滞后" in notices and "期限 2026-11-20 · 逾期" in notices
    assert "PA-b" in html and "PA-a" not in html
    assert other.status_code == 404  # another district's dashboard is not found
    sheets = load_workbook(BytesIO(workbook.content))
    assert sheets.sheetnames == ["开工率", "项目", "未开工户"]
    assert sheets["开工率"]["B5"].value == "江西区" and sheets["开工率"]["B6"].value == "全市合计"
    assert sheets["开工率"]["B6"].value == "全市合计"
    filed_today = [c.value for c in sheets["开工率"][4]].index("今日已填报") + 1
    assert sheets["开工率"].cell(5, filed_today).value == "0/1"  # the district's
    assert sheets["开工率"].cell(6, filed_today).value == "—"  # not the district's as the city's
    codes = [row[0].value for row in sheets["项目"].iter_rows(min_row=4)]
    assert codes == ["PA-b"]
    headers = [c.value for c in sheets["项目"][3]]
    assert headers.count("已签约") == 1 and "累计签约" in headers
    # the gap as the page gives it: the registered household by stage, the 3 off any roster
    gap = sheets["未开工户"]
    assert gap["A2"].value == "共 4 户"
    assert [(r[0].value, r[1].value) for r in gap.iter_rows(min_row=4)][-1][1] == 3
    assert sheets["开工率"].page_setup.orientation == "landscape"


def test_the_figures_drill_down_from_the_city_to_a_household(client, dashboard_city, city_staff):
    _plan, projects = dashboard_city
    client.force_login(city_staff)
    with time_machine.travel(MORNING, tick=False):
        city = client.get("/dashboard/").content.decode()
        district_url = re.search(r'href="(/dashboard/990103/[^"]*)"', city)[1]
        district = client.get(district_url.replace("&amp;", "&")).content.decode()
        stage_url = re.search(r'href="([^"]+)" data-testid="stage-count"', district)[1]
        households = client.get(stage_url.replace("&amp;", "&")).content.decode()
        started_url = re.search(r'href="(/households/[^"]*started_by[^"]*)"', city)[1]
        started = client.get(started_url.replace("&amp;", "&")).content.decode()
    assert f"project={projects['b'].pk}" in stage_url
    assert "PA-b-001" in households
    # The city's 20 started households: the list's "all" count, under the figure's badge.
    assert re.search(r'全部 <span class="badge text-bg-light">20</span>', started)


def test_projects_past_their_signing_deadline_open_with_what_they_lack(
    client, dashboard_city, leader, official_1
):
    """The dashboards' "projects past their signing deadline" (the city's figure and each
    district's) open the projects it counts, with their households signed on the figure's day
    and those not: 江西区's project (period over on 1 November, none of its 7 signed) and,
    its period ended too, 江东区's (4 of 8 signed on 1 October)."""
    _plan, projects = dashboard_city
    projects["a"].signing_ends_on = date(2026, 11, 1)
    projects["a"].save(update_fields=["signing_ends_on"])
    client.force_login(leader)
    with time_machine.travel(MORNING, tick=False):
        city = client.get("/dashboard/").content.decode()
        city_url = re.search(r'href="([^"]+)" data-testid="kpi-behind-deadline"', city)[1]
        district_urls = re.findall(r'href="([^"]+)" data-testid="district-behind-deadline"', city)
        pages = [client.get(url.replace("&amp;", "&")).content.decode() for url in district_urls]
        whole = client.get(city_url).content.decode()

    def rows(page):
        return [
            (re.search(r"PA-\w", row)[0], re.findall(r'data-testid="(?:un)?signed">(\d+)<', row))
            for row in re.findall(r'data-testid="record-row">(.*?)</tr>', page, re.S)
        ]

    assert text_of(city, "kpi-behind-deadline") == "2个项目已过签约期限"
    assert rows(whole) == [("PA-a", ["4", "4"]), ("PA-b", ["0", "7"])]
    assert [rows(page) for page in pages] == [[("PA-a", ["4", "4"])], [("PA-b", ["0", "7"])]]
    assert "江西区 · 超过签约期限的项目" in pages[1]
    # an official opens their own district's, never another's, and theirs without asking
    client.force_login(official_1)
    with time_machine.travel(MORNING, tick=False):
        own, other = (client.get(url.replace("&amp;", "&")) for url in district_urls)
        theirs = client.get(city_url).content.decode()
        nul = client.get(city_url, {"district": "990102\x00"})
    assert (own.status_code, other.status_code, nul.status_code) == (200, 404, 404)
    assert rows(theirs) == [("PA-a", ["4", "4"])] and "不在您的数据范围内" not in theirs


def test_a_signing_rate_opens_the_agreements_of_the_households_it_counts_signed(
    client, dashboard_city, leader
):
    """The city's and each district's signing rate open the agreement list of exactly the
    households counted as signed (they opened a campaign page for projects with a signing
    threshold, which showed none)."""
    client.force_login(leader)
    with time_machine.travel(MORNING, tick=False):
        html = client.get("/dashboard/").content.decode()
        figures = signing_by_district(year=2026, as_of=date(2026, 11, 25))
        links = re.findall(r'href="(/compensation/agreements/\?[^"]*signed_by[^"]*)"', html)
        assert len(links) == 1 + sum(1 for row in figures.values() if row["households"])
        for link in links:
            page = client.get(link.replace("&amp;", "&")).content.decode()
            district = re.search(r"district=(\d+)", link)
            expected = (
                figures[int(district[1])]["signed"]
                if district
                else sum(row["signed"] for row in figures.values())
            )
            header = re.search(r'class="card-header small text-secondary">([^<]*)<', page)[1]
            assert int(re.sub(r"\D", "", header)) == expected, link
            assert "看板数字对应的协议" in page
    assert sum(row["signed"] for row in figures.values()) > 0


def test_the_city_workbook_prints_the_ranking_with_the_city_total(
    client, dashboard_city, city_staff
):
    client.force_login(city_staff)
    with time_machine.travel(MORNING, tick=False):
        response = client.get("/dashboard/?year=2026&export=xlsx")
    sheet = load_workbook(BytesIO(response.content))["开工率"]
    names = [sheet.cell(row, 2).value for row in range(5, 11)]
    assert names == ["江东区", "江西区", "测试三区", "测试五区", "测试四区", "全市合计"]
    assert [sheet.cell(row, 5).value for row in (5, 10)] == [60.0, 50.0]
    assert sheet["B6"].fill.fgColor.rgb.endswith("FCE4D6")  # bottom three
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9


def test_the_workbook_has_the_pages_columns_and_a_closed_year_no_figures_of_today(
    client, dashboard_city, city_staff
):
    """The 06-30 milestone passed is a column as on the page, and nothing to file reads "—"
    as the page has it; once 2026 is over, its dashboard and workbook show its figures on 31
    December without the resumption and the overdue items of the day they are read."""
    client.force_login(city_staff)
    with time_machine.travel("2026-11-22 10:00 +0800", tick=False):  # a Sunday: nothing due
        running = load_workbook(BytesIO(client.get("/dashboard/?export=xlsx").content))["开工率"]
    headers = [cell.value for cell in running[4]]
    assert "06-30 节点" in headers and "今日已填报" in headers
    assert running.cell(5, headers.index("今日已填报") + 1).value == "—"
    Report.objects.filter(kind="weekly_supervision").delete()  # a year without circulars
    with time_machine.travel("2027-01-15 10:00 +0800", tick=False):
        client.force_login(city_staff)  # a session ends after 30 idle minutes
        page = client.get("/dashboard/?year=2026").content.decode()
        district = client.get("/dashboard/990102/?year=2026").content.decode()
        closed = load_workbook(BytesIO(client.get("/dashboard/?year=2026&export=xlsx").content))[
            "开工率"
        ]
    assert "（环节与签约为今天的情况）" in district and "待办督办函 （当前）" in district
    assert "没有 2026 年度的周督导通报。" in page  # not "not yet" of a year that is over
    for html in (page, district):
        assert "2026 计划年度已结束：以上为截至 2026-12-31 的数据" in html
        assert 'data-testid="kpi-resumption"' not in html
        assert 'data-testid="kpi-notices-overdue"' not in html and ">最近日报<" not in html
    closed_headers = [cell.value for cell in closed[4]]
    assert "06-30 节点" in closed_headers and "今日已填报" not in closed_headers
    assert "复工" not in "".join(str(cell.value) for cell in closed[3] if cell.value)


def test_a_year_without_a_plan_says_which_plan_is_shown(client, dashboard_city, city_staff):
    client.force_login(city_staff)
    with time_machine.travel(MORNING, tick=False):
        client.force_login(city_staff)
        html = client.get("/dashboard/?year=2019").content.decode()
        plain = client.get("/dashboard/").content.decode()
        # nor is its workbook made of another year under that year's name
        exports = [
            client.get(url, {"year": "abc", "export": "xlsx"})
            for url in ("/dashboard/", "/dashboard/990102/")
        ]
        workbook = client.get("/dashboard/", {"year": "2026", "export": "xlsx"})
    assert "没有“2019”的年度计划：下面显示的是 2026 年度。" in html
    assert "没有“" not in plain
    for page in exports:
        assert page["Content-Type"].startswith("text/html")
        assert "没有“abc”的年度计划：下面显示的是 2026 年度。" in page.content.decode()
    assert workbook["Content-Type"].startswith("application/vnd.openxml")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboards_run_a_fixed_number_of_queries(
    client, dashboard_city, city, city_staff, official_1
):
    """Three more districts, each with two projects of households and a daily status: the
    same queries on every dashboard and on the screen's figures."""
    plan, _projects = dashboard_city
    token = services.display_link_create(DisplayLink(name="大屏"), user=city_staff)
    urls = [
        (city_staff, "/dashboard/"),
        (city_staff, "/dashboard/990102/"),
        (official_1, "/dashboard/"),
        (None, f"/screen/{token}/data/"),
    ]

    def counts():
        result = []
        for user, url in urls:
            client.logout()
            if user:
                client.force_login(user)
            result.append(_queries(client, url))
        return result

    with time_machine.travel(MORNING, tick=False):
        counts()  # the screen notes its first opening of the minute: measured after it
        small = counts()
        for n in range(3):
            district = RegionFactory(code=f"99020{n}", name=f"扩展区{n}", parent=city)
            DistrictTarget.objects.create(plan=plan, district=district, households=5)
            for m in range(2):
                project = ProjectFactory(
                    district=district,
                    plan_year=2026,
                    code=f"PX-{n}-{m}",
                    construction_status="under_construction",
                )
                add_households(project, [date(2026, 7, 1)] * 3 + [None])
        for _m in range(3):  # more projects in 江东区 too
            add_households(
                ProjectFactory(district=city.children.get(code="990102"), plan_year=2026),
                [date(2026, 8, 1), None],
            )
        big = counts()
    assert big == small


def test_the_screen_opens_by_its_link_alone_shows_aggregates_only_and_stops_when_revoked(
    client, dashboard_city, admin_user_of_city
):
    token = services.display_link_create(DisplayLink(name="指挥中心"), user=admin_user_of_city)
    with time_machine.travel(MORNING, tick=False):
        page = client.get(f"/screen/{token}/")
        data = client.get(f"/screen/{token}/data/")
    assert page.status_code == 200 and "sessionid" not in page.cookies
    assert "csrftoken" not in page.cookies
    body = data.json()
    assert body["city"]["start_rate"] == 50.0 and body["resumption"]["rate"] == 100.0
    assert (body["resumption"]["filed_today"], body["resumption"]["due_today"]) == (0, 1)
    assert [d["name"] for d in body["districts"]][:2] == ["江东区", "江西区"]
    text = json.dumps(body, ensure_ascii=False)  # the names as written, not \u-escaped
    names = Household.objects.values_list("party_name", "code")
    assert not any(name in text or code in text for name, code in names)
    assert "PA-" not in text  # no project either
    services.display_link_revoke(links=DisplayLink.objects.all())
    refused = [client.get(f"/screen/{token}/"), client.get(f"/screen/{token}/data/")]
    unknown = client.get("/screen/not-a-token/data/")
    assert [r.status_code for r in refused] == [404, 404] and unknown.status_code == 404
    assert DisplayLink.objects.get().token_hash != token  # only a hash is kept


@pytest.fixture
def admin_user_of_city(city):
    return UserFactory(username="sysadmin", role="admin", scope_region=city, is_staff=True)


def test_the_administrator_creates_a_display_link_sees_it_once_and_revokes_it(
    client, city, admin_user_of_city
):
    client.force_login(admin_user_of_city)
    response = client.post("/admin/reports/displaylink/add/", {"name": "指挥中心大屏"}, follow=True)
    text = response.content.decode()
    address = re.search(r"(http://testserver/screen/[^/\s<]+/)", text)[1]
    link = DisplayLink.objects.get()
    assert link.created_by == admin_user_of_city and link.is_active
    assert client.get(address).status_code == 200
    listing = client.get("/admin/reports/displaylink/").content.decode()
    assert address not in listing  # shown once, never again
    client.post(
        "/admin/reports/displaylink/",
        {"action": "revoke", "_selected_action": [link.pk]},
    )
    link.refresh_from_db()
    assert not link.is_active
    client.logout()
    assert client.get(address).status_code == 404


def test_a_district_leader_reads_the_same_page_for_their_district(client, dashboard_city):
    _plan, projects = dashboard_city
    district_leader = UserFactory(
        username="jiangxi_leader", role="leader", scope_region=projects["b"].district
    )
    client.force_login(district_leader)
    with time_machine.travel(MORNING, tick=False):
        home = client.get("/").content.decode()
        city_codes = client.get("/dashboard/990103/")
    assert "江西区" in text_of(home, "dashboard-title")
    assert text_of(home, "district-rank").startswith("在5个区县中排第2名")
    assert city_codes.status_code == 200
    ranking = json.loads(re.search(r'id="ranking-data"[^>]*>(.*?)</script>', home)[1])
    # The ranking is distributed to every district; its bars open nothing outside the scope.
    assert ranking["names"][1] == "江西区" and ranking["mark"][1] and ranking["links"] == []


def test_a_reader_without_a_scope_is_told_so(client, dashboard_city):
    client.force_login(UserFactory(username="nobody", role="leader", scope_region=None))
    with time_machine.travel(MORNING, tick=False):
        html = client.get("/dashboard/").content.decode()
    assert 'data-testid="dashboard-empty"' in html and "江东区" not in html


@pytest.mark.parametrize(
    "moment, period, refusal, offered",
    [
        # before the 25th's cut-off its statuses are half filed: the 24th is offered
        ("2026-11-25 09:00 +0800", "2026-11-25", "截止后才能生成该日的日报", "2026-11-24"),
        # nothing is due on a Sunday: the Friday is offered
        ("2026-11-29 20:00 +0800", "2026-11-29", "不是工作日", "2026-11-27"),
        ("2026-11-25 17:30 +0800", "2026-11-25", None, "2026-11-25"),
    ],
)
def test_no_daily_report_is_made_of_a_half_filed_or_a_non_working_day(
    client, dashboard_city, city_staff, moment, period, refusal, offered
):
    """A report of a day still being filed, or of a day with no statuses due, showed a rate
    of 0% that the home pages' trend and latest report took for the day's."""
    client.force_login(city_staff)
    stored = Report.objects.count()
    with time_machine.travel(moment, tick=False):
        page = client.get("/reports/").content.decode()
        assert f'value="{offered}"' in page  # the date the page offers to generate
        if refusal is None:
            services.report_generate(kind="daily_resumption", period=period)
            assert Report.objects.count() == stored + 1
            return
        with pytest.raises(ValidationError, match=refusal):
            services.report_generate(kind="daily_resumption", period=period)
        assert services.report_generate_scheduled(kind="daily_resumption") is None
        response = client.post(
            "/reports/generate/", {"kind": "daily_resumption", "period": period}, follow=True
        )
        assert refusal in response.content.decode()
    assert Report.objects.count() == stored


@pytest.mark.parametrize(
    "url", ["/dashboard/?year=²", "/dashboard/?year=" + "9" * 5000, "/dashboard/?year=-1"]
)
def test_a_year_typed_in_the_address_never_fails(client, dashboard_city, city_staff, url):
    client.force_login(city_staff)
    with time_machine.travel(MORNING, tick=False):
        response = client.get(url)
    assert response.status_code == 200 and "2026年开工率看板" in response.content.decode()


def test_the_screen_keeps_its_token_out_of_the_database(client, dashboard_city, city_staff):
    """Opening the screen writes nothing the change history would stamp with the request's
    address (the token); a refresh interval typed in the address never fails; a city with no
    map installed gets the screen without one."""
    from pghistory.models import Context

    token = services.display_link_create(DisplayLink(name="大屏"), user=city_staff)
    with time_machine.travel(MORNING, tick=False):
        assert client.get(f"/screen/{token}/?refresh=²").status_code == 200
        assert client.get(f"/screen/{token}/data/").status_code == 200
    assert not [c for c in Context.objects.all() if token in json.dumps(c.metadata)]
    Region.objects.filter(level="city").update(code="990900")  # no static/geo/990900.json
    page = client.get(f"/screen/{token}/?refresh=5").content.decode()
    assert 'data-refresh="5"' in page and "data-map" not in page


def test_a_districts_dashboard_reads_its_own_figures_and_they_are_the_citys_row(
    dashboard_city, official_1
):
    """A district's dashboard reads signing, investment and overdue work for that district
    alone (at city scale, the others' signing was a third of its SQL), and every figure of its
    row is the one the city's dashboard shows for it; the ranking stays the city's."""
    plan, projects = dashboard_city
    Grievance.objects.create(  # overdue: to be decided on by 24 November
        district_id=projects["a"].district_id,
        project=projects["a"],
        channel="visit",
        category="payment",
        content="补偿款未到账",
        registered_on=date(2026, 11, 20),
        accept_by=date(2026, 11, 24),
        created_by=official_1,
    )
    with time_machine.travel(MORNING, tick=False):
        today = timezone.localdate()
        whole = dashboards.plan_standing(plan=plan, today=today)
        for row in whole.districts:
            district_id = row["district_id"]
            own = dashboards.plan_standing(plan=plan, today=today, district_id=district_id)
            assert own.districts == [row] and own.city is None
            assert own.rates.districts == whole.rates.districts
            # each figure read for the district alone
            year, as_of = plan.year, whole.as_of
            for figures in (
                signing_by_district(year=year, as_of=as_of, district_id=district_id),
                investment_by_district(start=date(year, 1, 1), end=as_of, district_id=district_id),
                overdue_by_district(today=today, district_id=district_id),
            ):
                assert set(figures) <= {district_id}
    jiangdong = whole.district(projects["a"].district_id)
    jiangxi = whole.district(projects["b"].district_id)
    assert (jiangdong["signed"], jiangdong["investment_completed"]) == (4, Decimal("60"))
    assert (jiangdong["grievances_overdue"], jiangxi["grievances_overdue"]) == (1, 0)
    assert (jiangxi["behind_deadline"], jiangxi["notices_overdue"]) == (1, 1)


def test_the_trend_shows_the_weeks_of_its_plan_year_only(dashboard_city):
    """A week belongs to the plan of its ISO year: 2026's first week (from Monday 29 December
    2025) and its 53rd (to Sunday 3 January 2027) are in 2026's trend, the weeks either side
    of them are not."""
    for period, year in (
        ("2025-W52", 2025),
        ("2026-W01", 2026),
        ("2026-W53", 2026),
        ("2027-W01", 2027),
    ):
        Report.objects.create(
            kind=ReportKind.WEEKLY_SUPERVISION,
            period=period,
            version=1,
            status=ReportStatus.READY,
            is_current=True,
            data={"year": year, "city": {"start_rate": 99.0}, "districts": []},
        )
    city = dashboards.trend(year=2026)
    district = dashboards.trend(year=2026, district_code="990102")
    assert city["weeks"] == district["weeks"] == ["2026-W01", "2026-W46", "2026-W47", "2026-W53"]
    assert city["rates"] == [99.0, 47.5, 50.0, 99.0]
    assert dashboards.trend(year=2027)["weeks"] == ["2027-W01"]


def test_a_stage_count_links_to_its_households_and_none_is_a_grey_zero():
    cells = stage_cells([(1234, "/households/?project=7&stage=signed"), (0, "/unused/")])
    assert cells == (
        '<td class="text-end"><a href="/households/?project=7&amp;stage=signed" '
        'data-testid="stage-count">1,234</a></td>'
        '<td class="text-end"><span class="text-secondary">0</span></td>'
    )


def test_the_investment_figure_opens_the_projects_it_adds_up(
    client, dashboard_city, leader, official_1
):
    """It opened the plan year's projects, none of them with an amount: the figure is the
    investment reported this year, by whatever plan year's projects (DESIGN.md §5)."""
    plan, projects = dashboard_city
    earlier = ProjectFactory(district=projects["a"].district, plan_year=2025, name="上年续建项目")
    InvestmentReport.objects.create(
        project=earlier, month=date(2026, 5, 1), amount=Decimal("40"), reported_by=official_1
    )
    InvestmentReport.objects.create(  # the year before: not this year's figure
        project=earlier, month=date(2025, 12, 1), amount=Decimal("7"), reported_by=official_1
    )
    client.force_login(leader)
    with time_machine.travel(MORNING, tick=False):
        html = client.get("/").content.decode()
        assert text_of(html, "kpi-investment-rate") == "25.0%"  # (60 + 40) / 400
        link = re.search(r'href="([^"]+)" data-testid="kpi-investment-rate"', html)[1]
        listed = client.get(link.replace("&amp;", "&")).content.decode()
    table = listed.split('data-testid="project-table"')[1].split("</table>")[0]
    amounts = dict(
        re.findall(r'<a href="/projects/\d+/">([^<]+)</a>.*?>([\d.,]+)</td></tr>', table, re.S)
    )
    assert amounts == {projects["a"].name: "60.00", "上年续建项目": "40.00"}
    assert "看板数字对应的项目" in listed and "2026-11-25" in listed
