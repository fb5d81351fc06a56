"""A resettlement site's units (安置房源): the grid by building and floor, a unit added by
hand, and the developer's list imported (checked row by row, nothing written unless all is
valid)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compensation import forms, selectors, services
from compensation.importers import UNIT_COLUMNS, import_units
from core.views import refill, submit_form
from projects.models import ResettlementSite


def _page(request, site, **extra):
    buildings, statuses = selectors.site_units(site)
    writable = ResettlementSite.objects.writable_by(request.user).filter(pk=site.pk).exists()
    return render(
        request,
        "compensation/units.html",
        {
            "site": site,
            "buildings": buildings,
            "statuses": selectors.unit_status_counts(statuses),
            "writable": writable,
            "unit_form": refill(request, forms.UnitForm(site=site, prefix="unit")),
            "import_form": forms.UnitImportForm(),
            "headers": [texts[0] for texts in UNIT_COLUMNS.values()],
            **extra,
        },
    )


@login_required
@permission_required("compensation.view_resettlementunit", raise_exception=True)
def site_units(request, site_pk):
    site = get_object_or_404(ResettlementSite.objects.for_user(request.user), pk=site_pk)
    return _page(request, site)


@require_POST
@login_required
@permission_required("compensation.add_resettlementunit", raise_exception=True)
def unit_add(request, site_pk):
    site = get_object_or_404(ResettlementSite.objects.writable_by(request.user), pk=site_pk)
    submit_form(
        request,
        forms.UnitForm(request.POST, site=site, prefix="unit"),
        services.unit_add,
        success=_("Unit added."),
    )
    return redirect("compensation:units", site_pk=site.pk)


@require_POST
@login_required
@permission_required("compensation.add_resettlementunit", raise_exception=True)
def units_import(request, site_pk):
    site = get_object_or_404(ResettlementSite.objects.writable_by(request.user), pk=site_pk)
    form = forms.UnitImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, site, import_form=form)
    upload = form.cleaned_data["file"]
    result = import_units(
        site=site,
        content=upload.read(),
        filename=upload.name,
        user=request.user,
        dry_run=form.cleaned_data["dry_run"],
    )
    if not result.errors and not form.cleaned_data["dry_run"]:
        messages.success(
            request,
            _("%(created)d units added and %(updated)d updated.")
            % {"created": result.created, "updated": result.updated},
        )
        return redirect("compensation:units", site_pk=site.pk)
    return _page(request, site, import_form=form, result=result, filename=upload.name)
