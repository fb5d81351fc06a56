"""In chromium, each role's day begins on its home page and its first action works from
there: the clerk files, city staff remind (催报) and the clerk finds the reminder behind the
bell, the leader drills a figure down to its records, the bureau leader opens the latest
report, the administrator reaches the accounts."""

from datetime import date

import pytest
import time_machine
from playwright.sync_api import expect

from projects.models import DailyStatus
from reports.services import report_generate
from tests.browser.test_login import _log_in, expand_menu
from tests.factories import PlanFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORKING_DAY = "2026-11-25"  # a Wednesday: statuses are due, whatever day the test runs on
TABLET = {"width": 1024, "height": 768}


@pytest.fixture
def city(district_1, district_2, official_1, city_staff, leader):
    building = ProjectFactory(
        district=district_1,
        construction_status="under_construction",
        name="江东在建项目",
        street_contact_name="王主任",
        street_contact_phone="13900000001",
    )
    ProjectFactory(
        district=district_2, construction_status="under_construction", name="江西在建项目"
    )
    return building


# The morning of a working day, the clock running: today's statuses are due before 17:00.
@time_machine.travel(f"{WORKING_DAY} 10:00 +0800")
def test_the_clerk_files_from_home(browser, live_server, city):
    page = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(page, live_server, "district_1")
    expect(page.get_by_test_id("home-title")).to_have_text("我的工作台")
    expect(page.get_by_test_id("filing-today")).to_contain_text("截止")
    expect(page.get_by_test_id("waiting-households")).to_be_visible()
    expect(page.get_by_test_id("recent-imports")).to_contain_text("尚未导入台账")
    page.get_by_test_id("file-now").click()
    row = page.get_by_test_id("daily-row")
    expect(row).to_have_count(1)
    row.locator("select[name$='-status']").select_option("working")
    row.locator("input[name$='-workers_on_site']").fill("25")
    row.locator("input[name$='-machinery_on_site']").fill("2")
    page.get_by_test_id("submit-daily").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存")
    filed = DailyStatus.objects.get(project=city)
    assert (filed.date.isoformat(), filed.workers_on_site) == (WORKING_DAY, 25)


def test_city_staff_remind_and_the_clerk_finds_it_behind_the_bell(browser, live_server, city):
    staff = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(staff, live_server, "city_staff")
    expect(staff.get_by_test_id("home-title")).to_have_text("全市概况")
    expect(staff.get_by_test_id("waiting-items")).to_be_visible()
    expand_menu(staff)
    staff.get_by_role("navigation").get_by_role("link", name="填报情况", exact=True).click()
    staff.get_by_label("日期").fill(WORKING_DAY)
    staff.get_by_role("button", name="查看").click()
    staff.locator("tr", has_text="江东区").get_by_test_id("remind").click()
    expect(staff.get_by_role("alert")).to_contain_text("已向江东区 1 名填报员发送催报")
    expect(staff.locator("tr", has_text="江东区")).to_contain_text("已催报")

    clerk = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(clerk, live_server, "district_1")
    expect(clerk.get_by_test_id("unread-count")).to_have_text("1")
    expect(clerk.get_by_test_id("home-notifications")).to_contain_text("江东在建项目")
    clerk.get_by_test_id("bell").click()
    clerk.get_by_test_id("notification").get_by_role("link").click()
    expect(clerk).to_have_url(f"{live_server.url}/projects/daily/?date={WORKING_DAY}")
    expect(clerk.get_by_test_id("daily-row")).to_contain_text("江东在建项目")
    expect(clerk.get_by_test_id("unread-count")).to_have_count(0)


def test_the_leader_drills_a_figure_down_to_its_records(browser, live_server, city):
    """The leader lands on the start-rate dashboard and opens a district's resumption on
    the latest reported day."""
    PlanFactory()
    report_generate(kind="daily_resumption", period=date(2026, 11, 24).isoformat())
    page = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(page, live_server, "city_leader")
    expect(page.get_by_test_id("dashboard-title")).to_have_text("2026年开工率看板")
    page.locator("[data-code='990102']").get_by_test_id("district-resumption").click()
    expect(page.get_by_test_id("records-title")).to_contain_text("在建项目")
    expect(page.get_by_test_id("figure-records")).to_contain_text("江东在建项目")
    expect(page.get_by_test_id("figure-records")).to_contain_text("王主任")
    page.get_by_test_id("figure-records").get_by_role("link", name="江东在建项目").click()
    expect(page.get_by_test_id("project-name")).to_have_text("江东在建项目")
    expect(page.get_by_test_id("project-progress")).to_be_visible()  # loaded into the page


def test_the_bureau_leader_opens_the_latest_report_and_the_admin_the_accounts(
    browser, live_server, city, city_staff
):
    UserFactory(username="bureau_leader", role="bureau_leader", scope_region=city.district.parent)
    UserFactory(username="sysadmin", role="admin", scope_region=city.district.parent, is_staff=True)
    report = report_generate(kind="daily_resumption", period=date(2026, 11, 24).isoformat())
    page = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(page, live_server, "bureau_leader")
    expect(page.get_by_test_id("remind")).to_have_count(0)  # reminding is city staff's job
    page.get_by_test_id("latest-report").get_by_role("link").click()
    expect(page).to_have_url(f"{live_server.url}/reports/{report.pk}/")
    expect(page.get_by_test_id("report-title")).to_contain_text("2026-11-24")

    admin = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(admin, live_server, "sysadmin")
    admin.get_by_role("link", name="账号、角色与数据范围").click()
    expect(admin.locator("#result_list")).to_contain_text("district_1")
