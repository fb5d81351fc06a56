"""In chromium: a district official registers a 12345 hotline grievance, accepts it, records
the findings, replies, and closes it with the resident's satisfaction after the return visit."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_agreements import TABLET
from tests.browser.test_login import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_hotline_grievance_from_registration_to_closure(
    browser, live_server, official_1, project_1
):
    ticket_deadline = timezone.localdate() + timedelta(days=7)
    page = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(page, live_server, "district_1")
    page.goto(f"{live_server.url}/supervision/grievances/")
    expect(page.get_by_text("没有符合条件的群众诉求。")).to_be_visible()
    page.get_by_test_id("new-grievance").click()
    form = page.get_by_test_id("grievance-form")
    form.locator("#id_project").select_option(label=f"{project_1.code} {project_1.name}")
    form.get_by_label("渠道").select_option(label="12345 热线")
    form.get_by_label("热线工单号").fill("GD20261202-0042")
    form.get_by_label("工单时限").fill(ticket_deadline.isoformat())
    form.get_by_label("诉求类别").select_option(label="临时安置与过渡费")
    form.get_by_label("诉求人姓名").fill("赵六")
    form.get_by_label("诉求内容").fill("过渡费三个月未发放。")
    form.get_by_test_id("register").click()
    expect(page.get_by_test_id("grievance-status")).to_have_text("已登记")

    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("grievance-status")).to_have_text("已受理")
    expect(page.get_by_test_id("grievance-deadline")).to_have_text(ticket_deadline.isoformat())
    page.get_by_label("调查核实情况").fill("经核实，区财政资金拨付延迟。")
    page.get_by_label("问题成因").fill("资金未及时到位。")
    page.get_by_test_id("investigate").click()
    page.get_by_label("答复意见").fill("已补发三个月过渡费，并向诉求人说明原因。")
    page.get_by_test_id("resolve").click()
    expect(page.get_by_test_id("grievance-status")).to_have_text("已办结")
    page.get_by_label("群众满意度").select_option(label="满意")
    page.get_by_test_id("close-grievance").click()
    expect(page.get_by_test_id("grievance-status")).to_have_text("已销号")
    expect(page.get_by_test_id("grievance-satisfaction")).to_have_text("满意")
    expect(page.get_by_test_id("grievance-step")).to_have_count(5)
