"""签约攻坚: a project's (or a district's) signing against its threshold, with its teams
and responsible officials ranked; the teams and the assignment of households."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compensation import forms, selectors, services
from compensation.models import Assignment, WorkTeam
from core.models import Region
from core.views import refill, submit_form
from households.models import Household
from projects.models import Project


def _chart(campaign) -> dict:
    return {
        "days": [day.isoformat() for day, _n in campaign.per_day],
        "signed": [n for _day, n in campaign.per_day],
        "series": _("Agreements signed"),
    }


@login_required
@permission_required("compensation.view_agreement", raise_exception=True)
def project_campaign(request, project_pk):
    project = get_object_or_404(Project.objects.for_user(request.user), pk=project_pk)
    campaign = selectors.signing_campaign(projects=[project])
    assigned = dict(
        Assignment.objects.filter(household__project=project).values_list(
            "household_id", "official"
        )
    )
    # The assignment as it was refused: its team, official and ticked households kept.
    assign = refill(request, forms.AssignForm(project=project))
    return render(
        request,
        "compensation/campaign.html",
        {
            "project": project,
            "campaign": campaign,
            "chart": _chart(campaign),
            "teams": WorkTeam.objects.filter(project=project),
            "team_form": refill(request, forms.WorkTeamForm()),
            "assign": assign.data if assign.is_bound else {},
            "assign_ticked": set(assign.data.getlist("households")) if assign.is_bound else (),
            "households": [
                (h, assigned.get(h.pk))
                for h in Household.objects.filter(project=project).order_by("code")
            ],
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required("compensation.view_agreement", raise_exception=True)
def district_campaign(request, district_pk):
    district = get_object_or_404(Region.objects.districts().for_user(request.user), pk=district_pk)
    projects = list(
        Project.objects.for_user(request.user)
        .filter(district=district, signing_threshold__isnull=False)
        .order_by("code")
    )
    each, whole = selectors.signing_campaigns(projects=projects)
    return render(
        request,
        "compensation/district_campaign.html",
        {
            "district": district,
            "campaign": whole,
            "rows": [(p, each[p.pk]) for p in projects],
            "chart": _chart(whole),
            "today": timezone.localdate(),
        },
    )


@require_POST
@login_required
@permission_required("compensation.add_workteam", raise_exception=True)
def team_add(request, project_pk):
    project = get_object_or_404(Project.objects.for_user(request.user), pk=project_pk)
    submit_form(
        request,
        forms.WorkTeamForm(request.POST),
        lambda name, leader: services.work_team_save(project=project, name=name, leader=leader),
        success=_("Work team added."),
    )
    return redirect("compensation:campaign", project_pk=project.pk)


@require_POST
@login_required
@permission_required("compensation.add_assignment", raise_exception=True)
def households_assign(request, project_pk):
    project = get_object_or_404(Project.objects.for_user(request.user), pk=project_pk)
    outcome = submit_form(
        request,
        forms.AssignForm(request.POST, project=project),
        lambda households, team, official: services.households_assign(
            households=households, team=team, official=official
        ),
        success=None,
    )
    if outcome:
        messages.success(
            request,
            _("%(count)d households assigned.") % {"count": outcome.value},
        )
    return redirect("compensation:campaign", project_pk=project.pk)
