"""The ledger: what is due to a household by a day, payments entered and approved by a
second person within what is due (also when two approve at once), reversals, and "fully
paid" recorded on the household with its start date."""

import copy
import json
import re
import time
from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compensation import selectors, services
from compensation.models import LedgerEntry
from core.errors import Conflict
from households import services as household_services
from households.models import Household
from tests.compensation.conftest import SWAP_ITEMS, approved_scheme, at_once, draft_reviewed, pay
from tests.pages import input_value, post_from

pytestmark = pytest.mark.usefixtures("clock")


# The moving fee (3,000) paid in full, as the statement page's form and the API send it.
PAGE_PAYMENT = {
    "item_code": "moving",
    "kind": "payment",
    "amount": "3000",
    "paid_on": "2026-03-10",
    "voucher_no": "PZ-9",
    "funding_source": "special_bond",
    "payee_account": "6222021234567890",
}


def api_payment(household_id: int) -> dict:
    return {
        "household": household_id,
        "item": "moving",
        "amount": "3000.00",
        "date": "2026-03-10",
        "voucher_no": "PZ-API-1",
        "funding_source": "special_bond",
        "payee_account": "6222021234567890",
    }


def dues(household, on=date(2026, 3, 10)):
    return {d.code: (d.due, d.paid) for d in selectors.household_dues(household, on=on)}


def test_fixed_items_are_due_at_once_and_a_waiting_reward_is_not(effective):
    assert dues(effective.household) == {
        "house": (D("640000.00"), D("0")),
        "moving": (D("3000.00"), D("0")),
        "all_in": (D("0"), D("0")),
    }
    assert selectors.household_dues(effective.household, on=date(2026, 3, 9)) != []
    assert dues(effective.household, on=date(2026, 3, 9))["house"][0] == D("0")


def test_a_payment_is_final_once_a_second_person_approves_it(effective, official_1, reviewer):
    entry = services.entry_enter(
        household=effective.household,
        item_code="moving",
        amount=D("3000"),
        paid_on=date(2026, 3, 10),
        voucher_no="PZ-001",
        funding_source="special_bond",
        payee_account="6222021234567890",
        user=official_1,
    )
    assert entry.payee_account_masked == "**** 7890" and "7890" not in entry.payee_account_encrypted
    assert dues(effective.household)["moving"] == (D("3000.00"), D("0"))  # not final yet
    with pytest.raises(Conflict, match="其他人"):
        services.entry_approve(entry=entry, user=official_1)
    services.entry_approve(entry=entry, user=reviewer)
    assert dues(effective.household)["moving"] == (D("3000.00"), D("3000.00"))
    with pytest.raises(Conflict):
        services.entry_approve(entry=entry, user=reviewer)  # approved already


def test_no_approval_pays_more_than_is_due(effective, official_1, reviewer):
    pay(effective, "moving", "2000", official_1, reviewer)
    fields = {
        "household": effective.household,
        "item_code": "moving",
        "paid_on": date(2026, 3, 10),
        "funding_source": "special_bond",
        "user": official_1,
    }
    with pytest.raises(ValidationError, match="已付 2,000.00 元：本次最多可录入 1,000.00 元"):
        services.entry_enter(amount=D("1000.01"), voucher_no="PZ-002", **fields)
    # Two entries within what is left, side by side: the second approval would pay past it.
    first = services.entry_enter(amount=D("1000"), voucher_no="PZ-003", **fields)
    second = services.entry_enter(amount=D("1000"), voucher_no="PZ-004", **fields)
    services.entry_approve(entry=first, user=reviewer)
    with pytest.raises(Conflict, match="超过应付"):
        services.entry_approve(entry=second, user=reviewer)
    with pytest.raises(Conflict, match="超过应付"):  # the reward waits for the signing rate
        pay(effective, "all_in", "1", official_1, reviewer)
    with pytest.raises(ValidationError):
        pay(effective, "nothing", "1", official_1, reviewer)


def test_fully_paid_is_recorded_with_its_day_and_starts_the_household(
    effective, official_1, reviewer
):
    household = effective.household
    pay(effective, "house", "640000", official_1, reviewer, paid_on=date(2026, 3, 10))
    assert Household.objects.get(pk=household.pk).fully_paid_on is None
    events = Household.pgh_event_model.objects.filter(pgh_obj=household.pk).order_by("pgh_id")
    before = events.count()
    with time_machine.travel("2026-03-12 10:00 +0800", tick=False):
        pay(effective, "moving", "3000", official_1, reviewer, paid_on=date(2026, 3, 12))
    household = Household.objects.get(pk=household.pk)
    # The default start rule for monetary households: effective and fully paid (DESIGN §5).
    assert household.fully_paid_on == date(2026, 3, 12)
    assert household.started_on == date(2026, 3, 12)
    # The payment and the start it gives are written together: one change in the history.
    assert [(e.fully_paid_on, e.started_on) for e in events[before:]] == [
        (date(2026, 3, 12), date(2026, 3, 12))
    ]


def test_a_reward_on_the_signing_rate_neither_holds_back_nor_moves_full_payment(
    client, effective, official_1, reviewer
):
    """Paid and started on 12 March, the household owed the project's signing-rate reward
    once the project reached the rate; paying it on the 20th moved its full payment, and so
    its start, to the 20th (and any payment in between took both away)."""
    household = effective.household
    with time_machine.travel("2026-03-12 10:00 +0800", tick=False):
        pay(effective, "house", "640000", official_1, reviewer, paid_on=date(2026, 3, 12))
        pay(effective, "moving", "3000", official_1, reviewer, paid_on=date(2026, 3, 12))
    effective.lines.filter(code="all_in").update(condition_met_on=date(2026, 3, 15))
    with time_machine.travel("2026-03-16 10:00 +0800", tick=False):
        client.force_login(official_1)
        page = client.get(f"/compensation/households/{household.pk}/statement/").content.decode()
    assert "项目签约率奖励另行计付，不影响付清日期" in page
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        pay(effective, "all_in", "8000", official_1, reviewer, paid_on=date(2026, 3, 20))
    household = Household.objects.get(pk=household.pk)
    assert (household.fully_paid_on, household.started_on) == (date(2026, 3, 12), date(2026, 3, 12))


def test_dues_read_before_the_payments_serve_fully_paid_once_repaid(
    effective, official_1, reviewer
):
    """A bulk writer (the demo) reads the dues once, enters the payments, then records
    "fully paid" from those dues with what is paid now."""
    agreement = selectors.effective_agreement(effective.household)
    before = selectors.dues_by_household([agreement], on=date(2026, 3, 10))
    pay(effective, "house", "640000", official_1, reviewer, paid_on=date(2026, 3, 10))
    pay(effective, "moving", "3000", official_1, reviewer, paid_on=date(2026, 3, 10))
    fresh = selectors.dues_by_household([agreement], on=date(2026, 3, 10))
    stale = copy.deepcopy(before)  # the service gets dues read before the payments
    assert selectors.dues_with_payments_reread(before, [agreement]) == fresh
    Household.objects.filter(pk=effective.household_id).update(fully_paid_on=None)
    services._record_fully_paid([agreement], user=reviewer, dues=stale)
    assert Household.objects.get(pk=effective.household_id).fully_paid_on == date(2026, 3, 10)


def test_agreement_facts_written_with_the_full_payment_are_one_write(
    effective, official_1, reviewer
):
    """A bulk writer (the demo) gives the households' agreement facts with their full
    payment: written together, with the start that follows from both, in one history row."""
    agreement = selectors.effective_agreement(effective.household)
    pay(effective, "house", "640000", official_1, reviewer, paid_on=date(2026, 3, 10))
    pay(effective, "moving", "3000", official_1, reviewer, paid_on=date(2026, 3, 10))
    Household.objects.filter(pk=effective.household_id).update(
        agreement_mode="", agreement_effective_on=None, fully_paid_on=None, started_on=None
    )
    events = Household.pgh_event_model.objects.filter(pgh_obj=effective.household_id)
    before = events.count()
    facts = {effective.household_id: (agreement.mode, agreement.effective_on)}
    services._record_fully_paid([agreement], user=reviewer, facts=facts)
    household = Household.objects.get(pk=effective.household_id)
    assert (household.agreement_mode, household.agreement_effective_on) == facts[household.pk]
    assert household.fully_paid_on == date(2026, 3, 10)
    assert household.started_on == max(agreement.effective_on, date(2026, 3, 10))
    assert events.count() == before + 1


def test_a_reversal_takes_a_final_payment_back_with_a_reason(effective, official_1, reviewer):
    pay(effective, "house", "640000", official_1, reviewer)
    moving = pay(effective, "moving", "3000", official_1, reviewer)
    assert Household.objects.get(pk=effective.household_id).fully_paid_on == date(2026, 3, 10)
    with pytest.raises(ValidationError):
        services.entry_reverse(entry=moving, user=reviewer, reason=" ")
    reversal = services.entry_reverse(entry=moving, user=reviewer, reason="账号填错，款项退回")
    assert reversal.amount == D("-3000.00") and reversal.reverses == moving
    assert LedgerEntry.objects.get(pk=moving.pk).status == "reversed"
    assert dues(effective.household)["moving"] == (D("3000.00"), D("0.00"))
    household = Household.objects.get(pk=effective.household_id)
    assert household.fully_paid_on is None and household.started_on is None
    with pytest.raises(Conflict):
        services.entry_reverse(entry=moving, user=reviewer, reason="再冲一次")
    pay(effective, "moving", "3000", official_1, reviewer)  # paid again, to the right account
    assert Household.objects.get(pk=effective.household_id).fully_paid_on == date(2026, 3, 10)


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_never_pay_twice(effective, official_1, reviewer):
    entries = [
        services.entry_enter(
            household=effective.household,
            item_code="moving",
            amount=D("3000"),
            paid_on=date(2026, 3, 10),
            voucher_no=f"PZ-{n}",
            funding_source="special_bond",
            user=official_1,
        )
        for n in (1, 2)
    ]
    refused = at_once(lambda e: services.entry_approve(entry=e, user=reviewer), entries)
    assert len(refused) == 1 and isinstance(refused[0], Conflict)
    assert dues(effective.household)["moving"] == (D("3000.00"), D("3000.00"))


@pytest.mark.django_db(transaction=True)
def test_an_agreement_voided_while_its_payment_is_approved_is_not_left_paid(
    effective, official_1, reviewer, monkeypatch
):
    """The approval read the agreement in effect and, before it wrote, the void found no
    payment approved: a void agreement was left holding a payment. The approval is held at
    that moment here, and the void sent meanwhile."""
    entry = services.entry_enter(
        household=effective.household,
        item_code="moving",
        amount=D("3000"),
        paid_on=date(2026, 3, 10),
        voucher_no="PZ-1",
        funding_source="special_bond",
        user=official_1,
    )
    checked = services._over_due

    def slow_check(*args, **kwargs):
        problems = checked(*args, **kwargs)
        time.sleep(0.5)  # the approval has read the agreement and not yet written
        return problems

    monkeypatch.setattr(services, "_over_due", slow_check)

    def void():
        time.sleep(0.2)  # sent while the approval is under way
        services.agreement_void(agreement=effective, user=official_1, reason="重复签约")

    refused = at_once(
        lambda act: act(), [lambda: services.entry_approve(entry=entry, user=reviewer), void]
    )
    assert len(refused) == 1 and isinstance(refused[0], Conflict)
    approved = LedgerEntry.objects.filter(agreement=effective, status="approved").exists()
    effective.refresh_from_db()
    assert approved != (effective.status == "void")  # paid and in effect, or void and unpaid


def test_a_swap_households_fee_accrues_from_vacating(
    no_threshold, appraised, official_1, reviewer, city_staff
):
    approved_scheme(
        no_threshold,
        official_1,
        city_staff,
        SWAP_ITEMS,
    )
    agreement = services.agreement_sign(
        agreement=draft_reviewed(appraised[1], "swap", official_1, reviewer), user=official_1
    )
    household = Household.objects.get(pk=appraised[1].pk)
    assert dues(household)["temporary"] == (D("0"), D("0"))  # not vacated yet
    household_services.household_record_progress(
        households=[household], to_stage="vacated", effective_on=date(2026, 3, 10), user=official_1
    )
    household.refresh_from_db()
    # 80 m² × 15 a month = 1,200, due on the 10th of March, April and May.
    assert dues(household, on=date(2026, 5, 10))["temporary"] == (D("3600.00"), D("0"))
    assert agreement.lines.get(code="temporary").amount == D("28800.00")  # 24 months agreed


def test_a_payment_entered_twice_or_on_a_used_voucher_is_flagged_and_held_in_process(
    client, effective, official_1, official_2, reviewer, appraised
):
    """An entry not yet final is "in process", not unpaid; an equal entry of the same item
    waiting beside it, or its voucher on another household's entry, is said to the clerk on
    entering and shown on the statement to whoever approves it."""
    url = f"/compensation/households/{effective.household_id}/statement/"
    client.force_login(official_1)

    def enter(household_id, item_code, amount, voucher):
        return client.post(
            f"/compensation/households/{household_id}/entries/",
            {
                "item_code": item_code,
                "kind": "payment",
                "amount": amount,
                "paid_on": "2026-03-10",
                "voucher_no": voucher,
                "funding_source": "special_bond",
                "payee_account": "6222021234567890",
            },
            follow=True,
        ).content.decode()

    first = enter(effective.household_id, "house", "640000", "PZ-1")
    assert "请确认" not in first and "也用在" not in first
    second_item = enter(effective.household_id, "moving", "3000", "PZ-1")  # one voucher, two
    assert "已录入" in second_item and "请确认" not in second_item and "也用在" not in second_item
    page = client.get(url).content.decode()
    assert 'data-testid="doubt"' not in page
    house = page.split('data-testid="due-house"')[1].split("</tr>")[0]
    # due 640,000 · paid 0 · in process 640,000 · unpaid 0
    assert re.findall(r">([\d,.]+)</td>", house) == ["640,000.00", "0.00", "640,000.00", "0.00"]
    assert "办理中：已录入待复核" in page

    twice = enter(effective.household_id, "house", "640000", "PZ-2")
    assert (
        "“房屋价值补偿”另有一笔 640,000.00 元的款项待复核（凭证号 PZ-1）："
        "请确认不是同一笔款项录入了两次。" in twice
    )
    assert twice.count('data-testid="doubt"') == 2  # each of the two names the other
    services.entry_approve(
        entry=LedgerEntry.objects.get(voucher_no="PZ-1", item_code="house"), user=reviewer
    )
    approved = client.get(url).content.decode()
    assert "“房屋价值补偿”同日已有一笔 640,000.00 元的款项复核通过（凭证号 PZ-1）" in approved

    other = services.agreement_sign(
        agreement=draft_reviewed(appraised[1], "monetary", official_1, reviewer), user=official_1
    )
    reused = enter(other.household_id, "moving", "3000", "PZ-1")
    assert "凭证号 PZ-1 也用在 F001 纺织户1 的“搬迁费”款项上（3,000.00 元）。" in reused
    assert f'href="{url}" data-testid="doubt-household"' in reused  # F001's statement
    # Read by someone whose scope does not hold F001, the remark does not name it.
    waiting = LedgerEntry.objects.get(household=other.household, voucher_no="PZ-1")
    [seen] = selectors.with_doubts([waiting], user=official_2)
    assert seen.doubts and all("不在您管辖范围内" in doubt.text for doubt in seen.doubts)
    assert not any("纺织户1" in doubt.text for doubt in seen.doubts)
    # The same voucher on the household's own item again: said of this household, no link.
    own = enter(effective.household_id, "moving", "1500", "PZ-1")
    assert "凭证号 PZ-1 也用在本户另一笔“搬迁费”款项上（3,000.00 元）。" in own
    assert 'data-testid="doubt-household"' not in own.split("凭证号 PZ-1 也用在本户")[1][:300]
    assert not any(doubt.household_id for doubt in seen.doubts)  # nothing to open either


def test_a_payment_sent_twice_from_the_statement_is_entered_once(client, effective, official_1):
    """A double click on 录入 entered the payment twice (the second only flagged as a doubt)."""
    url = f"/compensation/households/{effective.household_id}/statement/"
    client.force_login(official_1)
    payment = {
        **PAGE_PAYMENT,
        "sent_once": input_value(client.get(url).content.decode(), "sent_once"),
    }
    entries = f"/compensation/households/{effective.household_id}/entries/"
    client.post(entries, payment)
    second = client.post(entries, payment, follow=True).content.decode()
    assert "未保存：同一记录刚刚已由您（表单提交了两次）" in second
    assert LedgerEntry.objects.count() == 1
    # the statement gives a new form: the same payment entered again is a second entry
    payment["sent_once"] = input_value(second, "sent_once")
    client.post(entries, payment)
    assert LedgerEntry.objects.count() == 2


def test_the_statement_page_enters_approves_and_reverses(client, effective, official_1, reviewer):
    url = f"/compensation/households/{effective.household_id}/statement/"
    client.force_login(official_1)
    page = client.get(url).content.decode()
    assert "房屋价值补偿" in page and "643,000.00" in page  # unpaid: 640,000 + 3,000
    client.post(f"/compensation/households/{effective.household_id}/entries/", PAGE_PAYMENT)
    entry = LedgerEntry.objects.get()
    refused = client.post(f"/compensation/entries/{entry.pk}/approve/", follow=True)
    assert "须由录入人以外的其他人复核" in refused.content.decode()
    client.force_login(reviewer)
    # its clerk reads it waits for 复核 (another's review): the reviewer's button says so too
    assert 'data-testid="approve">复核通过</button>' in client.get(url).content.decode()
    client.post(f"/compensation/entries/{entry.pk}/approve/")
    page = client.get(url).content.decode()
    assert "640,000.00" in page and "**** 7890" in page and "6222021234567890" not in page
    client.post(f"/compensation/entries/{entry.pk}/reverse/", {"reason": "账号错误"})
    assert LedgerEntry.objects.get(pk=entry.pk).status == "reversed"
    assert "643,000.00" in client.get(url).content.decode()


def test_a_reward_not_yet_due_says_what_it_waits_for(client, effective, official_1):
    """The statement showed the signing reward at 0.00 due beside the agreement's total,
    with nothing to say why."""
    client.force_login(official_1)
    page = client.get(f"/compensation/households/{effective.household_id}/statement/")
    row = page.content.decode().split('data-testid="due-all_in"')[1].split("</tr>")[0]
    assert re.search(r"项目签约率达到 [0-9.]+% 后计付", row)
    assert (
        'data-testid="waits-for-rate"'
        not in page.content.decode().split('data-testid="due-all_in"')[0]
    )
    # and the agreement's total stands beside what is due (651,000 on the agreement, 643,000
    # due: two totals for one agreement read as a mistake)
    total = page.content.decode().split('data-testid="agreement-total">')[1].split("</div>")[0]
    assert total.startswith("协议金额合计 651,000.00 元，截至今日应付 643,000.00 元")
    assert 'data-testid="print-statement"' in page.content.decode()
    # the funding source is asked, never assumed: the select starts on no source
    funding = re.search(
        r'<select[^>]*name="funding_source"[^>]*>(.*?)</select>', page.content.decode(), re.S
    )[1]
    assert re.match(r'\s*<option value="" selected>请选择资金来源</option>', funding)


def test_an_entry_past_what_is_due_is_refused_or_entered_with_a_warning(
    client, effective, official_1
):
    """Moving costs 3,000: 3,000.01 is past its whole amount and refused, the form kept; the
    reward, not due before its signing rate, is entered with the warning that its approval
    would fail today."""
    client.force_login(official_1)
    fields = PAGE_PAYMENT
    url = f"/compensation/households/{effective.household_id}/entries/"
    statement = f"/compensation/households/{effective.household_id}/statement/"
    past = post_from(client, statement, url, {**fields, "amount": "3000.01"}).content.decode()
    assert "协议金额为 3,000.00 元，已付 0.00 元：本次最多可录入 3,000.00 元" in past
    # Under its field too, not only at the top of a long page.
    assert re.search(r'invalid-feedback d-block">金额[^<]*最多可录入 3,000.00 元', past)
    assert 'value="3000.01"' in past and not LedgerEntry.objects.exists()
    early = client.post(
        url, {**fields, "item_code": "all_in", "amount": "1"}, follow=True
    ).content.decode()
    assert "按目前情况复核将不予通过" in early and "将超过应付" in early
    assert "截至今日应付 0.00 元" in early and "再付 1.00 元" in early  # as the page writes
    within = client.post(url, {**fields, "amount": "2000"}, follow=True).content.decode()
    assert "已录入" in within and "复核将不予通过" not in within
    assert LedgerEntry.objects.count() == 2


def test_the_api_tells_what_the_page_tells_of_an_entry_just_made(client, effective, official_1):
    """The reward not yet due, and a payment equal to one waiting beside it: both entered,
    each with the words the page shows its clerk."""
    client.force_login(official_1)
    payload = {
        "household": effective.household_id,
        "amount": "1.00",
        "date": "2026-03-10",
        "funding_source": "special_bond",
        "payee_account": "6222021234567890",
    }

    def enter(item, voucher):
        response = client.post(
            "/api/v1/payments/",
            {**payload, "item": item, "voucher_no": voucher},
            content_type="application/json",
        )
        assert response.status_code == 201, response.json()
        return response.json()["warnings"]

    [early] = enter("all_in", "PZ-1")
    assert "按目前情况复核将不予通过" in early and "截至今日应付 0.00 元" in early
    assert enter("moving", "PZ-2") == []
    [twice] = enter("moving", "PZ-3")
    assert (
        twice
        == "“搬迁费”另有一笔 1.00 元的款项待复核（凭证号 PZ-2）：请确认不是同一笔款项录入了两次。"
    )
    assert LedgerEntry.objects.count() == 3


def test_the_statement_runs_a_fixed_number_of_queries(client, effective, official_1, reviewer):
    url = f"/compensation/households/{effective.household_id}/statement/"
    client.force_login(reviewer)

    def waiting(amount, voucher):
        services.entry_enter(
            household=effective.household,
            item_code="house",
            amount=D(amount),
            paid_on=date(2026, 3, 10),
            voucher_no=voucher,
            funding_source="special_bond",
            user=official_1,
        )

    pay(effective, "moving", "1000", official_1, reviewer)
    waiting("5", "PZ-X")
    client.get(url)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for amount in ("100", "200", "300"):
        pay(effective, "moving", amount, official_1, reviewer)
    waiting("5", "PZ-Y")  # flagged beside PZ-X
    waiting("6", "PZ-X")  # on PZ-X's voucher
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
    assert 'data-testid="doubt"' in client.get(url).content.decode()


def test_the_api_enters_approves_reverses_and_states(client, effective, official_1, reviewer):
    client.force_login(official_1)
    payload = api_payment(effective.household_id)
    created = client.post("/api/v1/payments/", payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "entered" and body["payee_account"] == "**** 7890"
    assert body["item"] == "moving" and body["date"] == "2026-03-10"
    assert client.post(f"/api/v1/payments/{body['id']}/approve/").status_code == 409  # own entry
    client.force_login(reviewer)
    approved = client.post(f"/api/v1/payments/{body['id']}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    over = client.post(
        "/api/v1/payments/", {**payload, "voucher_no": "PZ-API-2"}, content_type="application/json"
    )
    assert over.status_code == 400 and "最多可录入 0.00 元" in str(over.json())  # past the agreed
    statement = client.get(f"/api/v1/households/{effective.household_id}/statement/").json()
    moving = next(item for item in statement["items"] if item["item"] == "moving")
    assert moving == {
        "item": "moving",
        "item_name": "搬迁费",
        "accruing": False,
        "due": "3000.00",
        "paid": "3000.00",
        "unpaid": "0.00",
        "in_process": "0.00",
        "outstanding": "0.00",
        "months": [],
        "waits_for_rate": None,
        "waits_for_vacating": False,
        "vacated_on": None,
    }
    reversed_ = client.post(
        f"/api/v1/payments/{body['id']}/reverse/", {"reason": ""}, content_type="application/json"
    )
    assert reversed_.status_code == 400
    reversal = client.post(
        f"/api/v1/payments/{body['id']}/reverse/",
        {"reason": "账号错误"},
        content_type="application/json",
    )
    assert reversal.status_code == 200 and reversal.json()["amount"] == "-3000.00"
    bad = client.post(
        "/api/v1/payments/", {**payload, "item": "nothing"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "协议中没有这个科目" in str(bad.json())


def test_the_api_refuses_a_payment_by_the_fields_it_was_sent_with(client, effective, official_1):
    """The service names the model's fields (item_code, paid_on), and the refusal came back
    under them; an amount sent as 3e3, a string or a JSON number, was read as 3,000.00 where
    the page refuses it."""
    payload = api_payment(effective.household_id)

    def refused(body):
        response = client.post("/api/v1/payments/", body, content_type="application/json")
        assert response.status_code == 400, response.json()
        return response.json()

    in_full = "请直接填写完整数字（如 100000），不要写成 3e3。"
    with time_machine.travel("2026-03-20 10:00 +0800"):
        client.force_login(official_1)
        assert refused({**payload, "item": "nothing"}) == {"item": ["协议中没有这个科目。"]}
        assert list(refused({**payload, "date": "2026-03-21"})) == ["date"]
        assert list(refused({**payload, "date": "2026-03-01"})) == ["date"]
        assert refused({**payload, "amount": "3e3"}) == {"amount": [in_full]}
        as_number = json.dumps(payload).replace('"3000.00"', "3e3")
        assert refused(as_number) == {"amount": [in_full]}
        assert not LedgerEntry.objects.exists()
        entered = client.post(
            "/api/v1/payments/",
            json.dumps(payload).replace('"3000.00"', "2999.99"),
            content_type="application/json",
        )
    assert entered.status_code == 201 and entered.json()["amount"] == "2999.99"


def test_an_agreement_paid_under_is_not_voided_until_the_payments_are_reversed(
    effective, official_1, reviewer
):
    moving = pay(effective, "moving", "3000", official_1, reviewer)
    with pytest.raises(Conflict, match="请先冲正"):
        services.agreement_void(agreement=effective, user=official_1, reason="签错")
    services.entry_reverse(entry=moving, user=reviewer, reason="退回")
    assert services.agreement_void(agreement=effective, user=official_1, reason="签错").status == (
        "void"
    )
