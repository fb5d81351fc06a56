"""Who reads which notices (core.scoping): a district sees what was issued to it."""

from django.db.models import Q

from core.scoping import ScopedQuerySet, UserScope
from projects.querysets import CarriesDistrictQuerySet
from supervision.choices import (
    AWAITING_DISTRICT,
    DISTRICT_VISIBLE,
    GRIEVANCE_OPEN,
    GrievanceStatus,
)


def overdue_q(today) -> Q:
    """Overdue, derived and never stored: the district has the next move and the deadline
    has passed."""
    return Q(status__in=AWAITING_DISTRICT, deadline__lt=today)


class NoticeQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: UserScope) -> Q:
        """Only the district a notice is addressed to reads it, once issued: its whole-district
        people every such notice, its street's or project's staff those naming one of their
        projects (a project that moved district later takes no notice with it). Drafts and
        notices not yet issued stay in the bureau."""
        from supervision.models import SupervisionNotice

        naming_theirs = SupervisionNotice.projects.through.objects.filter(
            Q(project__street_id__in=scope.street_ids) | Q(project_id__in=scope.project_ids)
        ).values("supervisionnotice_id")
        return (
            Q(status__in=DISTRICT_VISIBLE)
            & Q(district_id__in=scope.reach_district_ids)
            & (Q(district_id__in=scope.district_ids) | Q(pk__in=naming_theirs))
        )

    def overdue(self, today):
        return self.filter(overdue_q(today))


class NoticeChildQuerySet(ScopedQuerySet):
    """Rows hanging on one notice (evidence files): read where the notice is."""

    def scope_filter(self, scope: UserScope) -> Q:
        from supervision.models import SupervisionNotice

        notices = SupervisionNotice.objects.all()
        return Q(notice__in=notices.filter(notices.scope_filter(scope)))


def grievance_overdue_q(today) -> Q:
    """A grievance past its deadline: not decided on within the acceptance period, or
    accepted and not resolved by its handling deadline (the ticket's own for a hotline one)."""
    return Q(status=GrievanceStatus.REGISTERED, accept_by__lt=today) | Q(
        status__in=[s for s in GRIEVANCE_OPEN if s != GrievanceStatus.REGISTERED],
        handle_by__lt=today,
    )


class GrievanceQuerySet(CarriesDistrictQuerySet):
    """Grievances carry their project's district: read where the project is."""

    def overdue(self, today):
        return self.filter(grievance_overdue_q(today))
