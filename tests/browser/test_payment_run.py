"""In chromium: a district official drafts a payment run on the project's ledger, a second
official approves it and downloads the bank sheet, and the bank's results, uploaded back,
make the household's payments final on its statement."""

import openpyxl
import pytest
from playwright.sync_api import expect

from compensation import services
from tests.browser.test_agreements import TABLET, household  # noqa: F401 (a fixture)
from tests.browser.test_ledger import effective  # noqa: F401 (a fixture)
from tests.browser.test_login import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_payment_run_to_the_bank_and_back(
    browser,
    live_server,
    effective,  # noqa: F811 (the fixture imported above)
    official_1,
    tmp_path,
):
    services.payee_account_save(
        household=effective.household,
        name=effective.household.party_name,
        bank="江州农村商业银行",
        account="6222021234567890",
        user=official_1,
    )
    clerk = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(clerk, live_server, "district_1")
    clerk.goto(f"{live_server.url}/compensation/projects/{effective.project_id}/ledger/")
    form = clerk.get_by_test_id("run-form")
    form.get_by_label("资金来源").select_option(label="专项债券")
    form.get_by_test_id("draft-run").click()
    expect(clerk.get_by_test_id("run-status")).to_have_text("草稿")
    expect(clerk.get_by_test_id("run-rows")).to_contain_text("**** 7890")
    expect(clerk.get_by_test_id("approve-run")).to_have_count(0)  # not by who drafted it

    approver = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(approver, live_server, "district_1c")
    approver.goto(clerk.url)
    approver.get_by_test_id("approve-run").click()
    expect(approver.get_by_test_id("run-status")).to_have_text("已复核，银行办理中")
    with approver.expect_download() as download:
        approver.get_by_test_id("bank-sheet").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sent = tmp_path / "代发表.xlsx"
    download.value.save_as(sent)
    workbook = openpyxl.load_workbook(sent)
    sheet = workbook.active
    assert sheet.cell(2, 3).value == "6222021234567890" and sheet.cell(3, 1).value == "合计"
    sheet.cell(1, 8, "处理结果")
    sheet.cell(2, 8, "成功")
    results = tmp_path / "回盘.xlsx"
    workbook.save(results)

    form = approver.get_by_test_id("results-form")
    form.get_by_label("银行回盘文件").set_input_files(str(results))
    form.get_by_test_id("record-results").click()
    expect(approver.get_by_role("alert")).to_contain_text("成功 1 笔，失败 0 笔")
    expect(approver.get_by_test_id("run-status")).to_have_text("已回盘")
    approver.get_by_role("link", name=effective.household.code).click()
    expect(approver.get_by_test_id("total-outstanding")).to_have_text("0.00")
