"""Daily resumption status: the filing sheet and the reporting overview."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workdays import working_day
from projects import forms, selectors, services
from projects.choices import ConstructionStatus, DailyStatusKind


def _day_from(data) -> date:
    """The day asked for (today when none or an unreadable one), never after today."""
    form = forms.DailyStatusDateForm(data)
    today = timezone.localdate()
    if form.is_valid() and form.cleaned_data["date"]:
        return min(form.cleaned_data["date"], today)
    return today


_PREFILL = ("status", "workers_on_site", "machinery_on_site", "reason", "expected_resumption_on")


def _initial(row) -> dict:
    """A row pre-filled from the day's status, else the previous one; a project suspended
    that day can only file "suspended", with its suspension reason."""
    source = row.current or row.previous
    values = (
        {f: getattr(source, f) for f in _PREFILL} if source else {"status": DailyStatusKind.WORKING}
    )
    if row.state == ConstructionStatus.SUSPENDED:
        values.setdefault("reason", row.project.suspension_reason)
        values["status"] = DailyStatusKind.SUSPENDED
    return {"project": row.project.id, **values}


@login_required
@permission_required("projects.add_dailystatus", raise_exception=True)
def daily_status_file(request):
    """All of the user's projects under construction for one day, saved in one submit."""
    day = _day_from(request.POST if request.method == "POST" else request.GET)
    rows = selectors.daily_status_sheet(user=request.user, day=day)
    formset = forms.DailyStatusFormSet(
        request.POST or None, initial=[_initial(row) for row in rows], prefix="status"
    )
    correction = forms.DailyStatusCorrectionForm(request.POST or None)
    row_errors = {}
    if request.method == "POST" and formset.is_valid() and correction.is_valid():
        by_id = {row.project.id: row.project for row in rows}
        submitted = [f.cleaned_data for f in formset]
        if any(item["project"] not in by_id for item in submitted):
            raise Http404
        try:
            services.daily_status_submit(
                day=day,
                reporter=request.user,
                rows=[{**item, "project": by_id[item["project"]]} for item in submitted],
                correction_reason=correction.cleaned_data["correction_reason"],
            )
        except services.DailyStatusErrors as exc:  # refused row by row: marked in the sheet
            row_errors = exc.row_errors
            messages.error(request, _("Nothing was saved: correct the rows marked below."))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(
                request,
                _("Daily status of %(count)d projects saved for %(day)s.")
                % {"count": len(submitted), "day": day},
            )
            return redirect(f"{request.path}?date={day.isoformat()}")
    return render(
        request,
        "projects/daily_status_file.html",
        {
            "day": day,
            "today": timezone.localdate(),
            "working_day": working_day(day),
            "formset": formset,
            "correction": correction,
            "reported_day": selectors.reported_day(day=day),
            "rows": [
                (row, form, row_errors.get(index, {}))
                for index, (row, form) in enumerate(zip(rows, formset, strict=True))
            ],
        },
    )


@login_required
@permission_required("projects.view_dailystatus", raise_exception=True)
def daily_status_overview(request):
    day = _day_from(request.GET)
    return render(
        request,
        "projects/daily_status_overview.html",
        {
            "day": day,
            "today": timezone.localdate(),
            "overview": selectors.daily_reporting_overview(user=request.user, day=day),
        },
    )
