"""Roster import from the page: upload → preview (a dry run listing every error by row and
column) → confirm; and the template download."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.spreadsheets import xlsx_response
from households.forms import RosterUploadForm
from households.importers import import_roster, template_workbook
from projects.models import Project

_PENDING = "roster_imports"


@login_required
@permission_required("households.add_household", raise_exception=True)
def roster_import(request):
    """Upload → preview (a dry run listing every error by row and column) → confirm."""
    form = RosterUploadForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form}
    if request.method == "POST" and request.POST.get("confirm"):
        pending = request.session.get(_PENDING, {}).pop(request.POST["confirm"], None)
        request.session.modified = True
        if pending is None:
            messages.error(request, _("This preview has expired; upload the file again."))
            return redirect("households:import")
        project = get_object_or_404(Project.objects.for_user(request.user), pk=pending["project"])
        with default_storage.open(pending["path"], "rb") as stored:
            content = stored.read()
        default_storage.delete(pending["path"])
        result = import_roster(
            project=project,
            content=content,
            filename=pending["filename"],
            user=request.user,
            dry_run=False,
        )
        if not result.errors:
            messages.success(
                request,
                _("Imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
                % result.as_dict(),
            )
            return redirect(f"{reverse('households:list')}?project={project.pk}")
        context.update(result=result, project=project, filename=pending["filename"])
    elif request.method == "POST" and form.is_valid():
        upload, project = form.cleaned_data["file"], form.cleaned_data["project"]
        content = upload.read()
        result = import_roster(
            project=project, content=content, filename=upload.name, user=request.user, dry_run=True
        )
        context.update(result=result, project=project, filename=upload.name)
        if not result.errors:
            token = uuid.uuid4().hex
            path = default_storage.save(f"imports/{token}", ContentFile(content))
            request.session.setdefault(_PENDING, {})[token] = {
                "path": path,
                "project": project.pk,
                "filename": upload.name,
            }
            request.session.modified = True
            context["token"] = token
    return render(request, "households/roster_import.html", context)


@login_required
@permission_required("households.view_household", raise_exception=True)
def roster_template(request):
    return xlsx_response(template_workbook(), "roster-template.xlsx")
