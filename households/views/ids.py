"""Resident ID numbers: one revealed with a reason, full-number export, exact search, the
reveal log and the households that share a number."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.filtering import describe_filters
from core.spreadsheets import xlsx_response
from core.views import call_service, submit_form
from households import selectors, services
from households.filtersets import roster_selection
from households.forms import ExportFullIdsForm, IdSearchForm, RevealForm
from households.models import IdRevealLog
from households.views.households import scoped


@require_POST
@login_required
@permission_required("households.reveal_id_number", raise_exception=True)
def household_reveal(request, pk):
    """Show one full ID number after a reason is given; the number never enters a URL."""
    household = get_object_or_404(scoped(request), pk=pk)
    form = RevealForm(request.POST)
    person = None  # a member, or the household's party when None
    if form.is_valid() and form.cleaned_data["member"]:
        person = get_object_or_404(household.members, pk=form.cleaned_data["member"])
    outcome = submit_form(
        request,
        form,
        lambda reason, member: services.household_reveal_id(
            household=household, member=person, user=request.user, reason=reason
        ),
        success=None,
    )
    if not outcome:
        return redirect("households:detail", pk=household.pk)
    response = render(
        request,
        "households/household_reveal.html",
        {"household": household, "member": person, "number": outcome.value},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@permission_required("households.reveal_id_number", raise_exception=True)
def household_export_full_ids(request):
    """The filtered list as a spreadsheet with full ID numbers, after a reason (logged).

    GET shows what would be exported and asks why; the POST carries the list's filters
    back in a hidden field, so the numbers never depend on a link someone could share."""
    params = QueryDict(request.POST.get("query", "")) if request.method == "POST" else request.GET
    filterset, households, title_scope = roster_selection(params, user=request.user)
    form = ExportFullIdsForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and filterset.is_valid():
        outcome = call_service(
            request,
            services.roster_export_full_ids,
            form=form,
            households=households,
            user=request.user,
            reason=form.cleaned_data["reason"],
            filters=describe_filters(filterset, empty=_("no filter")),
            title_scope=title_scope,
        )
        if outcome:
            response = xlsx_response(
                outcome.value,
                _("households-full-ids-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"},
            )
            response["Cache-Control"] = "no-store"
            return response
    query = params.copy()
    for name in ("after", "export"):
        query.pop(name, None)
    return render(
        request,
        "households/export_full_ids.html",
        {
            "form": form,
            "count": households.count(),
            "limit": services.FULL_ID_EXPORT_LIMIT,
            "too_many": services.FULL_ID_EXPORT_TOO_MANY % {"limit": services.FULL_ID_EXPORT_LIMIT},
            "filters": describe_filters(filterset, empty=_("no filter")),
            "filter_errors": filterset.errors,
            "query": query.urlencode(),
            "back": query,
        },
    )


@login_required
@permission_required("households.reveal_id_number", raise_exception=True)
def household_id_search(request):
    """Exact search by ID number, by POST so the number never lands in a URL or a log;
    logged and limited per hour like a reveal (services.household_search_by_id)."""
    form = IdSearchForm(request.POST or None)
    results, status = None, 200
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request,
            services.household_search_by_id,
            form=form,
            user=request.user,
            id_number=form.cleaned_data["id_number"],
        )
        results, status = outcome.value, outcome.status
    response = render(
        request,
        "households/household_id_search.html",
        {"form": form, "results": results},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@permission_required("households.view_idreveallog", raise_exception=True)
def reveal_log(request):
    logs = IdRevealLog.objects.select_related("user", "household", "member").order_by(
        "-created_at"
    )[:500]
    return render(request, "households/reveal_log.html", {"logs": logs})


@login_required
@permission_required("households.view_household", raise_exception=True)
def duplicate_ids(request):
    return render(
        request,
        "households/duplicates.html",
        {"groups": selectors.duplicate_id_groups(user=request.user)},
    )
