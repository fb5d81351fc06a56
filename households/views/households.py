"""The roster: list (filters, counts per stage, keyset pages, export), detail, create and
edit, members, and progress for one household or a batch."""

from math import ceil

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.filtering import export_refused, selected_except
from core.views import call_service, refill, submit_form
from households import selectors, services
from households.filtersets import roster_selection
from households.forms import HouseholdForm, MemberForm, ProgressForm, RevealForm
from households.models import Household
from households.views.exports import roster_export
from projects.models import Project


def scoped(request):
    return Household.objects.for_user(request.user)


def _first_page(request):
    """The list from its first page, saying so: it pages on from one page to the next."""
    messages.info(request, _("That page no longer exists; here is the first page."))
    params = request.GET.copy()
    params.pop("after", None)
    params.pop("page", None)
    return redirect(f"{request.path}?{params.urlencode()}" if params else request.path)


@login_required
@permission_required("households.view_household", raise_exception=True)
def household_list(request):
    filterset, households, title_scope = roster_selection(request.GET, user=request.user)
    if request.GET.get("export") == "xlsx" and not export_refused(request, filterset):
        return roster_export(request, households, title_scope)
    try:
        after = int(request.GET.get("after") or 0) or None
        number = max(int(request.GET.get("page") or 1), 1) if after else 1
    except ValueError:
        after, number = None, 1
    if not after and request.GET.get("page") not in (None, "", "1"):
        return _first_page(request)  # a page number with no place to go on from
    page, next_after = selectors.roster_page(households, after=after)
    if after and not page:  # past the last household: the list may have shrunk meanwhile
        return _first_page(request)
    counts = selectors.stage_counts(selected_except(filterset, "stage"))
    total = sum(c for _s, _l, c in counts)
    stage = filterset.form.cleaned_data.get("stage") if filterset.is_valid() else None
    listed = next((c for s, _l, c in counts if s == stage), 0) if stage else total
    page_count = max(ceil(listed / selectors.PAGE_SIZE), 1)
    # The batch form as it was refused, with the households it had ticked.
    batch = refill(request, ProgressForm())
    return render(
        request,
        "households/household_list.html",
        {
            "filter": filterset,
            "households": page,
            "stage_counts": counts,
            "total": total,
            "page_number": min(number, page_count),
            "page_count": page_count,
            "next_after": next_after,
            "after": after,
            "stages_offered": services.stages_offered(request.user),
            "batch": batch.data if batch.is_bound else {},
            "batch_ticked": set(batch.data.getlist("households")) if batch.is_bound else (),
            "query": request.GET.urlencode(),
        },
    )


def _record_progress(request, households, form, *, prefix=""):
    """Move households to the form's stage through the one progress service, and say what
    happened: how many moved, and that nothing changed for those already there."""
    outcome = submit_form(
        request,
        form,
        lambda stage, date, note: services.household_record_progress(
            households=households,
            to_stage=stage,
            effective_on=date,
            user=request.user,
            note=note,
            can_revert=request.user.has_perm("households.revert_progress"),
        ),
        success=None,
        prefix=prefix,
    )
    if outcome:
        stage = dict(form.fields["stage"].choices)[form.cleaned_data["stage"]]
        moved, unchanged = len(outcome.value.moved), len(outcome.value.unchanged)
        if moved and len(households) == 1:  # a household's own page
            messages.success(request, _("Progress recorded: “%(stage)s”.") % {"stage": stage})
        elif moved:
            messages.success(
                request,
                _("%(moved)d households moved to “%(stage)s”; %(unchanged)d were already there.")
                % {"moved": moved, "unchanged": unchanged, "stage": stage},
            )
        else:
            messages.info(request, _("Nothing changed: already at “%(stage)s”.") % {"stage": stage})
    return outcome


@require_POST
@login_required
@permission_required("households.change_household", raise_exception=True)
def household_batch_progress(request):
    """Move the selected households to a stage in one submit (all or nothing)."""
    back = f"/households/?{request.POST.get('query', '')}"
    try:
        ids = {int(value) for value in request.POST.getlist("households")}
    except ValueError:
        raise Http404 from None
    if not ids:
        messages.error(request, _("Select at least one household."))
        return redirect(back)
    households = list(scoped(request).filter(pk__in=ids))
    if len(households) != len(ids):
        raise Http404
    _record_progress(
        request, households, ProgressForm(request.POST), prefix=_("Nothing was saved:") + " "
    )
    return redirect(back)


@login_required
@permission_required("households.view_household", raise_exception=True)
def household_detail(request, pk):
    household = get_object_or_404(scoped(request).select_related("project", "district"), pk=pk)
    next_stage, next_automatic = services.next_step(household.stage)
    offered = services.stages_offered(request.user, household.stage, household=household)
    if next_stage not in dict(offered):
        next_stage = None
    progress = refill(request, ProgressForm())  # as it was refused, if it was
    return render(
        request,
        "households/household_detail.html",
        {
            "household": household,
            "members": household.members.all(),
            "events": household.progress_events.select_related("recorded_by").order_by(
                "-effective_on", "-id"
            ),
            "progress": progress.data if progress.is_bound else {},
            "stages_offered": offered,
            "next_stage": progress.data.get("stage") if progress.is_bound else next_stage,
            "next_automatic": next_automatic,
            "member_form": refill(request, MemberForm()),
            "reveal_form": RevealForm(),
            "can_reveal": request.user.has_perm("households.reveal_id_number"),
        },
    )


@require_POST
@login_required
@permission_required("households.change_household", raise_exception=True)
def household_progress(request, pk):
    household = get_object_or_404(scoped(request), pk=pk)
    _record_progress(request, [household], ProgressForm(request.POST))
    return redirect("households:detail", pk=household.pk)


def _household_form_page(request, household):
    code = household.code  # the household's own, not one typed in a refused edit
    form = HouseholdForm(request.POST or None, instance=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        id_number = data.pop("id_number", "")
        version = data.pop("version", None)
        if household.pk:
            data.pop("project", None)
            outcome = call_service(
                request,
                services.household_update,
                form=form,
                household=household,
                expected_version=version,
                id_number=id_number,
                **data,
            )
        else:
            outcome = call_service(
                request, services.household_create, form=form, id_number=id_number, **data
            )
        if outcome:
            messages.success(
                request, _("Household %(household)s saved.") % {"household": outcome.value}
            )
            return redirect("households:detail", pk=outcome.value.pk)
    return render(
        request,
        "households/household_form.html",
        {"form": form, "household": household, "code": code},
    )


@login_required
@permission_required("households.add_household", raise_exception=True)
def household_create(request):
    return _household_form_page(request, Household())


@login_required
@permission_required("households.change_household", raise_exception=True)
def household_update(request, pk):
    return _household_form_page(request, get_object_or_404(scoped(request), pk=pk))


@require_POST
@login_required
@permission_required("households.change_household", raise_exception=True)
def member_add(request, pk):
    household = get_object_or_404(scoped(request), pk=pk)
    added = submit_form(
        request,
        MemberForm(request.POST),
        services.member_add,
        success=_("Member added."),
        household=household,
    )
    for warning in services.member_id_warnings(added.value, user=request.user) if added else ():
        messages.warning(request, warning)
    return redirect("households:detail", pk=household.pk)


@login_required
@permission_required("households.view_household", raise_exception=True)
def project_progress(request, project_pk):
    """A project's households at each stage, for its project page (loaded into it)."""
    project = get_object_or_404(Project.objects.for_user(request.user), pk=project_pk)
    return render(
        request,
        "households/_project_progress.html",
        {
            "project": project,
            "summary": selectors.progress_summary(scoped(request).filter(project=project)),
        },
    )
