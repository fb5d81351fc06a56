"""Pages of supervision notices: the board, the to-do list of each role, the notice with its
timeline and the steps the viewer may take, the printed notice and the evidence files."""

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from core.filtering import selected_except
from core.views import AnyPageNumberMixin, ScopedQuerysetMixin, call_service
from supervision import forms, selectors, services
from supervision.choices import AWAITING_DISTRICT, EscalationStep, NoticeStatus
from supervision.documents import notice_pdf
from supervision.filtersets import NoticeFilterSet
from supervision.models import (
    Decision,
    Finding,
    Grievance,
    NoticeEscalation,
    NoticeEvidence,
    NoticeExtension,
    SupervisionNotice,
)
from supervision.views.steps import Step, take_step

VIEW = "supervision.view_supervisionnotice"


def _notice(request, pk):
    return get_object_or_404(
        SupervisionNotice.objects.for_user(request.user).select_related(
            "district", "created_by", "signed_off_by"
        ),
        pk=pk,
    )


class NoticeBoardView(
    LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, AnyPageNumberMixin, FilterView
):
    """督办函台账: every notice in the user's scope by status, district and level, overdue first."""

    model = SupervisionNotice
    permission_required = VIEW
    filterset_class = NoticeFilterSet
    paginate_by = 50
    template_name = "supervision/notice_board.html"

    def get_queryset(self):
        today = timezone.localdate()
        return selectors.with_overdue(super().get_queryset(), today).select_related("district")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        counts = selectors.status_counts(
            selected_except(context["filter"], "status", "overdue"), today
        )
        context["counts"] = counts
        context["status_tabs"] = [
            (value, label, counts[value]) for value, label in NoticeStatus.choices
        ]
        return context


@login_required
@permission_required(VIEW, raise_exception=True)
def todo(request):
    """What waits for the viewer's role: sign-offs and extensions for a bureau leader, notices
    to issue and responses to close for city staff, notices to answer for a district."""
    return render(
        request,
        "supervision/todo.html",
        {"sections": selectors.todo_for(request.user, timezone.localdate())},
    )


# Where a notice can come from: the record, scoped, and what it pre-fills.
SOURCES = {
    "grievance": (lambda user: Grievance.objects.for_user(user), selectors.notice_from_grievance),
    "finding": (
        lambda user: Finding.objects.for_user(user).select_related("project", "inspection"),
        selectors.notice_from_finding,
    ),
    "decision": (
        lambda user: Decision.objects.for_user(user).select_related("meeting"),
        selectors.notice_from_decision,
    ),
}


def _source(request):
    """(kind, record) named by the request, the record in the user's scope (404 otherwise)."""
    for kind, (records, _prefill) in SOURCES.items():
        pk = request.POST.get(kind) or request.GET.get(kind)
        if pk:
            try:
                return kind, records(request.user).get(pk=int(pk))
            except (ValueError, ObjectDoesNotExist):
                raise Http404 from None
    return None


@login_required
@permission_required("supervision.add_supervisionnotice", raise_exception=True)
def notice_create(request):
    """A new draft; from a grievance, an inspection finding or a meeting decision
    (?grievance=ID, ?finding=ID, ?decision=ID), pre-filled from it and linked to it."""
    source = _source(request)
    initial = SOURCES[source[0]][1](source[1], timezone.localdate()) if source else {}
    form = forms.NoticeForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        outcome = call_service(
            request,
            services.notice_draft,
            success=_("Draft saved; the bureau leaders are told it awaits sign-off."),
            form=form,
            once=form.sent_once_token,
            user=request.user,
            **({source[0]: source[1]} if source else {}),
            **fields,
        )
        if outcome:
            return redirect("supervision:notice", pk=outcome.value.pk)
    return render(
        request,
        "supervision/notice_form.html",
        {
            "form": form,
            "source": source[1] if source else None,
            "source_kind": source and source[0],
        },
    )


@login_required
@permission_required("supervision.change_supervisionnotice", raise_exception=True)
def notice_update(request, pk):
    notice = _notice(request, pk)
    if notice.status != NoticeStatus.DRAFT:
        return redirect("supervision:notice", pk=notice.pk)
    form = forms.NoticeForm(request.POST or None, instance=notice, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        outcome = call_service(
            request,
            services.notice_update,
            success=_("Draft saved."),
            form=form,
            notice=notice,
            user=request.user,
            expected_version=fields.pop("version"),
            **fields,
        )
        if outcome:
            return redirect("supervision:notice", pk=notice.pk)
    return render(request, "supervision/notice_form.html", {"form": form, "notice": notice})


def _detail(request, notice, *, status=200, **bound_forms):
    """The notice page; a step refused shows its form again as typed, with the errors."""
    today = timezone.localdate()
    overdue = notice.is_overdue(today)
    forms_on_page = {
        "respond_form": forms.RespondForm(),
        "return_form": forms.ReturnForm(),
        "close_form": forms.CloseForm(),
        "issue_form": forms.IssueForm(),
        "extension_form": forms.ExtensionRequestForm(),
        "decision_form": forms.ExtensionDecisionForm(),
        "interview_form": forms.InterviewForm(initial={"held_on": today}),
        **bound_forms,
    }
    return render(
        request,
        "supervision/notice_detail.html",
        {
            "notice": notice,
            "overdue": overdue,
            # Both: past a Friday deadline on the Sunday is two days and no working day.
            "days_overdue": (today - notice.deadline).days if overdue else 0,
            "working_days_overdue": selectors.working_days_overdue(notice.deadline, today)
            if overdue
            else 0,
            "projects": notice.projects.select_related("district").order_by("code"),
            "timeline": selectors.timeline(notice),
            "extension": NoticeExtension.objects.filter(notice=notice)
            .select_related("requested_by", "decided_by")
            .first(),
            "escalations": NoticeEscalation.objects.filter(notice=notice).select_related(
                "recorded_by"
            ),
            "open_interview": NoticeEscalation.objects.filter(
                notice=notice, step=EscalationStep.INTERVIEW, held_on__isnull=True
            ).exists(),
            "awaiting_district": notice.status in AWAITING_DISTRICT,
            **forms_on_page,
        },
        status=status,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def notice_detail(request, pk):
    return _detail(request, _notice(request, pk))


STEPS = {
    "sign_off": Step(
        "supervision.sign_off_supervisionnotice",
        services.notice_sign_off,
        gettext_lazy("Signed off and numbered."),
    ),
    "issue": Step(
        "supervision.issue_supervisionnotice",
        services.notice_issue,
        gettext_lazy("Issued: the district is told and the printed notice is stored."),
        forms.IssueForm,
        "issue_form",
    ),
    "acknowledge": Step(
        "supervision.answer_supervisionnotice",
        services.notice_acknowledge,
        gettext_lazy("Acknowledged."),
    ),
    "respond": Step(
        "supervision.answer_supervisionnotice",
        services.notice_respond,
        gettext_lazy("Response sent to the city bureau."),
        forms.RespondForm,
        "respond_form",
    ),
    "close": Step(
        "supervision.close_supervisionnotice",
        services.notice_close,
        gettext_lazy("Closed out."),
        forms.CloseForm,
        "close_form",
    ),
    "return": Step(
        "supervision.close_supervisionnotice",
        services.notice_return,
        gettext_lazy("Returned to the district."),
        forms.ReturnForm,
        "return_form",
    ),
    "extension_request": Step(
        "supervision.answer_supervisionnotice",
        services.notice_extension_request,
        gettext_lazy("Extension requested; a bureau leader decides."),
        forms.ExtensionRequestForm,
        "extension_form",
    ),
    "extension_decide": Step(
        "supervision.decide_extension",
        services.notice_extension_decide,
        gettext_lazy("Decision recorded; the district is told."),
        forms.ExtensionDecisionForm,
        "decision_form",
    ),
    "interview": Step(
        "supervision.change_noticeescalation",
        services.notice_interview_record,
        gettext_lazy("Interview recorded."),
        forms.InterviewForm,
        "interview_form",
    ),
}


@require_POST
@login_required
def notice_step(request, pk, step):
    """One step from the notice page: the role (403), the notice in scope (404), its form,
    the service."""
    step = STEPS[step]
    step.check_role(request.user)
    notice = _notice(request, pk)
    return take_step(
        request,
        step,
        notice=notice,
        user=request.user,
        done=lambda: redirect("supervision:notice", pk=notice.pk),
        refused=lambda forms_typed: _detail(request, notice, status=400, **forms_typed),
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def notice_print(request, pk):
    """The notice as issued (stored); before that a preview, unnumbered if still a draft."""
    notice = _notice(request, pk)
    name = f"{notice.number or _('draft notice')}.pdf"
    if notice.document:
        return FileResponse(notice.document.open("rb"), as_attachment=False, filename=name)
    response = HttpResponse(notice_pdf(notice, issued_on=None), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, name)
    return response


@login_required
@permission_required(VIEW, raise_exception=True)
def evidence_file(request, pk, evidence_pk, variant="file"):
    """An evidence file, or its thumbnail, only to those who see its notice (404 otherwise)."""
    evidence = get_object_or_404(
        NoticeEvidence.objects.for_user(request.user), pk=evidence_pk, notice_id=pk
    )
    stored = evidence.thumbnail if variant == "thumbnail" else evidence.file
    if not stored:
        raise Http404
    response = FileResponse(
        stored.open("rb"),
        as_attachment=variant == "file" and not evidence.is_image,
        filename=evidence.original_name if variant == "file" else None,
        content_type="image/jpeg" if variant == "thumbnail" else evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
