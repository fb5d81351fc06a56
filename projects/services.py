"""State changes of projects and their records: each one function, one transaction.

Every function validates before it writes and checks the record's current state first, so a
repeated call is harmless. Bad input raises ValidationError naming the field; an action the
current state does not allow raises core.errors.Conflict.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, Throttled
from core.models import Notification, Region
from core.scoping import scope_of
from core.services import notifications_settle, notify
from core.versions import check_version
from projects.choices import (
    CONSTRUCTION_NEXT,
    EXPROPRIATION_NEXT,
    BuildingMilestone,
    ConstructionStatus,
    DailyStatusKind,
    ExpropriationStatus,
)
from projects.filing import daily_status_deadline, is_late
from projects.models import (
    TARGET_FIELDS,
    AnnualPlan,
    BuildingEvidence,
    Campaign,
    CampaignTarget,
    DailyStatus,
    DistrictTarget,
    FilingReminder,
    InvestmentReport,
    Project,
    ProjectFunding,
    ProjectStatusChange,
    ReportedDay,
    ResettlementBuilding,
    ResettlementSite,
)
from projects.selectors import (
    daily_reporting_overview,
    filing_clerks,
    projects_filing_on,
    remind_again_at,
)
from projects.signals import project_moved, start_facts_changed
from projects.status_log import construction_states_on


def _today() -> date:
    return timezone.localdate()


def _not_in_future(value: date, field: str) -> None:
    if value > _today():
        raise ValidationError({field: _("The date cannot be in the future.")})


# --- Projects -------------------------------------------------------------------------------


def _check_write_scope(user, *, district, street, moving: bool) -> None:
    """A project stays inside its writer's own region, on every path (page, API): a
    district official's district, a street official's street, and project-HQ staff do not
    move their project at all. The wider set a user may read is not where they may write."""
    if user is None or not moving:
        return
    districts = Region.objects.districts().writable_by(user)
    streets = Region.objects.streets().writable_by(user)
    if district is None or not districts.filter(pk=district.pk).exists():
        raise ValidationError({"district": _("You may not put a project in this district.")})
    if street is not None and not streets.filter(pk=street.pk).exists():
        raise ValidationError({"street": _("You may not put a project in this street.")})
    scope = scope_of(user)
    if scope.street_ids and not scope.district_ids and street is None:
        raise ValidationError(
            {"street": _("Choose your street: a project outside it would leave your scope.")}
        )


@transaction.atomic
def project_create(*, user=None, **fields) -> Project:
    """A new project; `user`, when given, may only put it in their own region."""
    _check_write_scope(
        user, district=fields.get("district"), street=fields.get("street"), moving=True
    )
    project = Project(**fields)
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_update(*, project: Project, expected_version, user=None, **changes) -> Project:
    """Apply the given field changes to the version the editor read; an unchanged save writes
    nothing (and no history). Moving it needs the writer's scope over the destination."""
    project = _locked_at(Project, project.pk, expected_version)
    changed = [field for field, value in changes.items() if getattr(project, field) != value]
    if not changed:
        return project
    old_district_id = project.district_id
    for field in changed:
        setattr(project, field, changes[field])
    _check_write_scope(
        user,
        district=project.district,
        street=project.street,
        moving=bool({"district", "street"} & set(changed)),
    )
    project.version += 1
    project.full_clean()
    project.save(update_fields=[*changed, "version", "updated_at"])
    if project.district_id != old_district_id:
        # Records that carry the district for scoping follow their project: this app's
        # daily statuses here, the rows of apps above through the signal.
        DailyStatus.objects.filter(project=project).update(district=project.district)
        project_moved.send(sender=Project, project=project, old_district_id=old_district_id)
    return project


def _locked_at(model, record_pk, expected_version):
    """The stored record, locked, once it is sure the edit was made on its current version."""
    record = model.objects.select_for_update().get(pk=record_pk)
    check_version(record, expected_version)
    return record


def _bump(model, record_pk, expected_version) -> None:
    """An edit of a part of a record (its funding, its split): checked, and raising the
    record's own version."""
    _locked_at(model, record_pk, expected_version)
    model.objects.filter(pk=record_pk).update(version=F("version") + 1)


# The date each status sets when a project reaches it.
_STATUS_DATES = {
    ExpropriationStatus.SCOPE_ANNOUNCED: "scope_announced_on",
    ExpropriationStatus.DECISION_ANNOUNCED: "decision_announced_on",
    ExpropriationStatus.SIGNING: "signing_starts_on",
    ConstructionStatus.COMPLETED: "completed_on",
    ConstructionStatus.ACCEPTED: "accepted_on",
}
# track → (status attribute, allowed next steps, status choices)
_LIFECYCLES = {
    ProjectStatusChange.Track.EXPROPRIATION: (
        "expropriation_status",
        EXPROPRIATION_NEXT,
        ExpropriationStatus,
    ),
    ProjectStatusChange.Track.CONSTRUCTION: (
        "construction_status",
        CONSTRUCTION_NEXT,
        ConstructionStatus,
    ),
}


def _change_status(
    *,
    project: Project,
    track: str,
    to_status: str,
    effective_on: date | None,
    user,
    reason: str,
    check=None,
) -> Project:
    """Move one lifecycle a step on: lock, check the step, set the status and its date, log it.

    `check(project, current)` adds the rules of one lifecycle and may set more fields,
    returning their names.
    """
    attribute, allowed, labels = _LIFECYCLES[track]
    project = Project.objects.select_for_update().get(pk=project.pk)
    current = getattr(project, attribute)
    if to_status == current:
        raise Conflict(
            _("The project is already “%(status)s”.") % {"status": labels(current).label}
        )
    if to_status not in allowed[labels(current)]:
        raise Conflict(
            _("A project that is “%(current)s” cannot become “%(target)s”.")
            % {"current": labels(current).label, "target": labels(to_status).label}
        )
    if effective_on is None:
        raise ValidationError({"effective_on": _("Enter the date of the change.")})
    _not_in_future(effective_on, "effective_on")
    if project.approved_on and effective_on < project.approved_on:
        # A project is neither expropriated nor built before it is approved; a start in 2001
        # also moved it onto every past day's filing figures.
        raise ValidationError(
            {
                "effective_on": _("The date cannot be before the project's approval (%(date)s).")
                % {"date": project.approved_on}
            }
        )
    previous = project.status_changes.filter(track=track).order_by("-effective_on").first()
    if previous and effective_on < previous.effective_on:
        raise ValidationError(
            {
                "effective_on": _("The date cannot be before the previous change (%(date)s).")
                % {"date": previous.effective_on}
            }
        )
    updated = [attribute, "updated_at", *(check(project, current) if check else [])]
    setattr(project, attribute, to_status)
    if date_field := _STATUS_DATES.get(to_status):
        setattr(project, date_field, effective_on)
        updated.append(date_field)
    project.full_clean()
    project.save(update_fields=updated)
    ProjectStatusChange.objects.create(
        project=project,
        track=track,
        from_status=current,
        to_status=to_status,
        effective_on=effective_on,
        reason=reason,
        changed_by=user,
    )
    return project


@transaction.atomic
def project_change_expropriation_status(
    *, project: Project, to_status: str, effective_on: date, user, reason: str = ""
) -> Project:
    def signing_after_decision(project, current):
        if to_status == ExpropriationStatus.SIGNING and (
            not project.decision_announced_on or effective_on < project.decision_announced_on
        ):
            raise Conflict(_("Signing cannot open before the expropriation decision is announced."))
        return []

    return _change_status(
        project=project,
        track=ProjectStatusChange.Track.EXPROPRIATION,
        to_status=to_status,
        effective_on=effective_on,
        user=user,
        reason=reason.strip(),
        check=signing_after_decision,
    )


@transaction.atomic
def project_change_construction_status(
    *, project: Project, to_status: str, effective_on: date, user, reason: str = ""
) -> Project:
    reason = reason.strip()

    def suspension_and_start(project, current):
        if to_status == ConstructionStatus.SUSPENDED and not reason:
            raise ValidationError({"reason": _("Give the reason for the suspension.")})
        project.suspension_reason = reason if to_status == ConstructionStatus.SUSPENDED else ""
        if (
            to_status == ConstructionStatus.UNDER_CONSTRUCTION
            and current == ConstructionStatus.NOT_STARTED
        ):
            project.construction_started_on = effective_on
            return ["suspension_reason", "construction_started_on"]
        return ["suspension_reason"]

    return _change_status(
        project=project,
        track=ProjectStatusChange.Track.CONSTRUCTION,
        to_status=to_status,
        effective_on=effective_on,
        user=user,
        reason=reason,
        check=suspension_and_start,
    )


@transaction.atomic
def project_set_funding(*, project: Project, expected_version, rows: list[dict]) -> None:
    """Set planned and received funding per source, all or nothing; each row is checked by
    the model's rules (received never exceeds planned), errors keyed by the source. Funding
    is part of the project's record: the edit is made on the project's version."""
    _bump(Project, project.pk, expected_version)
    existing = {
        f.source: f for f in ProjectFunding.objects.select_for_update().filter(project=project)
    }
    funding, errors = [], {}
    for row in rows:
        record = existing.get(row["source"]) or ProjectFunding(
            project=project, source=row["source"]
        )
        record.planned, record.received = row["planned"], row["received"]
        try:
            record.full_clean(validate_unique=False)
        except ValidationError as exc:
            errors[row["source"]] = exc.messages
        funding.append(record)
    if errors:
        raise ValidationError(errors)
    for record in funding:
        record.save()


# --- Plans ----------------------------------------------------------------------------------


@transaction.atomic
def plan_save(*, plan: AnnualPlan, milestones: list[dict], expected_version=None) -> AnnualPlan:
    """Save a plan with its start-rate milestones (replacing the previous milestone list);
    an existing plan is saved over the version the editor read."""
    rule_before = None
    if plan.pk:
        stored = _locked_at(AnnualPlan, plan.pk, expected_version)
        plan.version, rule_before = stored.version + 1, stored.start_rule
    plan.full_clean()
    plan.save()
    if rule_before is not None and rule_before != plan.start_rule:
        start_facts_changed.send(
            sender=AnnualPlan, projects=list(Project.objects.filter(plan_year=plan.year))
        )
    plan.milestones.all().delete()
    for row in milestones:
        milestone = plan.milestones.model(plan=plan, **row)
        milestone.full_clean()
        milestone.save()
    return plan


@transaction.atomic
def plan_set_district_targets(
    *, plan: AnnualPlan, targets: dict[int, dict], expected_version
) -> None:
    """Set each district's share of the plan. Sums that differ from the plan are allowed
    (a split is often finished over several sittings); the page shows where they differ.
    The split is part of the plan: it is saved over the plan's version the editor read."""
    _bump(AnnualPlan, plan.pk, expected_version)
    districts = {d.id: d for d in Region.objects.districts().filter(id__in=targets)}
    if set(targets) - set(districts):
        raise ValidationError({"district": _("Unknown district.")})
    existing = {t.district_id: t for t in DistrictTarget.objects.filter(plan=plan)}
    changed, errors = [], {}
    for district_id, values in targets.items():
        target = existing.get(district_id) or DistrictTarget(
            plan=plan, district=districts[district_id]
        )
        if target.pk and all(getattr(target, f) == values[f] for f in TARGET_FIELDS):
            continue
        for field in TARGET_FIELDS:
            setattr(target, field, values[field])
        try:
            target.full_clean(validate_unique=False)
        except ValidationError as exc:
            errors[districts[district_id].name] = exc.messages
        changed.append(target)
    if errors:
        raise ValidationError(errors)
    for target in changed:
        target.save()


# --- Campaigns ------------------------------------------------------------------------------


@transaction.atomic
def campaign_save(
    *, campaign: Campaign, targets: dict[int, int], expected_version=None
) -> Campaign:
    """Save a campaign and its households-to-demolish target per district (zero drops it);
    an existing campaign is saved over the version the editor read."""
    if campaign.pk:
        campaign.version = _locked_at(Campaign, campaign.pk, expected_version).version + 1
    campaign.full_clean()
    campaign.save()
    for district_id, households in targets.items():
        if households:
            CampaignTarget.objects.update_or_create(
                campaign=campaign, district_id=district_id, defaults={"households": households}
            )
        else:
            CampaignTarget.objects.filter(campaign=campaign, district_id=district_id).delete()
    return campaign


# --- Sites, buildings, investment -------------------------------------------------------------


@transaction.atomic
def site_create(*, user=None, projects=(), **fields) -> ResettlementSite:
    """A resettlement estate of the writer's own district (it may serve projects elsewhere)."""
    district = fields.get("district")
    if user is not None and not (
        district and Region.objects.districts().writable_by(user).filter(pk=district.pk).exists()
    ):
        raise ValidationError(
            {"district": _("You may not put a resettlement site in this district.")}
        )
    site = ResettlementSite(**fields)
    site.full_clean()
    site.save()
    site.projects.set(projects)
    return site


@transaction.atomic
def building_add(*, site: ResettlementSite, name: str, units: int) -> ResettlementBuilding:
    if ResettlementBuilding.objects.filter(site=site, name=name.strip()).exists():
        raise ValidationError({"name": _("The site already has a building of this name.")})
    building = ResettlementBuilding(site=site, name=name.strip(), units=units)
    building.full_clean()
    building.save()
    return building


@transaction.atomic
def building_record_milestone(
    *, building: ResettlementBuilding, milestone: str, reached_on: date, user, files=()
) -> date | None:
    """Record the day a building reached a milestone, with its evidence; returns the day
    recorded before (None for a first record), so the page can say what it corrected."""
    _not_in_future(reached_on, "reached_on")
    building = ResettlementBuilding.objects.select_for_update().get(pk=building.pk)
    field = ResettlementBuilding.MILESTONE_FIELDS[BuildingMilestone(milestone)]
    replaced = getattr(building, field)
    setattr(building, field, reached_on)
    building.full_clean()
    building.save(update_fields=[field])
    if milestone == BuildingMilestone.FOUNDATION_STARTED:
        start_facts_changed.send(
            sender=ResettlementBuilding, projects=list(building.site.projects.all())
        )
    for upload in files:
        BuildingEvidence.objects.create(
            building=building,
            milestone=milestone,
            file=upload,
            original_name=upload.name[:200],
            uploaded_by=user,
        )
    return replaced


@transaction.atomic
def investment_record(*, project: Project, month: date, amount: Decimal, user) -> Decimal | None:
    """Record a month's investment completed, in place of what the month had; returns the
    amount recorded before (None for a first record), so the page can say what it corrected."""
    month = month.replace(day=1)
    if month > _today().replace(day=1):
        raise ValidationError({"month": _("Investment cannot be reported for a future month.")})
    report = InvestmentReport.objects.select_for_update().filter(project=project, month=month)
    report = report.first() or InvestmentReport(project=project, month=month)
    replaced = report.amount
    report.amount = amount
    report.reported_by = user
    # The month's one row is the database's to keep: a form sent twice at once meets its
    # unique index and is told so (core.errors.duplicate_save), not Django's generic words.
    report.full_clean(validate_unique=False, validate_constraints=False)
    report.save()
    return replaced


@transaction.atomic
def project_flag_signing_lapsed(*, project: Project, on: date) -> None:
    """The signing period ended below the threshold: the project's agreements lapsed (the
    compensation work lapses them and calls this)."""
    Project.objects.filter(pk=project.pk).update(signing_lapsed_on=on, updated_at=timezone.now())


# --- Daily resumption status ------------------------------------------------------------------

_NOT_WORKING = {DailyStatusKind.NOT_RESUMED, DailyStatusKind.SUSPENDED}
_STATUS_FIELDS = (
    "status",
    "workers_on_site",
    "machinery_on_site",
    "reason",
    "expected_resumption_on",
)


def daily_statuses_for(state: str) -> list[tuple[str, str]]:
    """The statuses a project may file in its construction status: a suspended one only
    停工 (its resumption is recorded on the project), one under construction any but 停工
    (a suspension is recorded on the project, with its reason)."""
    if state == ConstructionStatus.SUSPENDED:
        return [(DailyStatusKind.SUSPENDED.value, DailyStatusKind.SUSPENDED.label)]
    return [
        (kind.value, kind.label) for kind in DailyStatusKind if kind != DailyStatusKind.SUSPENDED
    ]


def _daily_status_errors(project: Project, state: str, day: date, row: dict) -> dict:
    """What is wrong with one row, given the project's construction status on that day."""
    errors = {}
    if state not in (ConstructionStatus.UNDER_CONSTRUCTION, ConstructionStatus.SUSPENDED):
        errors["project"] = _(
            "“%(project)s” is not under construction; no daily status is filed for it."
        ) % {"project": project.name}
        return errors
    status = row["status"]
    if status not in dict(daily_statuses_for(state)):
        errors["status"] = (
            _("The project is suspended; record its resumption on the project first.")
            if state == ConstructionStatus.SUSPENDED
            else _("To suspend a project, change its construction status with a reason.")
        )
    if status in _NOT_WORKING and not (row.get("reason") or "").strip():
        errors["reason"] = _("Give the reason the project is not working.")
    expected = row.get("expected_resumption_on")
    if expected and expected < day:
        errors["expected_resumption_on"] = _(
            "The expected resumption date cannot be before the status date."
        )
    if status not in _NOT_WORKING and (row.get("workers_on_site") or 0) == 0:
        errors["workers_on_site"] = _("A working project has workers on site.")
    people_or_machines = (row.get("workers_on_site") or 0) or (row.get("machinery_on_site") or 0)
    if status == DailyStatusKind.NOT_RESUMED and people_or_machines and not row.get("confirmed"):
        errors["confirmed"] = _(
            "Not resumed, yet with workers or machinery on site: check it, and confirm if it is so."
        )
    return errors


def daily_status_check(*, day: date, rows: list[dict]) -> dict[int, dict]:
    """What daily_status_submit would refuse, row by row, without writing anything: the
    sheet shows every problem of a submission at once, its own checks and these."""
    return _read_sheet(day, rows, lock=False, versions_required=False).errors


class _Sheet(NamedTuple):
    projects: dict  # {pk: Project}
    states: dict  # {pk: construction status on the day}
    existing: dict  # {project pk: DailyStatus already filed for the day}
    errors: dict  # {row index: {field: message}}


def _read_sheet(day: date, rows: list[dict], *, lock: bool, versions_required: bool) -> _Sheet:
    """The rows' projects, their construction status on `day`, the day's statuses already
    filed (locked for a submission) and what is wrong with each row; a row changing a filed
    status without the version it read is refused when `versions_required`."""
    ids = [row["project"].pk for row in rows]
    projects = Project.objects.filter(pk__in=ids)
    statuses = DailyStatus.objects.filter(date=day, project_id__in=ids)
    if lock:
        projects, statuses = projects.select_for_update(), statuses.select_for_update()
    projects = {p.pk: p for p in projects}
    states = construction_states_on(day, projects.values())
    existing = {s.project_id: s for s in statuses}
    errors = {}
    for index, row in enumerate(rows):
        pk = row["project"].pk
        row_errors = _daily_status_errors(projects[pk], states[pk], day, row)
        stale = _stale_row(existing.get(pk), row, versions_required)
        if stale:
            row_errors["version"] = stale
        if row_errors:
            errors[index] = row_errors
    return _Sheet(projects, states, existing, errors)


def _stale_row(stored: DailyStatus | None, row: dict, versions_required: bool) -> str | None:
    """Why a row would write over a status filed or changed since the sheet was opened (the
    `version` it was opened on; without one, it updates whatever is there unless
    `versions_required`). The same answer as stored changes nothing and is never refused."""
    opened_on = row.get("version")
    if stored and _unchanged(stored, _status_values(row)):
        return None
    if opened_on is None:
        if versions_required and stored:
            return _(
                "This project's status for the day is already filed: send the version you "
                "read (its “version”) to change it."
            )
        return None
    if (stored.version if stored else 0) == opened_on:
        return None
    return _(
        "Someone else filed or changed this project's status for the day after you opened "
        "the sheet: reload the sheet to see it; nothing of yours was saved."
    )


def _unchanged(stored: DailyStatus, values: dict) -> bool:
    return all(getattr(stored, field) == value for field, value in values.items())


def _status_values(row: dict) -> dict:
    """The fields a row writes, as they are stored."""
    values = {field: row.get(field) for field in _STATUS_FIELDS}
    values["reason"] = (values["reason"] or "").strip() if values["status"] in _NOT_WORKING else ""
    if values["status"] not in _NOT_WORKING:
        values["expected_resumption_on"] = None
    return values


@transaction.atomic
def daily_status_submit(
    *,
    day: date,
    rows: list[dict],
    reporter,
    correction_reason: str = "",
    versions_required: bool = False,
) -> list[DailyStatus]:
    """File the daily statuses of several projects for one day, all or nothing.

    Each row: project, status, workers_on_site, machinery_on_site, reason,
    expected_resumption_on. Submitting again updates the day's record (history keeps the
    old one); lateness (补报) is decided by the first submission against the cut-off. Once
    the day's report has been generated, filing or changing a status is a correction: it
    needs a reason and is marked as such, so the report's reader sees what changed.
    `versions_required`: a change to a filed status must carry the version it read (the
    API's contract, DESIGN.md §6); the filing sheet always sends its rows' versions.
    """
    if day > _today():
        raise ValidationError({"date": _("A daily status cannot be filed for a future date.")})
    now = timezone.now()
    projects, states, existing, errors = _read_sheet(
        day, rows, lock=True, versions_required=versions_required
    )
    if errors:
        raise DailyStatusErrors(errors)
    writes, saved = [], []
    for row in rows:
        project = projects[row["project"].pk]
        values = _status_values(row)
        status = existing.get(project.pk)
        if status is None:
            status = DailyStatus(
                project=project,
                district_id=project.district_id,
                date=day,
                first_submitted_at=now,
                is_late=is_late(day, now, states[project.pk]),
            )
        elif _unchanged(status, values):
            saved.append(status)  # the same answer again: nothing to write
            continue
        writes.append((status, values))
    reported = ReportedDay.objects.filter(date=day).first()
    correction_reason = (correction_reason or "").strip()
    if writes and reported and not correction_reason:
        raise ValidationError(
            {
                "correction_reason": _(
                    "The report for %(day)s was generated at %(at)s: "
                    "give the reason for this correction."
                )
                % {
                    "day": day,
                    "at": timezone.localtime(reported.reported_at).strftime("%Y-%m-%d %H:%M"),
                }
            }
        )
    for status, values in writes:
        for field, value in values.items():
            setattr(status, field, value)
        if status.pk:
            status.version += 1
        status.reporter = reporter
        status.submitted_at = now
        if reported:
            status.corrected_at, status.correction_reason = now, correction_reason
        status.full_clean(validate_unique=False)
        status.save()
        saved.append(status)
    transaction.on_commit(lambda: _settle_reminders(day, list(projects.values())))
    return saved


def _filing_link(day: date) -> str:
    return f"{reverse('projects:daily_file')}?date={day.isoformat()}"


def _settle_reminders(day: date, filed: list[Project]) -> None:
    """Each reminder to file for `day` of a clerk who files the `filed` projects is done
    once nothing in their scope is left to file for it, whoever filed it. Run once the
    filing is committed, so that two clerks filing at once each see the other's."""
    link = _filing_link(day)
    reminded = Notification.objects.unread().filter(link=link).values("recipient")
    # The few reminded clerks of the filed projects' districts, not the whole city's.
    for clerk in filing_clerks(filed).filter(pk__in=reminded):
        theirs = projects_filing_on(day=day, projects=Project.objects.for_user(clerk))
        due = [f.project.id for f in theirs if f.is_due]
        if DailyStatus.objects.filter(date=day, project_id__in=due).count() == len(due):
            notifications_settle(link=link, recipients=[clerk])


@transaction.atomic
def daily_day_mark_reported(*, day: date) -> ReportedDay:
    """The day's report has been generated (the first time is kept): what is filed or
    changed for the day from now on is a correction (daily_status_submit)."""
    marked, _created = ReportedDay.objects.get_or_create(
        date=day, defaults={"reported_at": timezone.now()}
    )
    return marked


REMINDER_DAYS_BACK = 31  # a reminder is about recent filing, not history
_NAMES_SHOWN = 10


def _reminder_text(day: date, projects: list[Project]) -> str:
    names = "、".join(p.name for p in projects[:_NAMES_SHOWN])
    if len(projects) > _NAMES_SHOWN:
        names = _("%(names)s and %(more)d more") % {
            "names": names,
            "more": len(projects) - _NAMES_SHOWN,
        }
    return _(
        "Reminder from the city bureau: %(count)d projects have not filed the daily "
        "status of %(day)s (cut-off %(cutoff)s): %(projects)s"
    ) % {
        "count": len(projects),
        "day": day,
        "cutoff": timezone.localtime(daily_status_deadline(day)).strftime("%H:%M"),
        "projects": names,
    }


@transaction.atomic
def daily_status_remind(*, district: Region, day: date, user) -> FilingReminder:
    """催报: remind a district's clerks, in their inbox, of the day's statuses not filed yet.
    Each clerk is told of the missing projects in their own scope only (a street's clerk of
    their street's). Once per district and day in REMINDER_INTERVAL, so a double click or a
    colleague's second reminder does not flood the inbox (selectors.remind_again_at)."""
    today = _today()
    if not today - timedelta(days=REMINDER_DAYS_BACK) <= day <= today:
        raise ValidationError(
            {
                "date": _("A reminder is for today or the last %(days)d days.")
                % {"days": REMINDER_DAYS_BACK}
            }
        )
    Region.objects.select_for_update().get(pk=district.pk)  # one reminder at a time per district
    last = FilingReminder.objects.filter(date=day, district=district).order_by("-sent_at").first()
    again = remind_again_at(last)
    if again is not None:
        raise Throttled(
            _(
                "%(district)s was reminded at %(at)s; it can be reminded again in "
                "%(minutes)d minutes."
            )
            % {
                "district": district.name,
                "at": timezone.localtime(last.sent_at).strftime("%H:%M"),
                "minutes": -(-(again - timezone.now()).seconds // 60),
            }
        )
    overview = daily_reporting_overview(user=user, day=day)
    row = next((r for r in overview.districts if r.district.pk == district.pk), None)
    if row is None or not row.missing:
        raise ValidationError(
            {
                "district": _("Every project of %(district)s has filed for %(day)s.")
                % {"district": district.name, "day": day}
            }
        )
    missing_ids = [p["id"] for p in row.missing]
    link = _filing_link(day)
    reminded = 0
    # The candidates' own scope decides what each is told (a handful of clerks per district).
    for clerk in filing_clerks(Project.objects.filter(pk__in=missing_ids)):
        theirs = list(Project.objects.for_user(clerk).filter(pk__in=missing_ids).order_by("code"))
        if theirs:
            notify(recipients=[clerk], text=_reminder_text(day, theirs), link=link)
            reminded += 1
    if not reminded:
        raise ValidationError(
            {
                "district": _("%(district)s has no clerk account to remind.")
                % {"district": district.name}
            }
        )
    return FilingReminder.objects.create(
        date=day,
        district=district,
        sent_by=user,
        projects_missing=len(row.missing),
        recipients=reminded,
    )


class DailyStatusErrors(ValidationError):
    """Per-row errors of a daily status submission: {row index: {field: message}}."""

    def __init__(self, row_errors: dict[int, dict]):
        self.row_errors = row_errors
        super().__init__(
            [
                f"{index + 1}: {message}"
                for index, fields in row_errors.items()
                for message in fields.values()
            ]
        )
