"""A project's construction status on a past day, read from its status log."""

from datetime import date

from projects.models import ProjectStatusChange


def construction_states_on(day: date, projects, *, ids=None) -> dict[int, str]:
    """Every given project's status on `day`; one with no logged change keeps its current one.
    `ids`, the same projects as a subquery (`queryset.values("id")`), is read instead of a
    list of a city's 1,200 ids."""
    return construction_states_on_days([day], projects, ids=ids)[day]


def construction_states_on_days(days: list[date], projects, *, ids=None) -> dict[date, dict]:
    """construction_states_on for each of several days, the log read once (one query): a
    city's log is about one change a project."""
    projects = list(projects)
    log: dict[int, list[tuple[date, str, str]]] = {}
    for project_id, *change in (
        ProjectStatusChange.objects.filter(
            track=ProjectStatusChange.Track.CONSTRUCTION,
            project_id__in=[p.id for p in projects] if ids is None else ids,
        )
        .order_by("project_id", "effective_on", "id")
        .values_list("project_id", "effective_on", "from_status", "to_status")
    ):
        log.setdefault(project_id, []).append(change)
    return {
        day: {p.id: _status_on(day, log.get(p.id, ()), p.construction_status) for p in projects}
        for day in days
    }


def _status_on(day: date, changes, current: str) -> str:
    """The latest change on or before the day gives the status; failing that, the state
    before the first later change; a project with no change logged keeps its current one."""
    if not changes:
        return current
    status = changes[0][1]  # before the first change, all of them later than the day
    for effective_on, _before, after in changes:
        if effective_on > day:
            break
        status = after
    return status
