"""State changes of projects: each one function, one transaction, validated before saving."""

from django.db import transaction

from projects.models import Project


@transaction.atomic
def project_create(*, code: str, name: str, district, street=None) -> Project:
    project = Project(code=code, name=name, district=district, street=street)
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_update(*, project: Project, **changes) -> Project:
    """Apply the given field changes; an unchanged save writes nothing (and no history)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    changed = [field for field, value in changes.items() if getattr(project, field) != value]
    if not changed:
        return project
    for field in changed:
        setattr(project, field, changes[field])
    project.full_clean()
    project.save(update_fields=[*changed, "updated_at"])
    return project
