"""Appraisals from a spreadsheet: check (every error by row and column), then write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from compensation.forms import AppraisalImportForm
from compensation.importers import COLUMNS, import_appraisals


@login_required
@permission_required("compensation.add_appraisal", raise_exception=True)
def appraisal_import(request):
    form = AppraisalImportForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form, "headers": [texts[0] for texts in COLUMNS.values()]}
    if request.method == "POST" and form.is_valid():
        project, upload = form.cleaned_data["project"], form.cleaned_data["file"]
        result = import_appraisals(
            project=project,
            content=upload.read(),
            filename=upload.name,
            user=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        if not result.errors and not form.cleaned_data["dry_run"]:
            messages.success(
                request, _("%(count)d appraisals recorded.") % {"count": result.created}
            )
            return redirect(f"{reverse('households:list')}?project={project.pk}&stage=appraised")
        context.update(result=result, project=project, filename=upload.name)
    return render(request, "compensation/appraisal_import.html", context)
