"""In chromium: the leader dashboard draws its charts and drills down from the city to a
household; the command-centre screen opens by its display link in a browser with no session
and is refused once the link is revoked."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from reports import services
from reports.models import DisplayLink
from tests.browser.test_login import _log_in
from tests.browser.test_reports import PAINTED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def weekly_city(plan_city):
    with time_machine.travel("2026-11-23 08:00 +0800", tick=False):
        services.report_generate(kind="weekly_supervision", period="2026-W46")
        services.report_generate(kind="weekly_supervision", period="2026-W47")
    return plan_city


def test_the_leader_sees_the_charts_and_drills_down_to_a_household(
    page, live_server, leader, weekly_city
):
    _log_in(page, live_server, "city_leader")
    expect(page.get_by_test_id("dashboard-title")).to_have_text("2026年开工率看板")
    expect(page.get_by_test_id("kpi-start-rate")).to_have_text("50.0%")
    for chart in ("#ranking-chart canvas", "#trend-chart canvas"):
        expect(page.locator(chart)).to_be_visible()
        assert page.locator(chart).evaluate(PAINTED), chart
    expect(page.get_by_test_id("bottom-three")).to_contain_text("江西区、测试三区、测试五区")

    # Printed: A4 landscape without the menu and the buttons.
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.get_by_test_id("print-dashboard")).to_be_hidden()
    page.emulate_media(media="screen")

    # City → district → a project's households at a stage → the household.
    page.get_by_test_id("district-link").filter(has_text="江西区").click()
    expect(page.get_by_test_id("dashboard-title")).to_contain_text("江西区")
    expect(page.get_by_test_id("district-rank")).to_contain_text("在5个区县中排第2名")
    assert page.locator("#ranking-chart canvas").evaluate(PAINTED)
    page.get_by_test_id("project-row").get_by_test_id("stage-count").first.click()
    expect(page).to_have_url(re.compile(r"/households/\?project=\d+&stage="))
    expect(page.get_by_test_id("household-row")).to_have_count(7)
    page.get_by_test_id("household-row").first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/households/\d+/$"))
    expect(page.locator("h1")).to_contain_text("户1")


def test_the_screen_opens_without_a_session_and_is_refused_once_revoked(
    browser, live_server, city_staff, weekly_city
):
    token = services.display_link_create(DisplayLink(name="指挥中心"), user=city_staff)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})  # no log-in
    page = context.new_page()
    outside = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
    )
    page.goto(f"{live_server.url}/screen/{token}/?refresh=2")
    expect(page.get_by_test_id("screen-start-rate")).to_have_text("50.0%")
    for chart in ("#screen-map canvas", "#screen-ranking canvas", "#screen-trend canvas"):
        expect(page.locator(chart)).to_be_visible()
        assert page.locator(chart).evaluate(PAINTED), chart
    assert context.cookies() == []  # no session, no CSRF cookie: nothing to log in with
    assert outside == [], outside

    services.display_link_revoke(links=DisplayLink.objects.all())
    # The next refresh is refused: the screen clears its figures and says so.
    expect(page.get_by_test_id("screen-refused")).to_be_visible(timeout=10_000)
    expect(page.get_by_test_id("screen-start-rate")).to_have_count(0)
    page.reload()  # and so is the page itself
    expect(page.get_by_test_id("screen-refused")).to_be_visible()
    context.close()
