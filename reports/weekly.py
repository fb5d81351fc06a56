"""The weekly supervision report (周督导通报): per district the start rate against the plan with
the week's change, signing against the deadlines, investment, notices, inspections and
grievances; the ranking with the bottom three named; the projects not resumed that week."""

import io
import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from compensation.selectors import signing_by_district
from core.figures import json_percent, percent, threshold_text
from core.workdays import working_day
from households.selectors import start_rates
from projects.models import AnnualPlan
from projects.selectors import investment_by_district
from reports.models import Report, ReportKind, week_label
from reports.selectors import daily_figures_of, plan_year_of_week
from reports.workbooks import (
    MILESTONE_GROUP,
    RANK_COLUMNS,
    SIGNING_AND_INVESTMENT_COLUMNS,
    START_COLUMNS,
    START_GROUP,
    list_sheet,
    long_date,
    milestone_texts,
    ranking_sheet,
    title_rows,
)
from supervision.selectors import circulated_notices, inspections_held, supervision_by_district

WEEK = re.compile(r"(\d{4})-W(\d{2})")


def week_days(period: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week written exactly 2026-W47 (one spelling per week, so
    a week's versions and the week before are found by it)."""
    match = WEEK.fullmatch(period)
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        sunday = monday + timedelta(days=6)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError({"period": _("Enter the week as YYYY-Www, e.g. 2026-W47.")}) from None
    return monday, sunday


def parse_period(period: str) -> tuple[date, date]:
    """A week that has ended, of a year with a plan: a week still running is never
    reported as a rate."""
    monday, sunday = week_days(period)
    if sunday >= timezone.localdate():
        raise ValidationError(
            {"period": _("The week has not ended yet: a weekly report covers a finished week.")}
        )
    if not AnnualPlan.objects.filter(year=plan_year_of_week(period)).exists():
        raise ValidationError(
            {
                "period": _("There is no annual plan for %(year)d.")
                % {"year": plan_year_of_week(period)}
            }
        )
    return monday, sunday


def week_of(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def last_week() -> str:
    """The week the Monday run reports: the one that ended yesterday."""
    return week_of(timezone.localdate() - timedelta(days=7))


def _previous(period: str) -> Report | None:
    monday, _sunday = week_days(period)
    return (
        Report.objects.current()
        .complete()
        .filter(kind=ReportKind.WEEKLY_SUPERVISION, period=week_of(monday - timedelta(days=1)))
        .first()
    )


def _change(now, before):
    return None if now is None or before is None else round(now - before, 1)


def _not_resumed_in_week(monday: date, sunday: date) -> list[dict]:
    """Projects not resumed on a working day of the week, from each day's stored daily
    report (computed for a day without one): how many days, and the latest reason."""
    days = [
        day
        for day in (monday + timedelta(days=n) for n in range(7))
        if working_day(day).is_working_day
    ]
    projects: dict[int, dict] = {}
    district_codes: dict[str, str] = {}  # the rows name their district; the report orders by code
    for figures in daily_figures_of(days).values():  # in day order: the latest reason last
        district_codes.update((d["name"], d.get("district_code", "")) for d in figures["districts"])
        for row in figures["not_resumed"]:
            entry = projects.setdefault(row["project_id"], {**row, "days": 0})
            entry.update(days=entry["days"] + 1, reason=row["reason"])
        for row in figures["not_reported"]:
            entry = projects.setdefault(row["project_id"], {**row, "days": 0, "reason": ""})
            entry["days"] += 1
    return sorted(
        projects.values(),
        key=lambda r: (district_codes.get(r["district"], ""), r["district"], r["code"]),
    )


def build_data(period: str) -> dict:
    monday, sunday = parse_period(period)
    plan = AnnualPlan.objects.get(year=plan_year_of_week(period))
    # The plan's figures stand on the week's Sunday, or on 31 December when the year's last
    # week runs into the next year.
    as_of = min(sunday, date(plan.year, 12, 31))
    rates = start_rates(plan=plan, as_of=as_of)
    signing = signing_by_district(year=plan.year, as_of=as_of)
    investment = investment_by_district(start=date(plan.year, 1, 1), end=as_of)
    supervision = supervision_by_district(start=monday, end=sunday)
    investment_targets = dict(plan.district_targets.values_list("district_id", "investment"))
    previous = _previous(period)
    if previous is not None and previous.data["year"] != plan.year:
        previous = None  # a new plan year starts from nothing: no change to show
    before = {row["district_code"]: row for row in previous.data["districts"]} if previous else {}

    def figures(start, target_investment, sign, money, notices, before_row):
        completed = money.get("completed", 0)
        return {
            "target_households": start["target_households"],
            "started_households": start["started_households"],
            "start_rate": json_percent(start["start_rate"]),
            "started_change": None
            if before_row is None
            else start["started_households"] - before_row["started_households"],
            "start_rate_change": _change(
                json_percent(start["start_rate"]), before_row and before_row.get("start_rate")
            ),
            "households": sign.get("households", 0),
            "signed": sign.get("signed", 0),
            "signing_rate": json_percent(percent(sign.get("signed", 0), sign.get("households", 0))),
            "behind_deadline": len(sign.get("behind_deadline", [])),
            "target_investment": float(target_investment),
            "investment_completed": float(completed),
            "investment_rate": json_percent(percent(completed, target_investment)),
            "notices_issued": len(notices.get("issued", [])),
            "notices_answered": len(notices.get("answered", [])),
            "notices_overdue": len(notices.get("overdue", [])),
            "notices_closed": len(notices.get("closed", [])),
            "reminders": notices.get("reminder", 0),
            "interviews": notices.get("interview", 0),
            "circulars": notices.get("circular", 0),
            "inspections": notices.get("inspections", 0),
            "grievances": len(notices.get("grievances", [])),
            "grievances_overdue": len(notices.get("grievances_overdue", [])),
            "grievances_closed": len(notices.get("grievances_closed", [])),
            "records": {
                "started_projects": start["started_projects"],
                "behind_deadline": sign.get("behind_deadline", []),
                "investment_projects": money.get("projects", []),
                "notices_issued": notices.get("issued", []),
                "notices_answered": notices.get("answered", []),
                "notices_overdue": notices.get("overdue", []),
                "notices_closed": notices.get("closed", []),
                "grievances": notices.get("grievances", []),
                "grievances_overdue": notices.get("grievances_overdue", []),
                "grievances_closed": notices.get("grievances_closed", []),
            },
            "filters": {"started_households": start["filter"]},
        }

    districts = []
    for row in rates.districts:
        start = {
            "target_households": row.target_households,
            "started_households": row.started_households,
            "start_rate": row.start_rate,
            "started_projects": row.started_projects,
            "filter": rates.households_filter(row),
        }
        districts.append(
            {
                "district_id": row.district_id,
                "district_code": row.district_code,
                "name": row.name,
                "rank": row.rank,
                "met_last_milestone": row.met_last_milestone,
                "meets_milestone": row.meets_milestone_in_force,
                **figures(
                    start,
                    investment_targets.get(row.district_id, 0),
                    signing.get(row.district_id, {}),
                    investment.get(row.district_id, {}),
                    supervision.get(row.district_id, {}),
                    before.get(row.district_code) if previous else None,
                ),
            }
        )
    city_start = {
        "target_households": rates.target_households,
        "started_households": rates.started_households,
        "start_rate": rates.start_rate,
        "started_projects": rates.started_projects,
        "filter": rates.households_filter(),
    }
    city = figures(
        city_start,
        plan.target_investment or 0,
        _merged(signing.values()),
        _merged(investment.values()),
        _merged(supervision.values()),
        previous.data["city"] if previous else None,
    )
    # An inspection visiting two districts counts once for each, and once for the city.
    city["inspections"] = inspections_held(start=monday, end=sunday)
    city["met_last_milestone"] = rates.city_met_last_milestone
    city["meets_milestone"] = rates.city_meets_milestone
    return {
        "week": period,
        "start": monday.isoformat(),
        "end": sunday.isoformat(),
        "as_of": as_of.isoformat(),
        "year": plan.year,
        "document_number": plan.document_number,
        "previous": {"report_id": previous.pk, "period": previous.period} if previous else None,
        "milestone": _milestone(rates.milestone),
        "last_milestone": _milestone(rates.last_milestone),
        "city": city,
        "districts": districts,
        "bottom_three": [row.name for row in rates.bottom_three],
        "not_resumed": _not_resumed_in_week(monday, sunday),
        "circulated": circulated_notices(start=monday, end=sunday),
    }


def _merged(rows) -> dict:
    """The city's figures: the districts' added up (counts summed, id lists joined)."""
    merged: dict = {}
    for row in rows:
        for key, value in row.items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif key.endswith("_rate"):
                continue  # a rate is recomputed from the sums, never added up
            elif isinstance(value, int | float) or hasattr(value, "as_tuple"):
                merged[key] = merged.get(key, 0) + value
    return merged


def _milestone(milestone) -> dict | None:
    if milestone is None:
        return None
    return {
        "due_date": milestone.due_date.isoformat(),
        "threshold": float(milestone.start_rate_threshold),
    }


def mark_generated(period: str) -> None:
    """Nothing of the week is closed by its report (a daily report closes its day)."""


_NOTICES = gettext_lazy("Supervision notices")
_GRIEVANCES = gettext_lazy("Grievances")
# (group header or None, column header, key in the figures, number format, width)
COLUMNS = [
    *RANK_COLUMNS,
    *START_COLUMNS,
    (
        START_GROUP,
        gettext_lazy("Week-on-week (points)"),
        "start_rate_change",
        "+0.0;-0.0;0.0",
        10,
    ),
    (MILESTONE_GROUP, gettext_lazy("Last passed"), "last_milestone_text", "@", 8),
    (MILESTONE_GROUP, gettext_lazy("In force"), "milestone_text", "@", 8),
    *SIGNING_AND_INVESTMENT_COLUMNS,
    (_NOTICES, gettext_lazy("Issued"), "notices_issued", "0", 7),
    (_NOTICES, gettext_lazy("Answered"), "notices_answered", "0", 7),
    (_NOTICES, gettext_lazy("Overdue"), "notices_overdue", "0", 7),
    (_NOTICES, gettext_lazy("Closed"), "notices_closed", "0", 7),
    (_NOTICES, gettext_lazy("Escalated"), "escalations", "0", 7),
    (None, gettext_lazy("Inspections"), "inspections", "0", 8),
    (_GRIEVANCES, gettext_lazy("Registered"), "grievances", "0", 7),
    (_GRIEVANCES, gettext_lazy("Overdue"), "grievances_overdue", "0", 7),
    (_GRIEVANCES, gettext_lazy("Closed"), "grievances_closed", "0", 7),
]
_TOP = PatternFill("solid", fgColor="E2EFDA")
_BOTTOM = PatternFill("solid", fgColor="FCE4D6")


def workbook(data: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Weekly supervision")
    width = len(COLUMNS)
    start, end = date.fromisoformat(data["start"]), date.fromisoformat(data["end"])
    title_rows(
        sheet,
        _("Shantytown redevelopment: weekly supervision circular"),
        _("Document number: ________　Week %(week)s (%(start)s to %(end)s)　Source: Penggaitong")
        % {"week": week_label(data["week"]), "start": long_date(start), "end": long_date(end)},
        width,
    )
    rows = [
        *[
            {
                **d,
                **milestone_texts(d),
                "escalations": d["reminders"] + d["interviews"] + d["circulars"],
            }
            for d in data["districts"]
        ],
        {
            "name": _("City total"),
            **data["city"],
            **milestone_texts(data["city"]),
            "escalations": data["city"]["reminders"]
            + data["city"]["interviews"]
            + data["city"]["circulars"],
        },
    ]
    bottom = set(data["bottom_three"])
    fills = {
        offset: _BOTTOM if district["name"] in bottom else _TOP
        for offset, district in enumerate(data["districts"])
        if district["name"] in bottom or district["rank"] <= 3
    }
    ranking_sheet(sheet, COLUMNS, rows, fills)
    note_row = 5 + len(rows) + 1
    sheet.cell(note_row, 1, _note(data))
    sheet.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=width)
    list_sheet(
        book,
        _("Projects not resumed"),
        _("Projects not resumed in week %(week)s") % {"week": week_label(data["week"])},
        [
            _("District"),
            _("Project code"),
            _("Project name"),
            _("Working days not resumed"),
            _("Latest reason"),
        ],
        [
            [r["district"], r["code"], r["name"], r["days"], r["reason"] or _("Not reported")]
            for r in data["not_resumed"]
        ],
        [12, 18, 40, 12, 36],
    )
    list_sheet(
        book,
        _("Notices circulated"),
        _("Overdue notices circulated in week %(week)s") % {"week": week_label(data["week"])},
        [_("Notice number"), _("District"), _("Subject"), _("Deadline missed")],
        [[r["number"], r["district"], r["subject"], r["deadline"]] for r in data["circulated"]],
        [22, 12, 44, 14],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _note(data: dict) -> str:
    parts = []
    if data["bottom_three"]:
        parts.append(
            _("Bottom three by start rate: %(names)s.") % {"names": "、".join(data["bottom_three"])}
        )
    if data["milestone"]:
        parts.append(
            _("Milestone in force: start rate ≥ %(threshold)s%% by %(due)s.")
            % {
                "threshold": threshold_text(data["milestone"]["threshold"]),
                "due": data["milestone"]["due_date"],
            }
        )
    if data["previous"] is None:
        parts.append(_("No report of the previous week is stored: no week-on-week change."))
    return " ".join(parts)
