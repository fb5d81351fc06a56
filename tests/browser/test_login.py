"""In Debian's chromium: log in as a demo user, see that role's home page, log out."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def expand_menu(page):
    """On a tablet-sized screen the menu is collapsed: open it and wait for the transition."""
    toggler = page.get_by_role("button", name="菜单")
    if toggler.is_visible():
        toggler.click()
        expect(page.locator("#mainNav.collapse.show")).to_be_visible()


def open_menu(page, name):
    expand_menu(page)
    page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()


def test_district_official_logs_in_sees_their_home_and_logs_out(
    page, live_server, official_1, project_1, project_2
):
    outside = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else outside.append(request.url)
        ),
    )

    _log_in(page, live_server, "district_1")
    expect(page.get_by_test_id("home-title")).to_have_text("我的工作台")
    expect(page.get_by_test_id("filing-today")).to_be_visible()

    open_menu(page, "项目")
    expect(page.get_by_test_id("project-table")).to_contain_text(project_1.name)
    expect(page.get_by_test_id("project-table")).not_to_contain_text(project_2.name)

    expand_menu(page)
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", name="登录棚改通")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
    assert outside == [], f"requests left the machine: {outside}"


def test_wrong_password_shows_a_message_in_the_browser(page, live_server, official_1):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("district_1")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("正确的")
