"""A project's ledger (its entries filtered, with totals, the funding used beside the
funding received and the households in overdue transition; Excel) and its batch payment
runs (代发): drafted, approved by a second person, sent to the bank as a sheet, closed by
the bank's results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compensation import exports, forms, selectors, services
from compensation.filtersets import LedgerEntryFilterSet
from compensation.importers import RESULT_COLUMNS, import_bank_results
from compensation.models import LedgerEntry, PaymentRun
from core.filtering import describe_filters, export_refused
from core.spreadsheets import xlsx_response
from core.views import call_service, refill, submit_form
from projects.models import Project


def _project(request, pk):
    return get_object_or_404(Project.objects.for_user(request.user), pk=pk)


def _run(request, pk):
    return get_object_or_404(
        PaymentRun.objects.for_user(request.user).select_related(
            "project", "created_by", "approved_by", "closed_by"
        ),
        pk=pk,
    )


@login_required
@permission_required("compensation.view_ledgerentry", raise_exception=True)
def project_ledger(request, project_pk):
    project = _project(request, project_pk)
    entries = (
        LedgerEntry.objects.for_user(request.user)
        .filter(household__project=project)
        .select_related("household", "entered_by", "approved_by", "run__project")
        .order_by("-paid_on", "-id")
    )
    filterset = LedgerEntryFilterSet(
        request.GET or None, queryset=entries, request=request, project=project
    )
    valid = not filterset.is_bound or filterset.is_valid()
    shown = (filterset.qs if filterset.is_bound else entries) if valid else entries.none()
    if request.GET.get("export") == "xlsx" and not export_refused(request, filterset):
        summary = describe_filters(filterset, empty=_("all entries of the project"))
        return xlsx_response(
            exports.ledger_workbook(shown, project=project, filter_summary=summary),
            _("ledger-%(code)s-%(day)s.xlsx")
            % {"code": project.code, "day": f"{timezone.localdate():%Y%m%d}"},
        )
    today = timezone.localdate()
    funding, by_month = selectors.funding_use(project)
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "compensation/ledger.html",
        {
            "project": project,
            "filterset": filterset,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "totals": selectors.ledger_totals(shown),
            "funding": funding,
            "by_month": by_month,
            "overdue": selectors.overdue_transition(project, on=today),
            "today": today,
            "runs": PaymentRun.objects.filter(project=project).select_related("project")[:20],
            "run_form": refill(
                request, forms.PaymentRunForm(prefix="run", initial={"paid_on": today})
            ),
        },
    )


@require_POST
@login_required
@permission_required("compensation.add_paymentrun", raise_exception=True)
def payment_run_add(request, project_pk):
    project = _project(request, project_pk)
    outcome = submit_form(
        request,
        forms.PaymentRunForm(request.POST, prefix="run"),
        lambda **fields: services.payment_run_draft(project=project, user=request.user, **fields),
        success=_("Payment run drafted: a second person approves it before it goes to the bank."),
    )
    if not outcome:
        return redirect("compensation:ledger", project_pk=project.pk)
    run, skipped = outcome.value
    warning = services.payment_run_funding_warning(run)
    if warning:
        messages.warning(request, warning)
    if skipped:
        messages.warning(
            request,
            _("Left out for want of a payee account: %(households)s.")
            % {"households": "、".join(f"{h.code} {h.party_name}" for h in skipped[:20])},
        )
    return redirect("compensation:run", pk=run.pk)


@login_required
@permission_required("compensation.view_paymentrun", raise_exception=True)
def payment_run(request, pk):
    return _run_page(request, _run(request, pk), results_form=forms.BankResultsForm())


def _run_page(request, run, **extra):
    rows = selectors.payment_run_rows(run, user=request.user)
    return render(
        request,
        "compensation/payment_run.html",
        {
            "run": run,
            "rows": rows,
            "total": sum((row["amount"] for row in rows), selectors.NO_MONEY),
            "doubtful": sum(1 for row in rows if row["doubts"]),
            "result_headers": [texts[0] for texts in RESULT_COLUMNS.values()],
            **extra,
        },
    )


@require_POST
@login_required
@permission_required("compensation.approve_paymentrun", raise_exception=True)
def payment_run_approve(request, pk):
    run = _run(request, pk)
    call_service(
        request,
        services.payment_run_approve,
        success=_("Approved: download the bank sheet and send it to the bank."),
        run=run,
        user=request.user,
    )
    return redirect("compensation:run", pk=run.pk)


@require_POST
@login_required
@permission_required("compensation.change_paymentrun", raise_exception=True)
def payment_run_cancel(request, pk):
    run = _run(request, pk)
    call_service(
        request,
        services.payment_run_cancel,
        success=_("Payment run cancelled: nothing of it is paid."),
        run=run,
        user=request.user,
    )
    return redirect("compensation:run", pk=run.pk)


@login_required
@permission_required("compensation.view_paymentrun", raise_exception=True)
def payment_run_sheet(request, pk):
    """The bank sheet, with full account numbers: only an approved run's, for those who may
    approve runs."""
    run = _run(request, pk)
    if run.status != "approved" or not request.user.has_perm("compensation.approve_paymentrun"):
        messages.error(request, _("The bank sheet is ready once the run is approved."))
        return redirect("compensation:run", pk=run.pk)
    return xlsx_response(
        exports.bank_sheet(run, selectors.payment_run_rows(run)),
        _("bank-transfer-%(run)s.xlsx") % {"run": run.reference},
    )


@require_POST
@login_required
@permission_required("compensation.change_paymentrun", raise_exception=True)
def payment_run_results(request, pk):
    run = _run(request, pk)
    form = forms.BankResultsForm(request.POST, request.FILES)
    if not form.is_valid():
        return _run_page(request, run, results_form=form)
    upload = form.cleaned_data["file"]
    result = import_bank_results(
        run=run,
        content=upload.read(),
        filename=upload.name,
        user=request.user,
        dry_run=form.cleaned_data["dry_run"],
    )
    if not result.errors and not form.cleaned_data["dry_run"]:
        messages.success(
            request,
            _("Results recorded: %(paid)d rows paid, %(failed)d failed.")
            % {"paid": result.updated, "failed": result.unchanged},
        )
        return redirect("compensation:run", pk=run.pk)
    return _run_page(request, run, results_form=form, result=result, filename=upload.name)
