"""Read-side queries of compensation: the current scheme, the signing rate (DESIGN.md §5),
the signing campaign's figures and what is due to a household (the ledger)."""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from operator import attrgetter

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, Sum, prefetch_related_objects
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from compensation import ledger
from compensation.choices import (
    OPEN_STATUSES,
    SIGNED_STATUSES,
    AgreementStatus,
    EntryKind,
    EntryStatus,
    ItemKind,
    SchemeStatus,
    UnitStatus,
)
from compensation.formulas import money, tier_amount
from compensation.lottery import read_list
from compensation.models import (
    Agreement,
    AgreementLine,
    Appraisal,
    Assignment,
    CompensationScheme,
    LedgerEntry,
    Lottery,
    ResettlementUnit,
    SelectionSession,
    SettlementSheet,
)
from core.figures import percent
from households.choices import Mode
from households.models import Household
from households.selectors import households_by_project, vacated_dates
from projects.choices import FundingSource
from projects.models import ProjectFunding, ResettlementBuilding, ResettlementSite
from projects.selectors import plan_year_projects, projects_of_plan_year


def current_scheme(project) -> CompensationScheme | None:
    """The approved version agreements are computed with now (the latest approved)."""
    return (
        CompensationScheme.objects.filter(project=project, status=SchemeStatus.APPROVED)
        .order_by("-version")
        .first()
    )


def latest_appraisal(household) -> Appraisal | None:
    return Appraisal.objects.filter(household=household).order_by("-appraised_on", "-id").first()


def signed_households_of(projects) -> dict[int, int]:
    """Households with a conditional or effective agreement (DESIGN.md §5), by project id
    (a project with none is left out)."""
    return dict(
        Agreement.objects.filter(project__in=projects, status__in=SIGNED_STATUSES)
        .order_by()
        .values("project")
        .annotate(signed=Count("household", distinct=True))
        .values_list("project", "signed")
    )


def households_needed(households: int, level: Decimal) -> int:
    """The signed households a share of `level` percent takes: a level is reached by whole
    households, never by a share rounded up for display (1,999 of 2,000 is not 100%)."""
    return math.ceil(households * level / 100)


def signing_levels_reached(levels: dict[int, set[Decimal]]) -> set[tuple[int, Decimal]]:
    """Of each project's levels ({project id: levels, percent of its households}), the
    (project id, level) its signed households reach: any number of projects in two queries."""
    households = households_by_project(levels)
    signed = signed_households_of(levels)
    return {
        (project_id, level)
        for project_id, project_levels in levels.items()
        for level in project_levels
        if households.get(project_id)
        and signed.get(project_id, 0) >= households_needed(households[project_id], level)
    }


def signing_level_reached(project, level: Decimal) -> bool:
    """Whether the project's signed households reach `level` percent of its households."""
    return (project.pk, level) in signing_levels_reached({project.pk: {level}})


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

    @property
    def threshold_reached(self) -> bool:
        return self.threshold_households is not None and self.signed >= self.threshold_households


def _ranking(rows: dict) -> list:
    return sorted(
        rows.values(),
        key=lambda r: (-(r.share if r.share is not None else -1), -r.signed, r.name),
    )


def _campaign(project, households, statuses, per_day, teams, officials, today) -> SigningCampaign:
    """One campaign's figures; `project` None for several projects together (no threshold)."""
    signed = statuses.get(AgreementStatus.CONDITIONAL, 0) + statuses.get(
        AgreementStatus.EFFECTIVE, 0
    )
    threshold = project.signing_threshold if project else None
    threshold_households = (
        households_needed(households, threshold) if threshold is not None else None
    )
    ends_on = project.signing_ends_on if project else None
    days_left = max((ends_on - today).days + 1, 0) if ends_on else None
    pace = None
    if threshold_households is not None and days_left:
        # A pace needed is rounded up: 0.04 a day is "0.1", never "0.0".
        pace = (Decimal(max(threshold_households - signed, 0)) / days_left).quantize(
            Decimal("0.1"), rounding=ROUND_CEILING
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


def signing_campaigns(
    *,
    projects,
    today: date | None = None,
    detailed: bool = True,
    households: dict[int, int] | None = None,
):
    """签约攻坚 figures of each project and of all of them together, in a fixed number of
    queries: ({project id: SigningCampaign}, SigningCampaign of the whole).

    Counts by agreement status (households), and — when `detailed` — the signings per day
    and the work teams and responsible officials ranked by the share of their households
    signed (a dashboard of many projects shows none of these). `households` ({project id:
    households}) is given by a caller that has counted them already."""
    today = today or timezone.localdate()
    projects = list(projects)
    if households is None:
        households = households_by_project(projects)
    # Each project's counts, and the whole's summed as they are read (a sum of a district's
    # Counters afterwards copied them over and over: a third of its dashboard's time).
    statuses, whole_statuses = defaultdict(Counter), Counter()
    for project_id, status, n in (
        Agreement.objects.filter(project__in=projects)
        .exclude(status__in=[AgreementStatus.DRAFT, AgreementStatus.REVIEWED])
        .order_by()
        .values("project", "status")
        .annotate(n=Count("household", distinct=True))
        .values_list("project", "status", "n")
    ):
        statuses[project_id][status] += n
        whole_statuses[status] += n
    per_day, whole_per_day = defaultdict(Counter), Counter()
    if detailed:
        for project_id, day, n in (
            Agreement.objects.filter(project__in=projects, signed_on__isnull=False)
            .exclude(status=AgreementStatus.VOID)
            .values("project", "signed_on")
            .annotate(n=Count("*"))
            .values_list("project", "signed_on", "n")
        ):
            per_day[project_id][day] += n
            whole_per_day[day] += n
    several = len(projects) > 1
    teams: dict = {}
    officials: dict = {}
    assignments = Assignment.objects.filter(household__project__in=projects)
    if not detailed:
        assignments = assignments.none()
    signed_ids = (
        set(
            Agreement.objects.filter(project__in=projects, status__in=SIGNED_STATUSES).values_list(
                "household_id", flat=True
            )
        )
        if detailed
        else set()
    )
    for project_id, project_code, team_name, official, household_id in assignments.values_list(
        "household__project", "household__project__code", "team__name", "official", "household_id"
    ):
        # Across projects a team is named with its project (two projects' "一组" differ).
        team_label = f"{project_code} {team_name}" if several else team_name
        for table, name in ((teams, team_label), (officials, official)):
            for key in (project_id, None):
                row = table.setdefault(key, {}).setdefault(name, Ranked(name))
                row.households += 1
                row.signed += household_id in signed_ids
    each = {
        p.pk: _campaign(
            p,
            households.get(p.pk, 0),
            statuses.get(p.pk, Counter()),
            per_day.get(p.pk, Counter()),
            teams.get(p.pk, {}),
            officials.get(p.pk, {}),
            today,
        )
        for p in projects
    }
    whole = _campaign(
        projects[0] if not several and projects else None,
        sum(households.values()),
        whole_statuses,
        whole_per_day,
        teams.get(None, {}),
        officials.get(None, {}),
        today,
    )
    return each, whole


def signing_campaign(*, projects, today: date | None = None) -> SigningCampaign:
    """The campaign of one project, or of several taken together."""
    return signing_campaigns(projects=projects, today=today)[1]


def agreements_of(household):
    return (
        Agreement.objects.filter(household=household)
        .select_related("scheme", "appraisal", "project")
        .order_by("-created_at")
    )


def open_agreement_exists(household) -> bool:
    return Agreement.objects.filter(household=household, status__in=OPEN_STATUSES).exists()


# --- The ledger ---------------------------------------------------------------------------

NO_MONEY = Decimal("0.00")


@dataclass
class DueItem:
    """One item of a household's effective agreement as of a day: what is due, what final
    ledger entries paid, what entries not yet final hold (waiting for approval, or sent to
    the bank in a run), and for an accruing fee its months."""

    code: str
    item: str
    accruing: bool
    due: Decimal
    paid: Decimal
    months: list = field(default_factory=list)  # [ledger.FeeMonth]
    receivable: bool = False  # owed by the household (a swap's price difference)
    # The item's whole amount in the agreement; None for a fee that accrues month by month.
    agreed: Decimal | None = None
    # A reward on the project's signing rate (整体签约奖励), and while not yet due the rate
    # (%) it waits for.
    rate_reward: bool = False
    waits_for_rate: Decimal | None = None
    # A reward by moving date (按期搬迁奖励), and the day the household vacated (by the day
    # of the figures), whose tier decides what is due: without it the reward waits for it.
    moving_reward: bool = False
    vacated_on: date | None = None
    in_process: Decimal = NO_MONEY

    @property
    def waits_for_vacating(self) -> bool:
        return self.moving_reward and self.vacated_on is None

    @property
    def unpaid(self) -> Decimal:
        return self.due - self.paid

    @property
    def outstanding(self) -> Decimal:
        """Unpaid and not yet in any entry: what a clerk or a run still has to enter. Entries
        waiting for more than is unpaid leave nothing to enter (their approval will say the
        rest); an item paid past its due stays negative, as it is."""
        return self.unpaid - min(self.in_process, max(self.unpaid, NO_MONEY))


def statement_totals(dues: list[DueItem]) -> dict:
    """A statement's totals: what is payable to the household; and where it owes a difference
    (a swap's 应交), that difference's own total and the net of the two, column by column."""

    def total(items) -> dict:
        return {
            "due": sum((d.due for d in items), NO_MONEY),
            "paid": sum((d.paid for d in items), NO_MONEY),
            "in_process": sum((d.in_process for d in items), NO_MONEY),
            "outstanding": sum((d.outstanding for d in items), NO_MONEY),
        }

    totals = total([due for due in dues if not due.receivable])
    receivable = [due for due in dues if due.receivable]
    if receivable:
        totals["owed"] = total(receivable)
        totals["net"] = {column: totals[column] - totals["owed"][column] for column in total([])}
    return totals


def hand_over_refusal(household, allocation) -> str | None:
    """Why the household's unit cannot be handed over yet (交房), or None: it is on a
    selection order of its project (published, drawn, or its hall under way) without a unit
    chosen, or its chosen unit's building is not delivered (交付). A household on no order
    chose outside the system and may be handed its unit."""
    if allocation is None:
        # By id in an open hall's queue; by code on a list (a code corrected since the list
        # was frozen is still in the hall's queue once it opens).
        listed = SelectionSession.objects.filter(queue__contains=[household.pk]).exists() or any(
            household.code in {code for code, _name in read_list(bytes(content))}
            for content in Lottery.objects.filter(project_id=household.project_id).values_list(
                "list_content", flat=True
            )
        )
        if listed:
            return gettext(
                "The household has not chosen its unit yet: it is handed over once chosen "
                "in the selection hall."
            )
        return None
    building = allocation.unit.building
    if building.handed_over_on is None:
        return gettext(
            "%(building)s is not delivered yet: record its delivery (交付) on the site's page "
            "before handing over its units."
        ) % {"building": building}
    return None


def effective_agreement(household) -> Agreement | None:
    return (
        Agreement.objects.filter(household=household, status=AgreementStatus.EFFECTIVE)
        .select_related("scheme")
        .first()
    )


def household_dues(household, *, on: date, agreement: Agreement | None = None) -> list[DueItem]:
    """What is due to one household by the day `on` (see `dues_by_household`)."""
    agreement = agreement or effective_agreement(household)
    if agreement is None:
        return []
    agreement.household = household
    return dues_by_household([agreement], on=on).get(household.pk, [])


def dues_by_household(agreements, *, on: date) -> dict[int, list[DueItem]]:
    """What is due by the day `on`, item by item, from each household's effective agreement:
    the one definition the statement, the approval check, "fully paid", the payment run and
    the overdue list read; {household id: [DueItem]}, in a fixed number of queries.

    Fixed items are due at once from the day the agreement took effect; a reward that waits
    for the project's signing rate only from the day it was met; a reward by moving date
    (按期搬迁奖励) only once the household has vacated, at the tier of the day it did and never
    more than its agreement promised for moving by its deadline (forfeited past the last
    tier, DESIGN.md §4); a swap household's
    temporary resettlement fee month by month from vacating until the hand-over
    (compensation.ledger), at the scheme's overdue uplifts after the transition period."""
    agreements = [a for a in agreements if a.effective_on is not None]
    if not agreements:
        return {}
    keys = [agreement.pk for agreement in agreements]
    # The lines as plain rows: a payment run or the demo reads millions of them.
    lines: dict = {}
    for line in (
        AgreementLine.objects.filter(agreement__any=keys)
        .order_by("agreement_id", "order")  # "agreement" would sort by its ordering, joined
        .values_list(*_DUE_LINE_FIELDS, named=True)
    ):
        lines.setdefault(line.agreement_id, []).append(line)
    paid, in_process = _ledger_totals(keys)
    vacated = vacated_dates({a.household_id: a.household.stage for a in agreements})
    sheets = {s.agreement_id: s for s in SettlementSheet.objects.filter(agreement__any=keys)}
    # Per scheme, once: prefetched per agreement, the items were half the cost of a city's.
    schemes = {a.scheme_id: a.scheme for a in agreements}
    prefetch_related_objects(list(schemes.values()), "items")
    items = {pk: {i.code: i for i in scheme.items.all()} for pk, scheme in schemes.items()}
    dues = {
        agreement.household_id: _dues(
            agreement,
            items[agreement.scheme_id],
            lines.get(agreement.pk, []),
            on=on,
            paid=paid,
            vacated_on=vacated.get(agreement.household_id),
        )
        + _settled(sheets.get(agreement.pk), paid, on)
        for agreement in agreements
    }
    _add_in_process(dues, agreements, in_process)
    return dues


def _add_in_process(dues: dict, agreements, in_process: dict) -> None:
    for agreement in agreements:
        for due in dues.get(agreement.household_id, []):
            due.in_process = in_process.get((agreement.pk, due.code), NO_MONEY)


def dues_with_payments_reread(dues: dict, agreements) -> dict:
    """`dues`, as `dues_by_household` gave them for these agreements on a day, updated in
    place with what final entries have paid by now: a bulk writer that entered payments
    reads the rest once. Valid while nothing but the ledger changed since (no vacating,
    hand-over, settlement sheet or signing-rate condition met) and for the same day."""
    agreements = [a for a in agreements if a.effective_on is not None]
    paid, in_process = _ledger_totals([a.pk for a in agreements])
    for agreement in agreements:
        for due in dues.get(agreement.household_id, []):
            due.paid = paid.get((agreement.pk, due.code), NO_MONEY)
    _add_in_process(dues, agreements, in_process)
    return dues


def _ledger_totals(agreement_keys) -> tuple[dict, dict]:
    """Two {(agreement id, item code): yuan}: the sum of final (approved) entries, and of
    entries entered and not yet final, in one query."""
    final = Q(approved_by__isnull=False)
    entered = Q(status=EntryStatus.ENTERED)
    paid, in_process = {}, {}
    for agreement_id, code, paid_total, entered_total in (
        LedgerEntry.objects.filter(final | entered, agreement__any=agreement_keys)
        .values("agreement", "item_code")
        .annotate(paid=Sum("amount", filter=final), entered=Sum("amount", filter=entered))
        .values_list("agreement", "item_code", "paid", "entered")
    ):
        if paid_total is not None:
            paid[agreement_id, code] = paid_total
        if entered_total is not None:
            in_process[agreement_id, code] = entered_total
    return paid, in_process


SETTLEMENT = "settlement"


def settlement_held(agreement_id: int) -> bool:
    """Whether anything is final (paid or received, net of reversals) or entered on the
    agreement's settlement difference: its sheet is corrected only before. One query."""
    paid, in_process = _ledger_totals([agreement_id])
    return bool(paid.get((agreement_id, SETTLEMENT)) or in_process.get((agreement_id, SETTLEMENT)))


SETTLEMENT_ITEM = gettext_lazy("Swap price difference (settlement sheet)")


def _settled(sheet, paid: dict, on: date) -> list:
    """The settlement sheet's difference, due from the day it was issued: to the household,
    or (receivable) from it."""
    if sheet is None or sheet.net == 0 or timezone.localdate(sheet.issued_at) > on:
        return []
    return [
        DueItem(
            code=SETTLEMENT,
            item=str(SETTLEMENT_ITEM),
            accruing=False,
            due=abs(sheet.net),
            paid=paid.get((sheet.agreement_id, SETTLEMENT), NO_MONEY),
            receivable=sheet.receivable,
            agreed=abs(sheet.net),
        )
    ]


_DUE_LINE_FIELDS = (
    "agreement_id",
    "code",
    "item",
    "quantity",
    "unit_price",
    "amount",
    "condition_rate",
    "condition_met_on",
)


def _dues(
    agreement: Agreement, items: dict, lines: list, *, on: date, paid: dict, vacated_on: date | None
) -> list:
    transition = agreement.transition_months or agreement.scheme.transition_months
    dues = []
    for line in lines:
        item = items.get(line.code)
        accruing = (
            item is not None and item.kind == ItemKind.MONTHLY and agreement.mode == Mode.SWAP
        )
        months, waits_for_rate = [], None
        # (a reward the agreement put at nothing, its deadline past the tiers, waits for nothing)
        moving = item is not None and item.kind == ItemKind.MOVING_TIERS and line.amount > 0
        moved_out_on = vacated_on if moving and vacated_on and vacated_on <= on else None
        if accruing:
            count = item.months_swap or transition
            area_fee = line.quantity * line.unit_price
            fee = ledger.MonthlyFee(
                code=line.code,
                item=line.item,
                monthly=line.amount / count if count else area_fee,
                area_fee=area_fee,
            )
            if vacated_on:
                months = ledger.fee_months(
                    fee,
                    vacated_on=vacated_on,
                    transition_months=transition,
                    uplifts=agreement.scheme.overdue_uplifts,
                    on=on,
                    handed_over_on=agreement.household.unit_handed_over_on,
                )
            due = sum((m.amount for m in months), NO_MONEY)
        elif moving:
            earned = tier_amount(item.tiers, moved_out_on)  # None before vacating or past tiers
            in_effect = agreement.effective_on <= on
            due = min(line.amount, money(earned)) if earned is not None and in_effect else NO_MONEY
        elif line.condition_rate is not None:
            met = line.condition_met_on is not None and line.condition_met_on <= on
            due = line.amount if met else NO_MONEY
            waits_for_rate = None if met else line.condition_rate
        else:
            due = line.amount if agreement.effective_on <= on else NO_MONEY
        dues.append(
            DueItem(
                code=line.code,
                item=line.item,
                accruing=accruing,
                due=due,
                paid=paid.get((agreement.pk, line.code), NO_MONEY),
                months=months,
                rate_reward=line.condition_rate is not None,
                waits_for_rate=waits_for_rate,
                moving_reward=moving,
                vacated_on=moved_out_on,
                agreed=None if accruing else line.amount,
            )
        )
    return dues


@dataclass
class OverdueHousehold:
    """超期过渡: a swap household past its transition period whose unit is not handed over."""

    household: Household
    vacated_on: date
    transition_ended_on: date
    overdue_months: int
    monthly_fee: Decimal  # this month's fee, raised
    uplift: Decimal
    overdue_accrued: Decimal
    unpaid: Decimal


def overdue_transition(project, *, on: date) -> list[OverdueHousehold]:
    """The project's households in overdue transition on the day `on`, longest overdue
    first, with the fee accruing (one selector, a fixed number of queries)."""
    agreements = list(
        Agreement.objects.filter(
            project=project,
            status=AgreementStatus.EFFECTIVE,
            mode=Mode.SWAP,
            household__unit_handed_over_on__isnull=True,
        ).select_related("scheme", "household")
    )
    dues = dues_by_household(agreements, on=on)
    rows = []
    for agreement in agreements:
        fees = [d for d in dues.get(agreement.household_id, []) if d.accruing]
        overdue = [m for d in fees for m in d.months if m.overdue]
        if not overdue:
            continue
        first = min(m.starts_on for m in overdue)
        latest = max(m.starts_on for m in overdue)
        current = [m for m in overdue if m.starts_on == latest]
        rows.append(
            OverdueHousehold(
                household=agreement.household,
                vacated_on=min(m.starts_on for d in fees for m in d.months),
                transition_ended_on=first,
                overdue_months=len({m.starts_on for m in overdue}),
                monthly_fee=sum((m.amount for m in current), NO_MONEY),
                uplift=max(m.uplift for m in current),
                overdue_accrued=sum((m.amount for m in overdue), NO_MONEY),
                unpaid=sum((d.unpaid for d in fees), NO_MONEY),
            )
        )
    return sorted(rows, key=lambda r: (r.transition_ended_on, r.household.code))


TEN_THOUSAND = Decimal("10000")


@dataclass
class FundingUse:
    """A funding source of a project: planned and received (到位, 万元, as the project records
    them) beside what final ledger entries paid from it."""

    source: str
    label: str
    planned: Decimal
    received: Decimal
    used_yuan: Decimal

    @property
    def used(self) -> Decimal:
        """万元, to two places as the funding is recorded."""
        return (self.used_yuan / TEN_THOUSAND).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def remaining(self) -> Decimal:
        return self.received - self.used

    @property
    def overdrawn(self) -> bool:
        """More paid from the source than has arrived, to the yuan (the arrival is not
        recorded yet, or a payment names the wrong source)."""
        return self.used_yuan > self.received * TEN_THOUSAND


def _paid_out(project):
    """The project's final entries that took money out: payments and deposits (a receipt
    brings money in)."""
    return (
        LedgerEntry.objects.filter(household__project=project)
        .exclude(approved_by=None)
        .exclude(kind=EntryKind.RECEIPT)
    )


def funding_sources(project) -> list[FundingUse]:
    """Funding used beside funding received, by source: each recorded source and each one
    paid from. Two queries."""
    recorded = {f.source: f for f in ProjectFunding.objects.filter(project=project)}
    final = _paid_out(project)
    used = dict(
        final.values("funding_source")
        .annotate(total=Sum("amount"))
        .values_list("funding_source", "total")
    )
    return [
        FundingUse(
            source=source.value,
            label=source.label,
            planned=recorded[source].planned if source in recorded else NO_MONEY,
            received=recorded[source].received if source in recorded else NO_MONEY,
            used_yuan=used.get(source.value, NO_MONEY),
        )
        for source in FundingSource
        if source in recorded or source.value in used
    ]


def funding_use(project) -> tuple[list[FundingUse], list]:
    """Funding used beside funding received, by source (`funding_sources`), and used by month
    and source: ([FundingUse], [(month, {source: yuan}, total yuan)]), newest month first."""
    months: dict = {}
    for month, source, total in (
        _paid_out(project)
        .annotate(month=TruncMonth("paid_on"))
        .values("month", "funding_source")
        .annotate(total=Sum("amount"))
        .values_list("month", "funding_source", "total")
    ):
        months.setdefault(month, {})[source] = total
    by_month = [
        (month, by_source, sum(by_source.values(), NO_MONEY))
        for month, by_source in sorted(months.items(), reverse=True)
    ]
    return funding_sources(project), by_month


def scheme_items(scheme) -> list:
    """A scheme's items, each one that reads another item given that item's name
    (`of_item_name`): a reader knows 房屋价值补偿, not its code."""
    items = list(scheme.items.all())
    names = {item.code: item.name for item in items}
    for item in items:
        item.of_item_name = names.get(item.of_item, "")
    return items


@dataclass(frozen=True)
class Doubt:
    """Why an entry may be a payment entered twice; the other household, when it may be
    opened."""

    text: str
    household_id: int | None = None


def with_doubts(entries: list[LedgerEntry], *, user) -> list[LedgerEntry]:
    """The entries, each waiting one given `doubts`: why it may be a payment entered twice —
    an equal entry of the same item waiting beside it or approved for the same day, or its
    voucher number on another live entry of the district (one voucher may carry several
    items of one household). Said to the clerk who enters it and shown to whoever approves
    it; a household outside the user's scope is not named. Two queries at most."""
    for entry in entries:
        entry.doubts = []
    waiting = [e for e in entries if e.status == EntryStatus.ENTERED]
    if not waiting:
        return entries
    live = list(
        LedgerEntry.objects.filter(
            Q(household__in={e.household_id for e in waiting})
            | Q(
                district__in={e.district_id for e in waiting},
                voucher_no__in={e.voucher_no for e in waiting if e.voucher_no},
            ),
            status__in=[EntryStatus.ENTERED, EntryStatus.APPROVED],
            reverses=None,
        )
        .select_related("household")
        .order_by("id")
    )
    # Each entry set beside the entries it can be doubted by (its household's, its voucher's),
    # not beside all of them: a payment run's thousands of entries, each against thousands.
    by_household, by_voucher = defaultdict(list), defaultdict(list)
    for other in live:
        by_household[other.household_id].append(other)
        if other.voucher_no:
            by_voucher[other.district_id, other.voucher_no].append(other)
    beside = {
        entry.pk: sorted(
            {
                other.pk: other
                for other in (
                    *by_household[entry.household_id],
                    *by_voucher.get((entry.district_id, entry.voucher_no), ()),
                )
                if other.pk != entry.pk
            }.values(),
            key=attrgetter("pk"),
        )
        for entry in waiting
    }
    strangers = {
        other.household_id
        for entry in waiting
        for other in beside[entry.pk]
        if other.household_id != entry.household_id
    }
    named = set(
        Household.objects.for_user(user).filter(pk__in=strangers).values_list("pk", flat=True)
        if strangers
        else ()
    )
    for entry in waiting:
        for other in beside[entry.pk]:
            doubt = _doubt(
                entry,
                other,
                named=other.household_id == entry.household_id or other.household_id in named,
            )
            if doubt:
                entry.doubts.append(doubt)
    return entries


def _doubt(entry: LedgerEntry, other: LedgerEntry, *, named: bool) -> Doubt | None:
    """Why `other` (entered or approved, not a reversal) makes the waiting `entry` look like
    a payment entered twice, if it does; `other`'s household by name only when `named`."""
    same = (other.household_id, other.item_code, other.amount) == (
        entry.household_id,
        entry.item_code,
        entry.amount,
    )
    shares_voucher = (
        entry.voucher_no
        and other.voucher_no == entry.voucher_no
        and other.district_id == entry.district_id
        and (other.household_id != entry.household_id or other.item_code == entry.item_code)
    )
    if not (same or shares_voucher):
        return None
    facts = {"item": other.item, "amount": f"{other.amount:,.2f}", "voucher": other.voucher_no}
    if same and other.status == EntryStatus.ENTERED:
        return Doubt(
            gettext(
                "Another entry of “%(item)s” for %(amount)s yuan waits for approval "
                "(voucher %(voucher)s): make sure this is not one payment entered twice."
            )
            % facts
        )
    if same and other.paid_on == entry.paid_on:  # a monthly fee repeats, not on one day
        return Doubt(
            gettext(
                "An entry of “%(item)s” for %(amount)s yuan paid the same day is approved already "
                "(voucher %(voucher)s): make sure this is not the same payment."
            )
            % facts
        )
    if shares_voucher:
        if not named:
            return Doubt(
                gettext(
                    "Voucher %(voucher)s is also on an entry of a household outside your scope."
                )
                % facts
            )
        if other.household_id == entry.household_id:  # its own item again, not a link to itself
            return Doubt(
                gettext(
                    "Voucher %(voucher)s is also on another entry of this household for "
                    "“%(item)s” (%(amount)s yuan)."
                )
                % facts
            )
        household = f"{other.household.code} {other.household.party_name}"
        text = gettext(
            "Voucher %(voucher)s is also on the entry of %(household)s for “%(item)s” "
            "(%(amount)s yuan)."
        ) % {**facts, "household": household}
        return Doubt(text, household_id=other.household_id)
    return None


def ledger_totals(entries) -> dict:
    """The amounts of a filtered list of entries: final (net of reversals), waiting for
    approval and failed."""
    totals = dict(  # order_by(): a list's ordering would split the groups
        entries.order_by()
        .values("status")
        .annotate(total=Sum("amount"))
        .values_list("status", "total")
    )
    return {
        "final": totals.get(EntryStatus.APPROVED, NO_MONEY)
        + totals.get(EntryStatus.REVERSED, NO_MONEY),
        "entered": totals.get(EntryStatus.ENTERED, NO_MONEY),
        "failed": totals.get(EntryStatus.FAILED, NO_MONEY),
        "count": entries.count(),
    }


def payment_run_rows(run, *, user=None) -> list[dict]:
    """A run's rows as the bank sheet has them: one per household (its items summed). For a
    `user` reading the run, each row's `doubts` too: those of its entries still waiting
    (`with_doubts`), so that whoever approves the run sees a payment entered twice."""
    entries = list(run.entries.select_related("household").order_by("run_row", "id"))
    if user is not None:
        with_doubts(entries, user=user)
    rows: dict = {}
    for entry in entries:
        entry.run = run  # what its status reads
        row = rows.setdefault(
            entry.run_row,
            {
                "row": entry.run_row,
                "household": entry.household,
                "name": entry.payee_name,
                "bank": entry.payee_bank,
                "account_masked": entry.payee_account_masked,
                "account_encrypted": entry.payee_account_encrypted,
                "amount": NO_MONEY,
                "items": [],
                "status": entry.status,
                "status_label": entry.status_label,
                "bank_note": entry.bank_note,
                "doubts": [],
            },
        )
        # several items under one voucher: the voucher's remark once a row
        row["doubts"] += [d for d in getattr(entry, "doubts", []) if d not in row["doubts"]]
        row["amount"] += entry.amount
        row["items"].append(entry.item)
    return list(rows.values())


def lottery_lists(lottery) -> tuple[list, list]:
    """A selection order as published and as drawn: ([(place, code, name)] of the list
    file, [(place, code, name)] of the order, empty until drawn)."""
    households = read_list(bytes(lottery.list_content))
    names = dict(households)
    listed = [(place, code, name) for place, (code, name) in enumerate(households, start=1)]
    drawn = [(place, code, names.get(code, "")) for place, code in enumerate(lottery.order, 1)]
    return listed, drawn


@dataclass
class BuildingUnits:
    """A building's units as the selection hall's grid shows them: floors top down."""

    building: object
    floors: list  # [(floor, [ResettlementUnit])]
    count: int


def site_units(site) -> tuple[list[BuildingUnits], Counter]:
    """A site's units building by building and floor by floor, and their count by status."""
    return units_by_building([site])


def units_by_building(sites) -> tuple[list[BuildingUnits], Counter]:
    """The units of `sites` building by building and floor by floor, and their count by
    status; two queries whatever the size."""
    buildings = list(
        ResettlementBuilding.objects.filter(site__in=sites)
        .select_related("site")
        .order_by("site__name", "name")
    )
    floors: dict = {}
    statuses: Counter = Counter()
    for unit in ResettlementUnit.objects.filter(building__site__in=sites).order_by(
        "-floor", "unit_no"
    ):
        floors.setdefault(unit.building_id, {}).setdefault(unit.floor, []).append(unit)
        statuses[unit.status] += 1
    return (
        [
            BuildingUnits(
                building=b,
                floors=list(floors.get(b.pk, {}).items()),
                count=sum(len(units) for units in floors.get(b.pk, {}).values()),
            )
            for b in buildings
        ],
        statuses,
    )


def unit_status_counts(statuses: Counter) -> list:
    """[(status, label, count)] for every unit status, the empty ones too."""
    return [(s.value, s.label, statuses.get(s.value, 0)) for s in UnitStatus]


@dataclass
class HallState:
    """The selection hall's screen: who is called, who comes next, what is left to choose."""

    session: object
    current: Household | None
    next_up: list
    buildings: list
    statuses: list  # unit_status_counts
    allocated: int
    # the current household's agreement in effect: the area and unit type it is entitled to
    entitlement: Agreement | None = None


def selection_hall(session) -> HallState:
    """The session's current household (with what it is entitled to) and the next five
    (from its queue), and the units of the sites serving its project; a fixed number of
    queries."""
    project = session.lottery.project
    coming = session.queue[:6]
    households = Household.objects.filter(project=project).in_bulk(coming)
    sites = ResettlementSite.objects.filter(projects=project)
    buildings, statuses = units_by_building(sites)
    current = households.get(coming[0]) if coming else None
    return HallState(
        session=session,
        current=current,
        entitlement=effective_agreement(current) if current else None,
        next_up=[households[c] for c in coming[1:] if c in households],
        buildings=buildings,
        statuses=unit_status_counts(statuses),
        allocated=session.allocations.count(),
    )


@dataclass
class ReturnState:
    """回迁: a project is returned when every swap household with an agreement in effect has
    been handed its unit."""

    swap_households: int
    handed_over: int

    @property
    def returned(self) -> bool:
        return self.swap_households > 0 and self.handed_over == self.swap_households


def project_return(project) -> ReturnState:
    swaps = Agreement.objects.filter(
        project=project, status=AgreementStatus.EFFECTIVE, mode=Mode.SWAP
    )
    return ReturnState(
        swap_households=swaps.count(),
        handed_over=swaps.filter(household__unit_handed_over_on__isnull=False).count(),
    )


BAND_LABELS = {
    "entitled": gettext_lazy("Entitled area"),
    "added": gettext_lazy("Area added to reach the unit, at cost price (上靠/扩面)"),
    "market": gettext_lazy("Area beyond, at market price"),
    "shortfall": gettext_lazy("Entitled area not received, at the old house's price"),
}


def settlement_bands(sheet) -> list[tuple]:
    """A sheet's bands as printed: (label, area, price, amount), amounts + owed by the
    household and − owed to it."""
    return [
        (
            str(BAND_LABELS[band["label"]]),
            Decimal(band["area"]),
            Decimal(band["price"]),
            Decimal(band["amount"]),
        )
        for band in sheet.bands
    ]


# --- Figures of the weekly report and the annual summary ----------------------------------------


def signing_by_district(
    *, year: int, as_of: date, district_id: int | None = None
) -> dict[int, dict]:
    """{district id: signing progress} of the plan year's projects (every district's, or
    the one given) on the day `as_of`: households, those signed that day
    (`signed_and_in_force_on`, DESIGN.md §5's signing rate), the rate, and the projects
    whose signing period has ended with households still unsigned (behind their
    deadline), as ids. Three queries."""
    projects = projects_of_plan_year(year, district_id).values_list(  # plain rows: hundreds
        "pk", "district_id", "signing_ends_on"
    )
    households = Counter(
        dict(
            Household.objects.filter(project__any=plan_year_projects(year, district_id))
            .order_by()  # the default order would join regions and projects to group by
            .values("project_id")
            .annotate(n=Count("*"))
            .values_list("project_id", "n")
        )
    )
    signed = signed_by_project(projects=plan_year_projects(year, district_id), as_of=as_of)
    figures: dict[int, dict] = {}
    for pk, district_pk, signing_ends_on in projects:
        row = figures.setdefault(district_pk, {"households": 0, "signed": 0, "behind_deadline": []})
        row["households"] += households[pk]
        row["signed"] += signed[pk]
        ended = signing_ends_on is not None and signing_ends_on < as_of
        if ended and signed[pk] < households[pk]:
            row["behind_deadline"].append(pk)
    for row in figures.values():
        row["signing_rate"] = percent(row["signed"], row["households"])
        row["behind_deadline"].sort()
    return figures


def signed_and_in_force_on(day: date) -> Q:
    """The agreements that count their households as signed on `day` (DESIGN.md §5's signing
    rate): signed by then and conditional or effective that day — still, or lapsed or voided
    since. A past week's report counts the households whose agreements lapsed after it, as
    it did when the week ended."""
    next_morning = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return Q(signed_on__lte=day) & (
        Q(status__in=SIGNED_STATUSES)
        | Q(status=AgreementStatus.LAPSED, lapsed_on__gt=day)
        | Q(status=AgreementStatus.VOID, voided_at__gte=next_morning)
    )


def signed_by_project(*, projects, as_of: date) -> Counter:
    """{project id: households signed on the day `as_of`} (`signed_and_in_force_on`) of
    `projects` (ids, or an array of them). One query."""
    return Counter(
        dict(
            Agreement.objects.filter(signed_and_in_force_on(as_of), project__any=projects)
            .order_by()
            .values("project_id")
            # a household has one open agreement at most (agreement_one_open_per_household)
            .annotate(n=Count("*"))
            .values_list("project_id", "n")
        )
    )


def households_in_overdue_transition(*, on: date) -> list[int]:
    """超期过渡 on the day `on`: swap households with an agreement in effect, moved out, not
    handed their unit by then, whose transition period (the agreement's, else its scheme's,
    from the day they vacated) had ended. Their ids, two queries, read as plain rows: a
    city has 80,000 such agreements."""
    agreements = list(
        Agreement.objects.filter(status=AgreementStatus.EFFECTIVE, mode=Mode.SWAP)
        .filter(
            Q(household__unit_handed_over_on__isnull=True)
            | Q(household__unit_handed_over_on__gt=on)
        )
        .annotate(months=Coalesce("transition_months", "scheme__transition_months"))
        .values_list("household_id", "household__stage", "months")
    )
    vacated = vacated_dates({household: stage for household, stage, _months in agreements})
    return sorted(
        household
        for household, _stage, months in agreements
        if household in vacated and vacated[household] + relativedelta(months=months) <= on
    )


def agreements_waiting(user) -> dict:
    """The agreements in the user's scope waiting on a step: drafts to review, reviewed ones
    to sign (the clerk's home page), in one query."""
    return Agreement.objects.for_user(user).aggregate(
        draft=Count("pk", filter=Q(status=AgreementStatus.DRAFT)),
        reviewed=Count("pk", filter=Q(status=AgreementStatus.REVIEWED)),
    )
