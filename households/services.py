"""State changes of households: each one function, one transaction, checked first.

The stage of a household is the latest of its progress events; only
household_record_progress writes events, so the rules of DESIGN.md §4 live here alone.
"""

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import pghistory
from cryptography.fernet import InvalidToken
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Min, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.bulk import FEW, copy_insert, copy_rows, copy_update, plan_afresh
from core.errors import Conflict, Throttled
from core.scoping import scope_key, scope_of
from core.services import notify
from core.versions import check_version
from households import crypto
from households.choices import ExportStatus, Mode, PartyType, Stage
from households.exports import roster_workbook
from households.filtersets import HouseholdFilterSet, roster_selection
from households.models import (
    Household,
    HouseholdMember,
    IdRevealLog,
    ImportPreview,
    ProgressEvent,
    RosterExport,
    RosterImport,
)
from households.selectors import households_also_carrying, households_with_id, vacated_dates
from households.signals import vacating_changed
from projects.choices import StartRule
from projects.models import AnnualPlan, Project, ResettlementBuilding

logger = logging.getLogger(__name__)

# A file of full ID numbers is written while the page waits and is kept small on purpose: a
# project's or a street's households, never a district's or the city's in one file.
FULL_ID_EXPORT_LIMIT = RosterExport.INLINE_ROWS
FULL_ID_EXPORT_TOO_MANY = gettext_lazy(
    "A file of full ID numbers holds at most %(limit)d households: narrow the filters "
    "(a project, a street) and export again."
)
NATURAL_PERSON_NEEDS_ID = gettext_lazy("A natural person needs a resident ID number.")


def added_after_freeze(project) -> bool:
    """Registered after the project's freeze date (Art. 16: such additions do not count)."""
    return bool(project.freeze_date and timezone.localdate() > project.freeze_date)


def needs_id_number(party_type: str) -> bool:
    """Natural persons (owners, lessees) have a resident ID number; organisations a credit code."""
    return party_type != PartyType.ORGANISATION


HEAD = "户主"
_ID_FIELDS = ("id_encrypted", "id_hash", "id_masked")


_NEW_HEAD = {"relation": HEAD, "is_resettlement_person": True}
_HEAD_CARRIES = ("name", *_ID_FIELDS)


def head_member(
    household: Household, head: HouseholdMember | None = None
) -> HouseholdMember | None:
    """The party of a natural-person household is its first member, the head (户主): the
    people count is the members, head included (DESIGN.md §4). `head`, when given, is the
    stored head brought in line with the party; None when there is no natural person."""
    carried = _carried_by_head(household)
    if carried is None:
        return None
    head = head or HouseholdMember(
        household=household, added_after_freeze=household.added_after_freeze, **_NEW_HEAD
    )
    for name, value in carried.items():
        setattr(head, name, value)
    return head


def _carried_by_head(household: Household) -> dict | None:
    """What the head takes from its party: the name and the ID number's stored forms."""
    if not needs_id_number(household.party_type) or not household.id_hash:
        return None
    carried = (household.party_name, *(getattr(household, f) for f in _ID_FIELDS))
    return dict(zip(_HEAD_CARRIES, carried, strict=True))


def _refuse_taken_code(error: IntegrityError) -> None:
    """A household code another household of the project has, said on the code field; any
    other integrity error (a street deleted meanwhile…) raised as it is."""
    if getattr(getattr(error.__cause__, "diag", None), "constraint_name", "") == (
        "household_unique_code"
    ):
        raise ValidationError(
            {"code": _("This household code already exists in the project.")}
        ) from None
    raise error


def _id_fields(party_type: str, id_number: str) -> dict:
    """Validated and protected ID fields; an organisation has none (its credit code instead)."""
    if not needs_id_number(party_type):
        return {"id_encrypted": "", "id_hash": "", "id_masked": ""}
    if not (id_number or "").strip():
        raise ValidationError({"id_number": NATURAL_PERSON_NEEDS_ID})
    try:
        number = crypto.validate_id_number(id_number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    return crypto.protect(number)


@transaction.atomic
def household_create(
    *, project, id_number: str = "", members: list[dict] = (), **fields
) -> Household:
    household = Household(
        project=project,
        district_id=project.district_id,
        **fields,
        **_id_fields(fields.get("party_type", PartyType.OWNER), id_number),
        added_after_freeze=added_after_freeze(project),
    )
    # The code's uniqueness is left to the database alone: checked here first, a code
    # already taken was a form-wide error, and one taken a moment later (a double submission)
    # an error of the code field; now both are the latter.
    household.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            household.save()
    except IntegrityError as exc:  # the code is taken, or was a moment ago (a double submission)
        _refuse_taken_code(exc)
    head = head_member(household)
    if head is not None:
        head.save()
    for member in members:
        member_add(household=household, **member)
    refresh_duplicate_flags({household.id_hash} - {""})
    household.refresh_from_db(fields=["has_duplicate_id"])  # the flag is set in SQL
    return household


@transaction.atomic
def household_update(
    *, household: Household, expected_version: int, id_number: str | None = None, **changes
) -> Household:
    """Save an edit made on the version the user saw; an edit of a stale form is refused."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    check_version(
        household,
        expected_version,
        stale_message=_(
            "Someone else saved this household after you opened it. Reload it and make "
            "your change again; nothing of yours was saved."
        ),
    )
    old_hash = household.id_hash
    for name, value in changes.items():
        setattr(household, name, value)
    if id_number is not None and (id_number.strip() or not needs_id_number(household.party_type)):
        for name, value in _id_fields(household.party_type, id_number).items():
            setattr(household, name, value)
    elif needs_id_number(household.party_type) and not household.id_hash:
        raise ValidationError({"id_number": NATURAL_PERSON_NEEDS_ID})
    household.version = F("version") + 1
    household.full_clean(exclude=["version"], validate_constraints=False)
    try:
        with transaction.atomic():
            household.save()
    except IntegrityError as exc:
        _refuse_taken_code(exc)
    household.refresh_from_db()
    _heads_follow_parties([household])
    refresh_duplicate_flags({old_hash, household.id_hash} - {""})
    return household


def _heads_follow_parties(households, *, new=()) -> None:
    """Each household's head member carries its party's name and ID number (made if missing);
    `new` households, just inserted, have no member yet."""
    stored = {}
    for member in HouseholdMember.objects.filter(household__in=households, relation=HEAD).order_by(
        "id"
    ):
        stored.setdefault(member.household_id, member)  # the first head, if someone added two
    # A new household's head as plain values: a roster's ten thousand member instances cost
    # more than writing them.
    new_heads = [
        (household.pk, household.added_after_freeze, *_NEW_HEAD.values(), *carried.values())
        for household in new
        if (carried := _carried_by_head(household))
    ]
    if new_heads:
        copy_rows(
            HouseholdMember,
            ["household", "added_after_freeze", *_NEW_HEAD, *_HEAD_CARRIES],
            new_heads,
        )
    made, changed = [], []
    for household in households:
        current = stored.get(household.pk)
        before = (
            None if current is None else (current.name, *(getattr(current, f) for f in _ID_FIELDS))
        )
        head = head_member(household, current)
        if head is None:
            continue
        if current is None:
            made.append(head)
        elif before != (head.name, *(getattr(head, f) for f in _ID_FIELDS)):
            changed.append(head)
    copy_insert(HouseholdMember, made)
    copy_update(HouseholdMember, changed, ["name", *_ID_FIELDS])


@transaction.atomic
def member_add(
    *,
    household: Household,
    name: str,
    id_number: str,
    relation: str = "户主",
    is_resettlement_person: bool = True,
) -> HouseholdMember:
    try:
        number = crypto.validate_id_number(id_number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    protected = crypto.protect(number)
    # Locked, so two additions of the same person at once cannot both pass the check below.
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.members.filter(id_hash=protected["id_hash"]).exists():
        raise ValidationError({"id_number": _("This person is already a member of the household.")})
    member = HouseholdMember(
        household=household,
        name=name,
        relation=relation,
        is_resettlement_person=is_resettlement_person,
        added_after_freeze=added_after_freeze(household.project),
        **protected,
    )
    member.full_clean()
    member.save()
    refresh_duplicate_flags({member.id_hash})
    return member


# (household id, ID hash) of the households whose party or a member carries one of the
# numbers %(hashes)s: one index probe a number. Given thousands (an import), the planner
# otherwise reads a city's 300,000 households and 870,000 members to find them.
_CARRYING = f"""
    SELECT found.household_id, found.id_hash
      FROM unnest(string_to_array(%(hashes)s, ',')) AS given(id_hash),
           LATERAL (
               SELECT id AS household_id, id_hash FROM {Household._meta.db_table}
                WHERE id_hash = given.id_hash
               UNION ALL SELECT household_id, id_hash FROM {HouseholdMember._meta.db_table}
                WHERE id_hash = given.id_hash
               OFFSET 0  -- a probe per number: kept from being flattened into a join
           ) AS found
"""


def _given_numbers(hashes) -> str:
    """The hashes to look up, in a fixed order (an organisation's empty one is nobody's), as
    one comma-separated text: the client-side binding quotes a list element by element, a
    tenth of a roster import's time, and one text at once (a hash is hex, never a comma)."""
    return ",".join(sorted(h for h in hashes if h))


def households_carrying(hashes) -> list[tuple[int, str]]:
    """(household id, ID hash) for each household carrying one of the numbers, as its
    party's or a member's (the head's: once for each)."""
    hashes = _given_numbers(hashes)
    if not hashes:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_CARRYING, {"hashes": hashes})
        return cursor.fetchall()


def member_id_warnings(member: HouseholdMember, *, user) -> list[str]:
    """What the clerk who has just added `member` is told when the ID number is also on
    another household: which, when in their scope; that one is, when outside it."""
    theirs, elsewhere = households_also_carrying(
        id_hash=member.id_hash, household=member.household, user=user
    )
    warnings = [
        _(
            "This ID number is also registered on household %(code)s of “%(project)s”: both "
            "are flagged “ID number also on another household”; check whether it was "
            "registered twice."
        )
        % {"code": other.code, "project": other.project.name}
        for other in theirs
    ]
    if elsewhere:
        warnings.append(
            _(
                "This ID number is also registered on a household outside your scope: it is "
                "flagged “ID number also on another household”, for the city bureau to check."
            )
        )
    return warnings


def refresh_duplicate_flags(hashes: set[str]) -> None:
    """Flag every household whose ID number, or a member's, is also on another household
    (double compensation is the classic fraud), and clear flags that no longer hold.

    Two statements, whatever the number of hashes: one finds the households carrying one of
    them, the other numbers those households carry, every household carrying one of those,
    and which of them share a number with another household; the other sets the flag on
    exactly those and clears it on the rest. Apart, the update is planned on the lists' real
    lengths (inside one statement it read all of a city's households to change a few).
    """
    hashes = _given_numbers(hashes)
    if not hashes:
        return
    households, members = Household._meta.db_table, HouseholdMember._meta.db_table
    sql = f"""
        WITH carrying AS ({_CARRYING}), affected AS (
            SELECT DISTINCT household_id FROM carrying
        ), other_numbers AS (
            SELECT id_hash FROM {households}
             WHERE id IN (SELECT household_id FROM affected) AND id_hash <> ''
            UNION SELECT id_hash FROM {members}
             WHERE household_id IN (SELECT household_id FROM affected) AND id_hash <> ''
            EXCEPT SELECT unnest(string_to_array(%(hashes)s, ','))
        ), carriers AS (
            SELECT household_id, id_hash FROM carrying
            UNION SELECT id, id_hash FROM {households}
             WHERE id_hash IN (SELECT id_hash FROM other_numbers)
            UNION SELECT household_id, id_hash FROM {members}
             WHERE id_hash IN (SELECT id_hash FROM other_numbers)
        ), flagged AS (
            SELECT household_id FROM carriers WHERE id_hash IN (
                SELECT id_hash FROM carriers
                 GROUP BY id_hash HAVING COUNT(DISTINCT household_id) > 1)
        )
        SELECT ARRAY(SELECT household_id FROM affected UNION SELECT household_id FROM flagged),
               ARRAY(SELECT DISTINCT household_id FROM flagged)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"hashes": hashes})
        touched, flagged = cursor.fetchone()
        cursor.execute(
            f"UPDATE {households} SET has_duplicate_id = (id = ANY(%(flagged)s)) "
            f"WHERE id = ANY(%(touched)s) AND has_duplicate_id <> (id = ANY(%(flagged)s))",
            {"touched": touched, "flagged": flagged},
        )


@dataclass
class RosterWrite:
    """One household an import writes, with the validated ID number to store (None: keep)."""

    household: Household
    id_number: str | None = None


class RosterChangedMeanwhile(Conflict):
    """A household of the project was saved or added while the file was being checked."""

    def __init__(self):
        super().__init__(
            _(
                "While the file was being imported, someone added or changed a household of this "
                "project; nothing was written. Import the file again."
            )
        )


def household_bulk_upsert(
    *,
    project,
    created: list[RosterWrite],
    updated: list[RosterWrite],
    fields: list[str],
    replaced_hashes: set[str] = frozenset(),
    context: dict | None = None,
) -> None:
    """Write a whole roster at once: new households inserted, changed ones updated (their
    `fields`, version already raised by one), all or nothing, with the rules of single edits
    — the district from the project, the freeze-date flag, an ID number for every natural
    person, duplicate flags refreshed — at COPY speed, history kept with `context`.

    Raises RosterChangedMeanwhile if a household was saved, or a code added, since the
    caller read them: an edit made meanwhile is never overwritten.
    """
    after_freeze = added_after_freeze(project)
    for write in created:
        write.household.district_id = project.district_id
        write.household.added_after_freeze = after_freeze
    missing = [
        w.household.code
        for w in created
        if needs_id_number(w.household.party_type) and not w.id_number
    ]
    if missing:
        raise ValidationError(
            {"id_number": f"{NATURAL_PERSON_NEEDS_ID}（{'、'.join(missing[:10])}）"}
        )
    # Encrypting is the costly part of protecting a number, so only numbers being stored are.
    for write in [*created, *updated]:
        if write.id_number is not None:
            for name, value in crypto.protect(write.id_number).items():
                setattr(write.household, name, value)
    new = [w.household for w in created]
    changed = [w.household for w in updated]
    with transaction.atomic(), pghistory.context(**(context or {})):
        # Imports into one project queue behind each other (two confirmations of one file).
        Project.objects.select_for_update().filter(pk=project.pk).first()
        _lock_unchanged_since_read(project, new, changed)
        copy_insert(Household, new)
        copy_update(
            Household, changed, [*fields, "id_encrypted", "id_hash", "id_masked", "version"]
        )
        ids = dict(
            Household.objects.filter(project=project, code__any=[h.code for h in new]).values_list(
                "code", "pk"
            )
        )
        for household in new:
            household.pk = ids[household.code]
            household._state.adding = False
        _heads_follow_parties(changed, new=new)
        refresh_duplicate_flags(
            {h.id_hash for h in [*new, *changed] if h.id_hash} | set(replaced_hashes)
        )


def _lock_unchanged_since_read(project, created, updated):
    """Lock the project's households and make sure none was saved, and no code was added,
    since the roster was read (each updated household carries its read version + 1)."""
    stored = dict(
        Household.objects.select_for_update()
        .filter(project=project)
        .order_by("pk")
        .values_list("code", "version")
    )
    if any(h.code in stored for h in created) or any(
        stored.get(h.code) != h.version - 1 for h in updated
    ):
        raise RosterChangedMeanwhile


def households_follow_project(*, project) -> int:
    """Households carry their project's district for scoping: bring them along after a move
    (called when projects.signals.project_moved is sent, inside the move's transaction)."""
    return (
        Household.objects.filter(project=project)
        .exclude(district_id=project.district_id)
        .update(district_id=project.district_id)
    )


# --- Progress ---------------------------------------------------------------------------------


@dataclass
class ProgressResult:
    moved: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


class ProgressErrors(ValidationError):
    """Per-household refusals of a progress batch: {household: message}; nothing was saved."""

    def __init__(self, errors: dict):
        self.household_errors = errors
        super().__init__(
            [
                f"{household.code} {household.party_name}：{message}"
                for household, message in errors.items()
            ]
        )


# Stages that follow from records, never typed: an appraisal report recorded, an agreement
# signed, a unit handed over (a household moved to 已评估 by hand had no appraisal to show).
AUTOMATIC_STAGES = {
    Stage.APPRAISED: gettext_lazy("“Appraised” is recorded with the household's appraisal."),
    Stage.SIGNED: gettext_lazy("“Signed” is recorded by signing the agreement."),
    Stage.SETTLED: gettext_lazy(
        "“Settled” is recorded by handing over the unit or paying in full."
    ),
}


def stages_offered(
    user, current: str = Stage.REGISTERED, *, household: Household | None = None
) -> list[tuple[str, str]]:
    """The stages a progress select offers households at `current` (a batch's: the first
    stage, as any may be): a move back only to who may make one (city staff); a district
    clerk was offered them and refused on choosing one. For one `household`, only the
    stages its rules let it reach today (已腾空 was offered to a household not yet signed)."""
    can_revert = user.has_perm("households.revert_progress")

    def offered(stage: str) -> bool:
        if Stage.rank(stage) < Stage.rank(current):
            # a stage that follows from records too (已签约 for a vacating undone: the API
            # took it, the page did not offer it)
            return can_revert
        if stage in AUTOMATIC_STAGES:  # reached by its records
            return False
        return can_revert or Stage.rank(stage) > Stage.rank(current)

    stages = [(stage, label) for stage, label in Stage.choices if offered(stage)]
    if household is None:
        return stages
    today = timezone.localdate()
    return [
        (stage, label)
        for stage, label in stages
        if stage == household.stage
        or _progress_error(household, stage, today, None, can_revert, "·", False) is None
    ]


def next_step(stage: str) -> tuple[str | None, str | None]:
    """After `stage`: the stage a progress form offers first, or, when a record moves a
    household there instead (an appraisal, a signing, a hand-over), what records it."""
    after = Stage.after(stage)
    if after == stage:
        return None, None
    if after in AUTOMATIC_STAGES:
        return None, str(AUTOMATIC_STAGES[after])
    return after, None


def _progress_error(
    household: Household,
    to_stage: str,
    effective_on: date,
    last_on: date | None,
    can_revert: bool,
    note: str,
    automatic: bool,
) -> str | None:
    current = Stage.rank(household.stage)
    target = Stage.rank(to_stage)
    if not automatic and to_stage in AUTOMATIC_STAGES and target > current:
        return str(AUTOMATIC_STAGES[to_stage])
    if not automatic and household.agreement_mode and target < Stage.rank(Stage.SIGNED):
        return _("The household has a signed agreement: void the agreement to move it back.")
    approved_on = household.project.approved_on
    if approved_on and effective_on < approved_on:
        return _("The date cannot be before the project's approval (%(date)s).") % {
            "date": approved_on
        }
    if last_on and effective_on < last_on:
        return _("The date cannot be before the household's last change (%(date)s).") % {
            "date": last_on
        }
    if target < current:
        if not can_revert:
            return _("Moving a household back a stage needs the permission to do so.")
        if not note.strip():
            return _("Give the reason for moving the household back.")
        if (
            household.stage == Stage.SETTLED
            and not automatic
            and target >= Stage.rank(Stage.VACATED)
        ):
            return _settled_by_records(household)
        return None
    if (
        to_stage == Stage.VACATED
        and current < Stage.rank(Stage.SIGNED)
        and not household.decision_issued_on
    ):
        return _("A household can vacate only after signing or a compensation decision.")
    if (
        to_stage == Stage.VACATED
        and household.agreement_mode
        and not household.agreement_effective_on
    ):
        return _(
            "The household's agreement is conditional, not yet in effect: it cannot vacate "
            "before the project's signing threshold is reached."
        )
    if to_stage == Stage.DEMOLISHED and current < Stage.rank(Stage.VACATED):
        return _("A house cannot be demolished before it is vacated.")
    if to_stage == Stage.SETTLED and current < Stage.rank(Stage.VACATED):
        return _("A household cannot be settled before it has vacated.")
    return None


def _settled_by_records(household: Household) -> str | None:
    """Why a settled household cannot be moved back by hand to a stage it is settled from, if
    what settled it still stands (households_settle_as_due would settle it again at once):
    its unit handed over (swap) or its full payment (monetary)."""
    if household.agreement_mode == Mode.SWAP and household.unit_handed_over_on:
        return _(
            "“Settled” follows from the household's unit handed over: moved back, it would be "
            "settled again at once."
        )
    if household.agreement_mode == Mode.MONETARY and household.fully_paid_on:
        return _(
            "“Settled” follows from the household's full payment: moved back, it would be "
            "settled again at once. Reverse the payment that completed it first."
        )
    return None


@transaction.atomic
def household_record_progress(
    *,
    households,
    to_stage: str,
    effective_on: date | Mapping[int, date],
    user,
    note: str = "",
    can_revert: bool = False,
    automatic: bool = False,
) -> ProgressResult:
    """Move one household or a batch to a stage, all or nothing, on one day or on each
    household's own ({household id: date}: households settled as they became due).

    Rows are locked in id order, so two batches at once wait for each other and each sees
    the other's result: nothing is lost and no event states a stage the household no
    longer had. A household already at the stage is left as it is (a repeat is harmless).
    "Signed" and "settled" follow from records (`automatic`, by the services that keep
    agreements and hand-overs), never from a page or an API call.
    """
    if to_stage not in Stage.values:
        raise ValidationError({"stage": _("Unknown stage.")})
    ids = sorted({h.pk if isinstance(h, Household) else int(h) for h in households})
    days = effective_on if isinstance(effective_on, Mapping) else dict.fromkeys(ids, effective_on)
    if any(days[pk] > timezone.localdate() for pk in ids):
        raise ValidationError({"date": _("The date cannot be in the future.")})
    locked = list(
        Household.objects.select_for_update(of=("self",))
        .select_related("project")
        .filter(pk__any=ids)
        .order_by("pk")
    )
    last_dates = dict(
        ProgressEvent.objects.filter(household__any=ids)
        .order_by("household_id", "-effective_on")
        .distinct("household_id")
        .values_list("household_id", "effective_on")
    )
    result, errors = ProgressResult(), {}
    for household in locked:
        if household.stage == to_stage:
            result.unchanged.append(household)
            continue
        error = _progress_error(
            household,
            to_stage,
            days[household.pk],
            last_dates.get(household.pk),
            can_revert,
            note,
            automatic,
        )
        if error:
            errors[household] = error
        else:
            result.moved.append(household)
    if errors:
        raise ProgressErrors(errors)
    copy_insert(
        ProgressEvent,
        [
            ProgressEvent(
                household=h,
                from_stage=h.stage,
                to_stage=to_stage,
                effective_on=days[h.pk],
                note=note.strip(),
                recorded_by=user,
                is_reversal=Stage.rank(to_stage) < Stage.rank(h.stage),
            )
            for h in result.moved
        ],
    )
    moved_out = Stage.rank(to_stage) >= Stage.rank(Stage.VACATED)
    crossing = [
        h.pk
        for h in result.moved
        if (Stage.rank(h.stage) >= Stage.rank(Stage.VACATED)) != moved_out
    ]
    for household in result.moved:  # locked above: the version read is the current one
        household.stage, household.stage_changed_on = to_stage, days[household.pk]
        household.version += 1
    copy_update(Household, result.moved, ["stage", "stage_changed_on", "version"])
    if any(h.agreement_effective_on for h in result.moved):  # vacating may start a household
        households_refresh_started_on(households=result.moved)
    if to_stage in (Stage.VACATED, Stage.DEMOLISHED):  # paid or handed over before it vacated
        households_settle_as_due(households=result.moved, user=user)
    if crossing:
        vacating_changed.send(sender=Household, households=crossing, user=user)
    return result


# --- Facts set by compensation, the ledger and units (DESIGN.md §5 start date) ----------------


def household_agreement_signed(
    *, household: Household, mode: str, signed_on: date, user, note: str
):
    """An agreement was signed: the household is "signed" (if it had not come further) and
    keeps the mode it chose."""
    if Stage.rank(household.stage) < Stage.rank(Stage.SIGNED):
        household_record_progress(
            households=[household],
            to_stage=Stage.SIGNED,
            effective_on=signed_on,
            user=user,
            note=note,
            automatic=True,
        )
    Household.objects.filter(pk=household.pk).update(agreement_mode=mode)


def households_agreement_effective(*, households, effective_on: date) -> None:
    """Agreements took effect (at once, when a threshold is crossed)."""
    ids = [h.pk for h in households]
    if len(ids) >= FEW:
        plan_afresh()
    Household.objects.filter(pk__any=ids).update(agreement_effective_on=effective_on)
    households_refresh_started_on(households=ids)


def households_record_fully_paid(*, paid_on: dict, user, facts: dict | None = None) -> None:
    """The day every fixed item of each household's effective agreement was paid, or None
    when a reversal took that back ({household id: date or None}; DESIGN.md §5: the monetary
    start rule can wait for it); a monetary household that has vacated is then settled.

    `facts` ({household id: (mode, effective on)}): agreement facts written in the same
    write (loading the demo city or migrated records: 200,000 households written once, with
    one history row each, not twice)."""
    changed = [
        pk
        for pk, fully_paid_on in Household.objects.filter(pk__any=paid_on).values_list(
            "id", "fully_paid_on"
        )
        if fully_paid_on != paid_on[pk]
    ]
    setting = {pk: {"fully_paid_on": paid_on[pk]} for pk in changed}
    for pk, (mode, effective_on) in (facts or {}).items():
        setting.setdefault(pk, {}).update(agreement_mode=mode, agreement_effective_on=effective_on)
    households_refresh_started_on(households=list(setting), setting=setting)
    households_settle_as_due(households=changed, user=user)


@transaction.atomic
def household_hand_over(*, household: Household, on: date, user) -> None:
    """交房: the new unit of a swap household is handed over (until the units work records
    it, by this action): its temporary fee stops on that day and the household is settled."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.agreement_mode != Mode.SWAP or not household.agreement_effective_on:
        raise Conflict(_("Only a household with a swap agreement in effect is handed a unit."))
    if household.unit_handed_over_on:
        raise Conflict(
            _("The unit was handed over on %(date)s.") % {"date": household.unit_handed_over_on}
        )
    if Stage.rank(household.stage) < Stage.rank(Stage.VACATED):
        raise Conflict(_("A unit is handed over after the household has vacated."))
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    vacated_on = vacated_dates({household.pk: household.stage}).get(household.pk)
    if vacated_on and on < vacated_on:
        raise ValidationError(
            {
                "on": _("The date cannot be before the household vacated (%(date)s).")
                % {"date": vacated_on}
            }
        )
    Household.objects.filter(pk=household.pk).update(
        unit_handed_over_on=on, version=F("version") + 1, updated_at=timezone.now()
    )
    households_settle_as_due(households=[household], user=user)


def households_settle_as_due(*, households, user) -> None:
    """ "Settled" follows from the record (DESIGN.md §4): a household that has vacated is
    settled once fully paid (monetary) or handed its unit (swap), on the later of that day
    and its last change; a monetary one whose full payment a reversal took back returns to
    the stage it was settled from."""
    ids = [h.pk if isinstance(h, Household) else h for h in households]
    rows = list(
        Household.objects.filter(pk__any=ids).only(
            "id",
            "stage",
            "stage_changed_on",
            "agreement_mode",
            "fully_paid_on",
            "unit_handed_over_on",
        )
    )
    settling, unsettling = {}, []
    for row in rows:
        done_on = row.unit_handed_over_on if row.agreement_mode == Mode.SWAP else row.fully_paid_on
        if row.stage in (Stage.VACATED, Stage.DEMOLISHED) and done_on and row.agreement_mode:
            settling[row.pk] = max(done_on, row.stage_changed_on or done_on)
        elif row.stage == Stage.SETTLED and row.agreement_mode == Mode.MONETARY and not done_on:
            unsettling.append(row)
    if settling:
        household_record_progress(
            households=list(settling),
            to_stage=Stage.SETTLED,
            effective_on=settling,
            user=user,
            automatic=True,
        )
    before = (
        dict(
            ProgressEvent.objects.filter(household__in=unsettling, to_stage=Stage.SETTLED)
            .order_by("household_id", "-recorded_at", "-id")
            .distinct("household_id")
            .values_list("household_id", "from_stage")
        )
        if unsettling
        else {}
    )
    for stage in {before.get(row.pk, Stage.VACATED) for row in unsettling}:
        household_record_progress(
            households=[row for row in unsettling if before.get(row.pk, Stage.VACATED) == stage],
            to_stage=stage,
            effective_on=timezone.localdate(),
            user=user,
            note=_("A payment was reversed: the household is no longer fully paid."),
            can_revert=True,
            automatic=True,
        )


def households_agreement_ended(*, households: list, on: date, user, reason: str) -> None:
    """Agreements lapsed or were voided: the households have none and those past signing go
    back to "appraised" with a reversal event saying why. The reason may quote a user's text
    of the whole note's length (a void's): the event keeps as much as fits, the agreement
    keeps it whole."""
    ids = [household.pk for household in households]
    Household.objects.filter(pk__in=ids).update(
        agreement_mode="", agreement_effective_on=None, started_on=None
    )
    signed = Stage.values[Stage.rank(Stage.SIGNED) :]
    going_back = list(Household.objects.filter(pk__in=ids, stage__in=signed))
    if going_back:
        household_record_progress(
            households=going_back,
            to_stage=Stage.APPRAISED,
            effective_on=on,
            user=user,
            note=Truncator(reason).chars(ProgressEvent._meta.get_field("note").max_length),
            can_revert=True,
            automatic=True,
        )


def households_record_allocated_buildings(buildings: dict[int, int]) -> None:
    """{household id: building id}: each swap household's unit is in that building, so from
    now on its start follows that building's foundation work."""
    rows = list(Household.objects.filter(pk__any=buildings).only("id", "resettlement_building"))
    for household in rows:
        household.resettlement_building_id = buildings[household.pk]
    copy_update(Household, rows, ["resettlement_building"])  # one statement, not one a building
    households_refresh_started_on(households=list(buildings))


def households_refresh_started_on(
    *, households=None, projects=None, setting: dict[int, dict] | None = None
) -> int:
    """Recompute the start date (开工, DESIGN.md §5) of the given households, or of every
    household of `projects`, in a fixed number of queries; returns how many it wrote.
    `setting` ({household id: {field: value}}) gives facts the start follows from (the
    agreement's, the full payment's) to write with it: one write a household, not two.

    Swap: the agreement is effective and its resettlement building has started foundation
    work — the building of the unit allocated to it, or, before a unit is chosen, the first
    building of a site serving its project to start. Monetary:
    the plan's start rule — effective; effective and fully paid; effective and vacated. The
    date is the day the last condition became true."""
    setting = setting or {}
    written = sorted({name for values in setting.values() for name in values})
    rows = Household.objects.all()
    if households is not None:
        rows = rows.filter(pk__any=[h.pk if isinstance(h, Household) else h for h in households])
    if projects is not None:
        rows = rows.filter(project__in=projects)
    rows = list(
        rows.only(
            "id",
            "project_id",
            "stage",
            "agreement_mode",
            "agreement_effective_on",
            "fully_paid_on",
            "started_on",
            "resettlement_building__foundation_started_on",
            *written,
        ).select_related("resettlement_building")
    )
    project_ids = {h.project_id for h in rows}
    plan_year = dict(Project.objects.filter(pk__in=project_ids).values_list("pk", "plan_year"))
    rules = dict(
        AnnualPlan.objects.filter(year__in=set(plan_year.values())).values_list(
            "year", "start_rule"
        )
    )
    foundation = dict(
        ResettlementBuilding.objects.filter(
            site__projects__in=project_ids, foundation_started_on__isnull=False
        )
        .values("site__projects")
        .annotate(first=Min("foundation_started_on"))
        .values_list("site__projects", "first")
    )
    vacated = vacated_dates({household.pk: household.stage for household in rows})
    changed = []
    for household in rows:
        set_here = False
        for name, value in setting.get(household.pk, {}).items():
            if getattr(household, name) != value:
                setattr(household, name, value)
                set_here = True
        building = household.resettlement_building
        started = _started_on(
            household,
            rule=rules.get(plan_year.get(household.project_id), StartRule.EFFECTIVE_AND_PAID),
            foundation_on=building.foundation_started_on
            if building
            else foundation.get(household.project_id),
            vacated_on=vacated.get(household.pk),
        )
        if started != household.started_on or set_here:
            household.started_on = started
            changed.append(household)
    copy_update(Household, changed, ["started_on", *written])
    return len(changed)


def _started_on(household, *, rule, foundation_on, vacated_on) -> date | None:
    effective = household.agreement_effective_on
    if not effective:
        return None
    if household.agreement_mode == Mode.SWAP:
        return max(effective, foundation_on) if foundation_on else None
    if rule == StartRule.AGREEMENT_EFFECTIVE:
        return effective
    if rule == StartRule.EFFECTIVE_AND_VACATED:
        return max(effective, vacated_on) if vacated_on else None
    return max(effective, household.fully_paid_on) if household.fully_paid_on else None


# --- ID numbers -------------------------------------------------------------------------------


def _check_reveal(user, reason: str) -> str:
    if not user.has_perm("households.reveal_id_number"):
        raise Conflict(_("Your role may not reveal full ID numbers."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for revealing the full number.")})
    return reason.strip()


ID_SEARCHES_PER_HOUR = 20


def household_search_by_id(*, user, id_number: str) -> list[Household]:
    """Households in the user's scope whose party or a member has this exact ID number.

    A search recovers a number as surely as a reveal does (try numbers until one matches),
    so it is open only to roles that may reveal, logged like a reveal (who, when, how many
    matched — never the number) and refused beyond ID_SEARCHES_PER_HOUR an hour, the
    refusal logged too."""
    if not user.has_perm("households.reveal_id_number"):
        raise Conflict(_("Your role may not search by full ID numbers."))
    try:
        number = crypto.validate_id_number(id_number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    with transaction.atomic():
        # One user's searches queue behind each other, so the count below is exact.
        User.objects.select_for_update().filter(pk=user.pk).first()
        since = timezone.now() - timedelta(hours=1)
        recent = IdRevealLog.objects.filter(
            user=user, kind=IdRevealLog.Kind.SEARCH, created_at__gte=since
        )
        refused = recent.count() >= ID_SEARCHES_PER_HOUR
        found = (
            []
            if refused
            else list(households_with_id(user=user, id_hash=crypto.search_hash(number)))
        )
        IdRevealLog.objects.create(
            user=user,
            kind=IdRevealLog.Kind.SEARCH_REFUSED if refused else IdRevealLog.Kind.SEARCH,
            record_count=len(found),
            household_ids=[h.pk for h in found],
            reason="",
        )
    if refused:
        raise Throttled(
            _("You have searched by ID number %(count)d times in the last hour; try again later.")
            % {"count": ID_SEARCHES_PER_HOUR}
        )
    return found


@transaction.atomic
def household_reveal_id(
    *, household: Household, user, reason: str, member: HouseholdMember | None = None
) -> str:
    """The full ID number of a household's party or member, logged with the reason."""
    reason = _check_reveal(user, reason)
    record = member or household
    if not record.id_encrypted:
        raise Conflict(_("There is no ID number to reveal."))
    IdRevealLog.objects.create(user=user, household=household, member=member, reason=reason)
    return crypto.decrypt(record.id_encrypted)


@transaction.atomic
def roster_export_full_ids(
    *, households, user, reason: str, filters: str, title_scope: str
) -> bytes:
    """The roster workbook with full ID numbers, logged with the reason, the filters and
    exactly the households written to the file; at most FULL_ID_EXPORT_LIMIT households."""
    reason = _check_reveal(user, reason)
    households = households.for_user(user)
    if households.count() > FULL_ID_EXPORT_LIMIT:
        raise ValidationError(FULL_ID_EXPORT_TOO_MANY % {"limit": FULL_ID_EXPORT_LIMIT})
    exported: list[int] = []
    content = roster_workbook(households, title_scope=title_scope, full_ids=True, exported=exported)
    if not exported:
        raise ValidationError(_("No household matches these filters; there is nothing to export."))
    IdRevealLog.objects.create(
        kind=IdRevealLog.Kind.EXPORT,
        user=user,
        reason=reason,
        filters=filters[:500],
        record_count=len(exported),
        household_ids=exported,
    )
    return content


def roster_export_queue(*, user, params) -> tuple[RosterExport, bool]:
    """A roster export for the worker, of the list's filters (`params`: the list's query);
    returns it and whether it is new. One at a time a user: while one is unfinished, that
    one is returned (a second click, or another list, waits for it)."""
    waiting = RosterExport.objects.for_user(user).unfinished().order_by("created_at").first()
    if waiting is not None:
        return waiting, False
    filters = {name: params.getlist(name) for name in HouseholdFilterSet.base_filters}
    query = QueryDict(mutable=True)
    for name, values in filters.items():
        if any(values):
            query.setlist(name, values)
    export = RosterExport.objects.create(
        requested_by=user, query=query.urlencode(), scope_key=scope_key(scope_of(user))
    )
    return export, True


def roster_export_write(*, export_id: int) -> RosterExport | None:
    """The worker writes a queued export in its requester's scope as it is now, and tells
    them it is ready, or that it failed. An export already taken by a run that is still
    within its time limit (a task delivered twice) or purged is left alone; one whose run
    was cut short is taken again."""
    now = timezone.now()
    taken = (
        RosterExport.objects.filter(pk=export_id)
        .filter(
            Q(status=ExportStatus.QUEUED)
            | Q(status=ExportStatus.RUNNING, started_at__lt=now - RosterExport.WRITING_LIMIT)
        )
        .update(status=ExportStatus.RUNNING, started_at=now)
    )
    if not taken:
        return None
    export = RosterExport.objects.select_related("requested_by").get(pk=export_id)
    user = export.requested_by
    export.scope_key = scope_key(scope_of(user))  # the scope the file is written in
    try:
        _filters, households, title_scope = roster_selection(QueryDict(export.query), user=user)
        written: list[int] = []
        content = roster_workbook(households, title_scope=title_scope, exported=written)
        export.file.save(f"roster-{export.pk}.xlsx", ContentFile(content), save=False)
        export.rows, export.status = len(written), ExportStatus.DONE
        text = _("The roster export of %(count)d households is ready to download.") % {
            "count": export.rows
        }
    except Exception:  # any failure is the export's, told to its requester; never the worker's
        logger.exception("roster export %s failed", export.pk)
        export.status = ExportStatus.FAILED
        text = _("The roster export could not be written; please export again.")
    export.finished_at = timezone.now()
    kept = RosterExport.objects.filter(pk=export.pk).update(
        file=export.file.name or "",
        rows=export.rows,
        status=export.status,
        scope_key=export.scope_key,
        finished_at=export.finished_at,
    )
    if not kept:  # purged meanwhile: its file goes too
        if export.file:
            export.file.delete(save=False)
        return None
    notify(recipients=[user], text=text, link=reverse("households:export", args=[export.pk]))
    return export


def roster_export_drop(*, export: RosterExport) -> None:
    """An export whose task could not be queued: nothing will write it."""
    RosterExport.objects.filter(pk=export.pk).delete()


def roster_exports_purge() -> int:
    """Delete every export older than KEEP_HOURS, file and all (run by beat)."""
    cutoff = timezone.now() - timedelta(hours=RosterExport.KEEP_HOURS)
    stale = list(RosterExport.objects.filter(created_at__lt=cutoff))
    _delete_with_files(stale)
    return len(stale)


# --- Import previews --------------------------------------------------------------------------


def roster_import_record(
    *, project, user, filename: str, created: int, updated: int, unchanged: int
) -> RosterImport:
    """Log a roster file written into a project (the clerk's home page lists them)."""
    return RosterImport.objects.create(
        project=project,
        imported_by=user if getattr(user, "pk", None) else None,
        filename=filename[:200],
        created=created,
        updated=updated,
        unchanged=unchanged,
    )


def import_preview_store(*, user, project, filename: str, content: bytes) -> ImportPreview:
    """Keep a checked roster file, encrypted, until its importer confirms it."""
    preview = ImportPreview(user=user, project=project, filename=filename[:200])
    preview.file.save(
        f"{preview.token}.bin", ContentFile(crypto.encrypt_bytes(content)), save=False
    )
    preview.save()
    return preview


def import_preview_take(*, user, token) -> tuple[ImportPreview, bytes]:
    """The preview and its file's content, once: the preview is gone afterwards, so a second
    confirmation (a double click, another tab) finds nothing. Only its importer may take it,
    and only within PREVIEW_HOURS; an expired one is deleted as it is refused."""
    with transaction.atomic():
        preview = (
            ImportPreview.objects.select_for_update(skip_locked=True)
            .filter(token=token, user=user)
            .first()
            if _is_uuid(token)
            else None
        )
        content = None
        if preview is not None:
            try:
                with preview.file.open("rb") as stored:
                    content = crypto.decrypt_bytes(
                        stored.read(), max_age_seconds=ImportPreview.PREVIEW_HOURS * 3600
                    )
            except (InvalidToken, FileNotFoundError):
                content = None
            _delete_with_files([preview])
    if content is None:
        raise Conflict(
            _("This preview has expired or was already imported; upload the file again.")
        )
    return preview, content


def import_previews_purge() -> int:
    """Delete every preview older than PREVIEW_HOURS, file and all (run by beat)."""
    cutoff = timezone.now() - timedelta(hours=ImportPreview.PREVIEW_HOURS)
    stale = list(ImportPreview.objects.filter(created_at__lt=cutoff))
    _delete_with_files(stale)
    return len(stale)


def _delete_with_files(rows) -> None:
    """Rows that keep a file of personal data (previews, exports): the files first, then the
    rows, so none is left on disk without its row."""
    for row in rows:
        if row.file:
            row.file.delete(save=False)
    if rows:
        type(rows[0]).objects.filter(pk__in=[row.pk for row in rows]).delete()


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
