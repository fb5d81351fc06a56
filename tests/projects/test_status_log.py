"""A project's construction status on past days, from its status log (DESIGN.md §5)."""

from datetime import date

from projects.models import ProjectStatusChange
from projects.status_log import construction_states_on, construction_states_on_days
from tests.factories import ProjectFactory


def _change(project, user, day, before, after):
    ProjectStatusChange.objects.create(
        project=project,
        track="construction",
        from_status=before,
        to_status=after,
        effective_on=day,
        changed_by=user,
        reason="测试",
    )


def test_each_day_reads_the_change_in_force_then(district_1, official_1):
    uc, suspended, completed = "under_construction", "suspended", "completed"
    logged = ProjectFactory(district=district_1, construction_status=completed)
    # suspended and resumed the same day: the later record of the day stands
    _change(logged, official_1, date(2026, 10, 1), uc, suspended)
    _change(logged, official_1, date(2026, 10, 1), suspended, uc)
    _change(logged, official_1, date(2026, 10, 20), uc, completed)
    unlogged = ProjectFactory(district=district_1, construction_status=suspended)
    days = [date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 19), date(2026, 10, 25)]

    states = construction_states_on_days(days, [logged, unlogged])

    assert [states[day][logged.id] for day in days] == [uc, uc, uc, completed]
    assert {states[day][unlogged.id] for day in days} == {suspended}  # its current status
    assert construction_states_on(date(2026, 9, 30), [logged]) == {logged.id: uc}
