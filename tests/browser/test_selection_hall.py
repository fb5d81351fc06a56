"""In chromium, two browser contexts in the selection hall: two officials pick the same unit
for the called household; exactly one choice succeeds, the other official is told the unit
was just chosen and sees it taken on the refreshed grid."""

import pytest
from playwright.sync_api import expect

from compensation import services
from compensation.models import Allocation, ResettlementUnit
from households.models import Household
from projects.models import ResettlementBuilding, ResettlementSite
from tests.browser.test_agreements import TABLET, household  # noqa: F401 (a fixture)
from tests.browser.test_login import _log_in
from tests.compensation.conftest import DEADLINES
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def session(household, official_1):  # noqa: F811 (the fixture imported above)
    project = household.project
    project.signing_threshold = None
    project.save()
    second = UserFactory(
        username="district_1c", role="district_official", scope_region=project.district
    )
    for neighbour in Household.objects.filter(project=project).order_by("code")[:3]:
        agreement = services.agreement_draft(
            household=neighbour, mode="swap", user=official_1, **DEADLINES
        )
        services.agreement_review(agreement=agreement, user=second)
        services.agreement_sign(agreement=agreement, user=official_1)
    site = ResettlementSite.objects.create(name="纺织新村", district=project.district)
    site.projects.add(project)
    building = ResettlementBuilding.objects.create(site=site, name="1号楼", units=2)
    for number in ("101", "102"):
        ResettlementUnit.objects.create(
            building=building, unit_no=number, floor=1, area=90, layout="两室一厅"
        )
    lottery = services.lottery_freeze(project=project, method="lottery", user=official_1)
    lottery = services.lottery_draw(lottery=lottery, seed="5 9", seed_source="现场", user=second)
    return services.selection_open(lottery=lottery, user=official_1)


def test_two_officials_choose_the_same_unit_and_one_succeeds(browser, live_server, session):
    url = f"{live_server.url}/compensation/lotteries/{session.lottery_id}/hall/"
    called, following = (Household.objects.get(pk=pk).code for pk in session.queue[:2])
    pages = []
    for username in ("district_1", "district_1c"):
        page = browser.new_context(locale="zh-CN", viewport=TABLET).new_page()
        _log_in(page, live_server, username)
        page.goto(url)
        expect(page.get_by_test_id("current-household")).to_contain_text(called)
        page.get_by_test_id("unit-101").click()
        expect(page.get_by_test_id("confirm")).to_contain_text("101")
        pages.append(page)
    first, second = pages
    first.get_by_test_id("confirm-choice").click()
    expect(first.get_by_role("alert")).to_contain_text("房源 101 已分配")
    expect(first.get_by_test_id("current-household")).to_contain_text(following)
    second.get_by_test_id("confirm-choice").click()
    expect(second.get_by_role("alert")).to_contain_text("刚被选定")
    expect(second.get_by_test_id("unit-101")).to_contain_text("已选定")
    assert Allocation.objects.get().household.code == called
