"""A household's appraisals and agreements; an agreement's review, signing, voiding and
printing; the list of agreements."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from compensation import forms, selectors, services
from compensation.choices import AgreementStatus
from compensation.documents import agreement_pdf
from compensation.filtersets import AgreementFilterSet
from compensation.models import Agreement, Appraisal
from core.views import AnyPageNumberMixin, ScopedQuerysetMixin, call_service, refill, submit_form
from households.models import Household


def _household(request, pk):
    return get_object_or_404(
        Household.objects.for_user(request.user).select_related("project", "district"), pk=pk
    )


def _agreement(request, pk):
    return get_object_or_404(
        Agreement.objects.for_user(request.user).select_related(
            "household",
            "project",
            "scheme",
            "appraisal",
            "created_by",
            "computed_by",
            "reviewed_by",
            "signed_by",
        ),
        pk=pk,
    )


@login_required
@permission_required("compensation.view_agreement", raise_exception=True)
def household_compensation(request, household_pk):
    """One household's appraisals and agreements, with the forms to record and draft."""
    household = _household(request, household_pk)
    return render(
        request,
        "compensation/household.html",
        {
            "household": household,
            "appraisals": Appraisal.objects.filter(household=household).select_related(
                "recorded_by"
            ),
            "agreements": selectors.agreements_of(household),
            "scheme": selectors.current_scheme(household.project),
            "appraisal_form": refill(
                request, forms.AppraisalForm(initial={"appraised_on": timezone.localdate()})
            ),
            "draft_form": refill(
                request,
                forms.AgreementDraftForm(
                    initial={"mode": "swap" if household.intention == "swap" else "monetary"}
                ),
            ),
            "can_draft": not selectors.open_agreement_exists(household),
        },
    )


@require_POST
@login_required
@permission_required("compensation.add_appraisal", raise_exception=True)
def appraisal_add(request, household_pk):
    household = _household(request, household_pk)
    submit_form(
        request,
        forms.AppraisalForm(request.POST),
        lambda **fields: services.appraisal_record(
            household=household, user=request.user, **fields
        ),
        success=_("Appraisal recorded."),
    )
    return redirect("compensation:household", household_pk=household.pk)


@require_POST
@login_required
@permission_required("compensation.add_agreement", raise_exception=True)
def agreement_add(request, household_pk):
    household = _household(request, household_pk)
    outcome = submit_form(
        request,
        forms.AgreementDraftForm(request.POST),
        lambda **fields: services.agreement_draft(household=household, user=request.user, **fields),
        success=_("Draft computed: check it, then have it reviewed."),
    )
    if outcome:
        return redirect("compensation:agreement", pk=outcome.value.pk)
    return redirect("compensation:household", household_pk=household.pk)


@login_required
@permission_required("compensation.view_agreement", raise_exception=True)
def agreement_detail(request, pk):
    agreement = _agreement(request, pk)
    # As stored: a refused form leaves its own values on the instance it was bound to.
    missing = agreement.terms_missing()
    terms = forms.AgreementTermsForm(request.POST or None, instance=agreement)
    if request.method == "POST":
        if not request.user.has_perm("compensation.change_agreement"):
            return HttpResponse(status=403)
        outcome = submit_form(
            request,
            terms,
            lambda version, **fields: services.agreement_update(
                agreement=agreement, user=request.user, expected_version=version, **fields
            ),
            success=_("Terms saved and the figures computed again."),
        )
        if outcome:
            return redirect("compensation:agreement", pk=agreement.pk)
    lines = list(agreement.lines.all())
    return render(
        request,
        "compensation/agreement.html",
        {
            "agreement": agreement,
            "lines": lines,
            # The total counts an award whose condition is not met yet: say so under it.
            "conditions_pending": any(
                line.condition_rate and not line.condition_met_on for line in lines
            ),
            "terms": terms,
            "terms_missing": list(missing.values())
            if agreement.status in (AgreementStatus.DRAFT, AgreementStatus.REVIEWED)
            else [],
            "sign_form": refill(
                request, forms.SignForm(initial={"signed_on": agreement.planned_sign_on})
            ),
            "void_form": refill(request, forms.VoidForm()),
            "editable": agreement.status in (AgreementStatus.DRAFT, AgreementStatus.REVIEWED),
        },
    )


@require_POST
@login_required
@permission_required("compensation.review_agreement", raise_exception=True)
def agreement_review(request, pk):
    agreement = _agreement(request, pk)
    call_service(
        request,
        services.agreement_review,
        success=_("Reviewed: the agreement can be signed."),
        agreement=agreement,
        user=request.user,
    )
    return redirect("compensation:agreement", pk=agreement.pk)


@require_POST
@login_required
@permission_required("compensation.sign_agreement", raise_exception=True)
def agreement_sign(request, pk):
    agreement = _agreement(request, pk)
    outcome = submit_form(
        request,
        forms.SignForm(request.POST),
        lambda signed_on: services.agreement_sign(
            agreement=agreement, user=request.user, signed_on=signed_on
        ),
        success=None,
    )
    if outcome:
        signed = outcome.value
        message = (
            _("Signed as %(number)s: effective.")
            if signed.status == AgreementStatus.EFFECTIVE
            else _("Signed as %(number)s: conditional until the project reaches its threshold.")
        )
        messages.success(request, message % {"number": signed.display_number})
    return redirect("compensation:agreement", pk=agreement.pk)


@require_POST
@login_required
@permission_required("compensation.void_agreement", raise_exception=True)
def agreement_void(request, pk):
    agreement = _agreement(request, pk)
    submit_form(
        request,
        forms.VoidForm(request.POST),
        lambda reason: services.agreement_void(
            agreement=agreement, user=request.user, reason=reason
        ),
        success=_("Agreement voided; the record is kept."),
    )
    return redirect("compensation:agreement", pk=agreement.pk)


@login_required
@permission_required("compensation.view_agreement", raise_exception=True)
def agreement_print(request, pk):
    """The signed copy as stored; a draft is printed as it stands, marked as a draft."""
    agreement = _agreement(request, pk)
    name = (
        f"{agreement.display_number or agreement.unnumbered_label}-{agreement.household.code}.pdf"
    )
    if agreement.document:
        return FileResponse(agreement.document.open("rb"), as_attachment=False, filename=name)
    response = HttpResponse(agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, name)
    return response


class AgreementListView(
    LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, AnyPageNumberMixin, FilterView
):
    model = Agreement
    permission_required = "compensation.view_agreement"
    filterset_class = AgreementFilterSet
    paginate_by = 50
    template_name = "compensation/agreement_list.html"
    # What a row shows, of the agreement, its household and its project: an agreement with
    # both of them is some 130 columns.
    ROW_FIELDS = [
        "number",
        "mode",
        "status",
        "signed_on",
        "total",
        "household__code",
        "household__party_name",
        "project__code",
        "project__name",
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("household", "project")
            .only(*self.ROW_FIELDS)
            .order_by("-signed_on", "-created_at")
        )
