"""The fictional demo city: its regions and a few projects per district (seed_demo)."""

import random
from datetime import date, timedelta
from decimal import Decimal

from faker import Faker

from core.models import Region
from core.workdays import first_working_day_after_spring_festival, working_day
from projects.choices import (
    CampaignScope,
    ConstructionStatus,
    DailyStatusKind,
    DemolitionType,
    ExpropriationStatus,
    FundingSource,
    ProjectCategory,
    ResettlementMode,
    StartRule,
)
from projects.filing import daily_status_deadline, is_late
from projects.models import (
    AnnualPlan,
    Campaign,
    CampaignTarget,
    DailyStatus,
    DistrictTarget,
    InvestmentReport,
    PlanMilestone,
    Project,
    ProjectFunding,
    ProjectStatusChange,
    ResettlementBuilding,
    ResettlementSite,
)
from projects.status_log import construction_states_on_days

PROJECT_STEMS = [
    "老火车站片区",
    "纺织厂宿舍区",
    "机械厂职工住宅区",
    "老城墙根片区",
    "粮站片区",
    "糖厂片区",
    "船厂生活区",
    "棉纺三厂片区",
    "水泥厂片区",
    "烟厂宿舍片区",
    "西湖村城中村",  # within the first twelve: the small city has a rural (农拆) project too
    "北关片区",
    "铁路新村片区",
    "化肥厂片区",
    "砖瓦厂片区",
    "南门口片区",
    "东岗村城中村",
    "老电厂片区",
]
LEADER_POSTS = [
    "区委常委、常务副区长",
    "副区长",
    "区人大常委会副主任",
    "区政协副主席",
    "区委常委、组织部部长",
]
NOT_RESUMED_REASONS = [
    "连续降雨，土方作业暂停",
    "材料进场延迟",
    "工人返乡未到岗",
    "等待施工许可变更",
    "塔吊检修",
    "周边群众诉求未化解",
    "资金未到位，施工单位停工",
]
SUSPENSION_REASONS = ["规划调整，暂停施工", "征收未完成，无法进场", "安全隐患整改"]

# (expropriation, construction) pairs in the order a project lives through them.
LIFECYCLE = [
    (ExpropriationStatus.NOT_STARTED, ConstructionStatus.NOT_STARTED),
    (ExpropriationStatus.SCOPE_ANNOUNCED, ConstructionStatus.NOT_STARTED),
    (ExpropriationStatus.DECISION_ANNOUNCED, ConstructionStatus.NOT_STARTED),
    (ExpropriationStatus.SIGNING, ConstructionStatus.NOT_STARTED),
    (ExpropriationStatus.SIGNING, ConstructionStatus.UNDER_CONSTRUCTION),
    (ExpropriationStatus.COMPLETED, ConstructionStatus.UNDER_CONSTRUCTION),
    (ExpropriationStatus.COMPLETED, ConstructionStatus.UNDER_CONSTRUCTION),
    (ExpropriationStatus.COMPLETED, ConstructionStatus.UNDER_CONSTRUCTION),
    (ExpropriationStatus.COMPLETED, ConstructionStatus.SUSPENDED),
    (ExpropriationStatus.COMPLETED, ConstructionStatus.COMPLETED),
    (ExpropriationStatus.COMPLETED, ConstructionStatus.ACCEPTED),
]
_EXPROPRIATION_ORDER = list(ExpropriationStatus)


def seed_plans(*, districts, projects_per_district: int, today: date) -> list[AnnualPlan]:
    plans = []
    for year in (today.year - 1, today.year):
        per_district = projects_per_district // 2 * 120  # about 120 households a project
        households = per_district * len(districts)
        in_kind = households * 2 // 5
        plan = AnnualPlan.objects.create(
            year=year,
            target_households=households,
            target_households_in_kind=in_kind,
            target_households_monetary=households - in_kind,
            target_units=in_kind,
            target_projects=projects_per_district // 2 * len(districts),
            target_investment=Decimal(households) * Decimal("45.5"),
            start_rule=StartRule.EFFECTIVE_AND_PAID,
            document_number=f"江棚改〔{year}〕1号",
        )
        PlanMilestone.objects.bulk_create(
            [
                PlanMilestone(
                    plan=plan, due_date=date(year, 6, 30), start_rate_threshold=Decimal("50")
                ),
                PlanMilestone(
                    plan=plan, due_date=date(year, 8, 31), start_rate_threshold=Decimal("80")
                ),
                PlanMilestone(
                    plan=plan, due_date=date(year, 10, 31), start_rate_threshold=Decimal("100")
                ),
            ]
        )
        district_in_kind = per_district * 2 // 5
        DistrictTarget.objects.bulk_create(
            DistrictTarget(
                plan=plan,
                district=d,
                households=per_district,
                households_in_kind=district_in_kind,
                households_monetary=per_district - district_in_kind,
                units=district_in_kind,
                projects=projects_per_district // 2,
                investment=Decimal(per_district) * Decimal("45.5"),
            )
            for d in districts
        )
        plans.append(plan)
    return plans


def _project_dates(rng, stage: int, today: date) -> dict:
    """Key dates consistent with how far the project has come (stage indexes LIFECYCLE)."""
    expropriation, construction = LIFECYCLE[stage]
    approved = today - timedelta(days=rng.randint(420, 700))
    dates = {"approved_on": approved}
    step = _EXPROPRIATION_ORDER.index(expropriation)
    if step >= 1:
        dates["scope_announced_on"] = dates["freeze_date"] = approved + timedelta(
            days=rng.randint(20, 60)
        )
    if step >= 2:
        dates["decision_announced_on"] = dates["scope_announced_on"] + timedelta(
            days=rng.randint(30, 90)
        )
    if step >= 3:
        dates["signing_starts_on"] = dates["decision_announced_on"] + timedelta(
            days=rng.randint(3, 10)
        )
        dates["signing_ends_on"] = dates["signing_starts_on"] + timedelta(days=rng.randint(60, 120))
    if construction != ConstructionStatus.NOT_STARTED:
        dates["construction_started_on"] = today - timedelta(days=rng.randint(90, 300))
    if construction in (ConstructionStatus.COMPLETED, ConstructionStatus.ACCEPTED):
        dates["completed_on"] = today - timedelta(days=rng.randint(20, 60))
    if construction == ConstructionStatus.ACCEPTED:
        dates["accepted_on"] = dates["completed_on"] + timedelta(days=rng.randint(5, 15))
    return dates


def _status_changes(project: Project, liaison) -> list[ProjectStatusChange]:
    """The log entries that would have led to the project's two statuses."""
    changes = []
    steps = [
        (ExpropriationStatus.SCOPE_ANNOUNCED, project.scope_announced_on),
        (ExpropriationStatus.DECISION_ANNOUNCED, project.decision_announced_on),
        (ExpropriationStatus.SIGNING, project.signing_starts_on),
    ]
    previous = ExpropriationStatus.NOT_STARTED
    for status, on in steps:
        if _EXPROPRIATION_ORDER.index(project.expropriation_status) >= _EXPROPRIATION_ORDER.index(
            status
        ):
            changes.append(
                ProjectStatusChange(
                    project=project,
                    track=ProjectStatusChange.Track.EXPROPRIATION,
                    from_status=previous,
                    to_status=status,
                    effective_on=on,
                    changed_by=liaison,
                )
            )
            previous = status
    if project.expropriation_status == ExpropriationStatus.COMPLETED:
        changes.append(
            ProjectStatusChange(
                project=project,
                track=ProjectStatusChange.Track.EXPROPRIATION,
                from_status=previous,
                to_status=ExpropriationStatus.COMPLETED,
                effective_on=project.signing_ends_on,
                changed_by=liaison,
            )
        )
    if project.construction_started_on:
        changes.append(
            ProjectStatusChange(
                project=project,
                track=ProjectStatusChange.Track.CONSTRUCTION,
                from_status=ConstructionStatus.NOT_STARTED,
                to_status=ConstructionStatus.UNDER_CONSTRUCTION,
                effective_on=project.construction_started_on,
                changed_by=liaison,
            )
        )
    if project.construction_status == ConstructionStatus.SUSPENDED:
        changes.append(
            ProjectStatusChange(
                project=project,
                track=ProjectStatusChange.Track.CONSTRUCTION,
                from_status=ConstructionStatus.UNDER_CONSTRUCTION,
                to_status=ConstructionStatus.SUSPENDED,
                effective_on=project.construction_started_on + timedelta(days=30),
                reason=project.suspension_reason,
                changed_by=liaison,
            )
        )
    if project.completed_on:
        changes.append(
            ProjectStatusChange(
                project=project,
                track=ProjectStatusChange.Track.CONSTRUCTION,
                from_status=ConstructionStatus.UNDER_CONSTRUCTION,
                to_status=ConstructionStatus.COMPLETED,
                effective_on=project.completed_on,
                changed_by=liaison,
            )
        )
    if project.accepted_on:
        changes.append(
            ProjectStatusChange(
                project=project,
                track=ProjectStatusChange.Track.CONSTRUCTION,
                from_status=ConstructionStatus.COMPLETED,
                to_status=ConstructionStatus.ACCEPTED,
                effective_on=project.accepted_on,
                changed_by=liaison,
            )
        )
    return changes


def seed_projects(
    *, per_district: int, districts: list[Region], rng: random.Random, liaison, today: date
) -> list[Project]:
    fake = Faker("zh_CN")
    fake.seed_instance(rng.randint(0, 10**6))
    streets_of = {}
    for street in Region.objects.streets():
        streets_of.setdefault(street.parent_id, []).append(street)
    projects = []
    for district in districts:
        for number in range(1, per_district + 1):
            street = rng.choice(streets_of[district.id])
            stem = PROJECT_STEMS[(number - 1) % len(PROJECT_STEMS)]
            lot = (
                ""
                if number <= len(PROJECT_STEMS)
                else f"（{(number - 1) // len(PROJECT_STEMS) + 1}期）"
            )
            stage = (
                (number - 1) % len(LIFECYCLE)
                if number <= len(LIFECYCLE)
                else rng.randrange(len(LIFECYCLE))
            )
            expropriation, construction = LIFECYCLE[stage]
            households = rng.randint(40, 260)
            mode = rng.choice(list(ResettlementMode))
            rural = "村" in stem
            projects.append(
                Project(
                    code=f"PG{today.year}-{district.code[-2:]}-{number:03d}",
                    name=f"{district.name}{stem}棚户区改造项目{lot}",
                    district=district,
                    street=street,
                    plan_year=today.year if number % 2 else today.year - 1,
                    category=ProjectCategory.URBAN_VILLAGE
                    if rural
                    else rng.choice(
                        [
                            ProjectCategory.OLD_RESIDENTIAL,
                            ProjectCategory.DANGEROUS_HOUSING,
                            ProjectCategory.STATE_MINING,
                        ]
                    ),
                    demolition_type=DemolitionType.RURAL if rural else DemolitionType.URBAN,
                    resettlement_mode=mode,
                    planned_households=households,
                    planned_units=0 if mode == ResettlementMode.MONETARY else households * 3 // 5,
                    floor_area=Decimal(households * rng.randint(55, 95)),
                    planned_investment=Decimal(households) * Decimal(rng.randint(35, 60)),
                    lead_leader_name=fake.name(),
                    lead_leader_post=rng.choice(LEADER_POSTS),
                    responsible_unit=f"{district.name}住房保障和房屋征收办公室",
                    street_contact_name=fake.name(),
                    street_contact_phone=fake.phone_number(),
                    city_liaison=liaison,
                    expropriation_status=expropriation,
                    construction_status=construction,
                    suspension_reason=rng.choice(SUSPENSION_REASONS)
                    if construction == ConstructionStatus.SUSPENDED
                    else "",
                    **_project_dates(rng, stage, today),
                )
            )
            if number % 5 == 0 and projects[-1].signing_ends_on:
                # A threshold comes with the signing period it must be reached in.
                projects[-1].signing_threshold = Decimal("80")
    projects = Project.objects.bulk_create(projects, batch_size=2000)
    ProjectStatusChange.objects.bulk_create(
        [change for project in projects for change in _status_changes(project, liaison)],
        batch_size=5000,
    )
    ProjectFunding.objects.bulk_create(
        [
            ProjectFunding(
                project=p,
                source=source,
                planned=p.planned_investment * share,
                received=(
                    p.planned_investment * share * Decimal(rng.randint(30, 100)) / 100
                ).quantize(Decimal("0.01")),
            )
            for p in projects
            for source, share in [
                (FundingSource.CENTRAL_SUBSIDY, Decimal("0.2")),
                (FundingSource.SPECIAL_BOND, Decimal("0.5")),
                (FundingSource.SELF_RAISED, Decimal("0.3")),
            ]
        ],
        batch_size=5000,
    )
    return projects


def seed_sites(*, districts, projects, rng: random.Random, today: date) -> None:
    in_kind = [p for p in projects if p.resettlement_mode != ResettlementMode.MONETARY]
    for district in districts:
        served = [p for p in in_kind if p.district_id == district.id]
        site = ResettlementSite.objects.create(
            name=f"{district.name}安居苑",
            district=district,
            address=f"{district.name}安居路{rng.randint(1, 99)}号",
        )
        site.projects.set(served)
        buildings = []
        for number in range(1, rng.randint(3, 6)):
            started = today - timedelta(days=rng.randint(60, 400))
            capped = started + timedelta(days=rng.randint(120, 240))
            units = rng.choice([96, 120, 144, 176])
            # A site's first building is at times not started: then not capped either.
            begun = number != 1 or rng.random() < 0.7
            buildings.append(
                ResettlementBuilding(
                    site=site,
                    name=f"{number}号楼",
                    units=units,
                    foundation_started_on=started if begun else None,
                    structure_capped_on=capped if begun and capped <= today else None,
                )
            )
        ResettlementBuilding.objects.bulk_create(buildings)


def seed_investment(*, projects, rng: random.Random, user, today: date) -> None:
    reports = []
    for project in projects:
        if not project.construction_started_on:
            continue
        month = project.construction_started_on.replace(day=1)
        while month <= today.replace(day=1):
            reports.append(
                InvestmentReport(
                    project=project,
                    month=month,
                    reported_by=user,
                    amount=(
                        project.planned_investment / 12 * Decimal(rng.randint(60, 140)) / 100
                    ).quantize(Decimal("0.01")),
                )
            )
            month = (month + timedelta(days=32)).replace(day=1)
    InvestmentReport.objects.bulk_create(reports, batch_size=5000)


def seed_daily_statuses(
    *, projects, rng: random.Random, reporters: dict, today: date, days: int = 60
) -> None:
    """Statuses for the last `days` working days, with a few gaps and a few late ones.
    Today is left unfiled so the filing page has work to do."""
    filing = [
        p
        for p in projects
        if p.construction_status
        in (ConstructionStatus.UNDER_CONSTRUCTION, ConstructionStatus.SUSPENDED)
    ]
    statuses = []
    for offset in range(days, 0, -1):
        day = today - timedelta(days=offset)
        if not working_day(day).is_working_day:
            continue
        for project in filing:
            if project.construction_started_on and day < project.construction_started_on:
                continue
            if rng.random() < 0.04:
                continue  # not reported
            late = rng.random() < 0.08
            submitted = daily_status_deadline(day) + timedelta(
                minutes=rng.randint(5, 240) if late else -rng.randint(30, 400)
            )
            suspended = project.construction_status == ConstructionStatus.SUSPENDED
            kind = (
                DailyStatusKind.SUSPENDED
                if suspended
                else (
                    DailyStatusKind.NOT_RESUMED if rng.random() < 0.1 else DailyStatusKind.WORKING
                )
            )
            working = kind == DailyStatusKind.WORKING
            statuses.append(
                DailyStatus(
                    project=project,
                    district_id=project.district_id,
                    date=day,
                    status=kind,
                    workers_on_site=rng.randint(20, 300) if working else 0,
                    machinery_on_site=rng.randint(2, 25) if working else 0,
                    reason=""
                    if working
                    else (
                        project.suspension_reason if suspended else rng.choice(NOT_RESUMED_REASONS)
                    ),
                    expected_resumption_on=None
                    if working or suspended
                    else day + timedelta(days=rng.randint(1, 7)),
                    reporter=reporters[project.district_id],
                    first_submitted_at=submitted,
                    submitted_at=submitted,
                    is_late=is_late(day, submitted, project.construction_status),
                )
            )
    DailyStatus.objects.bulk_create(statuses, batch_size=5000)


def seed_campaigns(*, districts, rng: random.Random, today: date) -> None:
    for name, start, scope in [
        ("春雷行动", date(today.year, 3, 1), CampaignScope.BOTH),
        ("夏日风暴", date(today.year, 6, 1), CampaignScope.URBAN),
        ("冬季攻势", date(today.year, 11, 1), CampaignScope.BOTH),
    ]:
        campaign = Campaign.objects.create(
            name=f"{today.year}年棚改征收拆迁{name}",
            starts_on=start,
            ends_on=start + timedelta(days=60),
            scope=scope,
            description="集中力量攻坚清零签约未拆户。",
        )
        CampaignTarget.objects.bulk_create(
            CampaignTarget(campaign=campaign, district=d, households=rng.randint(20, 120))
            for d in districts
        )


def seed_spring_resumption(*, projects, rng: random.Random, reporters: dict, today: date) -> int:
    """The weeks after the Spring Festival, before the recent statuses: the projects under
    construction come back one after another until, on the eleventh working day, every one
    is working (the annual summary counts those days). Nothing when the festival is less
    than 60 days ago (the recent statuses cover it) or the calendar is not published."""
    first = first_working_day_after_spring_festival(today.year)
    if first is None or first >= today - timedelta(days=60):
        return 0
    # Working days after the festival each project takes to come back (one starting
    # construction in these weeks works from its first day).
    back_on = {
        p.pk: rng.randint(0, 10) if p.construction_started_on < first else 0
        for p in projects
        if p.construction_started_on
    }
    days, day = [], first  # the first eleven working days
    while len(days) <= 10:
        if working_day(day).is_working_day:
            days.append(day)
        day += timedelta(days=1)
    states_on = construction_states_on_days(days, [p for p in projects if p.pk in back_on])
    statuses = []
    for index, day in enumerate(days):
        states = states_on[day]
        for project in projects:
            if states.get(project.pk) != ConstructionStatus.UNDER_CONSTRUCTION:
                continue  # not started, completed, or suspended (outside the rate)
            working = back_on[project.pk] <= index
            filed = daily_status_deadline(day) - timedelta(minutes=rng.randint(30, 400))
            statuses.append(
                DailyStatus(
                    project=project,
                    district_id=project.district_id,
                    date=day,
                    status=DailyStatusKind.WORKING if working else DailyStatusKind.NOT_RESUMED,
                    workers_on_site=rng.randint(20, 300) if working else 0,
                    machinery_on_site=rng.randint(2, 25) if working else 0,
                    reason="" if working else "春节后务工人员尚未返岗",
                    expected_resumption_on=None
                    if working
                    else day + timedelta(days=back_on[project.pk] - index),
                    reporter=reporters[project.district_id],
                    first_submitted_at=filed,
                    submitted_at=filed,
                )
            )
    DailyStatus.objects.bulk_create(statuses, batch_size=5000)
    return len(statuses)
