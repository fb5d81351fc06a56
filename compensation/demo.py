"""Demo compensation: a scheme per project, appraisals and agreements consistent with each
household's stage, work teams and responsible officials, and the ledger's payments
(seed_demo).

Agreements are written in bulk with the figures the one formula engine computes; what only
the services may do with a household's stage — a lapse, a voiding — goes through them.
"""

import functools
import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, Q
from django.utils import timezone
from faker import Faker

from compensation import formulas, selectors, services
from compensation.choices import AgreementStatus, EntryKind, EntryStatus, SchemeStatus, UnitStatus
from compensation.models import (
    Agreement,
    AgreementLine,
    Allocation,
    Appraisal,
    Assignment,
    CompensationScheme,
    LedgerEntry,
    PayeeAccount,
    ResettlementUnit,
    SchemeItem,
    WorkTeam,
)
from core.bulk import InHelperProcess, analyze, copy_insert, copy_rows, copy_update
from households import crypto
from households import services as household_services
from households.choices import Intention, Mode, Stage
from households.demo import hold_at_stage
from households.models import Household, ProgressEvent
from projects.choices import ExpropriationStatus, FundingSource, ResettlementMode
from projects.models import ProjectFunding, ResettlementBuilding, ResettlementSite

FIRMS = ["江州华信房地产评估有限公司", "江州市正衡资产评估事务所", "江州中诚土地房地产估价公司"]


def _items(project, rng: random.Random) -> list[dict]:
    """The items of a published city scheme: value, decoration, moving (twice for a swap),
    temporary fee, cash bonus, hardship, minimum area, tiered and decaying signing rewards,
    a signing-rate reward, a subsidy forfeited by late signers, and in a third of the
    projects a reward by moving date (due on vacating, at the tier of that day)."""
    start = project.signing_starts_on or project.decision_announced_on
    tiers = []
    if start:
        tiers = [
            {"until": (start + timedelta(days=30)).isoformat(), "amount": "20000"},
            {"until": (start + timedelta(days=60)).isoformat(), "amount": "10000"},
        ]
    items = [
        {"code": "house", "name": "被征收房屋价值补偿", "kind": "area", "use_appraisal": True},
        {
            "code": "decoration",
            "name": "装饰装修补偿",
            "kind": "area",
            "unit_price": Decimal("300"),
        },
        {
            "code": "storage",
            "name": "杂物间补偿",
            "kind": "area",
            "area_class": "storage",
            "fraction": Decimal("0.5"),
            "unit_price": Decimal("2000"),
        },
        {
            "code": "moving",
            "name": "搬迁费",
            "kind": "area",
            "unit_price": Decimal("20"),
            "floor": Decimal("2000"),
            "times_swap": 2,
        },
        {
            "code": "temporary",
            "name": "临时安置费",
            "kind": "monthly",
            "unit_price": Decimal("15"),
            "months_monetary": 6,
            "months_swap": 24,
        },
        {
            "code": "cash_bonus",
            "name": "货币补偿奖励",
            "kind": "percent_of",
            "percent": Decimal("10"),
            "of_item": "house",
            "applies_to": "monetary",
        },
        {
            "code": "hardship",
            "name": "困难家庭补助",
            "kind": "hardship",
            "hardship_types": ["dibao", "tekun", "disability"],
            "amount": Decimal("10000"),
        },
        {
            "code": "minimum",
            "name": "最低补偿面积保障",
            "kind": "minimum",
            "min_area": Decimal("46"),
            "use_appraisal": True,
        },
        {
            "code": "all_in",
            "name": "整体签约奖励",
            "kind": "signing_rate",
            "amount": Decimal("5000"),
            "rate_level": Decimal("90"),
        },
        {
            "code": "subsidy",
            "name": "按期搬迁补助",
            "kind": "fixed",
            "amount": Decimal("20000"),
            "forfeit_after_period": True,
        },
    ]
    if tiers:
        items.append(
            {
                "code": "early",
                "name": "按期签约奖励",
                "kind": "signing_tiers",
                "tiers": tiers,
                "forfeit_after_period": True,
            }
        )
    if start and int(project.code[-3:]) % 3 == 0:  # not drawn: the draws stay as they were
        items.append(
            {
                "code": "on_time",
                "name": "腾空交房奖励",
                "kind": "moving_tiers",
                "tiers": [
                    {"until": (start + timedelta(days=120)).isoformat(), "amount": "15000"},
                    {"until": (start + timedelta(days=270)).isoformat(), "amount": "8000"},
                ],
            }
        )
    if rng.random() < 0.4:
        items.append(
            {
                "code": "prompt",
                "name": "限时签约奖励",
                "kind": "daily",
                "amount": Decimal("30000"),
                "grace_days": 20,
                "daily_step": Decimal("-1000"),
                "daily_limit": Decimal("0"),
            }
        )
    return items


def _scheme(project, author, approver, rng, today) -> tuple[CompensationScheme, list[SchemeItem]]:
    """The project's approved scheme and its items, unsaved: the city's 1,200 are written
    together (one by one, their statements took a tenth of the agreements' step)."""
    scheme = CompensationScheme(
        project=project,
        version=1,
        status=SchemeStatus.APPROVED,
        name=f"{project.name}征收补偿方案",
        document_number=f"{project.district.name[:2]}征补〔{today.year - 1}〕"
        f"{rng.randint(1, 40)}号",
        appraisal_base_date=project.decision_announced_on,
        settlement_cost_price=Decimal(rng.randint(3000, 4000)),
        settlement_market_price=Decimal(rng.randint(7000, 9000)),
        created_by=author,
        approved_by=approver,
        approved_at=project.updated_at,
    )
    items = [
        _as_stored(SchemeItem(order=order, **fields))
        for order, fields in enumerate(_items(project, rng), start=1)
    ]
    return scheme, items


# A scheme item's decimals, by the places the database keeps of each.
_ITEM_PLACES = {
    field.attname: Decimal(1).scaleb(-field.decimal_places)
    for field in SchemeItem._meta.concrete_fields
    if isinstance(field, DecimalField)
}


def _as_stored(item: SchemeItem) -> SchemeItem:
    """The item's decimals as the database gives them back (a fraction 0.5 as 0.500): the
    agreements are computed from the items before they are written, and their formulas print
    them."""
    for name, places in _ITEM_PLACES.items():
        value = getattr(item, name)
        if value is not None:
            setattr(item, name, value.quantize(places, rounding=ROUND_HALF_UP))
    return item


def seed_compensation(*, projects, rng: random.Random, today: date, officials: dict, approver):
    """`officials` maps a district id to who drafts its agreements and who reviews them."""
    fake = Faker("zh_CN")
    fake.seed_instance(rng.randint(0, 10**6))
    _hold_two_campaigns(projects, today)
    stage_dates = _stage_dates(projects)
    people = dict(
        Household.objects.filter(project__in=projects)
        .values("id")
        .annotate(n=Count("members", filter=Q(members__is_resettlement_person=True)))
        .values_list("id", "n")
    )
    schemes, appraisals, agreements = [], [], []
    lapse_candidate = None
    # The agreements' lines are computed by a helper process, a project at a time, while
    # the next projects are drawn: the formulas take nothing from `rng`.
    with InHelperProcess(_figures, batch=1) as figured:
        for project in projects:
            households = list(
                Household.objects.filter(project=project).order_by("code").only(*_FACTS_READ)
            )
            reached = [h for h in households if Stage.rank(h.stage) >= Stage.rank(Stage.APPRAISED)]
            if not reached:
                continue
            drafter, reviewer = officials[project.district_id]
            scheme, items = _scheme(project, drafter, approver, rng, today)
            schemes.append((scheme, items))
            unit_price = Decimal(rng.randint(60, 120) * 100)
            signed, facts = [], []
            for household in reached:
                appraised_on = stage_dates.get((household.pk, Stage.APPRAISED), today)
                price = unit_price + Decimal(rng.randint(-5, 5) * 100)
                appraisal = Appraisal(
                    household=household,
                    district_id=project.district_id,
                    firm=rng.choice(FIRMS),
                    report_no=f"PG-{project.code[-6:]}-{household.code[-4:]}",
                    appraised_on=appraised_on,
                    value=(household.legal_area * price).quantize(formulas.FEN),
                    unit_price=price,
                    recorded_by=drafter,
                )
                appraisals.append(appraisal)
                signed_on = stage_dates.get((household.pk, Stage.SIGNED))
                if signed_on is None and rng.random() > 0.2:
                    continue  # appraised, no draft yet
                mode = _mode(household, project, rng)
                on = signed_on or today
                agreement = Agreement(
                    household=household,
                    project=project,
                    district_id=project.district_id,
                    scheme=scheme,
                    appraisal=appraisal,
                    mode=mode,
                    planned_sign_on=on,
                    moving_deadline=on + timedelta(days=30),
                    payment_due_on=on + timedelta(days=15),
                    swap_area=household.legal_area if mode == Mode.SWAP else None,
                    swap_unit_type=rng.choice(["两室一厅", "三室一厅", "一室一厅"])
                    if mode == Mode.SWAP
                    else "",
                    transition_months=scheme.transition_months,
                    created_by=drafter,
                    # drafted five days before the (planned) signing, reviewed two days before
                    created_at=_morning(on - timedelta(days=5)),
                    status=AgreementStatus.DRAFT,
                )
                facts.append(
                    services.household_facts(
                        household=household,
                        project=project,
                        appraisal=appraisal,
                        mode=mode,
                        moving_on=agreement.moving_deadline,
                        signed_on=on,
                        eligible_people=people.get(household.pk, 0),
                    )
                )
                if signed_on:
                    agreement.reviewed_by, agreement.signed_by = reviewer, drafter
                    agreement.reviewed_at = _morning(on - timedelta(days=2))
                    agreement.signed_on = signed_on
                    signed.append(agreement)
                elif rng.random() < 0.5:
                    agreement.status, agreement.reviewed_by = AgreementStatus.REVIEWED, reviewer
                    agreement.reviewed_at = _morning(on - timedelta(days=2))
                agreements.append(agreement)
            figured.add((items, facts))
            vacated = [stage_dates.get((h.pk, Stage.VACATED)) for h in households]
            lapse_candidate = _settle_statuses(
                project,
                signed,
                len(households),
                today,
                lapse_candidate,
                first_vacated=min(filter(None, vacated), default=None),
            )
        figures = [each for project in figured.results() for each in project]
    for agreement, (total, _lines) in zip(agreements, figures, strict=True):
        agreement.total = total
    copy_insert(CompensationScheme, [scheme for scheme, _items in schemes], with_pk=True)
    for scheme, items in schemes:
        for item in items:
            item.scheme_id = scheme.pk
    copy_insert(SchemeItem, [item for _scheme, items in schemes for item in items])
    copy_insert(Appraisal, appraisals, with_pk=True)
    for agreement in agreements:
        agreement.scheme_id, agreement.appraisal_id = agreement.scheme.pk, agreement.appraisal.pk
    copy_insert(Agreement, agreements, with_pk=True, as_given=["created_at"])
    copy_rows(
        AgreementLine,
        ["agreement", *services.LINE_FIELDS],
        (
            (agreement.pk, *values)
            for agreement, (_total, lines) in zip(agreements, figures, strict=True)
            for values in lines
        ),
    )
    # The services below join these fresh tables: give the planner their real sizes first.
    analyze([Appraisal, Agreement, AgreementLine])
    # The households' agreement facts are written with their full payment (seed_ledger).
    services.agreements_meet_rate_conditions(projects=projects, on=today)
    _void_a_few(projects, officials, rng, today)
    if lapse_candidate:
        services.agreements_lapse(today=today, user=approver)
    _teams(projects, rng, fake)
    return len(agreements)


def _figures(job) -> list[tuple]:
    """(items, facts of each agreement): each agreement's total and its lines as stored
    (services.agreement_line_values), by the scheme's items, their numbers as the text
    COPY sends: the city's 2.4 million lines sent back as Decimals took the helper 17 s to
    pickle and send, and kept the seed waiting for it after the last project."""
    items, facts = job
    computed = [formulas.compute(items, one) for one in facts]
    return [
        (
            c.total,
            [
                tuple(str(v) if isinstance(v, Decimal) else v for v in values)
                for values in services.agreement_line_values(c)
            ],
        )
        for c in computed
    ]


# What the agreements read of a household: its stage, its choice and the facts the formulas
# take (services.household_facts); the rest of 300,000 rows is not loaded.
_FACTS_READ = (
    "project_id",
    "code",
    "stage",
    "intention",
    "legal_area",
    "unregistered_area",
    "unregistered_recognition",
    "storage_area",
    "hardship_types",
)


def _hold_two_campaigns(projects, today):
    """Two projects whose households have not moved out (nobody does under a conditional
    agreement): one still in its signing period, its campaign page counting the days left;
    one whose period ended below its threshold, so that its agreements lapse. The two whose
    households went least far are taken."""
    with_threshold = [
        project
        for project in projects
        if project.expropriation_status == ExpropriationStatus.SIGNING
        and project.signing_threshold is not None
        and project.signing_starts_on
        and project.signing_starts_on < today - timedelta(days=60)
    ]
    moved_out = dict(
        Household.objects.filter(
            project__in=with_threshold,
            stage__in=[Stage.VACATED, Stage.DEMOLISHED, Stage.SETTLED],
        )
        .values("project")
        .annotate(n=Count("id"))
        .values_list("project", "n")
    )
    with_threshold.sort(key=lambda p: (moved_out.get(p.pk, 0), p.code))
    for project, ends_on in zip(
        with_threshold, [today + timedelta(days=30), today - timedelta(days=1)], strict=False
    ):
        project.signing_ends_on = ends_on
        project.signing_threshold = Decimal("95")
        project.save(update_fields=["signing_ends_on", "signing_threshold"])
        hold_at_stage(project, Stage.SIGNED)


def _stage_dates(projects) -> dict:
    """(household id, stage) → the day it was reached, from the progress events."""
    return {
        (household_id, stage): on
        for household_id, stage, on in ProgressEvent.objects.filter(
            household__project__in=projects, is_reversal=False
        ).values_list("household_id", "to_stage", "effective_on")
    }


def _mode(household, project, rng) -> str:
    """The household's intention, or a draw when it has none; by money in a project that
    resettles by money only (the draw made all the same, so the city's draws stay as they
    were)."""
    if household.intention == Intention.SWAP:
        mode = Mode.SWAP
    elif household.intention == Intention.MONETARY:
        mode = Mode.MONETARY
    else:
        mode = rng.choice([Mode.MONETARY, Mode.SWAP])
    return Mode.MONETARY if project.resettlement_mode == ResettlementMode.MONETARY else mode


def _settle_statuses(project, signed, households, today, lapse_candidate, *, first_vacated):
    """Numbers in signing order, and the statuses the project's threshold gives them: all
    effective from the signing that crossed it; conditional while the period runs; one
    project of the demo left below it when its period ended (its agreements lapse then).

    Nobody moves out under a conditional agreement: where a household of the demo vacated
    before the threshold was crossed, the project's threshold is the share signed by that
    day (or none, below 30%)."""
    signed.sort(key=lambda a: (a.signed_on, a.household.code))
    for number, agreement in enumerate(signed, start=1):
        agreement.number = number
    threshold = project.signing_threshold
    if threshold is None:
        for agreement in signed:
            agreement.status, agreement.effective_on = (
                AgreementStatus.EFFECTIVE,
                agreement.signed_on,
            )
        return lapse_candidate
    needed = selectors.households_needed(households, threshold)
    if first_vacated is not None:
        by_then = sum(1 for agreement in signed if agreement.signed_on <= first_vacated)
        if by_then < needed:
            share = (Decimal(by_then * 100) / households).quantize(Decimal("1"), ROUND_FLOOR)
            project.signing_threshold = share if share >= 30 else None
            project.save(update_fields=["signing_threshold"])
            return _settle_statuses(
                project, signed, households, today, lapse_candidate, first_vacated=None
            )
    ended = project.signing_ends_on and project.signing_ends_on < today
    if len(signed) < needed and ended:
        if lapse_candidate is None and signed and first_vacated is None:
            for agreement in signed:
                agreement.status = AgreementStatus.CONDITIONAL
            project.signing_ends_on = max(project.signing_ends_on, signed[-1].signed_on)
            project.save(update_fields=["signing_ends_on"])
            return project
        # Every other project of the demo reached the threshold it set (a lower one).
        reached_share = Decimal(len(signed) * 100 / max(households, 1)).quantize(Decimal("1"))
        project.signing_threshold = max(reached_share - 5, Decimal("30")) if signed else None
        project.save(update_fields=["signing_threshold"])
        return _settle_statuses(
            project, signed, households, today, lapse_candidate, first_vacated=first_vacated
        )
    crossing = signed[needed - 1].signed_on if len(signed) >= needed else None
    for agreement in signed:
        if crossing:
            agreement.status = AgreementStatus.EFFECTIVE
            agreement.effective_on = max(agreement.signed_on, crossing)
        else:
            agreement.status = AgreementStatus.CONDITIONAL
    return lapse_candidate


@functools.cache  # a few hundred days for 400,000 agreement dates
def _morning(day: date) -> datetime:
    """9 a.m. of the day, where the bureau is (the project's time zone, whatever is active)."""
    return timezone.make_aware(datetime.combine(day, time(9)), timezone.get_default_timezone())


def _void_a_few(projects, officials, rng, today):
    """A voided agreement here and there: a household signed in error, back to appraised."""
    candidates = list(
        Agreement.objects.filter(project__in=projects, status=AgreementStatus.EFFECTIVE)
        .filter(household__stage=Stage.SIGNED)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    picked = rng.sample(candidates, min(len(candidates), max(len(projects) // 12, 1)))
    loaded = Agreement.objects.select_related("household", "project").in_bulk(picked)
    for agreement in (loaded[pk] for pk in picked):
        services.agreement_void(
            agreement=agreement,
            user=officials[agreement.project.district_id][0],
            reason=rng.choice(["被征收人身份核实有误，重新签订", "房屋面积复核后需重新计算"]),
        )


def _teams(projects, rng, fake):
    """Three work teams per project; every household under a team and an official."""
    teams = WorkTeam.objects.bulk_create(
        WorkTeam(project=p, name=name, leader=fake.name())
        for p in projects
        for name in ("第一工作组", "第二工作组", "第三工作组")
    )
    by_project: dict = {}
    for team in teams:
        by_project.setdefault(team.project_id, []).append((team, [fake.name(), fake.name()]))
    assignments = []
    for index, (household_id, project_id) in enumerate(
        Household.objects.filter(project__in=projects)
        .order_by("id")
        .values_list("id", "project_id")
    ):
        team, names = by_project[project_id][index % 3]
        assignments.append((household_id, team.pk, names[index % 2]))
    copy_rows(Assignment, ["household", "team", "official"], assignments)


BANKS = [
    "中国工商银行江州分行",
    "中国建设银行江州分行",
    "江州农村商业银行",
    "中国邮政储蓄银行江州分行",
]


# What the payments read of a household: its stage (how far it has come), the name its
# payee account is in, its code and the day a swap one was handed its unit.
_LEDGER_READS = ("stage", "party_name", "code", "unit_handed_over_on")


def seed_ledger(*, projects, rng: random.Random, today: date, officials: dict, approver) -> int:
    """Payments consistent with the agreements in effect: households that vacated fully paid
    (the swap ones handed over if settled), the others fully, partly or not yet paid; the
    temporary fee paid month by month but the last; a deposit (提存), a reversal re-paid and
    a few households past a short transition period."""
    agreements = list(
        Agreement.objects.filter(project__in=projects, status=AgreementStatus.EFFECTIVE)
        .select_related("household")
        # Of its household, what the payments read: 200,000 whole rows took a third longer.
        .only(
            *(f.name for f in Agreement._meta.concrete_fields),
            *(f"household__{name}" for name in _LEDGER_READS),
        )
        # A project's scheme once for all its agreements, not a copy for each of 200,000.
        .prefetch_related("scheme")
        .order_by("household__code")
    )
    stage_dates = _stage_dates(projects)
    _hand_over_settled_swaps(agreements, stage_dates)
    _shorten_a_few_transitions(agreements, stage_dates, rng, today)
    sources = {}
    for project_id, source in ProjectFunding.objects.filter(project__in=projects).values_list(
        "project", "source"
    ):
        sources.setdefault(project_id, []).append(source)
    dues = selectors.dues_by_household(agreements, on=today)
    entries_of = _entry_maker(today=today, rng=rng, officials=officials, sources=sources)
    payees = []

    def payments():
        """Each agreement's payee account (kept in `payees`) and its payments as rows."""
        for agreement in agreements:
            household = agreement.household
            drafter, _reviewer = officials[agreement.district_id]
            if rng.random() < 0.9:
                payees.append(_payee(household, rng, drafter))
            entry = entries_of(agreement)
            far = Stage.rank(household.stage) >= Stage.rank(Stage.VACATED)
            share = 1 if far or rng.random() < 0.5 else rng.choice([0, 0, 1, 2])
            fixed = [
                d
                for d in dues.get(household.pk, [])
                if not d.accruing and not d.receivable and d.due > 0
            ]
            paying = fixed if share == 1 else fixed[:share] if share else []
            # a reward by moving date is paid on the day its household vacated
            yield from (entry(due.code, due.item, due.due, on=due.vacated_on) for due in paying)
            for due in dues.get(household.pk, []):
                yield from (
                    entry(due.code, due.item, month.amount, on=month.starts_on)
                    for month in due.months[:-1]  # this month's fee not yet paid
                )

    # The entries are drawn while PostgreSQL writes the ones before: drawn first and written
    # after, the city's 1.4 million left this process waiting for the write.
    approved = {
        "kind": EntryKind.PAYMENT,
        "status": EntryStatus.APPROVED,
        "approved_by": approver.pk,
        "approved_at": timezone.now(),
    }
    copy_rows(LedgerEntry, ENTRY_FIELDS, payments(), same=approved)
    copy_rows(PayeeAccount, PAYEE_FIELDS, payees)
    # The services below read the fresh entries: planned without statistics, one of their
    # aggregates over the city's 1.4 million entries ran for minutes.
    analyze([LedgerEntry, PayeeAccount])
    # Each signed household's agreement facts written with its full payment: one write of
    # 200,000 households and their history where the agreements and the payments made two.
    facts = {
        household_id: (mode, effective_on)
        for household_id, mode, effective_on in Agreement.objects.filter(
            project__in=projects, status__in=services.SIGNED_STATUSES
        ).values_list("household_id", "mode", "effective_on")
    }
    services._record_fully_paid(agreements, user=approver, dues=dues, facts=facts)
    _a_deposit_and_a_reversal(projects, officials, approver, today)
    return LedgerEntry.objects.filter(household__project__in=projects).count()


def _hand_over_settled_swaps(agreements, stage_dates):
    """A swap household the demo settled was handed its unit that day (the fee stops)."""
    handed = {
        a.household_id: stage_dates[(a.household_id, Stage.SETTLED)]
        for a in agreements
        if a.mode == Mode.SWAP and (a.household_id, Stage.SETTLED) in stage_dates
    }
    for agreement in agreements:
        if agreement.household_id in handed:
            agreement.household.unit_handed_over_on = handed[agreement.household_id]
    copy_update(
        Household,
        [a.household for a in agreements if a.household_id in handed],
        ["unit_handed_over_on"],
    )


def _shorten_a_few_transitions(agreements, stage_dates, rng, today):
    """Two swap households per project on a six-month transition who vacated earlier than
    that and wait for their unit: overdue transition (超期过渡) with its raised fee."""
    picked, per_project = [], {}
    for agreement in agreements:
        vacated = stage_dates.get((agreement.household_id, Stage.VACATED))
        if (
            agreement.mode == Mode.SWAP
            and agreement.household.unit_handed_over_on is None
            and vacated
            and vacated < today - timedelta(days=200)
            and per_project.get(agreement.project_id, 0) < 2
        ):
            per_project[agreement.project_id] = per_project.get(agreement.project_id, 0) + 1
            agreement.transition_months = 6
            picked.append(agreement)
    copy_update(Agreement, picked, ["transition_months"])


PAYEE_FIELDS = ["household", "name", "bank", "account_masked", "account_encrypted", "updated_by"]


def _payee(household, rng, user) -> tuple:
    """A payee account as a row of PAYEE_FIELDS."""
    number = "6" + "".join(str(rng.randint(0, 9)) for _ in range(18))
    return (
        household.pk,
        household.party_name,
        rng.choice(BANKS),
        services._mask_account(number),
        crypto.encrypt(number),
        user.pk,
    )


# A payment's own fields; what every payment of the demo shares (its kind, its approval) is
# given to the COPY once.
ENTRY_FIELDS = [
    "household",
    "agreement",
    "district",
    "item_code",
    "item",
    "amount",
    "paid_on",
    "voucher_no",
    "funding_source",
    "payee_name",
    "entered_by",
]


def _entry_maker(*, today, rng, officials, sources):
    """entries_of(agreement) -> entry(code, item, amount, on=None): a payment under the
    agreement as a row of ENTRY_FIELDS, entered by its district's official. What the
    agreement's payments share is read once for them all (1.4 million rows in the city)."""
    self_raised = [FundingSource.SELF_RAISED]

    def entries_of(agreement):
        keys = (agreement.household_id, agreement.pk, agreement.district_id)
        effective_on = agreement.effective_on
        funded_by = sources.get(agreement.project_id) or self_raised
        paid_to = (agreement.household.party_name, officials[agreement.district_id][0].pk)

        def entry(code, item, amount, on=None):
            day = on or min(effective_on + timedelta(days=rng.randint(1, 20)), today)
            return (
                *keys,
                code,
                item,
                amount,
                max(day, effective_on),
                f"PZ{day:%Y%m}-{rng.randint(1, 99999):05d}",
                rng.choice(funded_by),
                *paid_to,
            )

        return entry

    return entries_of


def _a_deposit_and_a_reversal(projects, officials, approver, today: date):
    """Per district: its first payment of the house's value made a deposit with the notary
    (the household would not take it), and the first moving fee of a household not yet
    settled reversed today for a wrong account and paid again today (a settled household's
    payments are complete: its full payment cannot move after its settlement)."""
    first = (
        LedgerEntry.objects.filter(household__project__in=projects)
        .select_related("household", "agreement")
        .order_by("agreement__district_id", "id")
        .distinct("agreement__district_id")
    )
    deposits = list(first.filter(item_code="house").values_list("pk", flat=True))
    LedgerEntry.objects.filter(pk__in=deposits).update(
        kind=EntryKind.DEPOSIT, payee_name="江州市公证处提存账户"
    )
    for entry in first.filter(item_code="moving").exclude(household__stage=Stage.SETTLED):
        district = entry.agreement.district_id
        services.entry_reverse(entry=entry, user=approver, reason="收款账号有误，退回重付")
        again = services.entry_enter(
            household=entry.household,
            item_code=entry.item_code,
            amount=entry.amount,
            paid_on=today,
            voucher_no=f"{entry.voucher_no}-R",
            funding_source=entry.funding_source,
            user=officials[district][0],
        )
        services.entry_approve(entry=again, user=approver)


def seed_payment_run(*, projects, officials, approver, today: date) -> int:
    """The first project with anything due and unpaid has a run approved and at the bank;
    returns the number of its entries.

    Called after seed_ledger has returned: a project with nothing due raises a
    ValidationError, which Django makes a reference cycle (its error_list holds itself), and
    its traceback would keep the ledger's city of rows for the cycle collector."""
    for project in projects:
        try:
            run, _skipped = services.payment_run_draft(
                project=project,
                paid_on=today,
                purpose="征收补偿款",
                funding_source=FundingSource.SPECIAL_BOND,
                user=officials[project.district_id][0],
            )
        except ValidationError:
            continue
        services.payment_run_approve(run=run, user=approver)
        return run.entries.count()
    return 0


def seed_selection_orders(*, projects, officials, approver) -> None:
    """Selection orders: the first project with swap households in effect has its lottery
    drawn at a public meeting; the next has its list frozen and published, the seed to come."""
    swaps = dict(
        Agreement.objects.filter(
            project__in=projects, status=AgreementStatus.EFFECTIVE, mode=Mode.SWAP
        )
        .values("project")
        .annotate(n=Count("id"))
        .values_list("project", "n")
    )
    waiting = [project for project in projects if swaps.get(project.pk, 0) >= 3][:2]
    for index, project in enumerate(waiting):
        drafter, _reviewer = officials[project.district_id]
        frozen = services.lottery_freeze(project=project, method="lottery", user=drafter)
        if index == 0:
            drawn = services.lottery_draw(
                lottery=frozen,
                seed="07 15 22 31 46",
                seed_source="项目指挥部选房大会：被征收户代表、公证员、街道代表依次摸球",
                user=approver,
            )
            _a_session_under_way(drawn, drafter)


def _a_session_under_way(lottery, user) -> None:
    """The hall open: the first household called was absent, the next three chose."""
    session = services.selection_open(lottery=lottery, user=user)
    units = list(
        ResettlementUnit.objects.filter(
            building__site__projects=lottery.project, status=UnitStatus.AVAILABLE
        ).order_by("building__site", "building__name", "floor", "unit_no")[:3]
    )
    services.selection_absent(session=session, household_id=session.queue[0], user=user)
    chosen = []
    for unit in units:
        session.refresh_from_db()
        chosen.append(
            services.unit_choose(
                session=session, household_id=session.queue[0], unit=unit, user=user
            )
        )
    if chosen:  # the first to choose has its settlement sheet
        services.settlement_issue(
            allocation=chosen[0], measured_area=chosen[0].unit.area + Decimal("1.35"), user=user
        )


LAYOUTS = [
    (Decimal("60.12"), "一室一厅"),
    (Decimal("75.46"), "两室一厅"),
    (Decimal("89.90"), "两室两厅"),
    (Decimal("110.25"), "三室两厅"),
]


def _listed_unit(building, index: int, **fields) -> ResettlementUnit:
    """The building's `index`-th unit as a developer lists it: four a floor, each its layout."""
    floor, position = index // 4 + 1, index % 4 + 1
    area, layout = LAYOUTS[position - 1]
    return ResettlementUnit(
        building=building,
        unit_no=f"{building.name.removesuffix('号楼')}-{floor}{position:02d}",
        floor=floor,
        area=area,
        layout=layout,
        **fields,
    )


def seed_units(*, rng: random.Random, user, today: date) -> int:
    """Every building's units as a developer lists them: four a floor, each its layout."""
    units = [
        _listed_unit(building, index, orientation=rng.choice(["南北", "南", "东南"]))
        for building in ResettlementBuilding.objects.all()
        for index in range(building.units)
    ]
    ResettlementUnit.objects.bulk_create(units, batch_size=2000)
    _units_of_households_handed_over(user, today)
    return len(units)


def _units_of_households_handed_over(user, today: date) -> None:
    """A swap household the demo settled lives in a unit of its site's first phase (一期), a
    building delivered two years ago (its units chosen before the system kept selection): a
    hand-over comes after its building's delivery, and the phase's milestones fall outside the
    years the dashboards count."""
    first_site: dict = {}
    for site_id, project_id in ResettlementSite.projects.through.objects.order_by(
        "resettlementsite_id"
    ).values_list("resettlementsite_id", "project_id"):
        first_site.setdefault(project_id, site_id)
    households: dict = {}
    for pk, project_id in (
        Household.objects.filter(agreement_mode=Mode.SWAP, unit_handed_over_on__isnull=False)
        .order_by("code")
        .values_list("pk", "project_id")
    ):
        if project_id in first_site:
            households.setdefault(first_site[project_id], []).append(pk)
    buildings = ResettlementBuilding.objects.bulk_create(
        ResettlementBuilding(
            site_id=site_id,
            name="一期1号楼",
            units=len(pks),
            foundation_started_on=date(today.year - 3, 3, 1),
            structure_capped_on=date(today.year - 3, 10, 1),
            completed_on=date(today.year - 2, 3, 1),
            handed_over_on=date(today.year - 2, 5, 1),
        )
        for site_id, pks in households.items()
    )
    units = ResettlementUnit.objects.bulk_create(
        _listed_unit(building, index, orientation="南北", status=UnitStatus.HANDED_OVER)
        for building in buildings
        for index in range(building.units)
    )
    chosen = iter(units)
    allocations = [
        Allocation(household_id=pk, unit=next(chosen), allocated_by=user)
        for building in buildings
        for pk in households[building.site_id]
    ]
    Allocation.objects.bulk_create(allocations)
    household_services.households_record_allocated_buildings(
        {a.household_id: a.unit.building_id for a in allocations}
    )
