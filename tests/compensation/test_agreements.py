"""The agreement lifecycle: draft → reviewed → signed (conditional or effective) → lapsed or
void; numbering without gaps; the threshold crossing; the household's stage and facts."""

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError

from compensation import selectors, services
from compensation.models import Agreement, AgreementLine
from core.errors import Conflict
from households import services as household_services
from households.models import Household, ProgressEvent
from tests.compensation.conftest import (
    DEADLINES,
    SIMPLE_ITEMS,
    appraised_household,
    approved_scheme,
    at_once,
    draft_reviewed,
)
from tests.factories import ProjectFactory
from tests.households.conftest import person_id

pytestmark = pytest.mark.usefixtures("clock")


def test_a_draft_is_computed_into_lines_and_a_total(scheme, appraised, official_1):
    agreement = services.agreement_draft(household=appraised[0], mode="monetary", user=official_1)
    lines = list(agreement.lines.values_list("item", "amount"))
    assert lines == [
        ("房屋价值补偿", D("640000.00")),
        ("搬迁费", D("3000.00")),
        ("整体签约奖励", D("8000.00")),
    ]
    assert agreement.total == D("651000.00") and agreement.status == "draft"
    assert agreement.scheme == scheme and agreement.appraisal.report_no == "HX-2026-001"


def test_the_appraisal_moved_the_household_to_appraised(appraised):
    assert {h.stage for h in appraised} == {"appraised"}
    assert ProgressEvent.objects.filter(to_stage="appraised", household=appraised[0]).exists()


def test_no_draft_without_an_approved_scheme(signing_project, appraised, official_1):
    with pytest.raises(ValidationError, match="补偿方案"):
        services.agreement_draft(household=appraised[0], mode="monetary", user=official_1)


def test_a_project_resettled_by_money_only_takes_no_swap_agreement(
    scheme, appraised, official_1, reviewer
):
    """A swap household's start waits on its resettlement building: in a project with no
    housing to give, it would be signed, moved and settled and never started. A swap
    reviewed before the project became money-only is not signed either."""
    reviewed = draft_reviewed(appraised[1], "swap", official_1, reviewer)
    project = appraised[0].project
    project.resettlement_mode = "monetary"
    project.save()
    with pytest.raises(ValidationError, match="只实行货币补偿"):
        services.agreement_sign(agreement=reviewed, user=official_1)
    with pytest.raises(ValidationError, match="只实行货币补偿") as refused:
        services.agreement_draft(household=appraised[0], mode="swap", user=official_1)
    assert list(refused.value.message_dict) == ["mode"]
    assert services.agreement_draft(household=appraised[0], mode="monetary", user=official_1)


def test_the_drafter_cannot_review_their_own(scheme, appraised, official_1):
    agreement = services.agreement_draft(household=appraised[0], mode="monetary", user=official_1)
    with pytest.raises(Conflict, match="其他人"):
        services.agreement_review(agreement=agreement, user=official_1)


def test_who_changed_a_draft_cannot_review_it(scheme, appraised, official_1, reviewer):
    agreement = services.agreement_draft(household=appraised[0], mode="monetary", user=official_1)
    services.agreement_update(
        agreement=agreement, user=reviewer, expected_version=1, other_terms="改过条款"
    )
    with pytest.raises(Conflict, match="其他人"):
        services.agreement_review(agreement=agreement, user=reviewer)


def test_an_agreement_without_its_deadlines_is_neither_reviewed_nor_signed(
    scheme, appraised, official_1, reviewer
):
    """Art. 25: the payment and moving deadlines are stated before review, and before
    signing one reviewed earlier without them."""
    agreement = services.agreement_draft(household=appraised[0], mode="monetary", user=official_1)
    with pytest.raises(ValidationError) as refused:
        services.agreement_review(agreement=agreement, user=reviewer)
    assert set(refused.value.message_dict) == {"payment_due_on", "moving_deadline"}
    assert "付款期限" in refused.value.message_dict["payment_due_on"][0]
    services.agreement_update(
        agreement=agreement, user=official_1, expected_version=agreement.version, **DEADLINES
    )
    reviewed = services.agreement_review(agreement=agreement, user=reviewer)
    Agreement.objects.filter(pk=reviewed.pk).update(payment_due_on=None)  # reviewed before the rule
    with pytest.raises(ValidationError, match="付款期限"):
        services.agreement_sign(agreement=reviewed, user=official_1)
    assert Agreement.objects.get(pk=reviewed.pk).status == "reviewed"


def test_an_agreements_deadlines_cannot_fall_before_its_signing(
    scheme, appraised, official_1, reviewer
):
    """A payment deadline of 1 November on an agreement to be signed on 8 December was
    saved and printed."""
    with pytest.raises(ValidationError) as refused:
        services.agreement_draft(
            household=appraised[0],
            mode="monetary",
            user=official_1,
            planned_sign_on=date(2026, 3, 12),
            payment_due_on=date(2026, 3, 1),
        )
    assert set(refused.value.message_dict) == {"payment_due_on"}
    agreement = draft_reviewed(
        appraised[0],
        "monetary",
        official_1,
        reviewer,
        planned_sign_on=date(2026, 3, 5),
        moving_deadline=date(2026, 3, 8),
    )
    with pytest.raises(ValidationError) as refused:
        services.agreement_update(
            agreement=agreement,
            user=official_1,
            expected_version=agreement.version,
            moving_deadline=date(2026, 3, 1),
        )
    assert refused.value.message_dict == {"moving_deadline": ["期限不能早于协议签订日期。"]}
    with pytest.raises(ValidationError, match="请先修改协议条款"):
        services.agreement_sign(agreement=agreement, user=official_1)  # today, 10 March
    assert Agreement.objects.get(pk=agreement.pk).status == "reviewed"


def test_a_threshold_is_reached_by_whole_households_not_a_rounded_share():
    """1,999 of 2,000 shows as 100.0% but is not 100%; 241 of 402 shows as 60.0%, not 60%."""
    assert selectors.households_needed(2000, D("100")) == 2000
    assert selectors.households_needed(402, D("60")) == 242
    assert selectors.households_needed(5, D("60")) == 3


def test_no_household_moves_out_under_a_conditional_agreement(
    scheme, appraised, official_1, reviewer
):
    services.agreement_sign(
        agreement=draft_reviewed(appraised[0], "monetary", official_1, reviewer), user=official_1
    )
    with pytest.raises(ValidationError, match="附条件"):
        household_services.household_record_progress(
            households=[Household.objects.get(pk=appraised[0].pk)],
            to_stage="vacated",
            effective_on=date(2026, 3, 10),
            user=official_1,
        )


def test_only_a_reviewed_agreement_is_signed(scheme, appraised, official_1):
    agreement = services.agreement_draft(household=appraised[0], mode="monetary", user=official_1)
    with pytest.raises(Conflict, match="审核"):
        services.agreement_sign(agreement=agreement, user=official_1)


def test_an_agreement_is_not_signed_before_its_review(scheme, appraised, official_1, reviewer):
    """Signed 12-01 after a review of 12-07: the record showed the signing before the review."""
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        agreement = draft_reviewed(appraised[0], "monetary", official_1, reviewer)
    with time_machine.travel("2026-03-21 10:00 +0800", tick=False):
        with pytest.raises(ValidationError) as refused:
            services.agreement_sign(
                agreement=agreement, user=official_1, signed_on=date(2026, 3, 19)
            )
        assert "不能早于复核日期" in refused.value.message_dict["signed_on"][0]
        signed = services.agreement_sign(
            agreement=agreement, user=official_1, signed_on=date(2026, 3, 20)
        )
    assert signed.signed_on == date(2026, 3, 20)


def test_signing_numbers_and_conditional_below_the_threshold(
    scheme, appraised, official_1, reviewer
):
    first = services.agreement_sign(
        agreement=draft_reviewed(appraised[0], "monetary", official_1, reviewer), user=official_1
    )
    second = services.agreement_sign(
        agreement=draft_reviewed(appraised[1], "swap", official_1, reviewer), user=official_1
    )
    assert (first.number, second.number) == (1, 2)
    assert first.display_number.endswith("PG-01-009-0001")
    assert {first.status, second.status} == {"conditional"}  # 2 of 5 = 40% < 60%
    household = Household.objects.get(pk=appraised[0].pk)
    assert household.stage == "signed" and household.agreement_mode == "monetary"
    assert household.agreement_effective_on is None
    assert first.document.name.endswith(".pdf")


def test_the_signing_that_crosses_the_threshold_makes_all_effective(
    scheme, appraised, official_1, reviewer
):
    for household in appraised[:2]:
        services.agreement_sign(
            agreement=draft_reviewed(household, "monetary", official_1, reviewer), user=official_1
        )
    with time_machine.travel("2026-03-12 10:00 +0800", tick=False):
        third = services.agreement_sign(
            agreement=draft_reviewed(appraised[2], "monetary", official_1, reviewer),
            user=official_1,
        )
    assert third.status == "effective"  # 3 of 5 = 60%
    assert set(Agreement.objects.values_list("status", "effective_on")) == {
        ("effective", date(2026, 3, 12))
    }
    assert Household.objects.filter(agreement_effective_on=date(2026, 3, 12)).count() == 3
    # a later signing is effective at once
    fourth = services.agreement_sign(
        agreement=draft_reviewed(appraised[3], "monetary", official_1, reviewer), user=official_1
    )
    assert fourth.status == "effective"


def test_a_signing_rate_reward_falls_due_when_the_rate_is_reached(
    scheme, appraised, official_1, reviewer
):
    agreements = [
        services.agreement_sign(
            agreement=draft_reviewed(h, "monetary", official_1, reviewer), user=official_1
        )
        for h in appraised[:3]
    ]
    line = agreements[0].lines.get(code="all_in")
    assert line.condition_rate == D("80") and line.condition_met_on is None  # 60% so far
    services.agreement_sign(
        agreement=draft_reviewed(appraised[3], "monetary", official_1, reviewer), user=official_1
    )
    line.refresh_from_db()
    assert line.condition_met_on == date(2026, 3, 10)  # 80%


def test_signing_levels_of_many_projects_are_read_at_once(
    scheme, appraised, official_1, reviewer, project_2, django_assert_num_queries
):
    for household in appraised[:3]:  # 3 of 5: 60%
        services.agreement_sign(
            agreement=draft_reviewed(household, "monetary", official_1, reviewer), user=official_1
        )
    household_services.household_create(
        project=project_2, code="Q001", party_name="未签户", id_number=person_id(9)
    )
    levels = {scheme.project_id: {D("50"), D("60"), D("80")}, project_2.pk: {D("10")}}
    with django_assert_num_queries(2):
        reached = selectors.signing_levels_reached(levels)
    assert reached == {(scheme.project_id, D("50")), (scheme.project_id, D("60"))}
    # one project alone reads the same
    assert selectors.signing_level_reached(scheme.project, D("60"))
    assert not selectors.signing_level_reached(scheme.project, D("80"))
    assert not selectors.signing_level_reached(project_2, D("10"))


def test_rate_conditions_of_many_projects_fall_due_where_their_project_reached_the_rate(
    scheme, appraised, official_1, reviewer, city_staff, street_1
):
    other = ProjectFactory(
        code="PG-01-010",
        name="江东区印染厂片区",
        district=scheme.project.district,
        street=street_1,
        approved_on=date(2025, 6, 1),
        decision_announced_on=date(2026, 2, 20),
        signing_starts_on=date(2026, 3, 1),
        signing_ends_on=date(2026, 4, 30),
    )
    approved_scheme(other, official_1, city_staff, SIMPLE_ITEMS)
    for household in appraised[:4]:  # 4 of 5: 80%, the reward's level
        services.agreement_sign(
            agreement=draft_reviewed(household, "monetary", official_1, reviewer), user=official_1
        )
    elsewhere = appraised_household(other, 9, official_1)
    household_services.household_create(
        project=other, code="Y002", party_name="未签户", id_number=person_id(8)
    )
    services.agreement_sign(  # 1 of 2: 50%
        agreement=draft_reviewed(elsewhere, "monetary", official_1, reviewer), user=official_1
    )
    rewards = AgreementLine.objects.filter(code="all_in")
    rewards.update(condition_met_on=None)  # as before the conditions were looked at
    services.agreements_meet_rate_conditions(projects=[scheme.project, other], on=date(2026, 3, 20))
    assert set(rewards.values_list("agreement__project", "condition_met_on")) == {
        (scheme.project_id, date(2026, 3, 20)),
        (other.pk, None),
    }


def test_below_the_threshold_at_the_end_of_the_period_the_agreements_lapse(
    scheme, appraised, official_1, reviewer, signing_project
):
    signed = services.agreement_sign(
        agreement=draft_reviewed(appraised[0], "monetary", official_1, reviewer), user=official_1
    )
    with time_machine.travel("2026-04-30 20:00 +0800", tick=False):
        assert services.agreements_lapse() == []  # the period's last day is still in it
    with time_machine.travel("2026-05-01 08:00 +0800", tick=False):
        assert services.agreements_lapse() == [signing_project]
        signed.refresh_from_db()
        signing_project.refresh_from_db()
        household = Household.objects.get(pk=appraised[0].pk)
        assert signed.status == "lapsed" and signed.lapsed_on == date(2026, 5, 1)
        assert signing_project.signing_lapsed_on == date(2026, 5, 1)
        assert household.stage == "appraised" and household.agreement_mode == ""
        assert "失效" in ProgressEvent.objects.filter(household=household).latest("id").note
        with pytest.raises(Conflict, match="失效"):
            services.agreement_draft(household=appraised[1], mode="monetary", user=official_1)


def test_a_signing_figure_of_a_past_day_counts_the_agreements_in_force_that_day(
    scheme, appraised, official_1, reviewer, signing_project
):
    """A week's report made after its agreements lapsed or were voided counted their
    households as never signed: a day's figure, and the agreements it opens, are that day's
    whenever they are read."""
    from compensation.filtersets import AgreementFilterSet

    with time_machine.travel("2026-04-01 10:00 +0800", tick=False):
        lapsing, voided = (
            services.agreement_sign(
                agreement=draft_reviewed(household, "monetary", official_1, reviewer),
                user=official_1,
            )
            for household in appraised[:2]
        )
    with time_machine.travel("2026-04-20 10:00 +0800", tick=False):
        services.agreement_void(agreement=voided, user=official_1, reason="户主身份有误")
    with time_machine.travel("2026-05-01 08:00 +0800", tick=False):
        assert services.agreements_lapse() == [signing_project]

    def signed_on(day):
        counted = selectors.signed_by_project(projects=[signing_project.pk], as_of=day)
        listed = AgreementFilterSet({"signed_by": day}, queryset=Agreement.objects.all()).qs
        assert counted[signing_project.pk] == listed.count()
        return set(listed.values_list("pk", flat=True))

    assert signed_on(date(2026, 3, 31)) == set()
    assert signed_on(date(2026, 4, 19)) == {lapsing.pk, voided.pk}
    assert signed_on(date(2026, 4, 20)) == {lapsing.pk}  # voided that day
    assert signed_on(date(2026, 4, 30)) == {lapsing.pk}
    assert signed_on(date(2026, 5, 1)) == set()  # lapsed that morning


def test_a_period_ended_with_nobody_signed_flags_the_project(scheme, signing_project):
    with time_machine.travel("2026-05-02 08:00 +0800", tick=False):
        assert services.agreements_lapse() == [signing_project]
    signing_project.refresh_from_db()
    assert signing_project.signing_lapsed_on == date(2026, 5, 2)


def test_voiding_keeps_the_record_and_moves_the_household_back(
    scheme, appraised, official_1, reviewer
):
    agreement = services.agreement_sign(
        agreement=draft_reviewed(appraised[0], "monetary", official_1, reviewer), user=official_1
    )
    with pytest.raises(ValidationError):
        services.agreement_void(agreement=agreement, user=official_1, reason=" ")
    services.agreement_void(agreement=agreement, user=official_1, reason="户主身份有误")
    agreement.refresh_from_db()
    assert agreement.status == "void" and agreement.void_reason == "户主身份有误"
    assert Household.objects.get(pk=appraised[0].pk).stage == "appraised"
    # a new agreement can be drafted; the voided number stays taken
    again = services.agreement_sign(
        agreement=draft_reviewed(appraised[0], "swap", official_1, reviewer), user=official_1
    )
    assert again.number == 2


def test_a_void_reason_of_the_longest_length_allowed_is_kept_and_said_in_the_history(
    scheme, appraised, official_1, reviewer
):
    """The household's event says "Agreement … voided: <reason>", longer than an event's note
    may be when the reason is as long as allowed: the event keeps what fits, no error."""
    from households.models import ProgressEvent

    agreement = services.agreement_sign(
        agreement=draft_reviewed(appraised[0], "monetary", official_1, reviewer), user=official_1
    )
    reason = "户主身份有误，" * 71 + "重签"  # 499 + 2 characters: the 500 a reason may have
    reason = reason[:500]
    services.agreement_void(agreement=agreement, user=official_1, reason=reason)
    agreement.refresh_from_db()
    assert agreement.void_reason == reason
    event = ProgressEvent.objects.filter(household=appraised[0], is_reversal=True).get()
    assert len(event.note) == 500  # cut to fit, with a mark that it was
    assert event.note.startswith(f"协议 {agreement.display_number} 作废：户主身份有误")


def test_one_open_agreement_per_household(scheme, appraised, official_1):
    services.agreement_draft(household=appraised[0], mode="monetary", user=official_1)
    with pytest.raises(Conflict, match="已有协议"):
        services.agreement_draft(household=appraised[0], mode="swap", user=official_1)


def test_figures_that_changed_since_review_are_not_signed(
    signing_project, appraised, official_1, reviewer, city_staff
):
    from tests.compensation.conftest import approved_scheme

    approved_scheme(
        signing_project,
        official_1,
        city_staff,
        [
            {
                "code": "early",
                "name": "按期签约奖励",
                "kind": "signing_tiers",
                "tiers": [{"until": "2026-03-15", "amount": "20000"}],
            }
        ],
    )
    agreement = draft_reviewed(appraised[0], "monetary", official_1, reviewer)
    with (
        time_machine.travel("2026-03-16 10:00 +0800", tick=False),
        pytest.raises(Conflict, match="重新审核"),
    ):
        services.agreement_sign(agreement=agreement, user=official_1)
    services.agreement_update(
        agreement=agreement,
        user=official_1,
        expected_version=agreement.version,
        planned_sign_on=date(2026, 3, 16),
    )
    agreement.refresh_from_db()
    assert agreement.status == "draft" and agreement.total == D("0.00")


def test_an_approved_scheme_is_frozen_and_a_change_is_a_new_version(
    scheme, appraised, official_1, reviewer
):
    from compensation.models import SchemeItem

    with pytest.raises(Conflict, match="新建版本"):
        services.scheme_item_save(
            scheme=scheme, item=SchemeItem(code="extra", name="附加", kind="fixed", amount=D("1"))
        )
    signed = services.agreement_sign(
        agreement=draft_reviewed(appraised[0], "monetary", official_1, reviewer), user=official_1
    )
    second = services.scheme_new_version(project=scheme.project, user=official_1)
    assert second.version == 2 and second.items.count() == 3
    item = second.items.get(code="moving")
    item.amount = D("5000")
    services.scheme_item_save(scheme=second, item=item, expected_version=item.version)
    signed.refresh_from_db()
    assert signed.scheme == scheme and signed.lines.get(code="moving").amount == D("3000.00")


@pytest.mark.django_db(transaction=True)
def test_two_signed_at_once_get_two_numbers_without_a_gap(scheme, appraised, official_1, reviewer):
    agreements = [draft_reviewed(h, "monetary", official_1, reviewer) for h in appraised[:2]]
    errors = at_once(lambda a: services.agreement_sign(agreement=a, user=official_1), agreements)
    assert errors == []
    assert sorted(Agreement.objects.values_list("number", flat=True)) == [1, 2]


def test_terms_saved_on_a_stale_page_are_refused(scheme, appraised, official_1, reviewer):
    """Two officials open one draft's terms; the second to save is refused, not silently
    writing back what the first changed (DESIGN.md §7)."""
    agreement = services.agreement_draft(household=appraised[0], mode="monetary", user=official_1)
    opened = agreement.version
    services.agreement_update(
        agreement=agreement, user=official_1, expected_version=opened, other_terms="甲补充条款"
    )
    with pytest.raises(Conflict, match="他人保存"):
        services.agreement_update(
            agreement=agreement, user=reviewer, expected_version=opened, other_terms=""
        )
    assert Agreement.objects.get(pk=agreement.pk).other_terms == "甲补充条款"


def test_a_scheme_item_and_a_payee_account_saved_on_stale_pages_are_refused(
    scheme, appraised, official_1, effective
):
    from compensation.models import PayeeAccount, SchemeItem

    draft = services.scheme_new_version(project=scheme.project, user=official_1)
    item = draft.items.get(code="moving")
    opened = item.version
    item.name = "搬迁费（甲）"
    services.scheme_item_save(scheme=draft, item=item, expected_version=opened)
    stale = SchemeItem.objects.get(pk=item.pk)
    stale.amount = D("5000")
    with pytest.raises(Conflict, match="他人保存"):
        services.scheme_item_save(scheme=draft, item=stale, expected_version=opened)
    assert SchemeItem.objects.get(pk=item.pk).name == "搬迁费（甲）"

    household = effective.household
    account = {"household": household, "name": "户主", "account": "6222021234567890"}
    services.payee_account_save(**account, bank="甲银行", user=official_1)
    with pytest.raises(Conflict, match="他人保存"):  # a form opened before there was one
        services.payee_account_save(**account, bank="乙银行", user=official_1)
    services.payee_account_save(**account, bank="丙银行", user=official_1, expected_version=1)
    with pytest.raises(Conflict, match="他人保存"):
        services.payee_account_save(**account, bank="乙银行", user=official_1, expected_version=1)
    assert PayeeAccount.objects.get(household=household).bank == "丙银行"
