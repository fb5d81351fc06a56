"""Pages of residents' grievances: the list (overdue first), registering one, the grievance
with its steps, and turning it into a pre-filled supervision notice."""

from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from core.filtering import describe_filters, export_refused, selected_except
from core.spreadsheets import xlsx_response
from core.views import AnyPageNumberMixin, ScopedQuerysetMixin, call_service
from supervision import forms, grievances, selectors
from supervision.exports import grievance_workbook
from supervision.filtersets import GrievanceFilterSet
from supervision.models import Grievance
from supervision.views.steps import Step, take_step

VIEW = "supervision.view_grievance"
CHANGE = "supervision.change_grievance"


def grievance_of(request, pk) -> Grievance:
    return get_object_or_404(
        Grievance.objects.for_user(request.user).select_related(
            "project", "district", "household", "created_by"
        ),
        pk=pk,
    )


class GrievanceListView(
    LoginRequiredMixin, PermissionRequiredMixin, ScopedQuerysetMixin, AnyPageNumberMixin, FilterView
):
    model = Grievance
    permission_required = VIEW
    filterset_class = GrievanceFilterSet
    paginate_by = 50
    template_name = "supervision/grievance_list.html"

    def get_queryset(self):
        return selectors.grievances_overdue_first(
            super().get_queryset(), timezone.localdate()
        ).select_related("project", "district")

    def render_to_response(self, context, **kwargs):
        """?format=xlsx: the list as filtered, as a workbook."""
        filterset = context["filter"]
        if self.request.GET.get("format") == "xlsx" and not export_refused(self.request, filterset):
            content = grievance_workbook(
                filterset.qs.select_related("project", "district"),
                filter_summary=describe_filters(filterset, empty=_("All grievances")),
            )
            return xlsx_response(content, f"{_('Grievance register')}.xlsx")
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = selectors.grievance_counts(
            selected_except(context["filter"], "status", "overdue", "in_hand"), timezone.localdate()
        )
        return context


@login_required
@permission_required("supervision.add_grievance", raise_exception=True)
def grievance_create(request):
    form = forms.GrievanceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(
            request,
            grievances.grievance_register,
            success=str(gettext_lazy("Grievance registered.")),
            form=form,
            once=form.sent_once_token,
            user=request.user,
            **form.cleaned_data,
        )
        if outcome:
            return redirect("supervision:grievance", pk=outcome.value.pk)
    return render(request, "supervision/grievance_form.html", {"form": form})


def _detail(request, grievance, *, status=200, **bound_forms):
    step_forms = {
        "accept_form": forms.GrievanceAcceptForm(),
        "decline_form": forms.GrievanceDeclineForm(),
        "investigate_form": forms.GrievanceInvestigateForm(),
        "extend_form": forms.GrievanceExtendForm(),
        "resolve_form": forms.GrievanceResolveForm(),
        "close_form": forms.GrievanceCloseForm(),
        **bound_forms,
    }
    return render(
        request,
        "supervision/grievance_detail.html",
        {
            "grievance": grievance,
            "overdue": grievance.is_overdue(timezone.localdate()),
            "steps": grievance.steps.select_related("by"),
            "notices": grievance.notices.for_user(request.user).order_by("id"),
            **step_forms,
        },
        status=status,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def grievance_detail(request, pk):
    return _detail(request, grievance_of(request, pk))


STEPS = {
    "accept": Step(
        CHANGE,
        grievances.grievance_accept,
        gettext_lazy("Accepted: the handling deadline runs."),
        forms.GrievanceAcceptForm,
        "accept_form",
    ),
    "decline": Step(
        CHANGE,
        grievances.grievance_decline,
        gettext_lazy("Recorded as not accepted."),
        forms.GrievanceDeclineForm,
        "decline_form",
    ),
    "investigate": Step(
        CHANGE,
        grievances.grievance_investigate,
        gettext_lazy("Findings recorded."),
        forms.GrievanceInvestigateForm,
        "investigate_form",
    ),
    "extend": Step(
        CHANGE,
        grievances.grievance_extend,
        gettext_lazy("Deadline extended."),
        forms.GrievanceExtendForm,
        "extend_form",
    ),
    "resolve": Step(
        CHANGE,
        grievances.grievance_resolve,
        gettext_lazy("Resolved: the reply is on record."),
        forms.GrievanceResolveForm,
        "resolve_form",
    ),
    "close": Step(
        CHANGE,
        grievances.grievance_close,
        gettext_lazy("Closed with the resident's satisfaction."),
        forms.GrievanceCloseForm,
        "close_form",
    ),
}


@require_POST
@login_required
def grievance_step(request, pk, step):
    step = STEPS[step]
    step.check_role(request.user)
    grievance = grievance_of(request, pk)
    return take_step(
        request,
        step,
        grievance=grievance,
        user=request.user,
        done=lambda: redirect("supervision:grievance", pk=grievance.pk),
        refused=lambda typed: _detail(request, grievance, status=400, **typed),
    )
