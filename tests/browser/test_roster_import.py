"""In chromium: a roster with errors is refused row by row; the corrected one is confirmed."""

import pytest
from playwright.sync_api import expect

from households.models import Household
from tests.browser.test_login import _log_in, open_menu
from tests.households.test_roster_import import good_rows, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_upload_with_errors_then_corrected_file_and_confirm(
    page, live_server, official_1, project_1
):
    broken = good_rows()
    broken[2][1] = ""  # no name on row 3
    broken[1][2] = "110105194912310021"  # wrong check digit on row 2

    _log_in(page, live_server, "district_1")
    open_menu(page, "被征收户")
    page.get_by_role("link", name="导入台账").click()
    page.get_by_label("项目").select_option(str(project_1.id))
    page.get_by_label("台账文件").set_input_files(
        {"name": "花名册.xlsx", "mimeType": XLSX, "buffer": xlsx(broken)}
    )
    page.get_by_test_id("preview").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors.locator("tbody tr")).to_have_count(2)
    expect(errors).to_contain_text("身份证号校验位不正确")
    expect(errors.locator("tbody tr").nth(1)).to_contain_text("被征收人")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    assert not Household.objects.exists()

    page.get_by_label("项目").select_option(str(project_1.id))
    page.get_by_label("台账文件").set_input_files(
        {"name": "花名册.xlsx", "mimeType": XLSX, "buffer": xlsx(good_rows())}
    )
    page.get_by_test_id("preview").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("新增 2 户")
    assert not Household.objects.exists()
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_role("alert")).to_contain_text("导入完成：新增 2 户")
    expect(page.get_by_test_id("household-row")).to_have_count(2)
    assert Household.objects.count() == 2
