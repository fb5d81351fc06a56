"""Household pages. Thin: forms validate input, services change state, selectors read."""

import uuid
from urllib.parse import urlencode

from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.exceptions import Conflict
from config.filtering import describe_filters
from households import crypto, selectors, services
from households.exports import roster_workbook
from households.importers import import_roster, template_workbook
from households.filtersets import HouseholdFilterSet
from households.forms import ExportFullIdsForm, HouseholdForm, IdSearchForm, MemberForm, ProgressForm, RevealForm
from households.models import Household, IdRevealLog
from projects.models import Project
from projects.views import add_service_errors, form_errors_text
from reports.spreadsheets import xlsx_response


def _scoped(request):
    return Household.objects.for_user(request.user)


def _filtered(request, params):
    """The filter form, the households it selects in the user's scope, and the export title."""
    filterset = HouseholdFilterSet(params, queryset=_scoped(request), request=request)
    if not filterset.is_valid():
        return filterset, _scoped(request).none(), ""
    project = filterset.form.cleaned_data.get("project")
    return filterset, filterset.qs, project.name if project else _("all projects in your scope")


@login_required
@permission_required("households.view_household", raise_exception=True)
def household_list(request):
    filterset, households, title_scope = _filtered(request, request.GET)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(roster_workbook(households, title_scope=title_scope),
                             f"households-{timezone.localdate():%Y%m%d}.xlsx")
    try:
        after = int(request.GET.get("after") or 0) or None
    except ValueError:
        after = None
    page, next_after = selectors.keyset_page(households.select_related("project"), after=after)
    query = request.GET.copy()
    query.pop("after", None)
    counts = selectors.stage_counts(households)
    return render(request, "households/household_list.html", {
        "filter": filterset, "households": page, "stage_counts": counts, "total": sum(c for _s, _l, c in counts),
        "next_url": f"?{urlencode({**query.dict(), 'after': next_after})}" if next_after else None,
        "first_url": f"?{query.urlencode()}" if after else None,
        "progress_form": ProgressForm(initial={"date": timezone.localdate()}),
        "query": request.GET.urlencode(),
    })


@require_POST
@login_required
@permission_required("households.change_household", raise_exception=True)
def household_batch_progress(request):
    """Move the selected households to a stage in one submit (all or nothing)."""
    back = f"/households/?{request.POST.get('query', '')}"
    try:
        ids = {int(value) for value in request.POST.getlist("households")}
    except ValueError:
        raise Http404
    form = ProgressForm(request.POST)
    if not ids:
        messages.error(request, _("Select at least one household."))
        return redirect(back)
    households = list(_scoped(request).filter(pk__in=ids))
    if len(households) != len(ids):
        raise Http404
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    try:
        result = services.household_record_progress(
            households=households, to_stage=form.cleaned_data["stage"], effective_on=form.cleaned_data["date"],
            user=request.user, note=form.cleaned_data["note"],
            can_revert=request.user.has_perm("households.revert_progress"),
        )
    except ValidationError as exc:
        messages.error(request, _("Nothing was saved:") + " " + "；".join(exc.messages))
    else:
        messages.success(request, _("%(moved)d households moved to “%(stage)s”; %(unchanged)d were already there.")
                         % {"moved": len(result.moved), "unchanged": len(result.unchanged),
                            "stage": dict(form.fields["stage"].choices)[form.cleaned_data["stage"]]})
    return redirect(back)


@login_required
@permission_required("households.view_household", raise_exception=True)
def household_detail(request, pk):
    household = get_object_or_404(_scoped(request).select_related("project", "district"), pk=pk)
    return render(request, "households/household_detail.html", {
        "household": household,
        "members": household.members.all(),
        "events": household.progress_events.select_related("recorded_by").order_by("-effective_on", "-id"),
        "progress_form": ProgressForm(initial={"date": timezone.localdate()}),
        "member_form": MemberForm(),
        "reveal_form": RevealForm(),
        "can_reveal": request.user.has_perm("households.reveal_id_number"),
    })


@require_POST
@login_required
@permission_required("households.change_household", raise_exception=True)
def household_progress(request, pk):
    household = get_object_or_404(_scoped(request), pk=pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.household_record_progress(
                households=[household], to_stage=form.cleaned_data["stage"], effective_on=form.cleaned_data["date"],
                user=request.user, note=form.cleaned_data["note"],
                can_revert=request.user.has_perm("households.revert_progress"),
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("Progress recorded."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("households:detail", pk=household.pk)


def _household_form_page(request, household):
    form = HouseholdForm(request.POST or None, instance=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        id_number = data.pop("id_number", "")
        version = data.pop("version", None)
        try:
            if household.pk:
                data.pop("project", None)
                household = services.household_update(household=household, expected_version=version or 0,
                                                      id_number=id_number, **data)
            else:
                household = services.household_create(id_number=id_number, **data)
        except Conflict as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Household %(household)s saved.") % {"household": household})
            return redirect("households:detail", pk=household.pk)
    return render(request, "households/household_form.html", {"form": form, "household": household})


@login_required
@permission_required("households.add_household", raise_exception=True)
def household_create(request):
    return _household_form_page(request, Household())


@login_required
@permission_required("households.change_household", raise_exception=True)
def household_update(request, pk):
    return _household_form_page(request, get_object_or_404(_scoped(request), pk=pk))


@require_POST
@login_required
@permission_required("households.change_household", raise_exception=True)
def member_add(request, pk):
    household = get_object_or_404(_scoped(request), pk=pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.member_add(household=household, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("Member added."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("households:detail", pk=household.pk)


@require_POST
@login_required
@permission_required("households.reveal_id_number", raise_exception=True)
def household_reveal(request, pk):
    """Show one full ID number after a reason is given; the number never enters a URL."""
    household = get_object_or_404(_scoped(request), pk=pk)
    form = RevealForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("households:detail", pk=household.pk)
    member = None
    if form.cleaned_data["member"]:
        member = get_object_or_404(household.members, pk=form.cleaned_data["member"])
    try:
        number = services.household_reveal_id(household=household, member=member, user=request.user,
                                              reason=form.cleaned_data["reason"])
    except (Conflict, ValidationError) as exc:
        messages.error(request, getattr(exc, "message", None) or "；".join(exc.messages))
        return redirect("households:detail", pk=household.pk)
    response = render(request, "households/household_reveal.html", {
        "household": household, "member": member, "number": number})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@permission_required("households.reveal_id_number", raise_exception=True)
def household_export_full_ids(request):
    """The filtered list as a spreadsheet with full ID numbers, after a reason (logged).

    GET shows what would be exported and asks why; the POST carries the list's filters
    back in a hidden field, so the numbers never depend on a link someone could share."""
    params = QueryDict(request.POST.get("query", "")) if request.method == "POST" else request.GET
    filterset, households, title_scope = _filtered(request, params)
    form = ExportFullIdsForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and filterset.is_valid():
        try:
            content = services.roster_export_full_ids(
                households=households, user=request.user, reason=form.cleaned_data["reason"],
                filters=describe_filters(filterset, empty=_("no filter")), title_scope=title_scope)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            response = xlsx_response(content, f"households-full-id-{timezone.localdate():%Y%m%d}.xlsx")
            response["Cache-Control"] = "no-store"
            return response
    query = params.copy()
    for name in ("after", "export"):
        query.pop(name, None)
    return render(request, "households/export_full_ids.html", {
        "form": form, "count": households.count(), "filters": describe_filters(filterset, empty=_("no filter")),
        "filter_errors": filterset.errors, "query": query.urlencode()})


@login_required
@permission_required("households.view_household", raise_exception=True)
def household_id_search(request):
    """Exact search by ID number, by POST so the number never lands in a URL or a log."""
    form = IdSearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        try:
            number = crypto.validate_id_number(form.cleaned_data["id_number"])
        except ValidationError as exc:
            form.add_error("id_number", exc)
        else:
            results = list(selectors.households_with_id(user=request.user, id_hash=crypto.search_hash(number)))
    return render(request, "households/household_id_search.html", {"form": form, "results": results})


@login_required
@permission_required("households.view_idreveallog", raise_exception=True)
def reveal_log(request):
    logs = IdRevealLog.objects.select_related("user", "household", "member").order_by("-created_at")[:500]
    return render(request, "households/reveal_log.html", {"logs": logs})


@login_required
@permission_required("households.view_household", raise_exception=True)
def duplicate_ids(request):
    return render(request, "households/duplicates.html", {"groups": selectors.duplicate_id_groups(user=request.user)})


# --- Roster import ------------------------------------------------------------------------------

class RosterUploadForm(forms.Form):
    project = forms.ModelChoiceField(queryset=Project.objects.none(), label=_("Project"),
                                     widget=forms.Select(attrs={"class": "form-select"}))
    file = forms.FileField(label=_("Roster file (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.for_user(user).order_by("code")


_PENDING = "roster_imports"


@login_required
@permission_required("households.add_household", raise_exception=True)
def roster_import(request):
    """Upload → preview (a dry run listing every error by row and column) → confirm."""
    form = RosterUploadForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form}
    if request.method == "POST" and request.POST.get("confirm"):
        pending = request.session.get(_PENDING, {}).pop(request.POST["confirm"], None)
        request.session.modified = True
        if pending is None:
            messages.error(request, _("This preview has expired; upload the file again."))
            return redirect("households:import")
        project = get_object_or_404(Project.objects.for_user(request.user), pk=pending["project"])
        with default_storage.open(pending["path"], "rb") as stored:
            content = stored.read()
        default_storage.delete(pending["path"])
        result = import_roster(project=project, content=content, filename=pending["filename"], user=request.user,
                               dry_run=False)
        if not result.errors:
            messages.success(request, _("Imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
                             % result.as_dict())
            return redirect(f"{reverse('households:list')}?project={project.pk}")
        context.update(result=result, project=project, filename=pending["filename"])
    elif request.method == "POST" and form.is_valid():
        upload, project = form.cleaned_data["file"], form.cleaned_data["project"]
        content = upload.read()
        result = import_roster(project=project, content=content, filename=upload.name, user=request.user, dry_run=True)
        context.update(result=result, project=project, filename=upload.name)
        if not result.errors:
            token = uuid.uuid4().hex
            path = default_storage.save(f"imports/{token}", ContentFile(content))
            request.session.setdefault(_PENDING, {})[token] = {
                "path": path, "project": project.pk, "filename": upload.name}
            request.session.modified = True
            context["token"] = token
    return render(request, "households/roster_import.html", context)


@login_required
@permission_required("households.view_household", raise_exception=True)
def roster_template(request):
    return xlsx_response(template_workbook(), "roster-template.xlsx")
