"""In chromium: city staff split the plan; the running sums are written as the page's figures."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_login import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_running_sums_keep_the_pages_number_format(
    browser, live_server, city_staff, plan, district_1, district_2
):
    """The sums were written "1821" and "196560" as one typed, beside "1,821" and
    "196,560.00" from the server."""
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 800})
    _log_in(page, live_server, "city_staff")
    page.goto(f"{live_server.url}/projects/plans/{plan.pk}/targets/")
    expect(page.locator('[data-plan="households"]')).to_have_text("1,000")
    expect(page.locator('[data-plan="investment"]')).to_have_text("50,000.00")
    page.get_by_label(f"{district_1.name} 目标户数").fill("700")
    page.get_by_label(f"{district_2.name} 目标户数").fill("400")
    page.get_by_label(f"{district_1.name} 投资（万元）").fill("30000.5")
    expect(page.locator('[data-total="households"]')).to_have_text("1,100")
    expect(page.locator('[data-total="households"]')).to_have_class("text-end text-danger")
    expect(page.locator('[data-total="investment"]')).to_have_text("30,000.50")
    page.get_by_label(f"{district_2.name} 目标户数").fill("300")
    expect(page.locator('[data-total="households"]')).not_to_have_class("text-end text-danger")


def test_a_reader_sees_the_servers_sums_not_zero(
    browser, live_server, leader, plan, district_1, district_2
):
    """A leader's page has no inputs: the running sums read them and wrote 0 over the
    server's totals, in red, under a banner saying the split matched."""
    from projects.models import DistrictTarget

    DistrictTarget.objects.create(plan=plan, district=district_1, households=600)
    DistrictTarget.objects.create(plan=plan, district=district_2, households=400)
    page = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 800})
    _log_in(page, live_server, "city_leader")
    page.goto(f"{live_server.url}/projects/plans/{plan.pk}/targets/")
    expect(page.locator('[data-total="households"]')).to_have_text("1,000")
    expect(page.locator('[data-total="households"]')).not_to_have_class("text-end text-danger")
