"""A reward by moving date (按期搬迁奖励, DESIGN.md §4): it falls due once the household has
vacated, at the tier of the day it did, never above what its agreement promised for moving by
its deadline, and forfeited past the last tier; "fully paid" (and the monetary start it gives)
waits for it."""

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError

from compensation import selectors, services
from core.errors import Conflict
from households import services as household_services
from households.models import Household
from tests.compensation.conftest import approved_scheme, draft_reviewed, pay

pytestmark = pytest.mark.usefixtures("clock")

TIERS = [
    {"until": "2026-03-31", "amount": "20000"},
    {"until": "2026-04-30", "amount": "10000"},
]
ITEMS = [
    {"code": "house", "name": "房屋价值补偿", "kind": "area", "use_appraisal": True},
    {"code": "on_time", "name": "按期搬迁奖励", "kind": "moving_tiers", "tiers": TIERS},
]


@pytest.fixture
def agreement(no_threshold, appraised, official_1, reviewer, city_staff):
    """A monetary agreement in effect since 2026-03-10, promising 20,000 for moving by its
    deadline of 2026-03-31 (the first tier)."""
    approved_scheme(no_threshold, official_1, city_staff, ITEMS)
    drafted = draft_reviewed(
        appraised[0], "monetary", official_1, reviewer, moving_deadline=date(2026, 3, 31)
    )
    return services.agreement_sign(agreement=drafted, user=official_1)


def reward(household, on):
    [due] = [d for d in selectors.household_dues(household, on=on) if d.code == "on_time"]
    return due


def undo_vacating(agreement, on, user):
    with time_machine.travel(f"{on.isoformat()} 10:00 +0800", tick=False):
        household_services.household_record_progress(
            households=[agreement.household_id],
            to_stage="signed",
            effective_on=on,
            user=user,
            can_revert=True,
            note="腾空验收登记错误",
        )


def vacate(agreement, on, user):
    with time_machine.travel(f"{on.isoformat()} 10:00 +0800", tick=False):
        household_services.household_record_progress(
            households=[agreement.household_id], to_stage="vacated", effective_on=on, user=user
        )
    return Household.objects.get(pk=agreement.household_id)


def test_the_reward_waits_for_vacating_and_holds_back_fully_paid(agreement, official_1, reviewer):
    assert agreement.lines.get(code="on_time").amount == D("20000.00")
    waiting = reward(agreement.household, date(2026, 3, 10))
    assert (waiting.due, waiting.waits_for_vacating) == (D("0"), True)
    pay(agreement, "house", "640000", official_1, reviewer)
    household = Household.objects.get(pk=agreement.household_id)
    # Everything due to date is paid, but the reward is still to come: not fully paid, so
    # not started under the default monetary rule (effective and fully paid).
    assert (household.fully_paid_on, household.started_on) == (None, None)
    with pytest.raises(Conflict, match="腾空后按实际腾空日期所在档次计付"):
        pay(agreement, "on_time", "20000", official_1, reviewer)


@pytest.mark.parametrize(
    "vacated_on, due",
    [
        (date(2026, 3, 31), "20000.00"),  # by the agreed deadline: as agreed
        (date(2026, 4, 5), "10000.00"),  # late, within the second tier
        (date(2026, 5, 6), "0.00"),  # past the last tier: forfeited
    ],
)
def test_the_reward_is_due_at_the_tier_of_the_day_it_vacated(
    agreement, official_1, vacated_on, due
):
    household = vacate(agreement, vacated_on, official_1)
    item = reward(household, vacated_on)
    assert (str(item.due), item.vacated_on, item.waits_for_vacating) == (due, vacated_on, False)
    assert reward(household, date(2026, 3, 30)).waits_for_vacating  # as of a day before it


def test_an_earlier_move_is_never_paid_above_the_agreement(
    no_threshold, appraised, official_1, reviewer, city_staff
):
    """An agreement whose deadline falls in the second tier promises 10,000: moving out in the
    first tier's days does not raise it to 20,000."""
    approved_scheme(no_threshold, official_1, city_staff, ITEMS)
    drafted = draft_reviewed(
        appraised[1], "monetary", official_1, reviewer, moving_deadline=date(2026, 4, 20)
    )
    agreement = services.agreement_sign(agreement=drafted, user=official_1)
    household = vacate(agreement, date(2026, 3, 20), official_1)
    assert reward(household, date(2026, 3, 20)).due == D("10000.00")


def test_an_agreement_whose_deadline_is_past_the_tiers_waits_for_nothing(
    no_threshold, appraised, official_1, reviewer, city_staff
):
    approved_scheme(no_threshold, official_1, city_staff, ITEMS)
    drafted = draft_reviewed(
        appraised[1], "monetary", official_1, reviewer, moving_deadline=date(2026, 6, 30)
    )
    agreement = services.agreement_sign(agreement=drafted, user=official_1)
    assert agreement.lines.get(code="on_time").amount == D("0.00")
    assert not reward(agreement.household, date(2026, 3, 10)).waits_for_vacating
    pay(agreement, "house", "640000", official_1, reviewer)
    assert Household.objects.get(pk=agreement.household_id).fully_paid_on == date(2026, 3, 10)


def test_paying_the_reward_after_vacating_makes_the_household_fully_paid_and_settled(
    agreement, official_1, reviewer
):
    pay(agreement, "house", "640000", official_1, reviewer)
    household = vacate(agreement, date(2026, 3, 31), official_1)
    assert (household.fully_paid_on, household.stage) == (None, "vacated")
    with time_machine.travel("2026-04-02 10:00 +0800", tick=False):
        pay(agreement, "on_time", "20000", official_1, reviewer, paid_on=date(2026, 4, 2))
    household.refresh_from_db()
    assert (household.fully_paid_on, household.started_on) == (date(2026, 4, 2), date(2026, 4, 2))
    assert household.stage == "settled"


def test_a_forfeited_reward_leaves_the_household_fully_paid_on_the_day_it_vacated(
    agreement, official_1, reviewer
):
    pay(agreement, "house", "640000", official_1, reviewer)
    household = vacate(agreement, date(2026, 5, 6), official_1)
    assert (household.fully_paid_on, household.started_on) == (date(2026, 5, 6), date(2026, 5, 6))
    assert household.stage == "settled"


def test_a_move_out_undone_makes_the_reward_wait_again(agreement, official_1, reviewer, city_staff):
    pay(agreement, "house", "640000", official_1, reviewer)
    moved_out = vacate(agreement, date(2026, 5, 6), official_1)
    assert (moved_out.fully_paid_on, moved_out.stage) == (date(2026, 5, 6), "settled")  # forfeited
    undo_vacating(agreement, date(2026, 5, 7), city_staff)
    household = Household.objects.get(pk=agreement.household_id)
    assert (household.stage, household.fully_paid_on, household.started_on) == (
        "signed",
        None,
        None,
    )
    assert reward(household, date(2026, 5, 7)).waits_for_vacating


def test_the_statement_says_what_the_reward_waits_for_and_what_it_came_to(
    client, agreement, official_1
):
    client.force_login(official_1)
    url = f"/compensation/households/{agreement.household_id}/statement/"
    row = client.get(url).content.decode().split('data-testid="due-on_time"')[1].split("</tr>")[0]
    assert "腾空后按实际腾空日期所在档次计付" in row
    api = f"/api/v1/households/{agreement.household_id}/statement/"
    [item] = [i for i in client.get(api).json()["items"] if i["item"] == "on_time"]
    assert (item["due"], item["waits_for_vacating"], item["vacated_on"]) == ("0.00", True, None)
    vacate(agreement, date(2026, 4, 5), official_1)
    with time_machine.travel("2026-04-05 12:00 +0800", tick=False):
        client.force_login(official_1)  # a new day's session
        row = client.get(url).content.decode().split('data-testid="due-on_time"')[1]
    assert "2026-04-05 腾空，按该日所在档次计付" in row.split("</tr>")[0]
    assert "10,000.00" in row.split("</tr>")[0]
    with time_machine.travel("2026-04-05 12:00 +0800", tick=False):
        [item] = [i for i in client.get(api).json()["items"] if i["item"] == "on_time"]
    assert (item["due"], item["waits_for_vacating"], item["vacated_on"]) == (
        "10000.00",
        False,
        "2026-04-05",
    )


def test_an_entry_for_the_reward_before_vacating_is_kept_with_the_reason_it_waits(
    agreement, official_1
):
    fields = {
        "household": agreement.household,
        "item_code": "on_time",
        "paid_on": date(2026, 3, 10),
        "funding_source": "special_bond",
        "payee_account": "6222021234567890",
        "user": official_1,
    }
    with pytest.raises(ValidationError, match="最多可录入 20,000.00"):  # never past the agreement
        services.entry_enter(amount=D("20000.01"), voucher_no="PZ-MV-1", **fields)
    entry = services.entry_enter(amount=D("20000"), voucher_no="PZ-MV-2", **fields)
    [warning] = services.entry_warnings(entry, user=official_1)
    assert "在腾空后按实际腾空日期所在档次计付：目前尚未到期" in warning


def test_a_move_out_undone_after_its_reward_was_paid_is_refused(
    agreement, official_1, reviewer, city_staff
):
    """Undone, the reward waited again with 20,000 paid on it: paid above what is due."""
    vacate(agreement, date(2026, 3, 31), official_1)
    with time_machine.travel("2026-03-31 12:00 +0800", tick=False):
        pay(agreement, "on_time", "20000", official_1, reviewer, paid_on=date(2026, 3, 31))
    with pytest.raises(
        Conflict,
        match="按期搬迁奖励已按腾空支付或录入：F001“按期搬迁奖励”20,000.00 元。请先冲正或作废",
    ):
        undo_vacating(agreement, date(2026, 3, 31), city_staff)
    assert Household.objects.get(pk=agreement.household_id).stage == "vacated"


def test_a_reward_payment_dated_before_the_vacating_is_not_approved(
    agreement, official_1, reviewer
):
    household = vacate(agreement, date(2026, 4, 5), official_1)
    with time_machine.travel("2026-04-06 10:00 +0800", tick=False):
        entry = services.entry_enter(
            household=household,
            item_code="on_time",
            amount=D("10000"),
            paid_on=date(2026, 4, 1),
            voucher_no="PZ-MV-9",
            funding_source="special_bond",
            payee_account="6222021234567890",
            user=official_1,
        )
        [warning] = services.entry_warnings(entry, user=official_1)
        assert "自该户 2026-04-05 腾空起应付：其付款的支付日期不能是此前的 2026-04-01" in warning
        with pytest.raises(Conflict, match="不能是此前的"):
            services.entry_approve(entry=entry, user=reviewer)
