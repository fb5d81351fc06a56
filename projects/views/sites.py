"""Resettlement sites, their buildings, milestones and evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView

from core.views import AnyPageNumberMixin, ScopedQuerysetMixin, call_service, refill, submit_form
from projects import forms, services
from projects.choices import BuildingMilestone
from projects.models import BuildingEvidence, Project, ResettlementSite


class SiteListView(
    LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, AnyPageNumberMixin, ListView
):
    model = ResettlementSite
    permission_required = "projects.view_resettlementsite"
    template_name = "projects/site_list.html"
    paginate_by = 50

    def get_queryset(self):
        projects = Project.objects.for_user(self.request.user)
        return (
            super()
            .get_queryset()
            .select_related("district")
            .prefetch_related("buildings", Prefetch("projects", queryset=projects))
        )


class SiteCreateView(LoginRequiredMixin, PermissionRequiredMixin, CreateView):
    model = ResettlementSite
    permission_required = "projects.add_resettlementsite"
    form_class = forms.ResettlementSiteForm
    template_name = "projects/site_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        outcome = call_service(
            self.request,
            services.site_create,
            success=_("Resettlement site created."),
            form=form,
            user=self.request.user,
            **form.cleaned_data,
        )
        if not outcome:
            return self.form_invalid(form)
        return redirect("projects:site_detail", pk=outcome.value.pk)


class SiteDetailView(LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, DetailView):
    model = ResettlementSite
    permission_required = "projects.view_resettlementsite"
    template_name = "projects/site_detail.html"

    def get_context_data(self, **kwargs):
        site = self.object
        buildings = site.buildings.prefetch_related("evidence")
        return super().get_context_data(
            buildings=[
                (building, refill(self.request, forms.BuildingMilestoneForm.for_building(building)))
                for building in buildings
            ],
            projects=Project.objects.for_user(self.request.user).filter(resettlement_sites=site),
            building_form=refill(self.request, forms.ResettlementBuildingForm()),
            **kwargs,
        )


def _writable_site(request, pk) -> ResettlementSite:
    return get_object_or_404(ResettlementSite.objects.writable_by(request.user), pk=pk)


@require_POST
@login_required
@permission_required("projects.add_resettlementbuilding", raise_exception=True)
def building_create(request, site_pk):
    site = _writable_site(request, site_pk)
    submit_form(
        request,
        forms.ResettlementBuildingForm(request.POST),
        services.building_add,
        success=_("Building added."),
        site=site,
    )
    return redirect("projects:site_detail", pk=site.pk)


@require_POST
@login_required
@permission_required("projects.change_resettlementbuilding", raise_exception=True)
def building_record_milestone(request, site_pk, pk):
    site = _writable_site(request, site_pk)
    building = get_object_or_404(site.buildings, pk=pk)
    form = forms.BuildingMilestoneForm.for_building(building, request.POST, request.FILES)
    outcome = submit_form(
        request,
        form,
        services.building_record_milestone,
        success=None,
        prefix=f"{building.name}：",
        building=building,
        user=request.user,
    )
    if outcome:
        reached_on = form.cleaned_data["reached_on"]
        said = {
            "building": building.name,
            "milestone": BuildingMilestone(form.cleaned_data["milestone"]).label,
            "old": f"{outcome.value:%Y-%m-%d}" if outcome.value else "",
            "new": f"{reached_on:%Y-%m-%d}",
        }
        if outcome.value is None or (outcome.value == reached_on and request.FILES):
            messages.success(request, _("Milestone recorded."))
        elif outcome.value == reached_on:
            messages.info(
                request,
                _("%(building)s: “%(milestone)s” already stood at %(new)s: nothing changed.")
                % said,
            )
        else:  # a milestone has one day: a second one replaces the first
            messages.success(
                request,
                _("%(building)s: “%(milestone)s” corrected from %(old)s to %(new)s.") % said,
            )
    return redirect("projects:site_detail", pk=site.pk)


@login_required
@permission_required("projects.view_resettlementsite", raise_exception=True)
def evidence_download(request, site_pk, pk):
    site = get_object_or_404(ResettlementSite.objects.for_user(request.user), pk=site_pk)
    evidence = get_object_or_404(BuildingEvidence.objects.filter(building__site=site), pk=pk)
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name
    )
