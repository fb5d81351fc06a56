"""State changes of compensation: schemes, appraisals, agreements, the signing campaign.

Each function is one transaction and checks the record's current state first: bad input is
a ValidationError naming the field, an action the state does not allow is a
core.errors.Conflict, both in Chinese. Households move through households.services only.
"""

import logging
import unicodedata
from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from compensation import formulas, selectors, settlement
from compensation.choices import (
    SIGNED_STATUSES,
    AgreementStatus,
    EntryKind,
    EntryStatus,
    ItemKind,
    LotteryStatus,
    PaymentRunStatus,
    SchemeStatus,
    SelectionMethod,
    UnitStatus,
)
from compensation.documents import agreement_pdf
from compensation.lottery import ALGORITHM, draw_order, list_file, list_hash, read_list
from compensation.models import (
    ENTERED_STAGES,
    Agreement,
    AgreementLine,
    Allocation,
    Appraisal,
    Assignment,
    CompensationScheme,
    LedgerEntry,
    Lottery,
    PayeeAccount,
    PaymentRun,
    ResettlementUnit,
    SchemeItem,
    SelectionEvent,
    SelectionSession,
    SettlementSheet,
    WorkTeam,
)
from compensation.selectors import NO_MONEY
from core.bulk import copy_update
from core.errors import Conflict
from core.versions import check_version
from households import crypto
from households import services as household_services
from households.choices import Mode, Stage
from households.models import Household
from projects.choices import ResettlementMode
from projects.models import Project, ResettlementSite
from projects.services import project_flag_signing_lapsed

logger = logging.getLogger(__name__)


def _today() -> date:
    return timezone.localdate()


def date_not_in_future(value: date, field: str) -> None:
    """Appraisals and signings are recorded after the fact, never ahead of it."""
    if value > _today():
        raise ValidationError({field: _("The date cannot be in the future.")})


# --- Schemes ------------------------------------------------------------------------------


@transaction.atomic
def scheme_new_version(*, project: Project, user, name: str = "") -> CompensationScheme:
    """A draft version of the project's scheme, starting from the latest version's items
    (or empty). A project has one draft at a time."""
    Project.objects.select_for_update().get(pk=project.pk)
    if CompensationScheme.objects.filter(project=project, status=SchemeStatus.DRAFT).exists():
        raise Conflict(_("This project already has a draft scheme: finish or edit that one."))
    previous = CompensationScheme.objects.filter(project=project).order_by("-version").first()
    scheme = CompensationScheme(
        project=project,
        version=(previous.version + 1) if previous else 1,
        name=name
        or (
            previous.name
            if previous
            else _("%(project)s compensation scheme") % {"project": project.name}
        )[:100],
        created_by=user,
    )
    if previous:
        for field in (
            "document_number",
            "appraisal_base_date",
            "transition_months",
            "overdue_uplifts",
            "settlement_added_area",
            "settlement_cost_price",
            "settlement_market_price",
        ):
            setattr(scheme, field, getattr(previous, field))
    scheme.appraisal_base_date = scheme.appraisal_base_date or project.decision_announced_on
    scheme.full_clean()
    scheme.save()
    if previous:
        items = list(previous.items.all())
        for item in items:
            item.pk, item.scheme = None, scheme
        SchemeItem.objects.bulk_create(items)
    return scheme


def _editable(scheme: CompensationScheme) -> CompensationScheme:
    scheme = CompensationScheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status != SchemeStatus.DRAFT:
        raise Conflict(_("An approved scheme is frozen: make a new version to change it."))
    return scheme


@transaction.atomic
def scheme_update(*, scheme: CompensationScheme, expected_edits, **fields) -> CompensationScheme:
    """Change a draft's settings; the change says which of its saved states it was made on."""
    scheme = _editable(scheme)
    check_version(scheme, expected_edits, field="edits")
    for name, value in fields.items():
        setattr(scheme, name, value)
    scheme.edits += 1
    scheme.full_clean()
    scheme.save()
    return scheme


@transaction.atomic
def scheme_item_save(
    *, scheme: CompensationScheme, item: SchemeItem, expected_version=None
) -> SchemeItem:
    """Add or change one item of a draft; a percentage or minimum must name an earlier item.
    A change says the version of the item it was made on."""
    scheme = _editable(scheme)
    if item.pk:
        stored = SchemeItem.objects.select_for_update().get(pk=item.pk)
        check_version(stored, expected_version)
        item.version = stored.version + 1
    item.scheme = scheme
    item.full_clean()
    if item.of_item:
        earlier = set(
            scheme.items.exclude(pk=item.pk)
            .filter(order__lte=item.order)
            .values_list("code", flat=True)
        )
        if item.of_item not in earlier:
            raise ValidationError(
                {"of_item": _("Name an item that comes before this one in the scheme.")}
            )
    item.save()
    return item


@transaction.atomic
def scheme_item_delete(*, item: SchemeItem) -> None:
    _editable(item.scheme)
    if item.scheme.items.filter(of_item=item.code).exists():
        raise Conflict(_("Another item refers to this one: change that item first."))
    item.delete()


@transaction.atomic
def scheme_approve(*, scheme: CompensationScheme, user) -> CompensationScheme:
    """City staff approve a draft: from now on it is frozen and agreements use it."""
    scheme = _editable(scheme)
    items = list(scheme.items.all())
    if not items:
        raise ValidationError({"items": _("A scheme needs at least one item.")})
    codes = set()
    for item in items:
        if item.of_item and item.of_item not in codes:
            raise ValidationError(
                {
                    "items": _("“%(item)s” refers to an item that does not come before it.")
                    % {"item": item.name}
                }
            )
        codes.add(item.code)
    scheme.status = SchemeStatus.APPROVED
    scheme.approved_by, scheme.approved_at = user, timezone.now()
    scheme.save(update_fields=["status", "approved_by", "approved_at"])
    return scheme


def compensation_follow_project(*, project) -> None:
    """Agreements, appraisals and ledger entries carry their district for scoping: bring them
    along after a move (called when projects.signals.project_moved is sent, inside the move's
    transaction), or the old district's officials would keep the money of households no
    longer theirs."""
    moved = {"district_id": project.district_id}
    Agreement.objects.filter(project=project).exclude(**moved).update(**moved)
    for model in (Appraisal, LedgerEntry):
        model.objects.filter(household__project=project).exclude(**moved).update(**moved)


# --- Appraisals ---------------------------------------------------------------------------


@transaction.atomic
def appraisal_record(
    *,
    household: Household,
    firm: str,
    report_no: str,
    appraised_on: date,
    value,
    unit_price,
    user,
) -> Appraisal:
    """Record a household's appraisal; the household is "appraised" from that day (if it
    had not come further) through the one progress service."""
    date_not_in_future(appraised_on, "appraised_on")
    appraisal = Appraisal(
        household=household,
        district_id=household.district_id,
        firm=(firm or "").strip(),
        report_no=(report_no or "").strip(),
        appraised_on=appraised_on,
        value=value,
        unit_price=unit_price,
        recorded_by=user,
    )
    appraisal.full_clean()
    appraisal.save()
    if Stage.rank(household.stage) < Stage.rank(Stage.APPRAISED):
        try:
            household_services.household_record_progress(
                households=[household],
                to_stage=Stage.APPRAISED,
                effective_on=appraised_on,
                user=user,
                note=_("Appraisal %(report)s") % {"report": appraisal.report_no},
                automatic=True,
            )
        except household_services.ProgressErrors as exc:
            raise ValidationError({"appraised_on": list(exc.household_errors.values())}) from None
    return appraisal


@transaction.atomic
def appraisals_record_many(*, rows: list[dict], user) -> list[Appraisal]:
    """An imported file of appraisals, all or nothing: each row a household with firm,
    report_no, appraised_on, value and unit_price; the households not yet appraised move to
    "appraised" (one progress call per appraisal date, so a file costs a few queries)."""
    appraisals = []
    for row in rows:
        date_not_in_future(row["appraised_on"], "appraised_on")
        appraisal = Appraisal(recorded_by=user, district_id=row["household"].district_id, **row)
        # The rows' households and user are loaded already: checking each reference again
        # would cost a query per row.
        appraisal.full_clean(exclude=["household", "district", "recorded_by"])
        appraisals.append(appraisal)
    Appraisal.objects.bulk_create(appraisals)
    by_date: dict = {}
    for appraisal in appraisals:
        if Stage.rank(appraisal.household.stage) < Stage.rank(Stage.APPRAISED):
            by_date.setdefault(appraisal.appraised_on, []).append(appraisal.household)
    for on, moving in sorted(by_date.items()):
        try:
            household_services.household_record_progress(
                households=moving,
                to_stage=Stage.APPRAISED,
                effective_on=on,
                user=user,
                note=_("Appraisal imported"),
                automatic=True,
            )
        except household_services.ProgressErrors as exc:
            raise ValidationError(list(exc.messages)) from None
    return appraisals


# --- Agreements ---------------------------------------------------------------------------

_TERMS = (
    "payment_due_on",
    "moving_deadline",
    "swap_area",
    "swap_unit_type",
    "temporary_housing",
    "transition_months",
    "other_terms",
)


def household_facts(
    *, household, project, appraisal, mode, moving_on, signed_on, eligible_people
) -> formulas.Facts:
    """What a scheme's items read of a household, its appraisal and the agreement's terms."""
    return formulas.Facts(
        mode=mode,
        signed_on=signed_on,
        moving_on=moving_on,
        registered_area=household.legal_area,
        unregistered_area=household.recognised_unregistered_area,
        storage_area=household.storage_area,
        appraised_unit_price=appraisal.unit_price if appraisal else None,
        eligible_people=eligible_people,
        hardships=frozenset(household.hardship_types),
        signing_starts_on=project.signing_starts_on,
        signing_ends_on=project.signing_ends_on,
    )


def _facts(agreement: Agreement, signed_on: date) -> formulas.Facts:
    household = agreement.household
    return household_facts(
        household=household,
        project=agreement.project,
        appraisal=agreement.appraisal,
        mode=agreement.mode,
        moving_on=agreement.moving_deadline,
        signed_on=signed_on,
        eligible_people=household.members.filter(is_resettlement_person=True).count(),
    )


def agreement_figures(agreement: Agreement, signed_on: date) -> formulas.Computation:
    """The lines and total of an agreement signed on `signed_on` (its scheme, appraisal,
    household and terms)."""
    try:
        return formulas.compute(agreement.scheme.items.all(), _facts(agreement, signed_on))
    except formulas.SchemeError as exc:
        raise ValidationError({"scheme": str(exc)}) from None


QUANTITY = Decimal("0.0001")


LINE_FIELDS = (
    "order",
    "code",
    "item",
    "basis",
    "quantity",
    "unit_price",
    "amount",
    "formula",
    "condition_rate",
)


def agreement_line_values(computation: formulas.Computation):
    """Each computed line's stored values (LINE_FIELDS), rounded half up as stored."""
    for index, line in enumerate(computation.lines, start=1):
        yield (
            index,
            line.code,
            line.item,
            line.basis[:200],
            line.quantity.quantize(QUANTITY, rounding=ROUND_HALF_UP),
            line.unit_price.quantize(formulas.FEN, rounding=ROUND_HALF_UP),
            line.amount,
            line.formula[:300],
            line.condition_rate,
        )


def agreement_lines(agreement: Agreement, computation: formulas.Computation) -> list:
    """The computed lines as unsaved rows of the agreement."""
    return [
        AgreementLine(agreement=agreement, **dict(zip(LINE_FIELDS, values, strict=True)))
        for values in agreement_line_values(computation)
    ]


def agreement_write_lines(agreement: Agreement, computation: formulas.Computation) -> None:
    agreement.lines.all().delete()
    AgreementLine.objects.bulk_create(agreement_lines(agreement, computation))
    agreement.total = computation.total


def _check_mode(project: Project, mode: str) -> None:
    """A swap household's start waits on its resettlement building: in a project that
    resettles by money only it would be signed, moved and settled and never started."""
    if mode == Mode.SWAP and project.resettlement_mode == ResettlementMode.MONETARY:
        raise ValidationError(
            {"mode": _("The project resettles by money only: it has no housing to swap for.")}
        )


@transaction.atomic
def agreement_draft(
    *, household: Household, mode: str, user, planned_sign_on: date | None = None, **terms
) -> Agreement:
    """A draft computed from the project's current scheme, the household's latest appraisal
    and the household itself, for signing on `planned_sign_on` (today by default)."""
    household = Household.objects.select_for_update().select_related("project").get(pk=household.pk)
    project = household.project
    if project.signing_lapsed_on:
        raise Conflict(_("The project's agreements lapsed: its signing has ended."))
    if selectors.open_agreement_exists(household):
        raise Conflict(_("This household already has an agreement: void it to draft another."))
    _check_mode(project, mode)
    scheme = selectors.current_scheme(project)
    if scheme is None:
        raise ValidationError({"scheme": _("The project has no approved compensation scheme.")})
    agreement = Agreement(
        household=household,
        project=project,
        district_id=project.district_id,
        scheme=scheme,
        appraisal=selectors.latest_appraisal(household),
        mode=mode,
        planned_sign_on=planned_sign_on or _today(),
        created_by=user,
        **{name: value for name, value in terms.items() if name in _TERMS},
    )
    if agreement.transition_months is None:
        agreement.transition_months = scheme.transition_months
    if mode != Mode.SWAP:  # a swap's entitlement means nothing on a monetary agreement
        agreement.swap_area, agreement.swap_unit_type = None, ""
    elif agreement.swap_area is None:
        agreement.swap_area = household.legal_area
    agreement.full_clean(exclude=["total"])
    computation = agreement_figures(agreement, agreement.planned_sign_on)
    agreement.total = computation.total
    agreement.save()
    agreement_write_lines(agreement, computation)
    agreement.save(update_fields=["total"])
    return agreement


def _locked(agreement: Agreement) -> Agreement:
    """The agreement, locked after its household, as an approval of the household's payments
    locks it (_locked_entry): a void and an approval wait for each other, in one order."""
    _lock_households([agreement.household_id])
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("household", "project", "scheme", "appraisal")
        .get(pk=agreement.pk)
    )


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, user, expected_version, planned_sign_on: date | None = None, **terms
) -> Agreement:
    """Change a draft's terms (or the day it is computed for) and compute it again; a
    reviewed agreement changed goes back to draft, to be reviewed again."""
    agreement = _locked(agreement)
    if agreement.status not in (AgreementStatus.DRAFT, AgreementStatus.REVIEWED):
        raise Conflict(_("A signed agreement cannot be changed: void it and draft a new one."))
    check_version(agreement, expected_version)
    agreement.version += 1
    for name, value in terms.items():
        if name in _TERMS:
            setattr(agreement, name, value)
    if planned_sign_on:
        agreement.planned_sign_on = planned_sign_on
    agreement.appraisal = selectors.latest_appraisal(agreement.household)
    agreement.status, agreement.reviewed_by, agreement.reviewed_at = (
        AgreementStatus.DRAFT,
        None,
        None,
    )
    agreement.computed_by, agreement.computed_at = user, timezone.now()
    agreement.full_clean(exclude=["total"])
    agreement_write_lines(agreement, agreement_figures(agreement, agreement.planned_sign_on))
    agreement.save()
    return agreement


def _check_terms_complete(agreement: Agreement) -> None:
    missing = agreement.terms_missing()
    if missing:
        raise ValidationError(
            {
                name: _(
                    "An agreement states its %(term)s (Art. 25 of the expropriation "
                    "regulation): fill it in before review and signing."
                )
                % {"term": label}
                for name, label in missing.items()
            }
        )


@transaction.atomic
def agreement_review(*, agreement: Agreement, user) -> Agreement:
    """审核: a second person checks the draft before it is signed."""
    agreement = _locked(agreement)
    if agreement.status != AgreementStatus.DRAFT:
        raise Conflict(_("Only a draft can be reviewed."))
    if user.pk in (agreement.created_by_id, agreement.computed_by_id):
        raise Conflict(
            _("The agreement must be reviewed by someone other than who drafted or changed it.")
        )
    _check_terms_complete(agreement)
    agreement.status = AgreementStatus.REVIEWED
    agreement.reviewed_by, agreement.reviewed_at = user, timezone.now()
    agreement.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return agreement


def _same_figures(agreement: Agreement, computation: formulas.Computation) -> bool:
    stored = [(line.code, line.amount) for line in agreement.lines.order_by("order")]
    return stored == [(line.code, line.amount) for line in computation.lines]


def agreement_sign(*, agreement: Agreement, user, signed_on: date | None = None) -> Agreement:
    """Sign a reviewed agreement: it gets the project's next number (no gaps, also when two
    are signed at once: the project row is locked while numbering), its figures are fixed,
    the household becomes "signed", and the signed copy is stored as a PDF.

    With a threshold on the project the agreement is conditional until the signed share
    reaches it inside the signing period; the signing that crosses it makes all of them
    effective at once. Without a threshold it is effective on signing.

    The PDF is printed once the signing is committed: the project's other signings do not
    wait for it, and a copy that failed to print is printed again on download."""
    agreement = _agreement_sign_recorded(agreement=agreement, user=user, signed_on=signed_on)
    try:
        agreement.document.save(
            f"{agreement.project.code}-{agreement.number:04d}.pdf",
            ContentFile(agreement_pdf(agreement)),
            save=True,
        )
    except Exception:  # the signing stands; the download prints the copy instead
        logger.exception("The signed copy of agreement %s was not stored", agreement.pk)
    return agreement


@transaction.atomic
def _agreement_sign_recorded(*, agreement: Agreement, user, signed_on: date | None) -> Agreement:
    signed_on = signed_on or _today()
    date_not_in_future(signed_on, "signed_on")
    project = Project.objects.select_for_update().get(pk=agreement.project_id)
    agreement = _locked(agreement)
    if agreement.status != AgreementStatus.REVIEWED:
        raise Conflict(_("Only a reviewed agreement can be signed."))
    reviewed_on = timezone.localdate(agreement.reviewed_at) if agreement.reviewed_at else None
    if reviewed_on and signed_on < reviewed_on:  # the terms signed are the ones reviewed
        raise ValidationError(
            {
                "signed_on": _("An agreement is signed after its review (%(day)s), not before.")
                % {"day": reviewed_on.isoformat()}
            }
        )
    if project.signing_lapsed_on:
        raise Conflict(_("The project's agreements lapsed: its signing has ended."))
    _check_mode(project, agreement.mode)  # the project may have become money-only since
    _check_terms_complete(agreement)  # one reviewed before the terms were required
    if agreement.deadlines_before(signed_on):
        raise ValidationError(
            {
                "signed_on": _(
                    "The agreement's payment or moving deadline is before this signing date: "
                    "change its terms first."
                )
            }
        )
    last_change = agreement.household.stage_changed_on
    if last_change and signed_on < last_change:
        raise ValidationError(
            {"signed_on": _("The signing date cannot be before the household's last change.")}
        )
    computation = agreement_figures(agreement, signed_on)
    if not _same_figures(agreement, computation):
        raise Conflict(
            _(
                "Signed on %(day)s the figures differ from the reviewed ones (a tier or a "
                "deadline passed): compute the draft for that day and have it reviewed again."
            )
            % {"day": signed_on}
        )
    threshold = project.signing_threshold
    late = project.signing_ends_on and signed_on > project.signing_ends_on
    if threshold is not None and late and not selectors.signing_level_reached(project, threshold):
        raise Conflict(
            _("The signing period ended below the threshold: no agreement can be signed.")
        )
    agreement.number = (
        Agreement.objects.filter(project=project).aggregate(last=Max("number"))["last"] or 0
    ) + 1
    agreement.signed_on, agreement.signed_by = signed_on, user
    effective_now = threshold is None or selectors.signing_level_reached(project, threshold)
    agreement.status = AgreementStatus.EFFECTIVE if effective_now else AgreementStatus.CONDITIONAL
    agreement.effective_on = signed_on if effective_now else None
    agreement.save()
    household_services.household_agreement_signed(
        household=agreement.household,
        mode=agreement.mode,
        signed_on=signed_on,
        user=user,
        note=agreement.display_number,
    )
    if effective_now:
        household_services.households_agreement_effective(
            households=[agreement.household], effective_on=signed_on
        )
    else:
        _take_effect_if_threshold_reached(project, signed_on)
    agreements_meet_rate_conditions(projects=[project], on=signed_on)
    agreement.refresh_from_db()
    return agreement


def _take_effect_if_threshold_reached(project: Project, on: date) -> None:
    """The signing that crossed the threshold (inside the period) makes every conditional
    agreement of the project effective, in its own transaction."""
    if not selectors.signing_level_reached(project, project.signing_threshold):
        return
    conditional = list(
        Agreement.objects.select_for_update(of=("self",))
        .filter(project=project, status=AgreementStatus.CONDITIONAL)
        .select_related("household")
    )
    Agreement.objects.filter(pk__in=[a.pk for a in conditional]).update(
        status=AgreementStatus.EFFECTIVE, effective_on=on
    )
    household_services.households_agreement_effective(
        households=[a.household for a in conditional], effective_on=on
    )


def agreements_meet_rate_conditions(*, projects, on: date) -> None:
    """Lines due when their project's signing rate reaches a level fall due once it has."""
    waiting = AgreementLine.objects.filter(
        agreement__project__in=projects,
        agreement__status__in=SIGNED_STATUSES,
        condition_rate__isnull=False,
        condition_met_on__isnull=True,
    )
    levels = defaultdict(set)
    for project_id, level in (
        waiting.order_by().values_list("agreement__project", "condition_rate").distinct()
    ):
        levels[project_id].add(level)
    reached = defaultdict(list)  # the projects that reached each level
    for project_id, level in selectors.signing_levels_reached(levels):
        reached[level].append(project_id)
    for level, project_ids in reached.items():
        waiting.filter(agreement__project__in=project_ids, condition_rate=level).update(
            condition_met_on=on
        )


@transaction.atomic
def agreement_void(*, agreement: Agreement, user, reason: str) -> Agreement:
    """作废: the record stays, with the reason; a signed household goes back with an event."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for voiding the agreement.")})
    agreement = _locked(agreement)
    if agreement.status in (AgreementStatus.VOID, AgreementStatus.LAPSED):
        raise Conflict(_("The agreement is already void or lapsed."))
    paid = (
        LedgerEntry.objects.filter(agreement=agreement)
        .exclude(approved_by=None)
        .aggregate(total=Sum("amount"))["total"]
    )
    if paid:
        raise Conflict(
            _("%(paid)s yuan has been paid under this agreement: reverse the payments first.")
            % {"paid": paid}
        )
    if Allocation.objects.filter(household=agreement.household_id).exists():
        raise Conflict(_("The household has chosen a unit under this agreement: release it first."))
    if LedgerEntry.objects.filter(
        agreement=agreement,
        status=EntryStatus.ENTERED,
        run__status__in=[PaymentRunStatus.DRAFT, PaymentRunStatus.APPROVED],
    ).exists():
        raise Conflict(
            _(
                "Payments under this agreement are in a payment run: cancel the draft run or "
                "record the bank's results first."
            )
        )
    was_signed = agreement.status in SIGNED_STATUSES
    agreement.status = AgreementStatus.VOID
    agreement.voided_at, agreement.void_reason = timezone.now(), reason[:500]
    agreement.save(update_fields=["status", "voided_at", "void_reason"])
    if was_signed:
        household_services.households_agreement_ended(
            households=[agreement.household],
            on=_today(),
            user=user,
            reason=_("Agreement %(number)s voided: %(reason)s")
            % {"number": agreement.display_number, "reason": reason},
        )
    return agreement


@transaction.atomic
def agreements_lapse(*, today: date | None = None, user=None) -> list[Project]:
    """失效: for every project whose signing period has ended below its threshold, its
    conditional agreements lapse, its households go back, and the project is flagged (the
    scheduled task runs this each morning)."""
    today = today or _today()
    lapsed_projects = []
    candidates = Project.objects.select_for_update().filter(
        signing_threshold__isnull=False,
        signing_ends_on__lt=today,
        signing_lapsed_on__isnull=True,
    )
    for project in candidates:
        if selectors.signing_level_reached(project, project.signing_threshold):
            continue
        conditional = list(
            Agreement.objects.filter(project=project, status=AgreementStatus.CONDITIONAL)
            .select_related("household", "signed_by")
            .select_for_update(of=("self",))
        )
        Agreement.objects.filter(pk__in=[a.pk for a in conditional]).update(
            status=AgreementStatus.LAPSED, lapsed_on=today
        )
        if conditional:
            household_services.households_agreement_ended(
                households=[a.household for a in conditional],
                on=today,
                user=user or conditional[0].signed_by,
                reason=_("The agreement lapsed: the signing period ended below %(threshold)s%%.")
                % {"threshold": project.signing_threshold},
            )
        # Flagged also where nobody signed: the period ended below the threshold all the same.
        project_flag_signing_lapsed(project=project, on=today)
        lapsed_projects.append(project)
    return lapsed_projects


# --- The signing campaign -----------------------------------------------------------------


@transaction.atomic
def work_team_save(*, project: Project, name: str, leader: str = "", team=None) -> WorkTeam:
    team = team or WorkTeam(project=project)
    team.name, team.leader = (name or "").strip(), (leader or "").strip()
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def households_assign(*, households, team: WorkTeam, official: str) -> int:
    """包户: put households (of the team's project) under a team and a responsible official."""
    official = (official or "").strip()
    if not official:
        raise ValidationError({"official": _("Name the responsible official.")})
    households = list(households)
    if any(h.project_id != team.project_id for h in households):
        raise ValidationError({"households": _("Every household must be of the team's project.")})
    Assignment.objects.bulk_create(
        [Assignment(household=h, team=team, official=official[:50]) for h in households],
        update_conflicts=True,
        unique_fields=["household"],
        update_fields=["team", "official", "assigned_at"],
    )
    return len(households)


# --- The ledger ---------------------------------------------------------------------------


def _mask_account(account: str) -> str:
    """A bank account as pages show it: the last four digits only."""
    return f"**** {account[-4:]}" if len(account) > 4 else "****"


def _account_number(account: str, field: str) -> str:
    account = unicodedata.normalize("NFKC", account or "").replace(" ", "").replace("-", "")
    if account and not (account.isascii() and account.isdigit() and 8 <= len(account) <= 32):
        raise ValidationError({field: _("A bank account number is 8 to 32 digits.")})
    return account


@transaction.atomic
def payee_account_save(
    *, household: Household, name: str, bank: str, account: str, user, expected_version=None
):
    """收款账户: the account the household's payments and batch payments go to. A change of
    an account says the version it was made on; a form opened before there was one says
    none, and is stale once someone has saved one."""
    number = _account_number(account, "account")
    if not number:
        raise ValidationError({"account": _("This field is required.")})
    stored = PayeeAccount.objects.select_for_update().filter(household=household).first()
    if stored:
        check_version(stored, 0 if expected_version in (None, "") else expected_version)
    payee, _created = PayeeAccount.objects.update_or_create(
        household=household,
        defaults={
            "version": stored.version + 1 if stored else 1,
            "name": (name or "").strip()[:100] or household.party_name,
            "bank": (bank or "").strip()[:100],
            "account_masked": _mask_account(number),
            "account_encrypted": crypto.encrypt(number),
            "updated_by": user,
        },
    )
    if not payee.bank:
        raise ValidationError({"bank": _("This field is required.")})
    return payee


@transaction.atomic
def entry_enter(
    *,
    household: Household,
    item_code: str,
    amount: Decimal,
    paid_on: date,
    voucher_no: str,
    user,
    funding_source: str,
    kind: str = EntryKind.PAYMENT,
    payee_name: str = "",
    payee_bank: str = "",
    payee_account: str = "",
) -> LedgerEntry:
    """录入: a payment or deposit against one item of the household's effective agreement,
    waiting for a second person's approval; paid into the household's payee account unless
    another is given."""
    agreement = selectors.effective_agreement(household)
    if agreement is None:
        raise Conflict(_("The household has no agreement in effect: nothing is due to it."))
    items = {line.code: line.item for line in agreement.lines.all()}
    sheet = SettlementSheet.objects.filter(agreement=agreement).exclude(net=0).first()
    if sheet is not None:
        items[selectors.SETTLEMENT] = str(selectors.SETTLEMENT_ITEM)
    if item_code not in items:
        raise ValidationError({"item_code": _("The agreement has no such item.")})
    receivable = item_code == selectors.SETTLEMENT and sheet.receivable
    if (kind == EntryKind.RECEIPT) != receivable:
        raise ValidationError(
            {
                "kind": _(
                    "A receipt is entered for the price difference the household owes, and that "
                    "difference only as a receipt."
                )
            }
        )
    date_not_in_future(paid_on, "paid_on")
    if paid_on < agreement.effective_on:
        raise ValidationError(
            {"paid_on": _("The date cannot be before the agreement took effect.")}
        )
    if not funding_source and not receivable:  # what it is paid from (funding used)
        raise ValidationError({"funding_source": _("This field is required.")})
    account = _account_number(payee_account, "payee_account")
    payee = {
        "payee_name": (payee_name or "").strip(),
        "payee_bank": (payee_bank or "").strip(),
        "payee_account_masked": _mask_account(account) if account else "",
        "payee_account_encrypted": crypto.encrypt(account) if account else "",
    }
    stored = PayeeAccount.objects.filter(household=household).first()
    if not account and stored:
        payee = _payee_of(stored)
    entry = LedgerEntry(
        household=household,
        agreement=agreement,
        district_id=agreement.district_id,
        kind=kind,
        item_code=item_code,
        item=items[item_code],
        amount=amount,
        paid_on=paid_on,
        voucher_no=(voucher_no or "").strip(),
        funding_source=funding_source,
        entered_by=user,
        **payee,
    )
    entry.full_clean(exclude=["household", "agreement", "district", "entered_by", "run"])
    if entry.amount <= 0:
        raise ValidationError({"amount": _("The amount must be above 0.")})
    _check_within_agreed(entry)
    entry.save()
    return entry


def _check_within_agreed(entry: LedgerEntry) -> None:
    """An entry never takes an item past its whole amount in the agreement with what is paid:
    no later day could make it approvable. (An amount within it but not yet due — a reward
    before its signing rate — may be entered; entries waiting side by side are weighed when
    approved.)"""
    due = next(
        (
            d
            for d in selectors.household_dues(
                entry.household, on=_today(), agreement=entry.agreement
            )
            if d.code == entry.item_code
        ),
        None,
    )
    if due is None or due.agreed is None:  # nothing due on it today: approval will say so
        return
    if due.paid + entry.amount <= due.agreed:
        return
    if due.code != selectors.SETTLEMENT:
        text = _(
            "“%(item)s” comes to %(agreed)s yuan in the agreement and %(paid)s is paid: "
            "at most %(left)s can be entered."
        )
    elif due.receivable:
        text = _(
            "“%(item)s” comes to %(agreed)s yuan on the settlement sheet and %(paid)s is "
            "received: at most %(left)s can be entered."
        )
    else:
        text = _(
            "“%(item)s” comes to %(agreed)s yuan on the settlement sheet and %(paid)s is "
            "paid: at most %(left)s can be entered."
        )
    raise ValidationError(
        {
            "amount": text
            % {
                "item": entry.item,
                "agreed": f"{due.agreed:,.2f}",
                "paid": f"{due.paid:,.2f}",
                "left": f"{due.agreed - due.paid:,.2f}",
            }
        }
    )


def _payee_of(account: PayeeAccount) -> dict:
    return {
        "payee_name": account.name,
        "payee_bank": account.bank,
        "payee_account_masked": account.account_masked,
        "payee_account_encrypted": account.account_encrypted,
    }


def _lock_households(ids) -> None:
    """Approvals and reversals of a household's entries wait for each other: the check of
    what is due and the write that follows it see the same ledger (rows locked in id order,
    so a batch and a single approval never deadlock)."""
    list(Household.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))


def _locked_entry(entry: LedgerEntry) -> LedgerEntry:
    _lock_households([entry.household_id])
    return (
        LedgerEntry.objects.select_for_update(of=("self",))
        .select_related("household", "agreement__scheme", "agreement__household")
        .get(pk=entry.pk)
    )


def _at_the_bank(agreements, *, besides: PaymentRun | None = None) -> dict:
    """{(household id, item code): yuan} sent to the bank in an approved run (other than
    `besides`) whose results are not in yet: paid, as far as paying again is concerned."""
    at_bank, _label = ENTERED_STAGES["at_bank"]
    rows = LedgerEntry.objects.filter(at_bank, agreement__in=agreements, status=EntryStatus.ENTERED)
    if besides is not None:
        rows = rows.exclude(run=besides)
    return {
        (household_id, code): total
        for household_id, code, total in rows.values("household", "item_code")
        .annotate(total=Sum("amount"))
        .values_list("household", "item_code", "total")
    }


def _over_due(entries, *, besides: PaymentRun | None = None) -> dict:
    """{entry: message} for the entries that cannot become final: their agreement is no
    longer in effect, or they would pay an item more than is due to date, taken together
    with what is paid and what is at the bank."""
    agreements = list({e.agreement_id: e.agreement for e in entries}.values())
    dues = selectors.dues_by_household(agreements, on=_today())
    at_bank = _at_the_bank(agreements, besides=besides)
    adding: dict = {}
    for entry in entries:
        key = entry.household_id, entry.item_code
        adding[key] = adding.get(key, NO_MONEY) + entry.amount
    problems = {}
    for entry in entries:
        key = entry.household_id, entry.item_code
        if entry.agreement.status != AgreementStatus.EFFECTIVE:
            problems[entry] = _("The entry's agreement is no longer in effect.")
            continue
        due = next((d for d in dues.get(entry.household_id, []) if d.code == entry.item_code), None)
        paid = (due.paid if due else NO_MONEY) + at_bank.get(key, NO_MONEY)
        if due is not None and due.waits_for_vacating:
            problems[entry] = _(
                "“%(item)s” falls due once the household has vacated, at the tier of the day "
                "it vacates: nothing of it is due yet."
            ) % {"item": entry.item}
        elif due is not None and due.moving_reward and entry.paid_on < due.vacated_on:
            problems[entry] = _(
                "“%(item)s” fell due when the household vacated on %(day)s: a payment of it "
                "cannot be dated %(paid_on)s, before that."
            ) % {"item": entry.item, "day": due.vacated_on, "paid_on": entry.paid_on}
        elif due is None or paid + adding[key] > due.due:
            problems[entry] = _(
                "“%(item)s”: %(due)s yuan is due to date and %(paid)s is paid or at the bank; "
                "%(amount)s more would pay more than is due."
            ) % {
                "item": entry.item,
                "due": f"{due.due if due else NO_MONEY:,.2f}",  # as the page writes amounts
                "paid": f"{paid:,.2f}",
                "amount": f"{adding[key]:,.2f}",
            }
    return problems


def entry_over_due(entry: LedgerEntry) -> str | None:
    """Why approving the entry would be refused today, if it would: said to whoever enters
    it, who may still enter it (a reward falls due once its signing rate is met)."""
    return _over_due([entry]).get(entry)


def entry_warnings(entry: LedgerEntry, *, user) -> list[str]:
    """What the clerk who has just entered `entry` is told, on the page and by the API: why
    its approval would be refused as things stand, and why it may be a payment entered
    twice. The entry is kept either way."""
    refusal = entry_over_due(entry)
    warnings = (
        [_("As things stand its approval would be refused: %(reason)s") % {"reason": refusal}]
        if refusal
        else []
    )
    return warnings + [doubt.text for doubt in selectors.with_doubts([entry], user=user)[0].doubts]


def payment_run_funding_warning(run: PaymentRun) -> str | None:
    """What the drafter of `run` is told when its funding source has not received enough to
    pay it beside what the source has paid already: the bank would be asked for money that
    has not arrived (the run is kept; the arrival may not be recorded yet)."""
    use = next(
        (row for row in selectors.funding_sources(run.project) if row.source == run.funding_source),
        None,
    ) or selectors.FundingUse(
        source=run.funding_source,
        label=run.get_funding_source_display(),
        planned=Decimal(0),
        received=Decimal(0),
        used_yuan=Decimal(0),
    )
    total = LedgerEntry.objects.filter(run=run).aggregate(total=Sum("amount"))["total"] or 0
    if not replace(use, used_yuan=use.used_yuan + total).overdrawn:  # the source's own rule
        return None
    return _(
        "The run pays %(total)s yuan from %(source)s, which has received %(received)s and paid "
        "%(used)s (10k yuan): what has arrived does not cover it. Record the funds received, or "
        "draw the run on another source."
    ) % {
        "total": f"{total:,.2f}",
        "source": use.label,
        "received": f"{use.received:,.2f}",
        "used": f"{use.used:,.2f}",
    }


@transaction.atomic
def entry_approve(*, entry: LedgerEntry, user) -> LedgerEntry:
    """复核: a second person makes the entry final, if what is paid then stays within what
    is due to date for its item."""
    entry = _locked_entry(entry)
    if entry.status != EntryStatus.ENTERED:
        raise Conflict(_("Only an entered ledger entry can be approved."))
    if entry.run_id is not None:
        raise Conflict(_("The entry is part of a payment run: the bank's results settle it."))
    if entry.entered_by_id == user.pk:
        raise Conflict(_("The entry must be approved by someone other than who entered it."))
    problems = _over_due([entry])
    if problems:
        raise Conflict(problems[entry])
    entry.status, entry.approved_by, entry.approved_at = (
        EntryStatus.APPROVED,
        user,
        timezone.now(),
    )
    entry.save(update_fields=["status", "approved_by", "approved_at"])
    _record_fully_paid([entry.agreement], user=user)
    return entry


@transaction.atomic
def entry_discard(*, entry: LedgerEntry, user, reason: str) -> LedgerEntry:
    """An entered payment that will not be made (typed wrong, paid otherwise) is set aside
    with a reason: it never counts, and its item can be entered or run again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for setting the entry aside.")})
    entry = _locked_entry(entry)
    if entry.status != EntryStatus.ENTERED or entry.run_id is not None:
        raise Conflict(_("Only an entered payment outside a payment run can be set aside."))
    entry.status, entry.reason = EntryStatus.DISCARDED, reason[:500]
    entry.save(update_fields=["status", "reason"])
    return entry


def _check_unit_ready(household: Household, on: date) -> None:
    allocation = (
        Allocation.objects.filter(household=household)
        .select_related("unit__building__site")
        .first()
    )
    refusal = selectors.hand_over_refusal(household, allocation)
    if refusal:
        raise Conflict(refusal)
    delivered_on = allocation.unit.building.handed_over_on if allocation else None
    if delivered_on and on < delivered_on:
        raise ValidationError(
            {
                "on": _("The date cannot be before the building was delivered (%(date)s).")
                % {"date": delivered_on}
            }
        )


@transaction.atomic
def unit_hand_over(*, household: Household, on: date, user) -> None:
    """交房: the household's unit (its allocated one, if chosen in the system) is handed over;
    the fee stops that day and the household is settled. Refused while the household is still
    to choose in an open hall, before its unit's building is delivered (交付), and when the fee
    then due would be less than what is already paid of it — reverse the months paid past it
    first."""
    _lock_households([household.pk])
    _check_unit_ready(household, on)
    agreement = selectors.effective_agreement(household)
    if agreement is not None:
        household = Household.objects.get(pk=household.pk)
        household.unit_handed_over_on = on
        agreement.household = household
        for due in selectors.dues_by_household([agreement], on=_today()).get(household.pk, []):
            if due.accruing and due.paid > due.due:
                raise ValidationError(
                    {
                        "on": _(
                            "“%(item)s”: %(paid)s yuan is paid but only %(due)s is due up to "
                            "that day; reverse the months paid past it first."
                        )
                        % {"item": due.item, "paid": due.paid, "due": due.due}
                    }
                )
    household_services.household_hand_over(household=household, on=on, user=user)
    ResettlementUnit.objects.filter(allocation__household=household).update(
        status=UnitStatus.HANDED_OVER
    )


@transaction.atomic
def entry_reverse(*, entry: LedgerEntry, user, reason: str) -> LedgerEntry:
    """冲正: a final entry is taken back by a reversing entry, final at once, with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reversing the entry.")})
    entry = _locked_entry(entry)
    if entry.status != EntryStatus.APPROVED or entry.reverses_id is not None:
        raise Conflict(_("Only an approved payment can be reversed, and only once."))
    reversal = LedgerEntry.objects.create(
        household=entry.household,
        agreement=entry.agreement,
        district_id=entry.district_id,
        kind=entry.kind,
        item_code=entry.item_code,
        item=entry.item,
        amount=-entry.amount,
        paid_on=_today(),
        voucher_no=entry.voucher_no,
        funding_source=entry.funding_source,
        payee_name=entry.payee_name,
        payee_bank=entry.payee_bank,
        payee_account_masked=entry.payee_account_masked,
        payee_account_encrypted=entry.payee_account_encrypted,
        status=EntryStatus.APPROVED,
        entered_by=user,
        approved_by=user,
        approved_at=timezone.now(),
        reverses=entry,
        reason=reason[:500],
    )
    entry.status = EntryStatus.REVERSED
    entry.save(update_fields=["status"])
    _record_fully_paid([entry.agreement], user=user)
    return reversal


def _record_fully_paid(
    agreements, *, user, dues: dict | None = None, facts: dict | None = None
) -> None:
    """Fully paid: every fixed item due is paid (an accruing fee does not take it away) and no
    reward by moving date still waits for the household to vacate. A reward on the project's
    signing rate neither holds it back nor takes it away: it falls due for every signer at
    once, often after their payment, and a household paid and started would otherwise stop
    being so the day its project reached the rate. The day is the last final
    entry's date among the fixed items, or the day the household vacated where a reward by
    moving date waited for it and nothing was paid after. `dues`: what
    `selectors.dues_by_household` gave for these agreements today, before payments were
    entered and nothing else changed (see `selectors.dues_with_payments_reread`). `facts`:
    agreement facts to write with it (households_record_fully_paid)."""
    dues = (
        selectors.dues_by_household(agreements, on=_today())
        if dues is None
        else selectors.dues_with_payments_reread(dues, agreements)
    )
    fixed = {
        household_id: [
            due
            for due in items
            if not due.accruing and not due.receivable and not due.rate_reward and due.due > 0
        ]
        for household_id, items in dues.items()
    }
    fixed_items = {
        (household_id, due.code) for household_id, items in fixed.items() for due in items
    }
    last_fixed = {}  # the last day among the fixed items only
    for household_id, code, day in (
        LedgerEntry.objects.filter(
            agreement__any=[a.pk for a in agreements], status=EntryStatus.APPROVED, reverses=None
        )
        .values("household", "item_code")
        .annotate(last=Max("paid_on"))
        .values_list("household", "item_code", "last")
    ):
        if (household_id, code) in fixed_items:
            last_fixed[household_id] = max(day, last_fixed.get(household_id, day))
    paid_on = {}
    for agreement in agreements:
        items = dues.get(agreement.household_id, [])
        owed = fixed.get(agreement.household_id, [])
        paid_in_full = owed and all(due.paid >= due.due for due in owed)
        if not paid_in_full or any(due.waits_for_vacating for due in items):
            paid_on[agreement.household_id] = None
            continue
        days = [last_fixed.get(agreement.household_id)]
        days += [due.vacated_on for due in items if due.moving_reward]
        paid_on[agreement.household_id] = max((day for day in days if day), default=None)
    household_services.households_record_fully_paid(paid_on=paid_on, user=user, facts=facts)


def agreements_follow_vacating(*, households, user) -> None:
    """Households vacated, or were moved back: a reward by moving date (按期搬迁奖励) falls due
    or waits again, and "fully paid" follows (called when households.signals.vacating_changed
    is sent, inside the move's transaction)."""
    agreements = list(
        Agreement.objects.filter(
            household__any=households,
            status=AgreementStatus.EFFECTIVE,
            scheme__items__kind=ItemKind.MOVING_TIERS,
        )
        .distinct()
        .select_related("scheme", "household")
    )
    if not agreements:
        return
    dues = selectors.dues_by_household(agreements, on=_today())
    held = [
        f"{agreement.household.code}“{due.item}”{due.paid + due.in_process:,.2f}"
        for agreement in agreements
        for due in dues.get(agreement.household_id, [])
        if due.waits_for_vacating and (due.paid or due.in_process)
    ]
    if held:
        raise Conflict(
            _(
                "A reward by moving date is paid or entered for the vacating of %(held)s yuan. "
                "Reverse or set it aside before moving the household back."
            )
            % {"held": "、".join(held)}
        )
    _record_fully_paid(agreements, user=user, dues=dues)


# --- Batch payment (代发) -------------------------------------------------------------------


@transaction.atomic
def payment_run_draft(
    *, project: Project, paid_on: date, purpose: str, funding_source: str, user
) -> tuple[PaymentRun, list[Household]]:
    """A payment run of the project: one entered entry for every fixed item due and unpaid
    (and not already waiting in an entry) of each household with a payee account; returns
    the run and the households left out for want of an account."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    date_not_in_future(paid_on, "paid_on")
    agreements = list(
        Agreement.objects.filter(project=project, status=AgreementStatus.EFFECTIVE)
        .select_related("scheme", "household")
        .order_by("household__code")
    )
    dues = selectors.dues_by_household(agreements, on=paid_on)
    payees = {p.household_id: p for p in PayeeAccount.objects.filter(household__project=project)}
    number = (
        PaymentRun.objects.filter(project=project).aggregate(last=Max("number"))["last"] or 0
    ) + 1
    run = PaymentRun(
        project=project,
        number=number,
        paid_on=paid_on,
        purpose=(purpose or "").strip(),
        funding_source=funding_source,
        created_by=user,
    )
    run.full_clean(exclude=["project", "created_by"])
    run.save()
    entries, skipped, row = [], [], 0
    for agreement in agreements:
        owed = [
            (due, due.outstanding)
            for due in dues.get(agreement.household_id, [])
            if not due.accruing and not due.receivable and due.outstanding > 0
        ]
        if not owed:
            continue
        payee = payees.get(agreement.household_id)
        if payee is None:
            skipped.append(agreement.household)
            continue
        row += 1
        entries.extend(
            LedgerEntry(
                household_id=agreement.household_id,
                agreement=agreement,
                district_id=agreement.district_id,
                kind=EntryKind.PAYMENT,
                item_code=due.code,
                item=due.item,
                amount=amount,
                paid_on=paid_on,
                voucher_no=f"{run.reference}-{row:04d}",
                funding_source=funding_source,
                entered_by=user,
                run=run,
                run_row=row,
                **_payee_of(payee),
            )
            for due, amount in owed
        )
    if not entries:  # as of the transfer date: an early one finds nothing due yet
        raise ValidationError(
            _(
                "On the transfer date (%(day)s) no household with a payee account has a fixed "
                "item due and unpaid."
            )
            % {"day": paid_on.isoformat()}
        )
    LedgerEntry.objects.bulk_create(entries)
    return run, skipped


def _locked_run(run: PaymentRun, *statuses) -> PaymentRun:
    run = PaymentRun.objects.select_for_update().select_related("project").get(pk=run.pk)
    if run.status not in statuses:
        raise Conflict(
            _("The payment run is %(status)s: this cannot be done now.")
            % {"status": run.get_status_display()}
        )
    return run


@transaction.atomic
def payment_run_approve(*, run: PaymentRun, user) -> PaymentRun:
    """复核 of a run by a second person, before it goes to the bank: every row must still be
    within what is due to date."""
    run = _locked_run(run, PaymentRunStatus.DRAFT)
    if run.created_by_id == user.pk:
        raise Conflict(_("The run must be approved by someone other than who drafted it."))
    entries = list(run.entries.select_related("agreement__scheme", "agreement__household"))
    _lock_households({e.household_id for e in entries})
    problems = _over_due(entries, besides=run)
    if problems:
        raise Conflict(
            " ".join(f"{e.agreement.household.code}：{message}" for e, message in problems.items())
        )
    run.status, run.approved_by, run.approved_at = (
        PaymentRunStatus.APPROVED,
        user,
        timezone.now(),
    )
    run.save(update_fields=["status", "approved_by", "approved_at"])
    return run


@transaction.atomic
def payment_run_cancel(*, run: PaymentRun, user) -> PaymentRun:
    """A draft run is cancelled: its entries are set aside, nothing paid. An approved run may
    be at the bank already: only the bank's results (failed rows included) close it."""
    run = _locked_run(run, PaymentRunStatus.DRAFT)
    run.entries.update(status=EntryStatus.DISCARDED, bank_note=_("Payment run cancelled."))
    run.status, run.closed_by, run.closed_at = PaymentRunStatus.CANCELLED, user, timezone.now()
    run.save(update_fields=["status", "closed_by", "closed_at"])
    return run


@transaction.atomic
def payment_run_record_results(*, run: PaymentRun, results: dict, user) -> PaymentRun:
    """The bank's results ({row: (paid, remark)}, every row of the run): a paid row's
    entries become final, approved by the run's approver; a failed row's are failed and
    unpaid. All or nothing: a row that would now pay more than is due stops the whole file."""
    run = _locked_run(run, PaymentRunStatus.APPROVED)
    entries = list(run.entries.select_related("agreement__scheme", "agreement__household"))
    _lock_households({e.household_id for e in entries})
    paid = [e for e in entries if results[e.run_row][0]]
    agreements = list({e.agreement_id: e.agreement for e in paid}.values())
    problems = _over_due(paid, besides=run)
    if problems:
        raise ValidationError(
            [
                _("Row %(row)d: %(message)s") % {"row": e.run_row, "message": message}
                for e, message in problems.items()
            ]
        )
    now = timezone.now()
    for entry in entries:
        ok, remark = results[entry.run_row]
        entry.bank_note = remark or ""
        if ok:
            entry.status, entry.approved_by, entry.approved_at = (
                EntryStatus.APPROVED,
                run.approved_by,
                now,
            )
        else:
            entry.status = EntryStatus.FAILED
    copy_update(LedgerEntry, entries, ["status", "approved_by", "approved_at", "bank_note"])
    run.status, run.closed_by, run.closed_at = PaymentRunStatus.CLOSED, user, now
    run.save(update_fields=["status", "closed_by", "closed_at"])
    if agreements:
        _record_fully_paid(agreements, user=user)
    return run


# --- Selection order (选房顺序) -------------------------------------------------------------


@transaction.atomic
def lottery_freeze(*, project: Project, method: str, user) -> Lottery:
    """Freeze and publish the list of the project's swap households with an agreement in
    effect: by household code for a lottery (drawn later from a seed), by agreement number
    for the signing order (drawn at once: the order is the list's)."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    if method not in SelectionMethod.values:
        raise ValidationError({"method": _("Choose a method.")})
    in_use = Lottery.objects.filter(project=project).filter(
        Q(status=LotteryStatus.FROZEN) | Q(session__isnull=True) | ~Q(session__queue=[])
    )
    if in_use.exists():
        raise Conflict(
            _(
                "The project's selection order %(lottery)s is still to be used: finish its "
                "selection first; a new list is for the households left after it."
            )
            % {"lottery": in_use.first()}
        )
    by_signing = method == SelectionMethod.SIGNING
    agreements = list(
        Agreement.objects.filter(project=project, status=AgreementStatus.EFFECTIVE, mode=Mode.SWAP)
        .exclude(household__unit_handed_over_on__isnull=False)
        .exclude(household__in=Allocation.objects.values("household"))
        .select_related("household")
        .order_by("number" if by_signing else "household__code")
    )
    if not agreements:
        raise ValidationError(_("The project has no swap household with an agreement in effect."))
    content = list_file([(a.household.code, a.household.party_name) for a in agreements])
    number = (
        Lottery.objects.filter(project=project).aggregate(last=Max("number"))["last"] or 0
    ) + 1
    drawn = {}
    if by_signing:
        drawn = {
            "order": [a.household.code for a in agreements],
            "drawn_by": user,
            "drawn_at": timezone.now(),
        }
    return Lottery.objects.create(
        project=project,
        number=number,
        method=method,
        status=LotteryStatus.DRAWN if by_signing else LotteryStatus.FROZEN,
        list_content=content,
        list_hash=list_hash(content),
        households=len(agreements),
        algorithm=_("In the order of signing: by agreement number.") if by_signing else ALGORITHM,
        frozen_by=user,
        **drawn,
    )


@transaction.atomic
def lottery_draw(*, lottery: Lottery, seed: str, seed_source: str, user) -> Lottery:
    """摇号: the seed drawn in public after the list was published; the order follows from the
    published list file and the seed alone."""
    record = Lottery.objects.select_for_update().get(pk=lottery.pk)
    if record.method != SelectionMethod.LOTTERY or record.status != LotteryStatus.FROZEN:
        raise Conflict(_("The order is drawn already: a new list is a new lottery."))
    if record.frozen_by_id == user.pk:
        raise Conflict(_("The seed is entered by someone other than who froze the list."))
    # As anyone retyping it from the notice would: full-width folded, spaces single.
    seed = " ".join(unicodedata.normalize("NFKC", seed or "").split())
    seed_source = (seed_source or "").strip()
    errors = {}
    if not seed:
        errors["seed"] = _("Enter the seed drawn in public.")
    if not seed_source:
        errors["seed_source"] = _("Say how and by whom the seed was drawn.")
    if errors:
        raise ValidationError(errors)
    codes = [code for code, _name in read_list(bytes(record.list_content))]
    record.seed, record.seed_source = seed[:200], seed_source[:500]
    record.order = draw_order(codes, record.seed)
    record.status, record.drawn_by, record.drawn_at = LotteryStatus.DRAWN, user, timezone.now()
    record.save(update_fields=["seed", "seed_source", "order", "status", "drawn_by", "drawn_at"])
    return record


# --- Resettlement units (安置房源) -----------------------------------------------------------

UNIT_FIELDS = ["floor", "area", "layout", "orientation"]


@transaction.atomic
def unit_add(*, building, unit_no: str, floor: int, area, layout: str, orientation: str = ""):
    unit = ResettlementUnit(
        building=building,
        unit_no=(unit_no or "").strip(),
        floor=floor,
        area=area,
        layout=(layout or "").strip(),
        orientation=(orientation or "").strip(),
    )
    unit.full_clean(exclude=["building"])
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError:  # the same number added meanwhile
        raise ValidationError({"unit_no": _("The building has this unit already.")}) from None
    return unit


@transaction.atomic
def units_save_many(*, rows: list) -> None:
    """A checked file's units ([(existing unit or None, fields)]): new ones created, the
    available ones updated — unless one was reserved or allocated since it was checked."""
    existing = [unit for unit, _fields in rows if unit is not None]
    locked = ResettlementUnit.objects.select_for_update().filter(pk__in=[u.pk for u in existing])
    if any(unit.status != UnitStatus.AVAILABLE for unit in locked):
        raise ValidationError(_("A unit of the file was taken meanwhile: check the file again."))
    for unit, fields in rows:
        if unit is not None:
            for name in UNIT_FIELDS:
                setattr(unit, name, fields[name])
    copy_update(ResettlementUnit, existing, UNIT_FIELDS)
    ResettlementUnit.objects.bulk_create(
        ResettlementUnit(
            building=fields["building"],
            unit_no=fields["unit_no"],
            **{name: fields[name] for name in UNIT_FIELDS},
        )
        for unit, fields in rows
        if unit is None
    )


# --- Selection session (选房) ---------------------------------------------------------------


@transaction.atomic
def selection_open(*, lottery: Lottery, user) -> SelectionSession:
    """Open the hall: the drawn order becomes the queue of households (by id, so a code
    corrected later never loses one), those already allocated a unit left out."""
    lottery = Lottery.objects.select_for_update().get(pk=lottery.pk)
    if lottery.status != LotteryStatus.DRAWN:
        raise Conflict(_("The order is not drawn yet: the session opens after the draw."))
    if SelectionSession.objects.filter(lottery=lottery).exists():
        raise Conflict(_("The session of this order is open already."))
    if SelectionSession.objects.filter(lottery__project=lottery.project).exclude(queue=[]).exists():
        raise Conflict(_("The project's selection session is open already."))
    ids = dict(
        Household.objects.filter(project=lottery.project, code__in=lottery.order)
        .exclude(pk__in=Allocation.objects.values("household"))
        .values_list("code", "pk")
    )
    return SelectionSession.objects.create(
        lottery=lottery, queue=[ids[code] for code in lottery.order if code in ids], opened_by=user
    )


def _locked_session(session: SelectionSession) -> SelectionSession:
    return (
        SelectionSession.objects.select_for_update()
        .select_related("lottery__project")
        .get(pk=session.pk)
    )


def _called(session: SelectionSession, household_id) -> Household:
    """The household called now, if it is the one the page showed (an old page is refused)."""
    if not session.queue:
        raise Conflict(_("Every household of the order has chosen."))
    household = Household.objects.get(pk=session.queue[0])
    if household.pk != household_id:
        raise Conflict(
            _("It is the turn of household %(code)s now: the page has been refreshed.")
            % {"code": household.code}
        )
    return household


@transaction.atomic
def unit_choose(*, session: SelectionSession, household_id: int, unit, user) -> Allocation:
    """The called household takes a unit. The session row is locked, so choices in the hall
    happen one at a time: of two officials choosing the same unit at once exactly one
    succeeds; the other is told the unit was just chosen."""
    session = _locked_session(session)
    unit = ResettlementUnit.objects.select_for_update().select_related("building").get(pk=unit.pk)
    if unit.status != UnitStatus.AVAILABLE:
        raise Conflict(
            _("Unit %(unit)s was just chosen or is not available: choose another.")
            % {"unit": unit.unit_no}
        )
    if not ResettlementSite.objects.filter(
        pk=unit.building.site_id, projects=session.lottery.project
    ).exists():
        raise ValidationError({"unit": _("The unit is not in a site serving this project.")})
    household = _called(session, household_id)
    in_effect = Agreement.objects.filter(
        household=household, status=AgreementStatus.EFFECTIVE, mode=Mode.SWAP
    ).exists()
    has_unit = Allocation.objects.filter(household=household).exists()
    if not in_effect or has_unit or household.unit_handed_over_on:
        raise Conflict(
            _(
                "Household %(code)s has no swap agreement in effect or has a unit already: "
                "mark it absent and check its record."
            )
            % {"code": household.code}
        )
    unit.status = UnitStatus.ALLOCATED
    unit.save(update_fields=["status"])
    allocation = Allocation.objects.create(
        household=household, unit=unit, session=session, allocated_by=user
    )
    household_services.households_record_allocated_buildings({household.pk: unit.building_id})
    SelectionEvent.objects.create(
        session=session,
        household=household,
        kind=SelectionEvent.Kind.CHOSE,
        unit=unit,
        recorded_by=user,
    )
    session.queue = session.queue[1:]
    session.save(update_fields=["queue"])
    return allocation


@transaction.atomic
def selection_absent(*, session: SelectionSession, household_id: int, user) -> None:
    """The called household is not in the hall: it moves to the end of the queue."""
    session = _locked_session(session)
    household = _called(session, household_id)
    session.queue = [*session.queue[1:], household.pk]
    session.save(update_fields=["queue"])
    SelectionEvent.objects.create(
        session=session, household=household, kind=SelectionEvent.Kind.ABSENT, recorded_by=user
    )


# --- Settlement sheet (结算单) --------------------------------------------------------------


@transaction.atomic
def settlement_issue(*, allocation: Allocation, measured_area: Decimal, user) -> SettlementSheet:
    """结算单: the chosen unit's price difference on its measured area, by the bands of the
    scheme version the household's agreement was computed with; what it comes to is due in
    the ledger from the day it is issued."""
    _lock_households([allocation.household_id])
    if SettlementSheet.objects.filter(allocation=allocation).exists():
        raise Conflict(_("The unit's settlement sheet is issued already."))
    agreement = (
        Agreement.objects.filter(
            household=allocation.household_id, status=AgreementStatus.EFFECTIVE, mode=Mode.SWAP
        )
        .select_related("scheme", "appraisal", "project__district")
        .first()
    )
    if agreement is None or agreement.swap_area is None:
        raise Conflict(
            _("The household has no swap agreement in effect stating its entitled area.")
        )
    sheet = SettlementSheet(
        allocation=allocation,
        household_id=allocation.household_id,
        agreement=agreement,
        issuer=agreement.project.district.expropriation_department_name,
        issued_by=user,
        **_settlement_figures(agreement, measured_area),
    )
    sheet.full_clean(exclude=["allocation", "household", "agreement", "issued_by"])
    sheet.save()
    _record_fully_paid([agreement], user=user)  # a difference due to it is a fixed item
    return sheet


@transaction.atomic
def settlement_correct(
    *, sheet: SettlementSheet, measured_area: Decimal, reason: str, user
) -> SettlementSheet:
    """更正: a sheet issued on a mistyped surveyed area is settled again on the right one, with
    a reason, while nothing is paid, received or entered on its difference (the sheet's
    history keeps what it said before)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for correcting the settlement sheet.")})
    _lock_households([sheet.household_id])
    sheet = (
        SettlementSheet.objects.select_for_update(of=("self",))
        .select_related("agreement__scheme", "agreement__appraisal")
        .get(pk=sheet.pk)
    )
    if Decimal(measured_area) == sheet.measured_area:
        raise ValidationError(
            {
                "measured_area": _(
                    "The sheet was issued on this area already: type the corrected one."
                )
            }
        )
    if selectors.settlement_held(sheet.agreement_id):
        raise Conflict(
            _(
                "The sheet's difference has payments or receipts entered or final: reverse or "
                "set them aside before correcting the sheet."
            )
        )
    for name, value in _settlement_figures(sheet.agreement, measured_area).items():
        setattr(sheet, name, value)
    sheet.corrected_at, sheet.corrected_by, sheet.correction_reason = (
        timezone.now(),
        user,
        reason[:500],
    )
    sheet.full_clean(exclude=["allocation", "household", "agreement", "issued_by", "corrected_by"])
    sheet.save()
    _record_fully_paid([sheet.agreement], user=user)
    return sheet


def _settlement_figures(agreement: Agreement, measured_area: Decimal) -> dict:
    """A settlement sheet's figures: the unit's price difference on `measured_area` by the
    bands of the scheme version the agreement was computed with."""
    scheme = agreement.scheme
    terms = settlement.Terms(
        entitled_price=scheme.settlement_entitled_price,
        added_area=scheme.settlement_added_area,
        cost_price=scheme.settlement_cost_price,
        market_price=scheme.settlement_market_price,
        free_area=scheme.settlement_free_area,
        round_up=scheme.settlement_round_up,
    )
    sizes = (
        ResettlementUnit.objects.filter(building__site__projects=agreement.project_id)
        .values_list("area", flat=True)
        .distinct()
    )
    result = settlement.settle(
        entitled=agreement.swap_area,
        unit_area=Decimal(measured_area),
        terms=terms,
        old_unit_price=agreement.appraisal.unit_price if agreement.appraisal else Decimal("0"),
        sizes_on_offer=list(sizes),
    )
    return {
        "measured_area": measured_area,
        "entitled_area": result.entitled,
        "entitled_used": result.entitled_used,
        "bands": [
            {"label": b.label, "area": str(b.area), "price": str(b.price), "amount": str(b.amount)}
            for b in result.bands
        ],
        "terms": {name: str(value) for name, value in terms.__dict__.items()},
        "net": result.net,
    }
