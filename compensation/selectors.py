"""Read-side queries of compensation: the current scheme, the signing rate (DESIGN.md §5) and
the signing campaign's figures."""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from compensation.choices import SIGNED_STATUSES, AgreementStatus, SchemeStatus
from compensation.models import Agreement, Appraisal, Assignment, CompensationScheme
from core.figures import percent
from households.models import Household


def current_scheme(project) -> CompensationScheme | None:
    """The approved version agreements are computed with now (the latest approved)."""
    return (
        CompensationScheme.objects.filter(project=project, status=SchemeStatus.APPROVED)
        .order_by("-version")
        .first()
    )


def latest_appraisal(household) -> Appraisal | None:
    return Appraisal.objects.filter(household=household).order_by("-appraised_on", "-id").first()


def signed_households(project) -> int:
    """Households with a conditional or effective agreement (DESIGN.md §5)."""
    return (
        Agreement.objects.filter(project=project, status__in=SIGNED_STATUSES)
        .values("household")
        .distinct()
        .count()
    )


def signing_rate(project) -> Decimal | None:
    """Signed households ÷ the project's households, in percent (None without households)."""
    return percent(signed_households(project), Household.objects.filter(project=project).count())


@dataclass
class Ranked:
    name: str
    households: int = 0
    signed: int = 0

    @property
    def share(self) -> Decimal | None:
        return percent(self.signed, self.households)


@dataclass
class SigningCampaign:
    """签约攻坚: where one project (or a district's projects) stands against its threshold."""

    households: int
    signed: int
    conditional: int
    effective: int
    lapsed: int
    threshold: Decimal | None
    threshold_households: int | None
    ends_on: date | None
    days_left: int | None
    pace_needed: Decimal | None
    per_day: list = field(default_factory=list)  # [(date, signings)]
    teams: list = field(default_factory=list)  # [Ranked], best first
    officials: list = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        return percent(self.signed, self.households)


def _ranking(rows: dict) -> list:
    return sorted(
        rows.values(),
        key=lambda r: (-(r.share if r.share is not None else -1), -r.signed, r.name),
    )


def signing_campaign(*, projects, today: date | None = None) -> SigningCampaign:
    """The campaign figures of one project or several (a district's), in a fixed number of
    queries: counts by agreement status, signings per day, and teams and responsible
    officials ranked by the share of their households signed."""
    today = today or timezone.localdate()
    projects = list(projects)
    households = Household.objects.filter(project__in=projects).count()
    statuses = dict(
        Agreement.objects.filter(project__in=projects)
        .exclude(status__in=[AgreementStatus.DRAFT, AgreementStatus.REVIEWED])
        .values("status")
        .annotate(n=Count("household", distinct=True))
        .values_list("status", "n")
    )
    per_day = Counter(
        dict(
            Agreement.objects.filter(project__in=projects, signed_on__isnull=False)
            .exclude(status=AgreementStatus.VOID)
            .values("signed_on")
            .annotate(n=Count("id"))
            .values_list("signed_on", "n")
        )
    )
    signed_ids = set(
        Agreement.objects.filter(project__in=projects, status__in=SIGNED_STATUSES).values_list(
            "household_id", flat=True
        )
    )
    teams, officials = {}, {}
    for team_name, official, household_id in Assignment.objects.filter(
        household__project__in=projects
    ).values_list("team__name", "official", "household_id"):
        for table, name in ((teams, team_name), (officials, official)):
            row = table.setdefault(name, Ranked(name))
            row.households += 1
            row.signed += household_id in signed_ids
    signed = statuses.get(AgreementStatus.CONDITIONAL, 0) + statuses.get(
        AgreementStatus.EFFECTIVE, 0
    )
    # One project's threshold and period; for several, the campaign has none of its own.
    single = projects[0] if len(projects) == 1 else None
    threshold = single.signing_threshold if single else None
    threshold_households = (
        math.ceil(households * threshold / 100) if threshold is not None else None
    )
    ends_on = single.signing_ends_on if single else None
    days_left = max((ends_on - today).days + 1, 0) if ends_on else None
    pace = None
    if threshold_households is not None and days_left:
        pace = (Decimal(max(threshold_households - signed, 0)) / days_left).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )
    return SigningCampaign(
        households=households,
        signed=signed,
        conditional=statuses.get(AgreementStatus.CONDITIONAL, 0),
        effective=statuses.get(AgreementStatus.EFFECTIVE, 0),
        lapsed=statuses.get(AgreementStatus.LAPSED, 0),
        threshold=threshold,
        threshold_households=threshold_households,
        ends_on=ends_on,
        days_left=days_left,
        pace_needed=pace,
        per_day=sorted(per_day.items()),
        teams=_ranking(teams),
        officials=_ranking(officials),
    )


def agreements_of(household):
    return (
        Agreement.objects.filter(household=household)
        .select_related("scheme", "appraisal", "project")
        .order_by("-created_at")
    )


def open_agreement_exists(household) -> bool:
    return Agreement.objects.filter(
        Q(household=household) & ~Q(status__in=[AgreementStatus.VOID, AgreementStatus.LAPSED])
    ).exists()
