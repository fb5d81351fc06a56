"""Pages of inspections and their findings, dispatch meetings and their decisions, and a city
liaison's projects."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.views import call_service, say_files_not_kept
from projects.choices import DailyStatusKind
from supervision import forms, inspections, selectors
from supervision.models import Finding, Inspection, Meeting


def _submit(request, form, *, permission, service, success, done, **record):
    """A record added from its page: the role (403), the form, the service; the redirect
    `done(value)` on success, None to show the page again with the errors."""
    if request.method != "POST":
        return None
    if not request.user.has_perm(permission):
        raise PermissionDenied
    if form.is_valid():
        outcome = call_service(
            request,
            service,
            success=success,
            form=form,
            user=request.user,
            **record,
            **form.cleaned_data,
        )
        if outcome:
            return done(outcome.value)
    say_files_not_kept(request)
    return None


@login_required
@permission_required("supervision.view_inspection", raise_exception=True)
def inspection_list(request):
    form = forms.InspectionForm(request.POST or None, user=request.user)
    added = _submit(
        request,
        form,
        permission="supervision.add_inspection",
        service=inspections.inspection_record,
        success=_("Inspection recorded; add what was found."),
        done=lambda inspection: redirect("supervision:inspection", pk=inspection.pk),
    )
    if added:
        return added
    visits = (
        Inspection.objects.for_user(request.user)
        .with_visible_projects(request.user)
        .select_related("created_by")
        .order_by("-inspected_on", "-id")[:100]
    )
    return render(
        request, "supervision/inspection_list.html", {"inspections": visits, "form": form}
    )


def _inspection(request, pk) -> Inspection:
    return get_object_or_404(
        Inspection.objects.for_user(request.user).with_visible_projects(request.user), pk=pk
    )


@login_required
@permission_required("supervision.view_inspection", raise_exception=True)
def inspection_detail(request, pk):
    inspection = _inspection(request, pk)
    form = forms.FindingForm(request.POST or None, request.FILES or None, inspection=inspection)
    added = _submit(
        request,
        form,
        permission="supervision.add_inspection",
        service=inspections.finding_add,
        success=_("Finding recorded."),
        done=lambda _finding: redirect("supervision:inspection", pk=inspection.pk),
        inspection=inspection,
    )
    if added:
        return added
    findings = (
        Finding.objects.for_user(request.user)
        .filter(inspection=inspection)
        .select_related("project")
        .prefetch_related("notices")
    )
    return render(
        request,
        "supervision/inspection_detail.html",
        {
            "inspection": inspection,
            "projects": inspection.visible_projects,
            "findings": findings,
            "form": form,
        },
    )


@login_required
@permission_required("supervision.view_inspection", raise_exception=True)
def finding_photo(request, pk, variant="photo"):
    finding = get_object_or_404(Finding.objects.for_user(request.user), pk=pk)
    stored = finding.thumbnail if variant == "thumbnail" else finding.photo
    if not stored:
        raise Http404
    response = FileResponse(stored.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@permission_required("supervision.view_meeting", raise_exception=True)
def meeting_list(request):
    """The year's meetings (for the annual summary), newest first, with their decisions."""
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    form = forms.MeetingForm(request.POST or None)
    added = _submit(
        request,
        form,
        permission="supervision.add_meeting",
        service=inspections.meeting_record,
        success=_("Meeting recorded; add its decisions."),
        done=lambda meeting: redirect("supervision:meeting", pk=meeting.pk),
    )
    if added:
        return added
    meetings = (
        Meeting.objects.for_user(request.user)
        .filter(held_on__year=year)
        .prefetch_related("decisions")
        .order_by("-held_on", "-id")
    )
    return render(
        request,
        "supervision/meeting_list.html",
        {
            "meetings": meetings,
            "year": year,
            "years": range(timezone.localdate().year, 2019, -1),
            "form": form,
        },
    )


@login_required
@permission_required("supervision.view_meeting", raise_exception=True)
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.for_user(request.user), pk=pk)
    form = forms.DecisionForm(request.POST or None)
    added = _submit(
        request,
        form,
        permission="supervision.add_meeting",
        service=inspections.decision_add,
        success=_("Decision recorded."),
        done=lambda _decision: redirect("supervision:meeting", pk=meeting.pk),
        meeting=meeting,
    )
    if added:
        return added
    return render(
        request,
        "supervision/meeting_detail.html",
        {
            "meeting": meeting,
            "decisions": meeting.decisions.select_related("district").prefetch_related("notices"),
            "form": form,
        },
    )


@login_required
@permission_required("supervision.view_supervisionnotice", raise_exception=True)
def liaison(request):
    """派驻联络员: the projects the user is the city liaison of, and how each stands."""
    today = timezone.localdate()
    projects = list(selectors.liaison_projects(request.user, today))
    labels = dict(DailyStatusKind.choices)
    for project in projects:
        project.latest_status_label = labels.get(project.latest_status, "")
    return render(request, "supervision/liaison.html", {"projects": projects, "today": today})
