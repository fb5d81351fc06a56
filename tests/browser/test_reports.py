"""In chromium: the dashboard draws the resumption charts, the report opens and downloads."""

import pytest
import time_machine
from playwright.sync_api import expect

from reports import services
from tests.browser.test_login import _log_in, open_menu
from tests.reports.conftest import DAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAINTED = (
    "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
    " for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true; return false; }"
)


def test_dashboard_chart_report_and_download(page, live_server, city_staff, city_day, tmp_path):
    with time_machine.travel("2026-10-10 18:00 +0800", tick=False):
        report = services.report_generate(kind="daily_resumption", period=DAY.isoformat())

    _log_in(page, live_server, "city_staff")
    trend = page.locator("#resumption-trend canvas")
    expect(trend).to_be_visible()
    assert trend.evaluate(PAINTED)
    today = page.locator("#resumption-today canvas")
    expect(today).to_be_visible()
    assert today.evaluate(PAINTED)

    open_menu(page, "报表")
    page.get_by_test_id("report-table").get_by_role("link", name="查看").first.click()
    expect(page.get_by_test_id("report-title")).to_contain_text(DAY.isoformat())
    expect(page.get_by_test_id("city-rate")).to_have_text("60.0%")
    expect(page.get_by_test_id("not-reported")).to_contain_text("P3 未报送")

    with page.expect_download() as download_info:
        page.get_by_test_id("download-report").click()
    target = tmp_path / "report.xlsx"
    download_info.value.save_as(target)
    assert target.read_bytes() == report.file.open("rb").read()


def test_the_weekly_circular_drills_down_and_prints(page, live_server, city_staff, plan_city):
    """city_staff opens the circular, follows a district's started households to the
    household list (the figure's filter named there), and the page prints without menus."""
    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        services.report_generate(kind="weekly_supervision", period="2026-W47")
    _log_in(page, live_server, "city_staff")
    page.goto(f"{live_server.url}/reports/?kind=weekly_supervision")
    page.get_by_test_id("report-table").get_by_role("link", name="查看").first.click()
    expect(page.get_by_test_id("report-title")).to_contain_text("2026年第47周")
    expect(page.get_by_test_id("bottom-three")).to_have_text("江西区、测试三区、测试五区")
    expect(page.get_by_test_id("city-start-rate")).to_have_text("50.0%")
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.get_by_test_id("print-report")).to_be_hidden()
    page.emulate_media(media="screen")
    first = page.get_by_test_id("weekly-row").first
    expect(first).to_contain_text("江东区")
    first.get_by_role("link", name="6", exact=True).click()
    expect(page.get_by_test_id("figure-filters")).to_contain_text("2026-11-22")
    expect(page.locator("tbody tr")).to_have_count(6)


def test_the_circulars_district_column_stays_while_its_figures_scroll(
    browser, live_server, city_staff, plan_city
):
    """On a tablet (and at 1280 px with the city's figures) the twenty columns scroll within
    their card, and the figures at the right end lost the district they belong to."""
    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        report = services.report_generate(kind="weekly_supervision", period="2026-W47")
    page = browser.new_page(locale="zh-CN", viewport={"width": 1024, "height": 768})
    _log_in(page, live_server, "city_staff")
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    scroller = page.get_by_test_id("weekly-districts").locator("xpath=..")
    assert scroller.evaluate("s => s.scrollWidth > s.clientWidth")
    scroller.evaluate("s => { s.scrollLeft = s.scrollWidth; }")
    district = page.get_by_test_id("weekly-district").first
    expect(district).to_have_text("江东区")
    left = scroller.bounding_box()["x"]
    assert abs(district.bounding_box()["x"] - left) < 1
    assert district.evaluate(
        "d => document.elementFromPoint(d.getBoundingClientRect().x + 5,"
        " d.getBoundingClientRect().y + 5) === d"
    )
