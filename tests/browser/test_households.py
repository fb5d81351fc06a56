"""In chromium: district_1 finds households by stage, vacates ten in one batch, opens a
timeline, and exports full ID numbers after giving a reason."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from households.models import Household
from households.services import household_create, household_record_progress
from tests.browser.test_login import _log_in, open_menu
from tests.households.conftest import person_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_batch_vacate_and_timeline(page, live_server, official_1, project_1):
    households = [
        household_create(
            project=project_1, code=f"B{n:03d}", party_name=f"签约户{n}", id_number=person_id(n)
        )
        for n in range(1, 13)
    ]
    household_record_progress(
        households=households,
        to_stage="signed",
        effective_on=timezone.localdate() - timedelta(days=3),
        user=official_1,
        automatic=True,  # as the agreements' signing would record it
    )
    household_create(project=project_1, code="R001", party_name="未签约户", id_number=person_id(20))

    _log_in(page, live_server, "district_1")
    open_menu(page, "被征收户")
    page.get_by_test_id("stage-counts").locator("[data-stage='signed']").click()
    rows = page.get_by_test_id("household-row")
    expect(rows).to_have_count(12)
    for index in range(10):
        rows.nth(index).get_by_role("checkbox").check()
    batch = page.get_by_test_id("batch-form")
    batch.locator("select[name=stage]").select_option("vacated")
    page.get_by_test_id("batch-submit").click()
    expect(page.get_by_role("alert")).to_contain_text("10 户已变更为“已腾空”")
    assert Household.objects.filter(stage="vacated").count() == 10

    page.get_by_test_id("stage-counts").locator("[data-stage='vacated']").click()
    expect(page.get_by_test_id("household-row")).to_have_count(10)
    page.get_by_test_id("household-row").first.get_by_role("link").click()
    expect(page.get_by_test_id("household-stage")).to_have_text("已腾空")
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("已签约 → 已腾空")
    expect(timeline).to_contain_text("已登记 → 已签约")
    expect(page.get_by_test_id("masked-id")).to_contain_text("********")


def test_export_with_full_id_numbers_after_a_reason(page, live_server, official_1, project_1):
    import io

    from openpyxl import load_workbook

    from households.models import IdRevealLog

    for n in range(1, 4):
        household_create(
            project=project_1, code=f"E{n:03d}", party_name=f"导出户{n}", id_number=person_id(n)
        )
    _log_in(page, live_server, "district_1")
    open_menu(page, "被征收户")
    page.get_by_role("link", name="导出完整身份证号").click()
    expect(page.get_by_test_id("export-warning")).to_contain_text("3 户的完整身份证号")
    page.get_by_test_id("export-submit").click()
    expect(page.get_by_text("导出原因：该字段是必填项。")).to_be_visible()
    assert not IdRevealLog.objects.exists()
    page.get_by_label("导出原因").fill("与不动产登记中心核对产权人")
    with page.expect_download() as download:
        page.get_by_test_id("export-submit").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    assert [row[2] for row in sheet.iter_rows(min_row=4, values_only=True)] == [
        person_id(n) for n in range(1, 4)
    ]
    log = IdRevealLog.objects.get()
    assert (log.kind, log.record_count, log.reason) == ("export", 3, "与不动产登记中心核对产权人")


def test_city_staff_choose_a_district_then_its_project(
    page, live_server, city_staff, project_1, project_2
):
    """The project choice lists the chosen district's projects: choosing the district reloads
    the form with them, and the project then filters the list."""
    household_create(project=project_1, code="E001", party_name="东区户", id_number=person_id(1))
    household_create(project=project_2, code="W001", party_name="西区户", id_number=person_id(2))
    _log_in(page, live_server, "city_staff")
    page.goto(f"{live_server.url}/households/")
    projects = page.get_by_label("项目", exact=True)
    expect(projects.locator("option")).to_have_count(1)  # only "all": no district chosen
    page.get_by_label("区县", exact=True).select_option(label="江西区")
    expect(projects.locator("option")).to_have_count(2)
    projects.select_option(label=str(project_2))
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_test_id("household-row")).to_have_count(1)
    expect(page.get_by_test_id("household-row")).to_contain_text("西区户")
