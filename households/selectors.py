"""Read-side queries on households shared by pages, API and exports."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Q, Value

from core.figures import percent
from core.models import Region
from households.choices import Stage
from households.models import Household, HouseholdMember, ProgressEvent, RosterImport
from projects.choices import CampaignScope
from projects.models import AnnualPlan, PlanMilestone
from projects.selectors import plan_year_projects

PAGE_SIZE = 50


def households_by_project(projects) -> dict[int, int]:
    """Each project's households, {project id: count} (a project with none is left out):
    one query, whatever the number of projects."""
    return dict(
        Household.objects.filter(project__in=projects)
        .order_by()  # the default order would join regions and projects to group by
        .values("project")
        .annotate(n=Count("*"))
        .values_list("project", "n")
    )


def stage_counts(households) -> list[tuple[str, str, int]]:
    """(stage, label, count) for every stage, in order, over the given (filtered) households."""
    counts = dict(households.order_by().values_list("stage").annotate(n=Count("*")))
    return [(stage.value, stage.label, counts.get(stage.value, 0)) for stage in Stage]


@dataclass
class ProgressSummary:
    """Where a set of households stands: how many at each stage, and how many have come as
    far as signing (the progress view; the agreement-based signing rate is DESIGN.md §5's)."""

    stages: list[tuple[str, str, int]]
    total: int
    signed_or_later: int
    signed_share: Decimal | None


def progress_summary(households) -> ProgressSummary:
    stages = stage_counts(households)
    signed_rank = Stage.rank(Stage.SIGNED)
    total = sum(count for _stage, _label, count in stages)
    signed = sum(count for stage, _label, count in stages if Stage.rank(stage) >= signed_rank)
    return ProgressSummary(stages, total, signed, percent(signed, total))


def recent_imports(*, user, limit: int = 5):
    """The latest roster files written into projects the user can see."""
    return (
        RosterImport.objects.for_user(user)
        .select_related("project", "imported_by")
        .order_by("-imported_at", "-id")[:limit]
    )


# What a row of the roster list shows. Read alone (with the project's name), the page's
# households are made in half the time of whole ones.
ROSTER_ROW_FIELDS = (
    "id",
    "code",
    "party_name",
    "id_masked",
    "credit_code",
    "stage",
    "has_duplicate_id",
    "added_after_freeze",
    "hardship_types",
    "project__name",
)


def roster_page(households, *, after: int | None):
    """A page of the roster list: its rows' fields only, in id order after `after`."""
    return keyset_page(households.select_related("project").only(*ROSTER_ROW_FIELDS), after=after)


def keyset_page(households, *, after: int | None, size: int = PAGE_SIZE):
    """One page in id order after a given id: the same cost on page 1 and page 1,000."""
    rows = households.order_by("id")
    if after:
        rows = rows.filter(id__gt=after)
    page = list(rows[: size + 1])
    return page[:size], (page[size - 1].id if len(page) > size else None)


def households_with_id(*, user, id_hash: str):
    """Households in the user's scope whose party or a member has this ID number."""
    member_households = HouseholdMember.objects.filter(id_hash=id_hash).values("household_id")
    return (
        Household.objects.for_user(user).filter(id_hash=id_hash)
        | Household.objects.for_user(user).filter(id__in=member_households)
    ).select_related("project", "district")


def duplicate_id_groups(*, user) -> list[dict]:
    """Groups of households sharing an ID number (party or member), for city staff to check."""
    flagged = list(
        Household.objects.for_user(user)
        .filter(has_duplicate_id=True)
        .select_related("project", "district")
        .prefetch_related("members")
        .order_by("id")
    )
    groups: dict[str, dict] = {}
    for household in flagged:
        people = [(household.id_hash, household.id_masked, household.party_name)]
        people += [(m.id_hash, m.id_masked, m.name) for m in household.members.all()]
        for id_hash, masked, name in people:
            if not id_hash:
                continue
            group = groups.setdefault(id_hash, {"masked": masked, "entries": []})
            # A household once per number, though its party is also its own head member.
            if household not in (entry for entry, _name in group["entries"]):
                group["entries"].append((household, name))
    return [g for g in groups.values() if len({h.id for h, _name in g["entries"]}) > 1]


def campaign_progress(campaigns) -> dict[tuple[int, int], int]:
    """Households demolished inside each campaign's period and scope, per district:
    {(campaign id, district id): households}. One query for all campaigns, counted in the
    database: a year's demolitions across the city are tens of thousands of events."""
    campaigns = list(campaigns)
    if not campaigns:
        return {}
    counts = {}
    for campaign in campaigns:
        counted = Q(effective_on__range=(campaign.starts_on, campaign.ends_on))
        if campaign.scope != CampaignScope.BOTH:
            counted &= Q(household__project__demolition_type=campaign.scope)
        counts[f"campaign_{campaign.id}"] = Count("household", distinct=True, filter=counted)
    by_district = (
        ProgressEvent.objects.filter(
            to_stage=Stage.DEMOLISHED,
            is_reversal=False,
            effective_on__gte=min(c.starts_on for c in campaigns),
            effective_on__lte=max(c.ends_on for c in campaigns),
        )
        .order_by()
        .values("household__district_id")
        .annotate(**counts)
    )
    return {
        (campaign.id, row["household__district_id"]): row[f"campaign_{campaign.id}"]
        for row in by_district
        for campaign in campaigns
        if row[f"campaign_{campaign.id}"]
    }


def vacated_dates(stages: dict[int, str]) -> dict:
    """{household id: the day it vacated} for the households of `stages` ({id: its stage})
    that stand at "vacated" or beyond: a move-out undone since does not count. One query."""
    moved_out = [
        pk for pk, stage in stages.items() if Stage.rank(stage) >= Stage.rank(Stage.VACATED)
    ]
    if not moved_out:
        return {}
    return dict(
        ProgressEvent.objects.filter(
            household__any=moved_out, to_stage=Stage.VACATED, is_reversal=False
        )
        .values("household_id")
        .annotate(last=Max("effective_on"))
        .values_list("household_id", "last")
    )


# --- Start rate (开工率), DESIGN.md §5 -----------------------------------------------------------


@dataclass
class DistrictStart:
    """A district's start figures on a day, with its place in the ranking."""

    district_id: int
    district_code: str
    name: str
    target_households: int
    started_households: int
    start_rate: Decimal | None
    started_projects: list[int]  # ids: the projects with a started household
    rank: int = 0
    started_at_last_milestone: int = 0
    met_last_milestone: bool | None = None  # None: none passed, or no target
    meets_milestone_in_force: bool | None = None  # None: none ahead, or no target


@dataclass
class StartRates:
    """The plan year's start rate of the city and of every district on the day `as_of`, the
    ranking, and the milestones either side of that day."""

    year: int
    as_of: date
    target_households: int
    started_households: int
    start_rate: Decimal | None
    started_projects: list[int]
    districts: list[DistrictStart]  # in ranking order
    milestone: PlanMilestone | None  # in force: the next one on or after as_of
    last_milestone: PlanMilestone | None  # the latest one before as_of

    @property
    def bottom_three(self) -> list[DistrictStart]:
        """The last three of the districts with a target (one without a target has no
        rate to rank it by), named when there are more than three."""
        ranked = [d for d in self.districts if d.start_rate is not None]
        return ranked[-3:] if len(ranked) > 3 else []

    @property
    def city_meets_milestone(self) -> bool | None:
        """The city against the milestone in force (None: none ahead, or no target)."""
        if not (self.milestone and self.target_households):
            return None
        return milestone_reached(self.started_households, self.target_households, self.milestone)

    @property
    def city_met_last_milestone(self) -> bool | None:
        """The city against the last milestone passed, by the households started on its day."""
        if not (self.last_milestone and self.target_households):
            return None
        started = sum(row.started_at_last_milestone for row in self.districts)
        return milestone_reached(started, self.target_households, self.last_milestone)

    def households_filter(self, district: DistrictStart | None = None) -> dict:
        """The household list's filter that reproduces the started households of the
        figure (a report stores this, not 300,000 ids)."""
        params = {"plan_year": self.year, "started_by": self.as_of.isoformat()}
        return {**params, "district": district.district_id} if district else params


def start_as_of(year: int, today: date) -> date:
    """The day a year's figures stand on: today within the year, its last day after it."""
    return min(today, date(year, 12, 31))


def start_rates(*, plan: AnnualPlan, as_of: date) -> StartRates:
    """Start rate = started households of the plan year's projects ÷ the plan's target
    households, city and districts; ranked by start rate, then started households, then
    district code. The same for every reader (a city-wide figure). Four queries; the started
    households are read once, from an index that holds every column the count needs."""
    milestones = list(plan.milestones.order_by("due_date"))
    ahead = next((m for m in milestones if m.due_date >= as_of), None)
    passed = [m for m in milestones if m.due_date < as_of]
    last = passed[-1] if passed else None
    targets = dict(plan.district_targets.values_list("district_id", "households"))
    started = Household.objects.filter(
        project__any=plan_year_projects(plan.year), started_on__isnull=False, started_on__lte=as_of
    )
    counts: dict[int, dict] = {}
    projects: dict[int, list[int]] = {}
    for row in (
        # Grouped by hashing, unordered: sorting the city's 80,000 started households by
        # district first spilled to disk (a third of the count's time).
        started.order_by()
        .values("district_id", "project_id")
        .annotate(
            n=Count("*"),
            # started_on is set on every row counted: counting it reads the index alone
            at_last=Count("started_on", filter=Q(started_on__lte=last.due_date))
            if last
            else Value(0),
        )
    ):
        count = counts.setdefault(row["district_id"], {"n": 0, "at_last": 0})
        count["n"] += row["n"]
        count["at_last"] += row["at_last"]
        projects.setdefault(row["district_id"], []).append(row["project_id"])
    for ids in projects.values():
        ids.sort()
    rows = []
    for region in Region.objects.districts().order_by("code"):
        target = targets.get(region.id, 0)
        count = counts.get(region.id, {})
        row = DistrictStart(
            district_id=region.id,
            district_code=region.code,
            name=region.name,
            target_households=target,
            started_households=count.get("n", 0),
            start_rate=percent(count.get("n", 0), target),
            started_projects=projects.get(region.id, []),
            started_at_last_milestone=count.get("at_last", 0),
        )
        if target and last is not None:
            row.met_last_milestone = milestone_reached(row.started_at_last_milestone, target, last)
        if target and ahead is not None:
            row.meets_milestone_in_force = milestone_reached(row.started_households, target, ahead)
        rows.append(row)
    rows.sort(key=_ranking_key)
    for place, row in enumerate(rows, start=1):
        row.rank = place
    total = sum(row.started_households for row in rows)
    return StartRates(
        year=plan.year,
        as_of=as_of,
        target_households=plan.target_households or 0,
        started_households=total,
        start_rate=percent(total, plan.target_households or 0),
        started_projects=sorted(p for row in rows for p in row.started_projects),
        districts=rows,
        milestone=ahead,
        last_milestone=last,
    )


def milestone_reached(started: int, target: int, milestone: PlanMilestone) -> bool:
    """Whether `started` of `target` households reach the milestone's share: by whole
    households, never by a rate rounded up for display (1,999 of 2,000 is not 100%)."""
    return started * 100 >= milestone.start_rate_threshold * target


def _ranking_key(row: DistrictStart):
    """District ranking (DESIGN.md §5): start rate, then started households, then code; a
    district with no target (no rate) last."""
    rate = row.start_rate if row.start_rate is not None else Decimal(-1)
    return (-rate, -row.started_households, row.district_code)


def demolished_in(households, *, start: date, end: date):
    """The households moved to "demolished" in [start, end] and not moved back since (the
    annual summary's figure and the household list's filter behind it)."""
    events = ProgressEvent.objects.filter(
        to_stage=Stage.DEMOLISHED,
        is_reversal=False,
        effective_on__gte=start,
        effective_on__lte=end,
    )
    return households.filter(
        stage__in=Stage.values[Stage.rank(Stage.DEMOLISHED) :],
        id__in=events.values("household_id"),
    )


def demolitions_by_type(*, start: date, end: date) -> dict[str, dict]:
    """{demolition type (urban/rural): {"households", "projects": ids}} of the households
    demolished in [start, end], by their project's type."""
    rows = (
        demolished_in(Household.objects.all(), start=start, end=end)
        .order_by()
        .values("project__demolition_type", "project_id")
        .annotate(n=Count("id", distinct=True))
        .values_list("project__demolition_type", "project_id", "n")
    )
    figures: dict[str, dict] = {}
    for kind, project_id, count in rows:
        row = figures.setdefault(kind, {"households": 0, "projects": []})
        row["households"] += count
        row["projects"].append(project_id)
    return figures


def improved_up_to(*, end: date) -> dict:
    """Households settled (moved to "settled" on or before `end` and still there) and the
    people improved — the members of those households (DESIGN.md §5). Two queries."""
    settled = Household.objects.filter(stage=Stage.SETTLED, stage_changed_on__lte=end)
    return {
        "households": settled.count(),
        "people": HouseholdMember.objects.filter(household__in=settled).count(),
    }


def moved_back_in(*, start: date, end: date) -> int:
    """Households handed their resettlement unit (回迁) in [start, end]."""
    return Household.objects.filter(
        unit_handed_over_on__gte=start, unit_handed_over_on__lte=end
    ).count()


@dataclass
class ProjectProgress:
    """Where one project's households stand on a day: at each stage, and started."""

    households: int = 0
    started: int = 0
    stages: dict = field(default_factory=dict)  # {stage: households}
    unstarted: dict = field(default_factory=dict)  # {stage: households not started}


def project_progress(households, *, as_of: date) -> dict[int, ProjectProgress]:
    """{project id: ProjectProgress} of the given households, the started ones counted by
    the start date (DESIGN.md §5) on or before `as_of`. One query, whatever the size."""
    figures: dict[int, ProjectProgress] = {}
    for project_id, stage, n, started in (
        households.order_by()
        .values("project_id", "stage")
        .annotate(n=Count("*"), started=Count("id", filter=Q(started_on__lte=as_of)))
        .values_list("project_id", "stage", "n", "started")
    ):
        row = figures.setdefault(project_id, ProjectProgress())
        row.households += n
        row.started += started
        row.stages[stage] = n
        if n > started:
            row.unstarted[stage] = n - started
    return figures


def households_also_carrying(*, id_hash: str, household, user) -> tuple[list, bool]:
    """The other households whose party or a member carries an ID number (a possible double
    compensation): those in the user's scope (households_with_id), and whether any lies
    outside it. Two queries."""
    theirs = list(households_with_id(user=user, id_hash=id_hash).exclude(pk=household.pk))
    members = HouseholdMember.objects.filter(id_hash=id_hash).values("household_id")
    carrying = (
        Household.objects.filter(Q(id_hash=id_hash) | Q(id__in=members))
        .exclude(pk=household.pk)
        .count()
    )
    return theirs, carrying > len(theirs)
