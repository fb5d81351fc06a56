"""Demo households for every project, at every stage, with consistent progress histories."""

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count
from faker import Faker
from faker.providers.phone_number.zh_CN import Provider as PhoneProvider
from faker.providers.ssn.zh_CN import Provider as SsnProvider
from stdnum.cn import ric

from core.bulk import InHelperProcess, copy_rows, copy_update, reserve_ids
from households import crypto
from households.choices import (
    Hardship,
    HouseUse,
    Intention,
    LandType,
    PartyType,
    Recognition,
    Stage,
)
from households.models import Household, HouseholdMember, ProgressEvent
from households.selectors import start_rates
from households.services import refresh_duplicate_flags
from projects.choices import DemolitionType, ExpropriationStatus
from projects.models import AnnualPlan, DistrictTarget, PlanMilestone

# How far households of a project have come, by the project's expropriation status.
_REACHABLE = {
    ExpropriationStatus.NOT_STARTED: [Stage.REGISTERED],
    ExpropriationStatus.SCOPE_ANNOUNCED: [Stage.REGISTERED, Stage.SURVEYED],
    ExpropriationStatus.DECISION_ANNOUNCED: [Stage.SURVEYED, Stage.APPRAISED],
    ExpropriationStatus.SIGNING: [
        Stage.APPRAISED,
        Stage.SIGNED,
        Stage.SIGNED,
        Stage.VACATED,
        Stage.DEMOLISHED,
    ],
    ExpropriationStatus.COMPLETED: [
        Stage.SIGNED,
        Stage.VACATED,
        Stage.DEMOLISHED,
        Stage.SETTLED,
        Stage.SETTLED,
    ],
}
RELATIONS = ["配偶", "子", "女", "父亲", "母亲", "孙子", "孙女"]
COMPANIES = ["江州市第二食品厂", "江州红星商店", "江州市机电修配厂", "江州市供销社门市部"]


def _stage_dates(
    count: int, *, start: date, today: date, rng: random.Random, earliest: list
) -> list[date]:
    """The dates a household reached its `count` stages: a few weeks apart, never before the
    project's approval nor before the project step a stage needs (`earliest`, per stage: the
    scope announced before a survey, the decision before an appraisal, the signing period's
    start before a signing), the latest one spread over this year and the last, as a
    programme at work has them (so this year's campaigns count demolitions)."""
    if not count:
        return []
    gaps = [rng.randint(5, 40) for _ in range(count - 1)]
    earliest_last = start + timedelta(days=sum(gaps))
    window_start = max(earliest_last, date(today.year - 1, 7, 1))
    if window_start >= today:
        last = today
    else:
        last = window_start + timedelta(days=rng.randint(0, (today - window_start).days))
    days = [last]
    for gap in reversed(gaps):
        days.append(max(days[-1] - timedelta(days=gap), start))
    days.reverse()
    for index in range(count):  # each stage no earlier than its project step and the last one
        floors = [d for d in (earliest[index], days[index - 1] if index else None) if d]
        if floors:
            days[index] = min(max(days[index], *floors), today)
    return days


def _earliest(project) -> list:
    """Per reachable stage (surveyed … settled), the project step it cannot come before."""
    return [
        project.scope_announced_on,
        project.decision_announced_on,
        project.signing_starts_on,
        None,
        None,
        None,
    ]


class People:
    """Fictional people by the hundred thousand: names and streets drawn from pools Faker
    made once, ID numbers (a region code Faker knows, a birth date, a valid check digit) and
    mobile numbers made here — Faker makes each in 15–70 µs, most of a city's seed."""

    def __init__(self, fake: Faker, rng: random.Random, today: date):
        self.rng, self.today = rng, today
        self.names = [fake.name() for _ in range(20000)]
        self.streets = [fake.street_name() for _ in range(500)]
        self.mobile_prefixes = [str(p) for p in PhoneProvider.phonenumber_prefixes]

    def name(self) -> str:
        return self.rng.choice(self.names)

    def street(self) -> str:
        return self.rng.choice(self.streets)

    def phone(self) -> str:
        return f"{self.rng.choice(self.mobile_prefixes)}{self.rng.randrange(10**8):08d}"

    def id_number(self) -> str:
        born = self.today - timedelta(days=self.rng.randint(18 * 365, 90 * 365))
        body = (
            f"{self.rng.choice(SsnProvider.area_codes)}{born:%Y%m%d}{self.rng.randrange(1000):03d}"
        )
        return body + ric.calc_check_digit(body + "?")  # it reads a number with its check digit


# A demo household's drawn fields, in the order its rows hold them (the rest take their
# defaults as a new instance would).
_DRAWN = [
    "id",
    "project",
    "district",
    "code",
    "party_type",
    "party_name",
    "credit_code",
    "phone",
    "property_certificate_no",
    "address",
    "land_type",
    "use",
    "legal_area",
    "unregistered_area",
    "unregistered_recognition",
    "hardship_types",
    "intention",
    "stage",
    "added_after_freeze",
    "decision_issued_on",
    "stage_changed_on",
    "roster_people",
    *crypto.PROTECTED_FIELDS,
]


class _Holder(NamedTuple):
    """A drawn household with an ID number, for the few put on two projects' rosters."""

    pk: int
    project_id: int
    party_name: str
    forms: dict  # the stored forms of the number, by field name


def seed_households(
    *, projects, rng: random.Random, recorders: dict, today: date, per_project: tuple[int, int]
) -> int:
    """`recorders` maps a district id to the official who records its progress."""
    fake = Faker("zh_CN")
    fake.seed_instance(rng.randint(0, 10**6))
    people = People(fake, rng, today)
    # Each choice's options listed once, not again for each of 300,000 households.
    recognitions, hardships, intentions = list(Recognition), list(Hardship.values), list(Intention)
    party_types = [PartyType.OWNER] * 9 + [PartyType.PUBLIC_LESSEE]
    stages = Stage.values
    # Households as rows of _DRAWN but their key and ID number forms, not model instances:
    # making 300,000 of them and reading them back for the COPY took a sixth of this step.
    rows, heads, members_of, events_of = [], [], [], []
    # The ID numbers' stored forms are made by a helper process while the households are
    # drawn (encrypting the city's 1.2 million took a third of this step): a number stands
    # for its forms by its place among the helper's results. Fernet takes its IVs from the
    # system, not from `rng`, so the households drawn are the same.
    with InHelperProcess(crypto.protected) as protector:
        for project in projects:
            start = project.approved_on or today - timedelta(days=365)
            earliest = _earliest(project)
            recorder = recorders[project.district_id].pk
            for number in range(1, rng.randint(*per_project) + 1):
                organisation = rng.random() < 0.04
                party_id = "" if organisation else people.id_number()
                # The head's number is the party's: encrypted once for both rows.
                head = protector.add(party_id) if party_id else None
                after_freeze = bool(project.freeze_date) and rng.random() < 0.02
                stage = rng.choice(_REACHABLE[project.expropriation_status])
                party_type = PartyType.ORGANISATION if organisation else rng.choice(party_types)
                party_name = rng.choice(COMPANIES) if organisation else people.name()
                row = [
                    project.pk,
                    project.district_id,
                    f"{project.code[-6:]}-{number:04d}",
                    party_type,
                    party_name,
                    f"91{project.district.code}{rng.randint(10**9, 10**10 - 1)}"
                    if organisation
                    else "",
                    people.phone(),
                    f"江房权证字第{rng.randint(100000, 999999)}号",
                    f"{(project.street or project.district).name}{people.street()}"
                    f"{rng.randint(1, 200)}号",
                    LandType.COLLECTIVE
                    if project.demolition_type == DemolitionType.RURAL
                    else LandType.STATE,
                    HouseUse.NON_RESIDENTIAL
                    if organisation or rng.random() < 0.05
                    else HouseUse.RESIDENTIAL,
                    Decimal(rng.randint(35, 140)),
                    Decimal(rng.choice([0, 0, 0, 8, 15, 22])),
                    rng.choice(recognitions),
                    rng.sample(hardships, k=1) if rng.random() < 0.08 else [],
                    rng.choice(intentions),
                    stage,
                    after_freeze,
                    today - timedelta(days=rng.randint(10, 60))
                    if stage == Stage.APPRAISED and rng.random() < 0.1
                    else None,
                ]
                reached = stages[1 : Stage.rank(stage) + 1]
                days = _stage_dates(
                    len(reached), start=start, today=today, rng=rng, earliest=earliest
                )
                events_of.append((recorder, days))
                members = []
                if not organisation:
                    members = [(party_name, "户主", head)]
                    members += [
                        (people.name(), rng.choice(RELATIONS), protector.add(people.id_number()))
                        for _ in range(rng.randint(0, 4))
                    ]
                # The roster declares the household's people; not all are registered members.
                people_on_roster = None if organisation else len(members) + (rng.random() < 0.1)
                row += [days[-1] if days else None, people_on_roster]
                rows.append(row)
                heads.append(head)
                members_of.append([(*member, after_freeze) for member in members])
        forms = protector.results()
    ids = reserve_ids(Household, len(rows))
    no_id_number = tuple(
        Household._meta.get_field(name).get_default() for name in crypto.PROTECTED_FIELDS
    )
    # Keys first, then COPY: the rows go in once, each with its history row, and the
    # members and events can point to them.
    copy_rows(
        Household,
        _DRAWN,
        (
            (pk, *row, *(no_id_number if head is None else forms[head]))
            for pk, row, head in zip(ids, rows, heads, strict=True)
        ),
    )
    copy_rows(
        HouseholdMember,
        ["household", "name", "relation", "added_after_freeze", *crypto.PROTECTED_FIELDS],
        (
            (pk, name, relation, after_freeze, *forms[place])
            for pk, members in zip(ids, members_of, strict=True)
            for name, relation, place, after_freeze in members
        ),
    )
    copy_rows(
        ProgressEvent,
        ["household", "from_stage", "to_stage", "effective_on", "recorded_by"],
        (
            (pk, previous, reached, day, recorder)
            for pk, (recorder, days) in zip(ids, events_of, strict=True)
            for previous, reached, day in zip(stages, stages[1:], days, strict=False)
        ),
    )

    # A few people on the rosters of two projects: the duplicate check must find them.
    holders = [
        _Holder(pk, row[0], row[4], dict(zip(crypto.PROTECTED_FIELDS, forms[head], strict=True)))
        for pk, row, head in zip(ids, rows, heads, strict=True)
        if head is not None
    ]
    duplicates = set()
    for source, target in zip(rng.sample(holders, 3), rng.sample(holders, 3), strict=True):
        if source.project_id != target.project_id:
            HouseholdMember.objects.create(
                household_id=target.pk,
                name=source.party_name,
                relation="兄弟姐妹",
                **source.forms,
            )
            duplicates.add(source.forms["id_hash"])
    refresh_duplicate_flags(duplicates)
    return len(rows)


def hold_at_stage(project, stage: str) -> None:
    """Take the project's households no further than `stage` (a demo project whose
    agreements are still conditional: nobody has moved out yet)."""
    later = [s for s in Stage.values if Stage.rank(s) > Stage.rank(stage)]
    households = list(Household.objects.filter(project=project, stage__in=later))
    ProgressEvent.objects.filter(household__in=households, to_stage__in=later).delete()
    reached = dict(
        ProgressEvent.objects.filter(household__in=households, to_stage=stage).values_list(
            "household_id", "effective_on"
        )
    )
    for household in households:
        household.stage, household.stage_changed_on = stage, reached[household.pk]
    copy_update(Household, households, ["stage", "stage_changed_on"])


def seed_plan_targets(*, today: date) -> None:
    """This year's targets where the demo city's rosters are: each district's target is its
    plan-year households. The milestones already passed are set where those districts but
    the last stood on their dates, rounded down to 5%, and the year ends at 100%. The last
    district's plan counted on households not on its roster yet: its target is 40% above
    its roster, and above what it had started by each passed milestone at that threshold,
    so it is the one district behind."""
    plan = AnnualPlan.objects.get(year=today.year)
    rosters = dict(
        Household.objects.filter(project__plan_year=plan.year)
        .values("district_id")
        .annotate(n=Count("id"))
        .values_list("district_id", "n")
    )
    targets = list(plan.district_targets.select_related("district").order_by("district__code"))
    lagging = targets[-1]
    for target in targets:
        target.households = rosters.get(target.district_id, 0)
    _save_targets(plan, targets)
    milestones, lagging_target = [], rosters.get(lagging.district_id, 0) * 7 // 5
    for due in (date(plan.year, 6, 30), date(plan.year, 9, 30)):
        if due >= today:
            milestones.append({"due_date": due, "start_rate_threshold": Decimal("80")})
            continue
        rates = start_rates(plan=plan, as_of=due).districts
        # From whole households, as milestone_reached reads them: a rate rounded up for
        # display (39.96% shown 40.0%) would set a threshold its district misses.
        lowest = min(
            (
                Decimal(d.started_households * 100) / d.target_households
                for d in rates
                if d.district_id != lagging.district_id and d.target_households
            ),
            default=Decimal("5"),
        )
        threshold = max(Decimal("5"), lowest // 5 * 5)
        milestones.append({"due_date": due, "start_rate_threshold": threshold})
        started = next(d.started_households for d in rates if d.district_id == lagging.district_id)
        lagging_target = max(lagging_target, int(started * 100 / threshold) + 1)
    milestones.append({"due_date": date(plan.year, 12, 31), "start_rate_threshold": Decimal("100")})
    plan.milestones.all().delete()
    PlanMilestone.objects.bulk_create(PlanMilestone(plan=plan, **row) for row in milestones)
    lagging.households = lagging_target
    _save_targets(plan, targets)


def _save_targets(plan, targets) -> None:
    """The districts' targets as given (households; in kind two fifths, units as many) and
    the plan's the sum of theirs."""
    for target in targets:
        target.households_in_kind = target.households * 2 // 5
        target.households_monetary = target.households - target.households_in_kind
        target.units = target.households_in_kind
    DistrictTarget.objects.bulk_update(
        targets, ["households", "households_in_kind", "households_monetary", "units"]
    )
    plan.target_households = sum(t.households for t in targets)
    plan.target_households_in_kind = sum(t.households_in_kind for t in targets)
    plan.target_households_monetary = plan.target_households - plan.target_households_in_kind
    plan.target_units = plan.target_households_in_kind
    plan.save()
