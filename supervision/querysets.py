"""Who reads which notices (core.scoping): a district sees what was issued to it."""

from datetime import date

from django.db.models import DateField, Exists, ExpressionWrapper, F, OuterRef, Q, Value

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


def grievance_overdue_at_end_q(day: date) -> Q:
    """grievance_overdue_q as the grievance stood at the end of `day` (a report period's last):
    registered by then, and then either not yet decided on past its acceptance deadline, or
    accepted and not resolved past the handling deadline in force that day. Acceptance and
    resolution are read from their dates as recorded (one recorded later with an earlier
    date corrects the period's facts); a decline and an extension, which carry no date of
    their own, from when they were taken — an extension granted later does not count."""
    from supervision.models import GrievanceStep

    def step_taken(kind, **when):
        return Exists(GrievanceStep.objects.filter(grievance=OuterRef("pk"), kind=kind, **when))

    undecided = (
        (Q(accepted_on__isnull=True) | Q(accepted_on__gt=day))
        & ~step_taken(GrievanceStatus.NOT_ACCEPTED, at__date__lte=day)
        & Q(accept_by__lte=day)
    )
    extended_later = step_taken("extended", at__date__gt=day)
    handle_by_then = (~extended_later & Q(handle_by__lte=day)) | (
        extended_later
        & Q(handle_by__lte=ExpressionWrapper(Value(day) + F("extension_days"), DateField()))
    )
    unresolved = (
        Q(accepted_on__lte=day)
        & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=day))
        & handle_by_then
    )
    return Q(registered_on__lte=day) & (undecided | unresolved)


class GrievanceQuerySet(CarriesDistrictQuerySet):
    """Grievances carry their project's district: read where the project is."""

    def overdue(self, today):
        return self.filter(grievance_overdue_q(today))
