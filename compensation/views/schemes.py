"""A project's compensation: its scheme versions, each scheme's items, approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compensation import forms, selectors, services
from compensation.choices import SchemeStatus
from compensation.models import CompensationScheme, SchemeItem
from core.views import call_service, submit_form
from projects.models import Project


def _project(request, pk):
    return get_object_or_404(Project.objects.for_user(request.user), pk=pk)


def _scheme(request, pk):
    return get_object_or_404(
        CompensationScheme.objects.for_user(request.user).select_related("project"), pk=pk
    )


@login_required
@permission_required("compensation.view_compensationscheme", raise_exception=True)
def project_compensation(request, project_pk):
    """The project's schemes (versions), and where its signing stands."""
    project = _project(request, project_pk)
    return render(
        request,
        "compensation/project.html",
        {
            "project": project,
            "schemes": CompensationScheme.objects.filter(project=project)
            .select_related("approved_by")
            .order_by("-version"),
            "current": selectors.current_scheme(project),
            "campaign": selectors.signing_campaign(projects=[project]),
            "return_state": selectors.project_return(project),
        },
    )


@require_POST
@login_required
@permission_required("compensation.add_compensationscheme", raise_exception=True)
def scheme_new(request, project_pk):
    project = _project(request, project_pk)
    outcome = call_service(request, services.scheme_new_version, project=project, user=request.user)
    if outcome:
        messages.success(
            request,
            _("A new draft version was made from the latest one.")
            if outcome.value.version > 1
            else _("The project's first scheme was made: add its items."),
        )
        return redirect("compensation:scheme", pk=outcome.value.pk)
    return redirect("compensation:project", project_pk=project.pk)


@login_required
@permission_required("compensation.view_compensationscheme", raise_exception=True)
def scheme_detail(request, pk):
    scheme = _scheme(request, pk)
    editable = scheme.status == SchemeStatus.DRAFT and request.user.has_perm(
        "compensation.change_compensationscheme"
    )
    form = forms.SchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST" and editable:
        outcome = submit_form(
            request,
            form,
            lambda edits, **fields: services.scheme_update(
                scheme=scheme, expected_edits=edits, **fields
            ),
            success=_("Scheme saved."),
        )
        if outcome:
            return redirect("compensation:scheme", pk=scheme.pk)
    return render(
        request,
        "compensation/scheme.html",
        {
            "scheme": scheme,
            "items": selectors.scheme_items(scheme),
            "form": form,
            "item_form": forms.SchemeItemForm(initial={"order": scheme.items.count() + 1}),
            "editable": editable,
        },
    )


@login_required
@permission_required("compensation.change_compensationscheme", raise_exception=True)
def scheme_item(request, pk, item_pk=None):
    """Add an item to a draft, or change one."""
    scheme = _scheme(request, pk)
    item = get_object_or_404(SchemeItem, scheme=scheme, pk=item_pk) if item_pk else None
    form = forms.SchemeItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request,
            services.scheme_item_save,
            form=form,
            success=_("Item saved."),
            scheme=scheme,
            item=form.save(commit=False),
            expected_version=form.cleaned_data["version"],
        )
        if outcome:
            return redirect("compensation:scheme", pk=scheme.pk)
    return render(
        request, "compensation/scheme_item.html", {"scheme": scheme, "item": item, "form": form}
    )


@require_POST
@login_required
@permission_required("compensation.change_compensationscheme", raise_exception=True)
def scheme_item_delete(request, pk, item_pk):
    scheme = _scheme(request, pk)
    item = get_object_or_404(SchemeItem, scheme=scheme, pk=item_pk)
    call_service(request, services.scheme_item_delete, success=_("Item removed."), item=item)
    return redirect("compensation:scheme", pk=scheme.pk)


@require_POST
@login_required
@permission_required("compensation.approve_compensationscheme", raise_exception=True)
def scheme_approve(request, pk):
    scheme = _scheme(request, pk)
    call_service(
        request,
        services.scheme_approve,
        success=_("Scheme approved: agreements are computed with it from now on."),
        scheme=scheme,
        user=request.user,
    )
    return redirect("compensation:scheme", pk=scheme.pk)
