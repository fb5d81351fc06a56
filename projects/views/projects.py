"""Projects: list, export, detail, create and edit, status changes, funding, investment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from core.filtering import describe_filters, export_refused
from core.forms import VersionForm
from core.spreadsheets import xlsx_response
from core.views import AnyPageNumberMixin, ScopedQuerysetMixin, call_service, refill, submit_form
from projects import forms, selectors, services
from projects.choices import FundingSource
from projects.exports import project_list_workbook
from projects.filtersets import ProjectFilterSet
from projects.models import Project, ProjectStatusChange


class ProjectListView(
    LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, AnyPageNumberMixin, FilterView
):
    model = Project
    permission_required = "projects.view_project"
    filterset_class = ProjectFilterSet
    paginate_by = 50
    template_name = "projects/project_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("district", "street")

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            filterset = self.filterset_class(
                self.request.GET, queryset=self.get_queryset(), request=self.request
            )
            if not export_refused(request, filterset):
                return self.export(filterset)
        return super().get(request, *args, **kwargs)

    def export(self, filterset):
        summary = describe_filters(filterset, empty=_("all projects in your scope"))
        content = project_list_workbook(filterset.qs, filter_summary=summary)
        return xlsx_response(
            content, _("projects-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"}
        )


class ProjectDetailView(
    LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, DetailView
):
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
            status_changes=project.status_changes.select_related("changed_by").order_by(
                "-effective_on", "-id"
            ),
            expropriation_form=refill(
                self.request,
                forms.StatusChangeForm(
                    project=project, track=ProjectStatusChange.Track.EXPROPRIATION
                ),
            ),
            construction_form=refill(
                self.request,
                forms.StatusChangeForm(
                    project=project, track=ProjectStatusChange.Track.CONSTRUCTION
                ),
            ),
            funding_rows=[(source, funding.get(source.value)) for source in FundingSource],
            sites=project.resettlement_sites.prefetch_related("buildings"),
            investment_months=months,
            investment_years=sorted(years.items()),
            investment_form=refill(self.request, forms.InvestmentForm()),
            daily_statuses=selectors.project_daily_statuses(project=project, limit=7),
            **kwargs,
        )


class ProjectDailyStatusListView(
    LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, DetailView
):
    """Every daily status a project has filed, latest first, a page at a time."""

    model = Project
    permission_required = "projects.view_dailystatus"
    template_name = "projects/project_daily_statuses.html"

    def get_context_data(self, **kwargs):
        paginator = Paginator(selectors.project_daily_statuses(project=self.object), 50)
        page = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            statuses=page,
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
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
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        outcome = call_service(
            self.request, services.project_create, form=form, user=self.request.user, **data
        )
        if not outcome:
            return self.form_invalid(form)
        messages.success(
            self.request, _("Project %(project)s created.") % {"project": outcome.value}
        )
        return redirect("projects:detail", pk=outcome.value.pk)


class ProjectUpdateView(ProjectFormMixin, UpdateView):
    permission_required = "projects.change_project"

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        outcome = call_service(
            self.request,
            services.project_update,
            form=form,
            project=self.object,
            expected_version=data.pop("version"),
            user=self.request.user,
            **data,
        )
        if not outcome:
            return self.form_invalid(form)
        messages.success(self.request, _("Project %(project)s saved.") % {"project": outcome.value})
        return redirect("projects:detail", pk=outcome.value.pk)


_STATUS_SERVICES = {
    ProjectStatusChange.Track.EXPROPRIATION: services.project_change_expropriation_status,
    ProjectStatusChange.Track.CONSTRUCTION: services.project_change_construction_status,
}


@require_POST
@login_required
@permission_required("projects.change_project", raise_exception=True)
def project_change_status(request, pk, track):
    project = get_object_or_404(Project.objects.for_user(request.user), pk=pk)
    if track not in _STATUS_SERVICES:
        raise Http404
    form = forms.StatusChangeForm(request.POST, project=project, track=track)
    submit_form(
        request,
        form,
        _STATUS_SERVICES[track],
        success=_("Status changed."),
        project=project,
        user=request.user,
    )
    return redirect("projects:detail", pk=project.pk)


@login_required
@permission_required("projects.change_project", raise_exception=True)
def project_funding(request, pk):
    project = get_object_or_404(Project.objects.for_user(request.user), pk=pk)
    existing = {f.source: f for f in project.funding.all()}
    initial = [
        {
            "source": s.value,
            "planned": getattr(existing.get(s.value), "planned", 0),
            "received": getattr(existing.get(s.value), "received", 0),
        }
        for s in FundingSource
    ]
    formset = forms.FundingFormSet(request.POST or None, initial=initial)
    version = VersionForm(request.POST or None, initial={"version": project.version})
    if (
        request.method == "POST"
        and formset.is_valid()
        and version.is_valid()
        and call_service(
            request,
            services.project_set_funding,
            success=_("Funding saved."),
            project=project,
            expected_version=version.cleaned_data["version"],
            rows=[f.cleaned_data for f in formset],
        )
    ):
        return redirect("projects:detail", pk=project.pk)
    labels = dict(FundingSource.choices)
    rows = [(labels[f.initial["source"]], f) for f in formset]
    return render(
        request,
        "projects/project_funding.html",
        {"project": project, "formset": formset, "rows": rows, "version": version},
    )


@require_POST
@login_required
@permission_required("projects.change_project", raise_exception=True)
def project_record_investment(request, pk):
    project = get_object_or_404(Project.objects.for_user(request.user), pk=pk)
    form = forms.InvestmentForm(request.POST)
    outcome = submit_form(
        request, form, services.investment_record, success=None, project=project, user=request.user
    )
    if outcome:
        _say_investment_recorded(request, form.cleaned_data, replaced=outcome.value)
    return redirect("projects:detail", pk=project.pk)


def _say_investment_recorded(request, data: dict, *, replaced) -> None:
    """Recorded, or what a month's earlier figure was corrected from (a month is recorded
    once: a second entry replaces the first)."""
    figures = {
        "month": f"{data['month']:%Y-%m}",
        "old": f"{replaced:.2f}" if replaced is not None else "",
        "new": f"{data['amount'] + 0:.2f}",  # + 0: a typed "-0" is the 0.00 stored
    }
    if replaced is None:
        messages.success(request, _("Investment recorded."))
    elif replaced == data["amount"]:
        messages.info(
            request,
            _("%(month)s already had %(new)s (10k yuan) recorded: nothing changed.") % figures,
        )
    else:
        messages.success(
            request,
            _("Investment of %(month)s corrected from %(old)s to %(new)s (10k yuan).") % figures,
        )
