"""Annual plans, their milestones and their split across districts."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import ListView

from core.forms import VersionForm
from core.models import Region
from core.views import ScopedQuerysetMixin, call_service
from projects import forms, selectors, services
from projects.models import TARGET_FIELDS, AnnualPlan


class PlanListView(LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, ListView):
    model = AnnualPlan
    permission_required = "projects.view_annualplan"
    template_name = "projects/plan_list.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("milestones")


def _plan_form_page(request, plan):
    form = forms.AnnualPlanForm(request.POST or None, instance=plan)
    initial = (
        [
            {"due_date": m.due_date, "start_rate_threshold": m.start_rate_threshold}
            for m in plan.milestones.all()
        ]
        if plan.pk
        else []
    )
    milestones = forms.MilestoneFormSet(request.POST or None, initial=initial, prefix="milestones")
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        rows = [
            {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
            for f in milestones
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        outcome = call_service(
            request,
            services.plan_save,
            success=_("Plan saved."),
            form=form,
            plan=form.instance,
            milestones=rows,
            expected_version=form.cleaned_data["version"],
        )
        if outcome:
            return redirect("projects:plan_targets", pk=outcome.value.pk)
    return render(
        request, "projects/plan_form.html", {"form": form, "milestones": milestones, "plan": plan}
    )


@login_required
@permission_required("projects.add_annualplan", raise_exception=True)
def plan_create(request):
    return _plan_form_page(request, AnnualPlan())


@login_required
@permission_required("projects.change_annualplan", raise_exception=True)
def plan_update(request, pk):
    return _plan_form_page(
        request, get_object_or_404(AnnualPlan.objects.for_user(request.user), pk=pk)
    )


@login_required
@permission_required("projects.view_districttarget", raise_exception=True)
def plan_targets(request, pk):
    """The plan split across districts on one page, with running sums and differences."""
    plan = get_object_or_404(AnnualPlan.objects.for_user(request.user), pk=pk)
    split = selectors.plan_target_split(plan=plan, user=request.user)
    can_edit = request.user.has_perm("projects.change_districttarget")
    if request.method == "POST" and not can_edit:
        raise PermissionDenied  # read here, as every other write page refuses a reader
    initial = [
        {"district": district.id, **{f: getattr(target, f) if target else 0 for f in TARGET_FIELDS}}
        for district, target in split.rows
    ]
    formset = forms.DistrictTargetFormSet(
        request.POST if request.method == "POST" else None,
        initial=initial,
        prefix="targets",
    )
    version = VersionForm(
        request.POST if request.method == "POST" else None,
        initial={"version": plan.version},
    )
    if request.method == "POST" and formset.is_valid() and version.is_valid():
        targets = {f.cleaned_data["district"]: f.cleaned_data for f in formset}
        visible = set(
            Region.objects.districts().for_user(request.user).values_list("id", flat=True)
        )
        if set(targets) - visible:
            raise Http404
        if call_service(
            request,
            services.plan_set_district_targets,
            success=_("District targets saved."),
            plan=plan,
            targets=targets,
            expected_version=version.cleaned_data["version"],
        ):
            return redirect("projects:plan_targets", pk=plan.pk)
    labels = {name: field.label for name, field in formset.empty_form.fields.items()}
    columns = [
        {
            "name": f,
            "label": labels[f],
            "sum": split.sums[f],
            "plan": split.plan_values[f],
            # Decimal places the running sum is written with, as the server writes it.
            "places": -split.plan_values[f].as_tuple().exponent
            if isinstance(split.plan_values[f], Decimal)
            else 0,
            "difference": split.differences.get(f),
        }
        for f in TARGET_FIELDS
    ]
    return render(
        request,
        "projects/plan_targets.html",
        {
            "plan": plan,
            "rows": list(zip([d for d, _t in split.rows], formset, strict=True)),
            "formset": formset,
            "can_edit": can_edit,
            "columns": columns,
            "differs": bool(split.differences),
            "refused": request.method == "POST",  # a save that worked has redirected
            "version": version,
        },
    )
