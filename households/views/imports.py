"""Roster import from the page: upload → preview (a dry run listing every error by row and
column) → confirm; and the template download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.spreadsheets import xlsx_response
from core.views import call_service
from households import services
from households.forms import RosterUploadForm
from households.importers import import_roster, template_workbook
from households.roster import CODE_RULE
from projects.models import Project


@login_required
@permission_required("households.add_household", raise_exception=True)
def roster_import(request):
    """Upload → preview (a dry run listing every error by row and column) → confirm. The
    checked file waits encrypted, for its importer only, until confirmed or expired."""
    form = RosterUploadForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form, "code_rule": CODE_RULE}
    if request.method == "POST" and request.POST.get("confirm"):
        outcome = call_service(
            request, services.import_preview_take, user=request.user, token=request.POST["confirm"]
        )
        if not outcome:
            return redirect("households:import")
        preview, content = outcome.value
        project = get_object_or_404(Project.objects.for_user(request.user), pk=preview.project_id)
        result = import_roster(
            project=project,
            content=content,
            filename=preview.filename,
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
        context.update(result=result, project=project, filename=preview.filename)
    elif request.method == "POST" and form.is_valid():
        upload, project = form.cleaned_data["file"], form.cleaned_data["project"]
        content = upload.read()
        result = import_roster(
            project=project, content=content, filename=upload.name, user=request.user, dry_run=True
        )
        context.update(result=result, project=project, filename=upload.name)
        if not result.errors:
            preview = services.import_preview_store(
                user=request.user, project=project, filename=upload.name, content=content
            )
            context["token"] = preview.token
    return render(request, "households/roster_import.html", context)


@login_required
@permission_required("households.view_household", raise_exception=True)
def roster_template(request):
    return xlsx_response(template_workbook(), _("roster-template.xlsx"))
