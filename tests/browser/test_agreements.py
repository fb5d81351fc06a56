"""In chromium: a district official drafts an agreement from the household's page, a second
official reviews it, the draft prints as a PDF, the first signs it and the project's campaign
page counts it (conditional, as the project has a signing threshold)."""

import io
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.test_login import _log_in
from tests.compensation.conftest import SIMPLE_ITEMS, appraised_household, approved_scheme
from tests.factories import ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 1024, "height": 768}


@pytest.fixture
def household(district_1, street_1, official_1, city_staff):
    """One of four appraised households of a project whose signing period runs (dates from
    the real today: the live server does not share a set clock)."""
    today = timezone.localdate()
    project = ProjectFactory(
        code="PG-01-021",
        name="江东区纺织厂片区",
        district=district_1,
        street=street_1,
        decision_announced_on=today - timedelta(days=20),
        signing_starts_on=today - timedelta(days=10),
        signing_ends_on=today + timedelta(days=30),
        signing_threshold=D("60"),
    )
    approved_scheme(project, official_1, city_staff, SIMPLE_ITEMS)
    made = [
        appraised_household(project, n, official_1, on=today - timedelta(days=5))
        for n in range(1, 5)
    ]
    UserFactory(username="district_1b", role="district_official", scope_region=district_1)
    return made[0]


def test_draft_review_print_sign_and_the_campaign_counts_it(browser, live_server, household):
    clerk = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(clerk, live_server, "district_1")
    campaign_url = f"{live_server.url}/compensation/projects/{household.project_id}/campaign/"
    clerk.goto(campaign_url)
    expect(clerk.get_by_test_id("signed")).to_contain_text("0（0.0%）")

    clerk.goto(f"{live_server.url}/households/{household.pk}/")
    clerk.get_by_role("link", name="评估与协议").click()
    form = clerk.get_by_test_id("draft-form")
    form.get_by_label("补偿方式").select_option("swap")
    expect(form.get_by_label("过渡期（月）")).to_be_visible()
    form.get_by_label("补偿方式").select_option("monetary")
    # A swap's terms leave the form when the agreement is monetary: they would count for nothing.
    expect(form.get_by_label("过渡期（月）")).to_be_hidden()
    expect(form.get_by_label("户型")).to_be_hidden()
    form.get_by_label("搬迁期限").fill(str(timezone.localdate() + timedelta(days=20)))
    form.get_by_test_id("draft").click()
    # The payment deadline is left open: the draft says it is still to be stated.
    expect(clerk.get_by_test_id("terms-missing")).to_contain_text("付款期限")
    expect(clerk.get_by_test_id("agreement-status")).to_have_text("草稿")
    # House value 640,000 + moving fee 3,000 + the signing-rate reward of 8,000 (conditional).
    expect(clerk.get_by_test_id("total")).to_have_text("651,000.00")
    expect(clerk.get_by_test_id("agreement-lines")).to_contain_text("签约率达到 80")
    # The drafter may not review their own draft: the button is not theirs to press.
    expect(clerk.get_by_test_id("review")).to_have_count(0)
    expect(clerk.get_by_test_id("review-by-another")).to_be_visible()
    agreement_url = clerk.url

    reviewer = browser.new_page(locale="zh-CN", viewport=TABLET)
    _log_in(reviewer, live_server, "district_1b")
    reviewer.goto(agreement_url)
    reviewer.get_by_test_id("review").click()
    # Refused while the payment deadline is open, the term named; the drafter states it.
    expect(reviewer.get_by_role("alert")).to_contain_text("付款期限")
    expect(reviewer.get_by_test_id("agreement-status")).to_have_text("草稿")
    terms = clerk.get_by_test_id("terms-form")
    terms.get_by_label("付款期限").fill(str(timezone.localdate() + timedelta(days=10)))
    terms.get_by_role("button").click()
    expect(clerk.get_by_test_id("terms-missing")).to_have_count(0)
    reviewer.reload()
    reviewer.get_by_test_id("review").click()
    expect(reviewer.get_by_test_id("agreement-status")).to_have_text("已审核")

    clerk.reload()
    href = clerk.get_by_test_id("print").get_attribute("href")
    response = clerk.request.get(f"{live_server.url}{href}")
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "纺织户1" in text and "陆拾伍万壹仟元整" in text

    clerk.get_by_test_id("sign-form").get_by_label("签约日期").fill(str(timezone.localdate()))
    clerk.get_by_test_id("sign").click()
    expect(clerk.get_by_test_id("agreement-status")).to_have_text("已签约（附条件）")
    expect(clerk.get_by_test_id("agreement-title")).to_contain_text("PG-01-021-")

    clerk.goto(campaign_url)
    expect(clerk.get_by_test_id("signed")).to_contain_text("1（25.0%）")
    expect(clerk.get_by_test_id("conditional")).to_have_text("1")
    expect(clerk.get_by_test_id("effective")).to_have_text("0")
