"""A project's construction status on a past day, read from its status log."""

from datetime import date

from projects.models import ProjectStatusChange


def construction_status_on(day: date, project_ids) -> dict[int, str]:
    """Each logged project's construction status as it stood on `day`.

    The latest change on or before the day gives it; failing that, the state before the
    first later change. Projects with no logged change are left out (see below).
    """
    changes = ProjectStatusChange.objects.filter(
        track=ProjectStatusChange.Track.CONSTRUCTION, project_id__in=project_ids
    )
    on_or_before = dict(
        changes.filter(effective_on__lte=day)
        .order_by("project_id", "-effective_on", "-id")
        .distinct("project_id")
        .values_list("project_id", "to_status")
    )
    after = dict(
        changes.filter(effective_on__gt=day)
        .order_by("project_id", "effective_on", "id")
        .distinct("project_id")
        .values_list("project_id", "from_status")
    )
    return {**after, **on_or_before}


def construction_states_on(day: date, projects, *, ids=None) -> dict[int, str]:
    """Every given project's status on `day`; one with no logged change keeps its current one.
    `ids`, the same projects as a subquery (`queryset.values("id")`), is read instead of a
    list of a city's 1,200 ids."""
    projects = list(projects)
    logged = construction_status_on(day, [p.id for p in projects] if ids is None else ids)
    return {p.id: logged.get(p.id, p.construction_status) for p in projects}
