"""Daily resumption status: the filing sheet and the reporting overview."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import call_service, submit_form
from core.workdays import working_day
from projects import forms, selectors, services
from projects.choices import ConstructionStatus, DailyStatusKind
from projects.filing import daily_status_deadline


def _day_from(request, data) -> date:
    """The day asked for, never after today: today when none is asked for, and when a later
    or unreadable one is, with a word that it is today's sheet that is shown."""
    form = forms.DailyStatusDateForm(data)
    today = timezone.localdate()
    if not form.is_valid():
        # a real date out of the programme's years says so, not that it is no date
        text = "；".join(form.errors.get("date", []))
        messages.warning(
            request,
            _("“%(value)s”: %(problem)s Today's figures are shown.")
            % {"value": data.get("date", "")[:20], "problem": text},
        )
        return today
    asked = form.cleaned_data["date"]
    if asked and asked > today:
        messages.warning(
            request,
            _("%(day)s has not come yet: today's figures are shown.")
            % {"day": f"{asked:%Y-%m-%d}"},
        )
        return today
    return asked or today


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
    elif values["status"] not in dict(services.daily_statuses_for(row.state)):
        values = {"status": DailyStatusKind.WORKING}  # resumed since: not yesterday's 停工
    return {
        "project": row.project.id,
        "version": row.current.version if row.current else 0,
        **values,
    }


def _posted_sheet(rows, formset) -> list[tuple]:
    """Each posted form with the sheet's row of the project it names: the sheet may have
    gained or lost a project since it was opened. A project not on the user's sheet is not
    theirs to file (404)."""
    by_id = {row.project.id: row for row in rows}
    try:
        return [(by_id[int(form["project"].value())], form) for form in formset]
    except (KeyError, TypeError, ValueError):
        raise Http404 from None


def _sheet_query(day: date, district_form) -> str:
    """The sheet's address after a save: the same day, and district when one was chosen."""
    query = {"date": day.isoformat()}
    if district_form.is_choice and district_form.chosen():
        query["district"] = district_form.chosen().pk
    return urlencode(query)


@login_required
@permission_required("projects.add_dailystatus", raise_exception=True)
def daily_status_file(request):
    """All of the user's projects under construction for one day, saved in one submit."""
    data = request.POST if request.method == "POST" else request.GET
    day = _day_from(request, data)
    district_form = forms.FilingDistrictForm(data, user=request.user)
    district = district_form.chosen()
    to_choose = district_form.is_choice and district is None
    rows = (
        []
        if to_choose
        else selectors.daily_status_sheet(user=request.user, day=day, district=district)
    )
    formset = forms.DailyStatusFormSet(
        request.POST or None, initial=[_initial(row) for row in rows], prefix="status"
    )
    correction = forms.DailyStatusCorrectionForm(request.POST or None)
    row_errors = {}
    if request.method != "POST":
        sheet = list(zip(rows, formset, strict=True))
    else:
        sheet = [] if to_choose else _posted_sheet(rows, formset)
        if not sheet:  # no district chosen, or no row sent (a sheet cut short)
            messages.error(
                request,
                _(
                    "Nothing was saved: the sheet arrived without its district or its rows. "
                    "Open it again and file once more."
                ),
            )
            return redirect(f"{request.path}?{_sheet_query(day, district_form)}")
        formset.is_valid()  # every form checked, so every problem shows at once
        submitted = {
            index: {**form.cleaned_data, "project": row.project}
            for index, (row, form) in enumerate(sheet)
            if not form.errors
        }
        checked = services.daily_status_check(day=day, rows=list(submitted.values()))
        row_errors = {list(submitted)[i]: errors for i, errors in checked.items()}
        if row_errors or not formset.is_valid() or not correction.is_valid():
            messages.error(request, _("Nothing was saved: correct the rows marked below."))
        else:
            not_due = sum(1 for row, _form in sheet if row.state == ConstructionStatus.SUSPENDED)
            saved = _("Daily status of %(count)d projects saved for %(day)s.") % {
                "count": len(submitted),
                "day": day,
            }
            if not_due:  # the home page counts the projects due, which these are not
                saved += _(" Of them %(count)d suspended, not counted as due.") % {"count": not_due}
            outcome = call_service(
                request,
                services.daily_status_submit,
                success=saved,
                day=day,
                reporter=request.user,
                rows=list(submitted.values()),
                correction_reason=correction.cleaned_data["correction_reason"],
            )
            if outcome:
                return redirect(f"{request.path}?{_sheet_query(day, district_form)}")
    # Each project offered what its construction status allows; set after the checks, so
    # that a status the project no longer allows is refused with the service's reason.
    for row, form in sheet:
        form.fields["status"].choices = services.daily_statuses_for(row.state)
    return render(
        request,
        "projects/daily_status_file.html",
        {
            "day": day,
            "today": timezone.localdate(),
            "working_day": working_day(day),
            "cutoff": daily_status_deadline(day),
            "formset": formset,
            "correction": correction,
            "district_form": district_form,
            "to_choose": to_choose,
            "reported_day": selectors.reported_day(day=day),
            "rows": [
                (row, form, row_errors.get(index, {})) for index, (row, form) in enumerate(sheet)
            ],
            "suspended_rows": any(
                row.state == ConstructionStatus.SUSPENDED for row, _form in sheet
            ),
        },
    )


@login_required
@permission_required("projects.view_dailystatus", raise_exception=True)
def daily_status_overview(request):
    day = _day_from(request, request.GET)
    return render(
        request,
        "projects/daily_status_overview.html",
        {
            "day": day,
            "today": timezone.localdate(),
            "overview": selectors.daily_reporting_overview(user=request.user, day=day),
            "can_remind": request.user.has_perm("projects.add_filingreminder"),
        },
    )


@require_POST
@login_required
@permission_required("projects.add_filingreminder", raise_exception=True)
def daily_status_remind(request):
    """催报 from the city staff's home page: the district's clerks get it in their inbox."""
    form = forms.FilingReminderForm(request.POST, user=request.user)
    outcome = submit_form(
        request,
        form,
        lambda district, date: services.daily_status_remind(
            district=district, day=date, user=request.user
        ),
        success=None,
    )
    if outcome:
        messages.success(
            request,
            _("Reminder sent to %(recipients)d clerks of %(district)s.")
            % {"recipients": outcome.value.recipients, "district": outcome.value.district.name},
        )
    back = request.POST.get("next", "")
    # A path of this site only: redirect() would take a bare word for a URL's name.
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return HttpResponseRedirect(back)
    return redirect("home")
