"""Project pages. Thin: forms validate input, services change state, selectors read."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.db.models import Prefetch
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from django_filters.views import FilterView

from accounts.scoping import ScopedQuerysetMixin
from config.exceptions import Conflict
from config.filtering import describe_filters
from projects import forms, selectors, services
from projects.choices import FundingSource
from projects.exports import project_list_workbook
from projects.filtersets import ProjectFilterSet
from projects.workdays import working_day
from projects.models import (
    TARGET_FIELDS,
    AnnualPlan,
    BuildingEvidence,
    Campaign,
    Project,
    Region,
    ResettlementSite,
)
from reports.spreadsheets import xlsx_response


def form_errors_text(form, prefix: str = "") -> str:
    """A form's errors as one line for a flash message, each naming its field."""
    return prefix + "；".join(
        f"{form.fields[field].label}：{' '.join(errors)}" if field in form.fields else " ".join(errors)
        for field, errors in form.errors.items()
    )


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# --- Projects ------------------------------------------------------------------------------

class ProjectListView(LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, FilterView):
    model = Project
    permission_required = "projects.view_project"
    filterset_class = ProjectFilterSet
    paginate_by = 50
    template_name = "projects/project_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("district", "street")

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        filterset = self.filterset_class(self.request.GET, queryset=self.get_queryset(), request=self.request)
        if not filterset.is_valid():
            return redirect(self.request.path)
        summary = describe_filters(filterset, empty=_("all projects in your scope"))
        content = project_list_workbook(filterset.qs, filter_summary=summary)
        return xlsx_response(content, f"projects-{timezone.localdate():%Y%m%d}.xlsx")


class ProjectDetailView(LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, DetailView):
    model = Project
    permission_required = "projects.view_project"
    template_name = "projects/project_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("district", "street", "city_liaison")

    def get_context_data(self, **kwargs):
        project = self.object
        months, years = selectors.project_investment(project=project)
        funding = {f.source: f for f in project.funding.all()}
        return super().get_context_data(
            status_changes=project.status_changes.select_related("changed_by").order_by("-effective_on", "-id"),
            expropriation_form=forms.StatusChangeForm(project=project, track="expropriation"),
            construction_form=forms.StatusChangeForm(project=project, track="construction"),
            funding_rows=[(source, funding.get(source.value)) for source in FundingSource],
            sites=project.resettlement_sites.prefetch_related("buildings"),
            investment_months=months,
            investment_years=sorted(years.items()),
            investment_form=forms.InvestmentForm(),
            **kwargs,
        )


class ProjectFormMixin(LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin):
    model = Project
    form_class = forms.ProjectForm
    template_name = "projects/project_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class ProjectCreateView(ProjectFormMixin, CreateView):
    permission_required = "projects.add_project"

    def form_valid(self, form):
        project = services.project_create(**form.cleaned_data)
        messages.success(self.request, _("Project %(project)s created.") % {"project": project})
        return redirect("projects:detail", pk=project.pk)


class ProjectUpdateView(ProjectFormMixin, UpdateView):
    permission_required = "projects.change_project"

    def form_valid(self, form):
        project = services.project_update(project=self.object, **form.cleaned_data)
        messages.success(self.request, _("Project %(project)s saved.") % {"project": project})
        return redirect("projects:detail", pk=project.pk)


_STATUS_SERVICES = {
    "expropriation": services.project_change_expropriation_status,
    "construction": services.project_change_construction_status,
}


@require_POST
@login_required
@permission_required("projects.change_project", raise_exception=True)
def project_change_status(request, pk, track):
    project = get_object_or_404(Project.objects.for_user(request.user), pk=pk)
    if track not in _STATUS_SERVICES:
        raise Http404
    form = forms.StatusChangeForm(request.POST, project=project, track=track)
    if form.is_valid():
        try:
            _STATUS_SERVICES[track](project=project, user=request.user, **form.cleaned_data)
        except Conflict as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("Status changed."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("projects:detail", pk=project.pk)


@login_required
@permission_required("projects.change_project", raise_exception=True)
def project_funding(request, pk):
    project = get_object_or_404(Project.objects.for_user(request.user), pk=pk)
    existing = {f.source: f for f in project.funding.all()}
    initial = [
        {"source": s.value, "planned": getattr(existing.get(s.value), "planned", 0),
         "received": getattr(existing.get(s.value), "received", 0)}
        for s in FundingSource
    ]
    formset = forms.FundingFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        services.project_set_funding(project=project, rows=[f.cleaned_data for f in formset])
        messages.success(request, _("Funding saved."))
        return redirect("projects:detail", pk=project.pk)
    labels = dict(FundingSource.choices)
    rows = [(labels[f.initial["source"]], f) for f in formset]
    return render(request, "projects/project_funding.html", {"project": project, "formset": formset, "rows": rows})


@require_POST
@login_required
@permission_required("projects.change_project", raise_exception=True)
def project_record_investment(request, pk):
    project = get_object_or_404(Project.objects.for_user(request.user), pk=pk)
    form = forms.InvestmentForm(request.POST)
    if form.is_valid():
        try:
            services.investment_record(project=project, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("Investment recorded."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("projects:detail", pk=project.pk)


# --- Annual plans --------------------------------------------------------------------------

class PlanListView(LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, ListView):
    model = AnnualPlan
    permission_required = "projects.view_annualplan"
    template_name = "projects/plan_list.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("milestones")


def _plan_form_page(request, plan):
    form = forms.AnnualPlanForm(request.POST or None, instance=plan)
    initial = [{"due_date": m.due_date, "start_rate_threshold": m.start_rate_threshold}
               for m in plan.milestones.all()] if plan.pk else []
    milestones = forms.MilestoneFormSet(request.POST or None, initial=initial, prefix="milestones")
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        rows = [f.cleaned_data for f in milestones
                if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            plan = services.plan_save(
                plan=form.instance,
                milestones=[{k: v for k, v in row.items() if k != "DELETE"} for row in rows],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("projects:plan_targets", pk=plan.pk)
    return render(request, "projects/plan_form.html", {"form": form, "milestones": milestones, "plan": plan})


@login_required
@permission_required("projects.add_annualplan", raise_exception=True)
def plan_create(request):
    return _plan_form_page(request, AnnualPlan())


@login_required
@permission_required("projects.change_annualplan", raise_exception=True)
def plan_update(request, pk):
    return _plan_form_page(request, get_object_or_404(AnnualPlan.objects.for_user(request.user), pk=pk))


@login_required
@permission_required("projects.view_districttarget", raise_exception=True)
def plan_targets(request, pk):
    """The plan split across districts on one page, with running sums and differences."""
    plan = get_object_or_404(AnnualPlan.objects.for_user(request.user), pk=pk)
    split = selectors.plan_target_split(plan=plan, user=request.user)
    can_edit = request.user.has_perm("projects.change_districttarget")
    initial = [
        {"district": district.id, **{f: getattr(target, f) if target else 0 for f in TARGET_FIELDS}}
        for district, target in split.rows
    ]
    formset = forms.DistrictTargetFormSet(request.POST if can_edit and request.method == "POST" else None,
                                          initial=initial, prefix="targets")
    if can_edit and request.method == "POST" and formset.is_valid():
        targets = {f.cleaned_data["district"]: f.cleaned_data for f in formset}
        visible = set(Region.objects.districts().for_user(request.user).values_list("id", flat=True))
        if set(targets) - visible:
            raise Http404
        try:
            services.plan_set_district_targets(plan=plan, targets=targets)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("District targets saved."))
            return redirect("projects:plan_targets", pk=plan.pk)
    labels = {name: field.label for name, field in formset.empty_form.fields.items()}
    columns = [
        {"name": f, "label": labels[f], "sum": split.sums[f], "plan": split.plan_values[f],
         "difference": split.differences.get(f)}
        for f in TARGET_FIELDS
    ]
    return render(request, "projects/plan_targets.html", {
        "plan": plan, "rows": list(zip([d for d, _t in split.rows], formset)), "formset": formset,
        "can_edit": can_edit, "columns": columns, "differs": bool(split.differences),
    })


# --- Resettlement sites and buildings --------------------------------------------------------

class SiteListView(LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, ListView):
    model = ResettlementSite
    permission_required = "projects.view_resettlementsite"
    template_name = "projects/site_list.html"
    paginate_by = 50

    def get_queryset(self):
        projects = Project.objects.for_user(self.request.user)
        return super().get_queryset().select_related("district").prefetch_related(
            "buildings", Prefetch("projects", queryset=projects))


class SiteCreateView(LoginRequiredMixin, PermissionRequiredMixin, CreateView):
    model = ResettlementSite
    permission_required = "projects.add_resettlementsite"
    form_class = forms.ResettlementSiteForm
    template_name = "projects/site_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        site = services.site_create(**form.cleaned_data)
        messages.success(self.request, _("Resettlement site created."))
        return redirect("projects:site_detail", pk=site.pk)


class SiteDetailView(LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, DetailView):
    model = ResettlementSite
    permission_required = "projects.view_resettlementsite"
    template_name = "projects/site_detail.html"

    def get_context_data(self, **kwargs):
        site = self.object
        return super().get_context_data(
            buildings=site.buildings.prefetch_related("evidence"),
            projects=Project.objects.for_user(self.request.user).filter(resettlement_sites=site),
            building_form=forms.ResettlementBuildingForm(),
            milestone_form=forms.BuildingMilestoneForm(),
            **kwargs,
        )


def _writable_site(request, pk) -> ResettlementSite:
    """A site the user may change: one of their own district's. A site that only serves one
    of their projects can be read, not changed (it is another district's estate)."""
    districts = Region.objects.districts().writable_by(request.user)
    return get_object_or_404(ResettlementSite.objects.for_user(request.user).filter(district__in=districts), pk=pk)


@require_POST
@login_required
@permission_required("projects.add_resettlementbuilding", raise_exception=True)
def building_create(request, site_pk):
    site = _writable_site(request, site_pk)
    form = forms.ResettlementBuildingForm(request.POST)
    if form.is_valid():
        try:
            services.building_add(site=site, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("Building added."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("projects:site_detail", pk=site.pk)


@require_POST
@login_required
@permission_required("projects.change_resettlementbuilding", raise_exception=True)
def building_record_milestone(request, site_pk, pk):
    site = _writable_site(request, site_pk)
    building = get_object_or_404(site.buildings, pk=pk)
    form = forms.BuildingMilestoneForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.building_record_milestone(building=building, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, f"{building.name}：" + "；".join(exc.messages))
        else:
            messages.success(request, _("Milestone recorded."))
    else:
        messages.error(request, form_errors_text(form, prefix=f"{building.name}："))
    return redirect("projects:site_detail", pk=site.pk)


@login_required
@permission_required("projects.view_resettlementsite", raise_exception=True)
def evidence_download(request, site_pk, pk):
    site = get_object_or_404(ResettlementSite.objects.for_user(request.user), pk=site_pk)
    evidence = get_object_or_404(BuildingEvidence.objects.filter(building__site=site), pk=pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


# --- Daily resumption status ----------------------------------------------------------------

def _day_from(request, data=None) -> date:
    """The day asked for (today when none or an unreadable one), never after today."""
    form = forms.DailyStatusDateForm(request.GET if data is None else data)
    today = timezone.localdate()
    if form.is_valid() and form.cleaned_data["date"]:
        return min(form.cleaned_data["date"], today)
    return today


_PREFILL = ("status", "workers_on_site", "machinery_on_site", "reason", "expected_resumption_on")


@login_required
@permission_required("projects.add_dailystatus", raise_exception=True)
def daily_status_file(request):
    """All of the user's projects under construction for one day, saved in one submit."""
    day = _day_from(request, request.POST if request.method == "POST" else request.GET)
    rows = selectors.daily_status_sheet(user=request.user, day=day)
    initial = []
    for row in rows:
        source = row.current or row.previous
        values = {f: getattr(source, f) for f in _PREFILL} if source else {"status": "working"}
        if row.project.state_on_day == "suspended":
            values.setdefault("reason", row.project.suspension_reason)
            values["status"] = "suspended"
        initial.append({"project": row.project.id, **values})
    formset = forms.DailyStatusFormSet(request.POST or None, initial=initial, prefix="status")
    row_errors = {}
    if request.method == "POST" and formset.is_valid():
        by_id = {row.project.id: row.project for row in rows}
        submitted = [f.cleaned_data for f in formset]
        if any(item["project"] not in by_id for item in submitted):
            raise Http404
        try:
            services.daily_status_submit(
                day=day, reporter=request.user,
                rows=[{**item, "project": by_id[item["project"]]} for item in submitted],
            )
        except services.DailyStatusErrors as exc:
            row_errors = exc.row_errors
            messages.error(request, _("Nothing was saved: correct the rows marked below."))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("Daily status of %(count)d projects saved for %(day)s.")
                             % {"count": len(submitted), "day": day})
            return redirect(f"{request.path}?date={day.isoformat()}")
    return render(request, "projects/daily_status_file.html", {
        "day": day, "today": timezone.localdate(), "working_day": working_day(day),
        "formset": formset,
        "rows": [(row, form, row_errors.get(index, {})) for index, (row, form) in enumerate(zip(rows, formset))],
    })


@login_required
@permission_required("projects.view_dailystatus", raise_exception=True)
def daily_status_overview(request):
    day = _day_from(request)
    return render(request, "projects/daily_status_overview.html", {
        "day": day, "today": timezone.localdate(),
        "overview": selectors.daily_reporting_overview(user=request.user, day=day),
    })


# --- Campaigns ------------------------------------------------------------------------------

class CampaignListView(LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, ListView):
    model = Campaign
    permission_required = "projects.view_campaign"
    template_name = "projects/campaign_list.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("targets__district")

    def get_context_data(self, **kwargs):
        from households.selectors import campaign_progress

        context = super().get_context_data(**kwargs)
        done = campaign_progress(context["object_list"])
        visible = set(Region.objects.districts().for_user(self.request.user).values_list("id", flat=True))
        context["rows"] = [
            (campaign, [(t, done.get((campaign.id, t.district_id), 0)) for t in campaign.targets.all()
                        if t.district_id in visible])
            for campaign in context["object_list"]
        ]
        return context


def _campaign_form_page(request, campaign):
    form = forms.CampaignForm(request.POST or None, instance=campaign)
    districts = list(Region.objects.districts().for_user(request.user).order_by("code"))
    existing = {t.district_id: t.households for t in campaign.targets.all()} if campaign.pk else {}
    targets = forms.CampaignTargetFormSet(
        request.POST or None, prefix="targets",
        initial=[{"district": d.id, "households": existing.get(d.id, 0)} for d in districts],
    )
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        if {f.cleaned_data["district"] for f in targets} - {d.id for d in districts}:
            raise Http404
        services.campaign_save(campaign=form.instance, targets={
            f.cleaned_data["district"]: f.cleaned_data["households"] for f in targets
        })
        messages.success(request, _("Campaign saved."))
        return redirect("projects:campaign_list")
    return render(request, "projects/campaign_form.html", {
        "form": form, "rows": list(zip(districts, targets)), "targets": targets, "campaign": campaign,
    })


@login_required
@permission_required("projects.add_campaign", raise_exception=True)
def campaign_create(request):
    return _campaign_form_page(request, Campaign())


@login_required
@permission_required("projects.change_campaign", raise_exception=True)
def campaign_update(request, pk):
    return _campaign_form_page(request, get_object_or_404(Campaign.objects.for_user(request.user), pk=pk))
