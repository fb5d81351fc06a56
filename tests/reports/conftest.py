"""A hand-built city day with known answers for the daily resumption figures.

On 2026-10-10, a 调休 working Saturday:
  江东区  P1 working, on time (40 workers, 3 machines)
          P2 not resumed, filed late ("材料进场延迟")
          P3 under construction, did not report
          P4 suspended (filed as suspended)
          P5 not started (no figure)
          P7 started construction after the day (no figure)
  江西区  P6 working, filed late (60 workers, 5 machines)
          P8 suspended only after the day: under construction that day, working on time
"""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from households.models import Household
from projects.models import (
    DailyStatus,
    DistrictTarget,
    PlanMilestone,
    ProjectStatusChange,
)
from tests.factories import PlanFactory, ProjectFactory, RegionFactory

DAY = date(2026, 10, 10)


def filed_status(
    project, reporter, status, *, late, workers=0, machinery=0, reason="", expected=None, day=DAY
):
    """A daily status filed for the day, in the morning or, late, in the evening."""
    at = timezone.make_aware(datetime.combine(day, time(18 if late else 9, 30)))
    return DailyStatus.objects.create(
        project=project,
        district_id=project.district_id,
        date=day,
        status=status,
        workers_on_site=workers,
        machinery_on_site=machinery,
        reason=reason,
        expected_resumption_on=expected,
        reporter=reporter,
        first_submitted_at=at,
        submitted_at=at,
        is_late=late,
    )


@pytest.fixture
def city_day(district_1, district_2, official_1, official_2):
    uc = "under_construction"
    p = {
        1: ProjectFactory(district=district_1, code="P1", name="P1 在施工", construction_status=uc),
        2: ProjectFactory(district=district_1, code="P2", name="P2 未复工", construction_status=uc),
        3: ProjectFactory(district=district_1, code="P3", name="P3 未报送", construction_status=uc),
        4: ProjectFactory(
            district=district_1, code="P4", name="P4 停工", construction_status="suspended"
        ),
        5: ProjectFactory(district=district_1, code="P5", name="P5 未开工"),
        6: ProjectFactory(district=district_2, code="P6", name="P6 迟报", construction_status=uc),
        7: ProjectFactory(
            district=district_1, code="P7", name="P7 后来开工", construction_status=uc
        ),
        8: ProjectFactory(
            district=district_2, code="P8", name="P8 后来停工", construction_status="suspended"
        ),
    }
    ProjectStatusChange.objects.create(
        project=p[7],
        track="construction",
        from_status="not_started",
        to_status=uc,
        effective_on=date(2026, 10, 20),
        changed_by=official_1,
    )
    ProjectStatusChange.objects.create(
        project=p[8],
        track="construction",
        from_status=uc,
        to_status="suspended",
        effective_on=date(2026, 10, 15),
        changed_by=official_2,
        reason="规划调整",
    )
    filed_status(p[1], official_1, "working", late=False, workers=40, machinery=3)
    filed_status(
        p[2],
        official_1,
        "not_resumed",
        late=True,
        reason="材料进场延迟",
        expected=date(2026, 10, 12),
    )
    filed_status(p[4], official_1, "suspended", late=False, reason="规划调整")
    filed_status(p[6], official_2, "working", late=True, workers=60, machinery=5)
    filed_status(p[8], official_2, "resumed", late=False, workers=10, machinery=1)
    return p


# --- A plan year with known start figures (the start rate, the weekly circular) -------------
# Plan 2026: 40 target households; milestones 30 June ≥ 20%, 31 December ≥ 100%.
#   district A (江东区)  target 10: 3 started by 30 June, 5 by 15 Nov, 6 by 22 Nov (one
#                        started in week 47) → 60.0%
#   district B (江西区)  target 10: 1 by 30 June, 6 by 15 Nov → 60.0% (same rate, same count:
#                        after A by code)
#   district C (测试三区)  target 20: 5 started in May → 25.0%
#   district E (测试五区)  target 10: 2 started in July → 20.0%
#   district D (测试四区)  no target, 1 started → no rate: last, not among the bottom three
# City: 20 started of the plan's 40 → 50.0%. Ranking A, B, C, E, D; bottom three B, C, E.


def add_households(project, started: list):
    """One household per start date (None: not started)."""
    for number, day in enumerate(started, start=1):
        Household.objects.create(
            project=project,
            district_id=project.district_id,
            code=f"{project.code}-{number:03d}",
            party_name=f"户{number}",
        )
        Household.objects.filter(project=project, code=f"{project.code}-{number:03d}").update(
            started_on=day
        )


@pytest.fixture
def plan_city(city, district_1, district_2):
    district_3 = RegionFactory(code="990190", name="测试三区", parent=city)
    district_4 = RegionFactory(code="990191", name="测试四区", parent=city)
    district_5 = RegionFactory(code="990192", name="测试五区", parent=city)
    plan = PlanFactory(
        target_households=40,
        target_households_in_kind=10,
        target_projects=4,
        target_investment=Decimal("400"),
        document_number="江棚改〔2026〕1号",
    )
    PlanMilestone.objects.create(plan=plan, due_date=date(2026, 6, 30), start_rate_threshold=20)
    PlanMilestone.objects.create(plan=plan, due_date=date(2026, 12, 31), start_rate_threshold=100)
    for district, households in (
        (district_1, 10),
        (district_2, 10),
        (district_3, 20),
        (district_5, 10),
    ):
        DistrictTarget.objects.create(plan=plan, district=district, households=households)
    projects = {
        name: ProjectFactory(district=district, plan_year=2026, code=f"PA-{name}")
        for name, district in (
            ("a", district_1),
            ("b", district_2),
            ("c", district_3),
            ("d", district_4),
            ("e", district_5),
        )
    }
    ProjectFactory(district=district_1, plan_year=2025, code="PA-old")  # another plan year
    add_households(
        projects["a"],
        [date(2026, 3, 1)] * 3 + [date(2026, 9, 1)] * 2 + [date(2026, 11, 18), None, None],
    )
    add_households(projects["b"], [date(2026, 6, 1)] + [date(2026, 10, 1)] * 5 + [None])
    add_households(projects["c"], [date(2026, 5, 1)] * 5)
    add_households(projects["d"], [date(2026, 4, 1)])
    add_households(projects["e"], [date(2026, 7, 1)] * 2)
    Household.objects.create(
        project=ProjectFactory.create(district=district_1, plan_year=2025, code="PA-old2"),
        district_id=district_1.id,
        code="OLD-1",
        party_name="旧户",
    )
    Household.objects.filter(code="OLD-1").update(started_on=date(2026, 2, 1))
    return plan, projects
