"""The printed agreement read back from its PDF; capital numerals; the household's start
date (DESIGN.md §5) kept right as agreements, vacating and buildings change."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from pypdf import PdfReader

from compensation import services
from compensation.documents import agreement_pdf, capital_amount
from households import services as household_services
from households.models import Household
from projects.models import AnnualPlan, ResettlementBuilding, ResettlementSite
from projects.services import building_record_milestone
from tests.compensation.conftest import draft_reviewed

pytestmark = pytest.mark.usefixtures("clock")


@pytest.mark.parametrize(
    "amount, words",
    [
        (D("651000.00"), "陆拾伍万壹仟元整"),
        (D("1234567.89"), "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
        (D("100.00"), "壹佰元整"),
    ],
)
def test_capital_numerals(amount, words):
    assert capital_amount(amount) == words


def test_the_signed_agreement_pdf_reads_back(scheme, appraised, official_1, reviewer):
    district = scheme.project.district
    district.expropriation_department = "江东区住房保障和房屋征收办公室"
    district.save()
    signed = services.agreement_sign(
        agreement=draft_reviewed(appraised[0], "monetary", official_1, reviewer), user=official_1
    )
    with signed.document.open("rb") as stored:
        text = "".join(page.extract_text() for page in PdfReader(stored).pages)
    for expected in (
        "房屋征收补偿协议",
        "征补协字 PG-01-009-0001",
        "纺织户1",
        "房屋价值补偿",
        "640,000.00",
        "651,000.00",
        "陆拾伍万壹仟元整",
        "60.0%",  # the threshold clause
        "甲方（房屋征收部门）：江东区住房保障和房屋征收办公室",  # as the district names itself
    ):
        assert expected in text.replace("\n", ""), expected
    # The signing-rate reward says once when it falls due (the PDF repeated it).
    assert text.replace("\n", "").count("时兑现") == 1


def test_a_draft_prints_as_a_draft(scheme, appraised, official_1):
    draft = services.agreement_draft(household=appraised[0], mode="swap", user=official_1)
    text = PdfReader(io.BytesIO(agreement_pdf(draft))).pages[0].extract_text()
    assert "草稿" in text and "应安置面积 80.00" in text.replace("\n", "")
    district = appraised[0].project.district
    assert f"甲方（房屋征收部门）：{district.name}房屋征收部门" in text.replace("\n", "")


def _sign(household, mode, official_1, reviewer):
    return services.agreement_sign(
        agreement=draft_reviewed(household, mode, official_1, reviewer), user=official_1
    )


def test_a_monetary_household_starts_by_the_plans_rule(
    scheme, appraised, official_1, reviewer, signing_project
):
    signing_project.signing_threshold = None
    signing_project.plan_year = 2026
    signing_project.save()
    AnnualPlan.objects.create(
        year=2026,
        target_households=10,
        target_households_in_kind=5,
        target_households_monetary=5,
        target_units=5,
        target_projects=1,
        target_investment=100,
        start_rule="effective_vacated",
    )
    _sign(appraised[0], "monetary", official_1, reviewer)
    household = Household.objects.get(pk=appraised[0].pk)
    assert household.agreement_effective_on == date(2026, 3, 10) and household.started_on is None
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        household_services.household_record_progress(
            households=[household],
            to_stage="vacated",
            effective_on=date(2026, 3, 18),
            user=official_1,
        )
    assert Household.objects.get(pk=household.pk).started_on == date(2026, 3, 18)


def test_a_swap_household_starts_when_its_building_starts_foundation_work(
    scheme, appraised, official_1, reviewer, signing_project
):
    signing_project.signing_threshold = None
    signing_project.save()
    _sign(appraised[0], "swap", official_1, reviewer)
    assert Household.objects.get(pk=appraised[0].pk).started_on is None  # no building yet
    site = ResettlementSite.objects.create(name="纺织安居苑", district=signing_project.district)
    site.projects.set([signing_project])
    building = ResettlementBuilding.objects.create(site=site, name="1号楼", units=90)
    with time_machine.travel("2026-03-25 10:00 +0800", tick=False):
        building_record_milestone(
            building=building,
            milestone="foundation_started",
            reached_on=date(2026, 3, 24),
            user=official_1,
        )
    assert Household.objects.get(pk=appraised[0].pk).started_on == date(2026, 3, 24)


def test_a_voided_agreement_takes_the_start_away(
    scheme, appraised, official_1, reviewer, signing_project
):
    signing_project.signing_threshold = None
    signing_project.plan_year = 2026
    signing_project.save()
    AnnualPlan.objects.create(
        year=2026,
        target_households=10,
        target_households_in_kind=5,
        target_households_monetary=5,
        target_units=5,
        target_projects=1,
        target_investment=100,
        start_rule="effective",
    )
    signed = _sign(appraised[0], "monetary", official_1, reviewer)
    assert Household.objects.get(pk=appraised[0].pk).started_on == date(2026, 3, 10)
    services.agreement_void(agreement=signed, user=official_1, reason="重复签约")
    household = Household.objects.get(pk=appraised[0].pk)
    assert household.started_on is None and household.agreement_effective_on is None


def test_a_swap_household_with_a_unit_starts_with_its_units_building(
    scheme, appraised, official_1, reviewer, signing_project
):
    """Before choosing, the first building of the site to start counts; once a unit is
    allocated, only that unit's building does."""
    signing_project.signing_threshold = None
    signing_project.save()
    site = ResettlementSite.objects.create(name="纺织安居苑", district=signing_project.district)
    site.projects.set([signing_project])
    first = ResettlementBuilding.objects.create(site=site, name="1号楼", units=90)
    second = ResettlementBuilding.objects.create(site=site, name="2号楼", units=90)
    _sign(appraised[0], "swap", official_1, reviewer)
    with time_machine.travel("2026-03-25 10:00 +0800", tick=False):
        building_record_milestone(
            building=first,
            milestone="foundation_started",
            reached_on=date(2026, 3, 24),
            user=official_1,
        )
    assert Household.objects.get(pk=appraised[0].pk).started_on == date(2026, 3, 24)
    household_services.households_record_allocated_buildings({appraised[0].pk: second.pk})
    assert Household.objects.get(pk=appraised[0].pk).started_on is None  # 2号楼 not started
    with time_machine.travel("2026-04-02 10:00 +0800", tick=False):
        building_record_milestone(
            building=second,
            milestone="foundation_started",
            reached_on=date(2026, 4, 1),
            user=official_1,
        )
    assert Household.objects.get(pk=appraised[0].pk).started_on == date(2026, 4, 1)
