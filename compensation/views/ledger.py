"""The ledger's pages: a household's statement (应付 / 已付 / 未付 by item and month), its
entries (entered, approved by a second person, reversed), its payee account and the unit's
hand-over; a project's ledger (filtered entries, totals, funding used, overdue transition,
Excel); and batch payment runs with their bank sheet and results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compensation import forms, selectors, services
from compensation.documents import settlement_pdf
from compensation.models import Allocation, LedgerEntry, PayeeAccount, SettlementSheet
from core.views import call_service, refill, submit_form
from households.choices import Mode, Stage
from households.models import Household


def _household(request, pk):
    return get_object_or_404(
        Household.objects.for_user(request.user).select_related("project", "district"), pk=pk
    )


def _entry(request, pk):
    return get_object_or_404(
        LedgerEntry.objects.for_user(request.user).select_related("household"), pk=pk
    )


@login_required
@permission_required("compensation.view_ledgerentry", raise_exception=True)
def statement(request, household_pk):
    household = _household(request, household_pk)
    today = timezone.localdate()
    agreement = selectors.effective_agreement(household)
    payee = PayeeAccount.objects.filter(household=household).first()
    allocation = (
        Allocation.objects.filter(household=household)
        .select_related("unit__building__site")
        .first()
    )
    sheet = (
        SettlementSheet.objects.filter(household=household).select_related("corrected_by").first()
    )
    dues = selectors.household_dues(household, on=today, agreement=agreement)
    can_hand_over = (
        agreement is not None
        and agreement.mode == Mode.SWAP
        and household.unit_handed_over_on is None
        and Stage.rank(household.stage) >= Stage.rank(Stage.VACATED)
    )
    return render(
        request,
        "compensation/statement.html",
        {
            "household": household,
            "agreement": agreement,
            "today": today,
            "dues": dues,
            "totals": selectors.statement_totals(dues),
            "rate_reward_unpaid": any(due.rate_reward and due.unpaid > 0 for due in dues),
            "entries": selectors.with_doubts(
                list(
                    LedgerEntry.objects.filter(household=household).select_related(
                        "entered_by", "approved_by", "run__project"
                    )
                ),
                user=request.user,
            ),
            "entry_form": refill(request, forms.EntryForm(items=dues, initial={"paid_on": today})),
            "reverse_form": forms.ReverseForm(),
            "payee": payee,
            "allocation": allocation,
            "sheet": sheet,
            "sheet_bands": selectors.settlement_bands(sheet) if sheet else [],
            # Empty: the surveyed area is typed from the survey, not taken from the unit's
            # nominal area (one click issued a sheet that cannot be withdrawn).
            "settlement_form": refill(request, forms.SettlementForm(prefix="settle"))
            if allocation
            else None,
            "correction_form": refill(request, forms.SettlementCorrectionForm(prefix="correct"))
            if sheet
            else None,
            # not offered where the service would refuse it
            "sheet_correctable": sheet is not None
            and not selectors.settlement_held(sheet.agreement_id),
            "payee_form": refill(
                request,
                forms.PayeeAccountForm(
                    prefix="payee",
                    initial={
                        "name": payee.name if payee else household.party_name,
                        "bank": payee.bank if payee else "",
                        "version": payee.version if payee else None,
                    },
                ),
            ),
            "can_hand_over": can_hand_over,
            "hand_over_refusal": can_hand_over
            and selectors.hand_over_refusal(household, allocation),
            "hand_over_form": refill(
                request, forms.HandOverForm(prefix="handover", initial={"on": today})
            ),
        },
    )


@require_POST
@login_required
@permission_required("compensation.add_payeeaccount", raise_exception=True)
def payee_account_save(request, household_pk):
    household = _household(request, household_pk)
    submit_form(
        request,
        forms.PayeeAccountForm(request.POST, prefix="payee"),
        lambda version, **fields: services.payee_account_save(
            household=household, user=request.user, expected_version=version, **fields
        ),
        success=_("Payee account saved."),
    )
    return redirect("compensation:statement", household_pk=household.pk)


@require_POST
@login_required
@permission_required("households.change_household", raise_exception=True)
def hand_over(request, household_pk):
    household = _household(request, household_pk)
    submit_form(
        request,
        forms.HandOverForm(request.POST, prefix="handover"),
        lambda on: services.unit_hand_over(household=household, on=on, user=request.user),
        success=_("Unit handed over: the temporary fee stops and the household is settled."),
    )
    return redirect("compensation:statement", household_pk=household.pk)


@require_POST
@login_required
@permission_required("compensation.add_ledgerentry", raise_exception=True)
def entry_add(request, household_pk):
    household = _household(request, household_pk)
    dues = selectors.household_dues(household, on=timezone.localdate())
    entered = submit_form(
        request,
        forms.EntryForm(request.POST, items=dues),
        lambda **fields: services.entry_enter(household=household, user=request.user, **fields),
        success=_("Entered: a second person approves it before it counts as paid."),
    )
    for warning in services.entry_warnings(entered.value, user=request.user) if entered else ():
        messages.warning(request, warning)
    return redirect("compensation:statement", household_pk=household.pk)


@require_POST
@login_required
@permission_required("compensation.approve_ledgerentry", raise_exception=True)
def entry_approve(request, pk):
    entry = _entry(request, pk)
    call_service(
        request,
        services.entry_approve,
        success=_("Approved: the payment is final."),
        entry=entry,
        user=request.user,
    )
    return redirect("compensation:statement", household_pk=entry.household_id)


@require_POST
@login_required
@permission_required("compensation.reverse_ledgerentry", raise_exception=True)
def entry_reverse(request, pk):
    entry = _entry(request, pk)
    submit_form(
        request,
        forms.ReverseForm(request.POST),
        lambda reason: services.entry_reverse(entry=entry, user=request.user, reason=reason),
        success=_("Reversed: the payment is taken back."),
    )
    return redirect("compensation:statement", household_pk=entry.household_id)


@require_POST
@login_required
@permission_required("compensation.change_ledgerentry", raise_exception=True)
def entry_discard(request, pk):
    entry = _entry(request, pk)
    submit_form(
        request,
        forms.DiscardForm(request.POST),
        lambda reason: services.entry_discard(entry=entry, user=request.user, reason=reason),
        success=_("Set aside: the entry will not be paid."),
    )
    return redirect("compensation:statement", household_pk=entry.household_id)


@require_POST
@login_required
@permission_required("compensation.add_settlementsheet", raise_exception=True)
def settlement_issue(request, household_pk):
    household = _household(request, household_pk)
    allocation = Allocation.objects.filter(household=household).first()
    if allocation is None:
        messages.error(request, _("The household has not chosen a unit yet."))
        return redirect("compensation:statement", household_pk=household.pk)
    submit_form(
        request,
        forms.SettlementForm(request.POST, prefix="settle"),
        lambda measured_area: services.settlement_issue(
            allocation=allocation, measured_area=measured_area, user=request.user
        ),
        success=_("Settlement sheet issued: its difference is now due in the ledger."),
    )
    return redirect("compensation:statement", household_pk=household.pk)


@require_POST
@login_required
@permission_required("compensation.change_settlementsheet", raise_exception=True)
def settlement_correct(request, household_pk):
    household = _household(request, household_pk)
    sheet = SettlementSheet.objects.filter(household=household).first()
    if sheet is None:
        messages.error(request, _("No settlement sheet has been issued for the household."))
        return redirect("compensation:statement", household_pk=household.pk)
    submit_form(
        request,
        forms.SettlementCorrectionForm(request.POST, prefix="correct"),
        lambda measured_area, reason: services.settlement_correct(
            sheet=sheet, measured_area=measured_area, reason=reason, user=request.user
        ),
        success=_("Settlement sheet corrected: its difference in the ledger follows it."),
    )
    return redirect("compensation:statement", household_pk=household.pk)


@login_required
@permission_required("compensation.view_settlementsheet", raise_exception=True)
def settlement_print(request, household_pk):
    household = _household(request, household_pk)
    sheet = (
        SettlementSheet.objects.select_related(
            "agreement", "allocation__unit__building__site", "household__project__district"
        )
        .filter(household=household)
        .first()
    )
    if sheet is None:
        messages.error(request, _("No settlement sheet has been issued for the household."))
        return redirect("compensation:statement", household_pk=household.pk)
    response = HttpResponse(
        settlement_pdf(sheet, bands=selectors.settlement_bands(sheet)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = content_disposition_header(
        False, f"{household.code}-settlement.pdf"
    )
    return response
