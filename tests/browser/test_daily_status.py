"""In chromium: district_1 files today's statuses in one submit; city_staff sees who has not."""

import re

import pytest
from playwright.sync_api import expect

from projects.models import DailyStatus
from tests.browser.test_login import _log_in, open_menu
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORKING_DAY = "2026-11-25"  # a Wednesday: statuses are due, whatever day the test runs on


def open_day(page, day):
    """The day on the filing sheet (打开, to fill in) or on the overview (查看)."""
    page.get_by_label("日期").fill(day)
    page.get_by_role("button", name=re.compile("^(打开|查看)$")).click()


def test_district_files_all_statuses_and_city_sees_who_has_not(
    browser, live_server, official_1, city_staff, district_1, district_2
):
    mine = [
        ProjectFactory(
            district=district_1, construction_status="under_construction", name=f"江东在建项目{n}"
        )
        for n in range(1, 4)
    ]
    silent = ProjectFactory(
        district=district_2, construction_status="under_construction", name="江西未报项目"
    )

    official = browser.new_page(locale="zh-CN", viewport={"width": 1024, "height": 768})  # a tablet
    _log_in(official, live_server, "district_1")
    open_menu(official, "复工日报")
    open_day(official, WORKING_DAY)
    rows = official.get_by_test_id("daily-row")
    expect(rows).to_have_count(3)
    for index in range(3):
        row = rows.nth(index)
        row.locator("select[name$='-status']").select_option("working")
        row.locator("input[name$='-workers_on_site']").fill(str(20 + index))
        row.locator("input[name$='-machinery_on_site']").fill("2")
    official.get_by_test_id("submit-daily").click()
    expect(official.get_by_role("alert")).to_contain_text("已保存")
    expect(official.get_by_test_id("daily-row").filter(has_text="未填报")).to_have_count(0)
    assert sorted(DailyStatus.objects.values_list("workers_on_site", flat=True)) == [20, 21, 22]
    assert set(DailyStatus.objects.values_list("project_id", flat=True)) == {p.id for p in mine}

    staff = browser.new_page(locale="zh-CN")
    _log_in(staff, live_server, "city_staff")
    open_menu(staff, "填报情况")
    open_day(staff, WORKING_DAY)
    expect(staff.get_by_test_id("reported-count")).to_have_text("3")
    expect(staff.get_by_test_id("missing-count")).to_have_text("1")
    expect(staff.get_by_test_id("missing-list")).to_contain_text(silent.name)
    expect(staff.get_by_test_id("missing-list")).not_to_contain_text("江东在建项目")


def test_on_a_portrait_tablet_every_input_of_the_sheet_shows_what_it_holds(
    browser, live_server, official_1, district_1
):
    """At 768 px the workers' and machinery inputs showed one digit of three, the status
    select "在於" of 在施工."""
    ProjectFactory(district=district_1, construction_status="under_construction")
    page = browser.new_page(locale="zh-CN", viewport={"width": 768, "height": 1024})
    _log_in(page, live_server, "district_1")
    open_menu(page, "复工日报")
    open_day(page, WORKING_DAY)
    row = page.get_by_test_id("daily-row").first
    row.locator("input[name$='-workers_on_site']").fill("278")
    row.locator("input[name$='-machinery_on_site']").fill("145")
    row.locator("select[name$='-status']").select_option("working")
    clipped = row.evaluate(
        """row => [...row.querySelectorAll("input[type=number], select")]
            .filter(field => {
                const style = getComputedStyle(field);
                const inner = field.clientWidth - parseFloat(style.paddingLeft)
                    - parseFloat(style.paddingRight);
                const text = field.tagName === "SELECT"
                    ? field.options[field.selectedIndex].text : field.value;
                const probe = document.createElement("span");
                probe.style.font = style.font;
                probe.textContent = text;
                document.body.appendChild(probe);
                const needed = probe.getBoundingClientRect().width;
                probe.remove();
                return needed > inner;
            })
            .map(field => field.name)"""
    )
    assert clipped == []
