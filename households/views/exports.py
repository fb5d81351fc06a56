"""The roster as a spreadsheet: at once when it is small, else written by the worker while
the requester watches its page (or gets on with the day and is notified)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.queue import QueueUnavailable, enqueue
from core.spreadsheets import xlsx_response
from households import services, tasks
from households.exports import roster_workbook
from households.models import RosterExport


def roster_export(request, households, title_scope):
    """The list's export: up to INLINE_ROWS households the file itself; beyond, the export
    is queued and the page that follows it opens."""
    if households.count() <= RosterExport.INLINE_ROWS:
        return xlsx_response(
            roster_workbook(households, title_scope=title_scope), _download_name(timezone.now())
        )
    export, new = services.roster_export_queue(user=request.user, params=request.GET)
    if not new:
        messages.info(
            request,
            _("Your previous export is still being written; export again once it is ready."),
        )
        return redirect("households:export", pk=export.pk)
    try:
        enqueue(tasks.export_roster, export.pk)
    except QueueUnavailable as exc:
        services.roster_export_drop(export=export)
        messages.error(request, exc.message)
        return redirect(f"{request.path}?{export.query}")
    return redirect("households:export", pk=export.pk)


@login_required
@permission_required("households.view_household", raise_exception=True)
def roster_export_detail(request, pk):
    """Where a queued export stands; the page asks again every few seconds until it is done."""
    export = get_object_or_404(RosterExport.objects.for_user(request.user), pk=pk)
    return render(request, "households/roster_export.html", {"export": export})


@login_required
@permission_required("households.view_household", raise_exception=True)
def roster_export_file(request, pk):
    export = get_object_or_404(RosterExport.objects.for_user(request.user).exclude(file=""), pk=pk)
    try:
        content = export.file.open("rb")
    except FileNotFoundError:  # purged a moment ago
        raise Http404 from None
    return FileResponse(content, as_attachment=True, filename=_download_name(export.created_at))


def _download_name(moment) -> str:
    day = timezone.localtime(moment)
    return _("households-%(day)s.xlsx") % {"day": f"{day:%Y%m%d}"}
