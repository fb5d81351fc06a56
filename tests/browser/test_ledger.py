"""In chromium: a district official enters a payment on a household's statement, a second
official approves it and the statement counts it paid, then reverses it with a reason and
the statement shows it unpaid again."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from compensation import services
from tests.browser.test_agreements import TABLET, household  # noqa: F401 (a fixture)
from tests.browser.test_login import _log_in
from tests.compensation.conftest import DEADLINES
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def effective(household, official_1):  # noqa: F811 (the fixture imported above)
    """The household's agreement signed and in effect (the project's threshold removed)."""
    project = household.project
    project.signing_threshold = None
    project.save()
    second = UserFactory(
        username="district_1c", role="district_official", scope_region=project.district
    )
    agreement = services.agreement_draft(
        household=household, mode="monetary", user=official_1, **DEADLINES
    )
    services.agreement_review(agreement=agreement, user=second)
    return services.agreement_sign(agreement=agreement, user=official_1)


def test_enter_approve_and_reverse_a_payment(browser, live_server, effective):
    url = f"{live_server.url}/compensation/households/{effective.household_id}/statement/"
    clerk = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(clerk, live_server, "district_1")
    clerk.goto(url)
    expect(clerk.get_by_test_id("total-paid")).to_have_text("0.00")
    form = clerk.get_by_test_id("entry-form")
    form.get_by_label("科目").select_option(label="搬迁费")
    form.get_by_label("金额（元）").fill("3000")
    form.get_by_label("支付日期").fill(str(timezone.localdate()))
    form.get_by_label("凭证号").fill("PZ-2026-0001")
    form.get_by_label("资金来源").select_option(label="中央补助")
    form.get_by_label("账号").fill("6222021234567890")
    form.get_by_test_id("enter").click()
    row = clerk.get_by_test_id("entry-PZ-2026-0001")
    expect(row).to_contain_text("已录入")
    expect(row).to_contain_text("**** 7890")
    expect(row).to_contain_text("待他人复核")
    expect(clerk.get_by_test_id("total-paid")).to_have_text("0.00")

    approver = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(approver, live_server, "district_1b")
    approver.goto(url)
    approver.get_by_test_id("entry-PZ-2026-0001").get_by_test_id("approve").click()
    expect(approver.get_by_role("alert")).to_contain_text("已复核")
    expect(approver.get_by_test_id("total-paid")).to_have_text("3,000.00")
    expect(approver.get_by_test_id("due-moving")).to_contain_text("3,000.00")

    row = approver.get_by_test_id("entry-PZ-2026-0001").first
    row.get_by_label("冲正原因").fill("账号填错，款项退回")
    row.get_by_test_id("reverse").click()
    expect(approver.get_by_role("alert")).to_contain_text("已冲正")
    expect(approver.get_by_test_id("total-paid")).to_have_text("0.00")
    expect(approver.get_by_test_id("entries")).to_contain_text("账号填错，款项退回")
