"""Campaigns (攻坚行动): their district targets and the households demolished towards them.

The campaign is a projects record; its progress counts household events, so its pages live
in this app, which sees both.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import ListView

from core.models import Region
from core.views import ScopedQuerysetMixin, call_service
from households import forms
from households.selectors import campaign_progress
from projects.models import Campaign
from projects.services import campaign_save


class CampaignListView(LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, ListView):
    model = Campaign
    permission_required = "projects.view_campaign"
    template_name = "households/campaigns/campaign_list.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("targets__district")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        done = campaign_progress(context["object_list"])
        visible = set(
            Region.objects.districts().for_user(self.request.user).values_list("id", flat=True)
        )
        context["rows"] = [
            (
                campaign,
                [
                    (t, done.get((campaign.id, t.district_id), 0))
                    for t in campaign.targets.all()
                    if t.district_id in visible
                ],
            )
            for campaign in context["object_list"]
        ]
        return context


def _campaign_form_page(request, campaign):
    form = forms.CampaignForm(request.POST or None, instance=campaign)
    districts = list(Region.objects.districts().for_user(request.user).order_by("code"))
    existing = {t.district_id: t.households for t in campaign.targets.all()} if campaign.pk else {}
    targets = forms.CampaignTargetFormSet(
        request.POST or None,
        prefix="targets",
        initial=[{"district": d.id, "households": existing.get(d.id, 0)} for d in districts],
    )
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        if {f.cleaned_data["district"] for f in targets} - {d.id for d in districts}:
            raise Http404
        if call_service(
            request,
            campaign_save,
            success=_("Campaign saved."),
            form=form,
            campaign=form.instance,
            targets={f.cleaned_data["district"]: f.cleaned_data["households"] for f in targets},
            expected_version=form.cleaned_data["version"],
        ):
            return redirect("campaigns:list")
    return render(
        request,
        "households/campaigns/campaign_form.html",
        {
            "form": form,
            "rows": list(zip(districts, targets, strict=True)),
            "targets": targets,
            "campaign": campaign,
        },
    )


@login_required
@permission_required("projects.add_campaign", raise_exception=True)
def campaign_create(request):
    return _campaign_form_page(request, Campaign())


@login_required
@permission_required("projects.change_campaign", raise_exception=True)
def campaign_update(request, pk):
    return _campaign_form_page(
        request, get_object_or_404(Campaign.objects.for_user(request.user), pk=pk)
    )
