"""The selection hall (选房): the called household in large type, the units still available
on each building's floor grid, a confirmation step, and a household absent when called moved
to the end of the queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compensation import selectors, services
from compensation.choices import UnitStatus
from compensation.models import Lottery, ResettlementUnit, SelectionSession
from core.views import call_service


def _number(text) -> int | None:
    """An id typed into a form or a link: plain digits only, never a 500."""
    text = text or ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _session(request, pk):
    return get_object_or_404(
        SelectionSession.objects.for_user(request.user).select_related("lottery__project"),
        pk=pk,
    )


@login_required
@permission_required("compensation.view_selectionsession", raise_exception=True)
def selection_hall(request, lottery_pk):
    lottery = get_object_or_404(
        Lottery.objects.for_user(request.user).select_related("project"), pk=lottery_pk
    )
    session = SelectionSession.objects.filter(lottery=lottery).first()
    if session is None:
        return render(request, "compensation/selection.html", {"lottery": lottery})
    hall = selectors.selection_hall(session)
    chosen = None
    if _number(request.GET.get("unit")):
        chosen = (
            ResettlementUnit.objects.filter(
                pk=_number(request.GET.get("unit")),
                status=UnitStatus.AVAILABLE,
                building__site__projects=lottery.project,
            )
            .select_related("building__site")
            .first()
        )
    return render(
        request, "compensation/selection.html", {"lottery": lottery, "hall": hall, "chosen": chosen}
    )


@require_POST
@login_required
@permission_required("compensation.add_selectionsession", raise_exception=True)
def selection_open(request, lottery_pk):
    lottery = get_object_or_404(Lottery.objects.for_user(request.user), pk=lottery_pk)
    call_service(
        request,
        services.selection_open,
        success=_("The session is open: call the first household."),
        lottery=lottery,
        user=request.user,
    )
    return redirect("compensation:selection", lottery_pk=lottery.pk)


@require_POST
@login_required
@permission_required("compensation.add_allocation", raise_exception=True)
def unit_choose(request, pk):
    session = _session(request, pk)
    number = _number(request.POST.get("unit"))
    unit = (
        ResettlementUnit.objects.for_user(request.user).filter(pk=number).first()
        if number
        else None
    )
    if unit is None:
        messages.error(request, _("Choose a unit on the grid."))
        return redirect("compensation:selection", lottery_pk=session.lottery_id)
    call_service(
        request,
        services.unit_choose,
        success=_("Unit %(unit)s allocated.") % {"unit": unit.unit_no},
        session=session,
        household_id=_number(request.POST.get("household")),
        unit=unit,
        user=request.user,
    )
    return redirect("compensation:selection", lottery_pk=session.lottery_id)


@require_POST
@login_required
@permission_required("compensation.add_allocation", raise_exception=True)
def selection_absent(request, pk):
    session = _session(request, pk)
    call_service(
        request,
        services.selection_absent,
        success=_("The household is absent: moved to the end of the queue."),
        session=session,
        household_id=_number(request.POST.get("household")),
        user=request.user,
    )
    return redirect("compensation:selection", lottery_pk=session.lottery_id)
