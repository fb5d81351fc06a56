"""In chromium: city staff draft a supervision notice, a bureau leader signs it off from the
inbox, city staff issue it, the district acknowledges it and responds with a photo, and city
staff close it out — each finding it in their notifications."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from tests.browser.test_agreements import TABLET
from tests.browser.test_login import _log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_from_inbox(page, live_server, text):
    """The bell shows the unread count (on the page as it is now: the one open may predate
    the notification); the notification leads to the notice."""
    page.reload()
    expect(page.get_by_test_id("unread-count")).to_be_visible()
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_test_id("notification").filter(has_text=text).first.get_by_role("link").click()
    expect(page.get_by_test_id("notice-title")).to_be_visible()


def test_a_notice_from_draft_to_closed_out(
    browser, live_server, city, city_staff, official_1, project_1, tmp_path
):
    UserFactory(username="bureau_leader", role="bureau_leader", scope_region=city)
    deadline = (timezone.localdate() + timedelta(days=14)).isoformat()

    staff = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(staff, live_server, "city_staff")
    staff.goto(f"{live_server.url}/supervision/")
    expect(staff.get_by_text("没有符合条件的督办函。")).to_be_visible()
    staff.get_by_test_id("new-notice").click()
    form = staff.get_by_test_id("notice-form")
    form.get_by_label("区县").select_option(label="江东区")
    form.get_by_label("项目").select_option(label=f"江东区 {project_1.name}")
    form.get_by_label("督办等级").select_option(label="挂牌督办")
    form.get_by_label("办理期限").fill(deadline)
    form.get_by_label("督办事项").fill("老火车站片区签约进度滞后")
    form.get_by_label("存在问题").fill("签约率低于计划进度。")
    form.get_by_label("整改要求").fill("倒排工期，书面反馈整改措施。")
    form.get_by_test_id("save-draft").click()
    expect(staff.get_by_test_id("notice-status")).to_have_text("草稿")

    leader = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(leader, live_server, "bureau_leader")
    _open_from_inbox(leader, live_server, "督办函待签发")
    leader.get_by_test_id("sign-off").click()
    expect(leader.get_by_test_id("notice-status")).to_have_text("已签发")
    expect(leader.get_by_test_id("notice-title")).to_have_text(re.compile(r"棚改督〔\d{4}〕1号"))

    staff.goto(f"{live_server.url}/supervision/todo/")
    staff.get_by_test_id("todo-section").filter(has_text="已签发待下发").get_by_role(
        "link", name="老火车站片区签约进度滞后"
    ).click()
    staff.get_by_test_id("issue").click()
    expect(staff.get_by_test_id("notice-status")).to_have_text("已下发")

    clerk = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(clerk, live_server, "district_1")
    _open_from_inbox(clerk, live_server, "请于")
    clerk.get_by_test_id("acknowledge").click()
    expect(clerk.get_by_test_id("notice-status")).to_have_text("已签收")
    photo = tmp_path / "现场照片.png"
    Image.new("RGB", (1200, 900), (40, 120, 60)).save(photo)
    respond = clerk.get_by_test_id("respond-form")
    respond.get_by_label("整改落实情况").fill("已成立专班入户，签约率升至61%。")
    respond.get_by_label("佐证材料（PDF、JPEG 或 PNG）").set_input_files(str(photo))
    respond.get_by_test_id("respond").click()
    expect(clerk.get_by_test_id("notice-status")).to_have_text("已反馈")
    thumbnail = clerk.get_by_test_id("evidence-thumbnail")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") == 320
    clerk.reload()  # answered: what the district was told about it is done
    expect(clerk.get_by_test_id("unread-count")).to_have_count(0)

    _open_from_inbox(staff, live_server, "江东区已反馈")
    staff.get_by_test_id("close").click()
    expect(staff.get_by_test_id("notice-status")).to_have_text("已销号")
    expect(staff.get_by_test_id("timeline-step")).to_have_count(6)
    with staff.expect_popup() as printed:
        staff.get_by_test_id("print").click()
    assert printed.value.url.endswith("/print/")


def test_a_drafts_projects_follow_its_district_and_every_error_is_said_at_once(
    browser, live_server, city_staff, project_1, project_2
):
    """Choosing 江西区 still offered the whole city's projects; a project of another district
    and a past deadline were said one a round."""
    staff = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(staff, live_server, "city_staff")
    staff.goto(f"{live_server.url}/supervision/new/")
    form = staff.get_by_test_id("notice-form")
    projects = form.get_by_label("项目")
    form.get_by_label("区县").select_option(label="江东区")
    expect(projects.locator("option:not([hidden])")).to_have_count(1)
    expect(projects.locator("option:not([hidden])")).to_have_text(f"江东区 {project_1.name}")
    projects.select_option(label=f"江东区 {project_1.name}")
    form.get_by_label("区县").select_option(label="江西区")
    expect(projects.locator("option:not([hidden])")).to_have_text(f"江西区 {project_2.name}")
    assert projects.evaluate("select => [...select.selectedOptions].length") == 0


def test_a_project_chosen_before_its_district_is_not_dropped_unseen(
    browser, live_server, city_staff, district_1, project_1, project_2
):
    """A project chosen with no district chosen, then another district: it is unchosen and
    the page says so by name, instead of it vanishing from the list unseen."""
    staff = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(staff, live_server, "city_staff")
    staff.goto(f"{live_server.url}/supervision/new/")
    form = staff.get_by_test_id("notice-form")
    projects = form.get_by_label("项目")
    projects.select_option(label=f"江西区 {project_2.name}")
    form.get_by_label("区县").select_option(label="江东区")
    expect(form.get_by_test_id("unchosen")).to_have_text(
        f"已取消选择不属于所选区县的项目：江西区 {project_2.name}"
    )
    assert projects.evaluate("select => [...select.selectedOptions].length") == 0
    projects.select_option(label=f"江东区 {project_1.name}")
    form.get_by_label("区县").select_option(label="江东区")  # the same again: nothing dropped
    expect(form.get_by_test_id("unchosen")).to_have_text("")
