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

from datetime import date, datetime

import pytest
from django.utils import timezone

from projects.models import DailyStatus, ProjectStatusChange
from tests.factories import ProjectFactory

DAY = date(2026, 10, 10)


def _status(project, reporter, status, *, late, workers=0, machinery=0, reason="", expected=None):
    at = timezone.make_aware(datetime(2026, 10, 10, 18 if late else 9, 30))
    return DailyStatus.objects.create(
        project=project,
        district_id=project.district_id,
        date=DAY,
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
    _status(p[1], official_1, "working", late=False, workers=40, machinery=3)
    _status(
        p[2],
        official_1,
        "not_resumed",
        late=True,
        reason="材料进场延迟",
        expected=date(2026, 10, 12),
    )
    _status(p[4], official_1, "suspended", late=False, reason="规划调整")
    _status(p[6], official_2, "working", late=True, workers=60, machinery=5)
    _status(p[8], official_2, "resumed", late=False, workers=10, machinery=1)
    return p
