"""Selection orders (选房顺序): a project's lotteries, freezing the list, entering the seed
drawn in public, the published list file and the notice posted on site."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compensation import forms, selectors, services
from compensation.documents import lottery_notice_pdf
from compensation.models import Lottery
from core.views import refill, submit_form
from projects.models import Project


def _lottery(request, pk):
    return get_object_or_404(
        Lottery.objects.for_user(request.user).select_related(
            "project__district", "frozen_by", "drawn_by"
        ),
        pk=pk,
    )


@login_required
@permission_required("compensation.view_lottery", raise_exception=True)
def project_lotteries(request, project_pk):
    project = get_object_or_404(Project.objects.for_user(request.user), pk=project_pk)
    return render(
        request,
        "compensation/lotteries.html",
        {
            "project": project,
            "lotteries": Lottery.objects.filter(project=project).select_related("project"),
            "freeze_form": refill(request, forms.LotteryFreezeForm()),
        },
    )


@require_POST
@login_required
@permission_required("compensation.add_lottery", raise_exception=True)
def lottery_freeze(request, project_pk):
    project = get_object_or_404(Project.objects.for_user(request.user), pk=project_pk)
    outcome = submit_form(
        request,
        forms.LotteryFreezeForm(request.POST),
        lambda method: services.lottery_freeze(project=project, method=method, user=request.user),
        success=_("The list is frozen: publish it with its SHA-256 before the seed is drawn."),
    )
    if outcome:
        return redirect("compensation:lottery", pk=outcome.value.pk)
    return redirect("compensation:lotteries", project_pk=project.pk)


@login_required
@permission_required("compensation.view_lottery", raise_exception=True)
def lottery_detail(request, pk):
    lottery = _lottery(request, pk)
    listed, drawn = selectors.lottery_lists(lottery)
    return render(
        request,
        "compensation/lottery.html",
        {
            "lottery": lottery,
            "listed": listed,
            "drawn": drawn,
            "draw_form": refill(request, forms.LotteryDrawForm()),
        },
    )


@require_POST
@login_required
@permission_required("compensation.change_lottery", raise_exception=True)
def lottery_draw(request, pk):
    lottery = _lottery(request, pk)
    submit_form(
        request,
        forms.LotteryDrawForm(request.POST),
        lambda **fields: services.lottery_draw(lottery=lottery, user=request.user, **fields),
        success=_("The order is drawn."),
    )
    return redirect("compensation:lottery", pk=lottery.pk)


@login_required
@permission_required("compensation.view_lottery", raise_exception=True)
def lottery_list_file(request, pk):
    """The published list: the exact bytes whose SHA-256 the lottery shows."""
    lottery = _lottery(request, pk)
    response = HttpResponse(bytes(lottery.list_content), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{lottery.project.code}-{lottery.number}-{lottery.list_hash[:12]}.csv"
    )
    return response


@login_required
@permission_required("compensation.view_lottery", raise_exception=True)
def lottery_print(request, pk):
    lottery = _lottery(request, pk)
    listed, drawn = selectors.lottery_lists(lottery)
    response = HttpResponse(
        lottery_notice_pdf(lottery, listed=listed, drawn=drawn), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(
        False, f"{lottery.project.code}-{lottery.number}.pdf"
    )
    return response
