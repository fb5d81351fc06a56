"""The daily resumption report (复工日报): its figures and the workbook a bureau sends out."""

import io
import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.validators import domain_date
from core.workdays import working_day
from projects.filing import daily_status_deadline
from projects.selectors import daily_resumption
from projects.services import daily_day_mark_reported
from reports.workbooks import (
    figure_rows,
    list_sheet,
    long_date,
    print_setup,
    title_rows,
    two_level_headers,
)


def parse_period(period: str) -> date:
    try:
        day = date.fromisoformat(period)
    except ValueError:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", period):  # well written: 2026-02-30
            message = _("%(day)s is not a day of the calendar.") % {"day": period}
        else:
            message = _("Enter the date as YYYY-MM-DD.")
        raise ValidationError({"period": message}) from None
    if day > timezone.localdate():
        raise ValidationError({"period": _("A report cannot be made for a future date.")})
    try:
        domain_date(day)  # 1900-01-01 made a report of a day long before the programme
    except ValidationError as exc:
        raise ValidationError({"period": exc.messages}) from None
    return day


def _not_reportable(day: date) -> str | None:
    """Why no daily report can be made of the day now, if none can: a day that is not a
    working day (statuses are due on no other, so every project would count as not
    reported), or one whose filing has not closed — before the cut-off the day is half
    filed, and its rate would be read as the day's (DESIGN.md §4)."""
    if not working_day(day).is_working_day:
        return _(
            "%(day)s is not a working day: no statuses are due, so there is no daily report for it."
        ) % {"day": day.isoformat()}
    cutoff = daily_status_deadline(day)
    if timezone.now() < cutoff:
        return _(
            "Statuses for %(day)s can be filed until %(time)s; its report can be made after then."
        ) % {"day": day.isoformat(), "time": timezone.localtime(cutoff).strftime("%H:%M")}
    return None


def reportable_day(period: str) -> date:
    """The day of a daily report that can be made now (ValidationError saying why not)."""
    day = parse_period(period)
    refusal = _not_reportable(day)
    if refusal:
        raise ValidationError({"period": refusal})
    return day


def latest_reportable_day() -> str:
    """The latest day a daily report can be made for now: today once its filing has closed,
    else the working day before (the report page offers it, the evening run makes it)."""
    day = timezone.localdate()
    while _not_reportable(day):
        day -= timedelta(days=1)
    return day.isoformat()


def build_data(period: str) -> dict:
    return daily_resumption(day=parse_period(period))


def mark_generated(period: str) -> None:
    """From now on a status filed or changed for the day is a correction (with a reason)."""
    daily_day_mark_reported(day=date.fromisoformat(period))


_RESUMPTION = gettext_lazy("Resumption")
_ON_SITE = gettext_lazy("On site")
_FILING = gettext_lazy("Filing")
# (group header or None, column header, key in the figures, number format)
_COLUMNS = [
    (None, gettext_lazy("District"), "name", "@"),
    (None, gettext_lazy("Under construction (projects)"), "under_construction", "0"),
    (_RESUMPTION, gettext_lazy("Working or resumed (projects)"), "working", "0"),
    (_RESUMPTION, gettext_lazy("Not resumed (projects)"), "not_resumed", "0"),
    (_RESUMPTION, gettext_lazy("Resumption rate (%)"), "resumption_rate", "0.0"),
    (None, gettext_lazy("Suspended (projects, not counted)"), "suspended", "0"),
    (_ON_SITE, gettext_lazy("Workers on site (people)"), "workers", "#,##0"),
    (_ON_SITE, gettext_lazy("Machinery (units)"), "machinery", "#,##0"),
    (_FILING, gettext_lazy("Due (projects)"), "due", "0"),
    (_FILING, gettext_lazy("Filed on time (projects)"), "on_time", "0"),
    (_FILING, gettext_lazy("Timeliness (%)"), "timeliness", "0.0"),
    (_FILING, gettext_lazy("Not reported (projects)"), "not_reported", "0"),
]


def workbook(data: dict) -> bytes:
    day = date.fromisoformat(data["date"])
    book = Workbook()
    sheet = book.active
    sheet.title = _("Daily resumption")
    width = len(_COLUMNS)
    title_rows(
        sheet,
        _("Shantytown redevelopment projects: daily resumption report"),
        _("%(day)s (as of that day)　Source: Penggaitong") % {"day": long_date(day)},
        width,
    )
    two_level_headers(sheet, [(group, header) for group, header, _k, _f in _COLUMNS])
    rows = [*data["districts"], {"name": _("City total"), **data["city"]}]
    figure_rows(sheet, rows, [(key, fmt) for _g, _h, key, fmt in _COLUMNS], first_row=5)
    for index, width_chars in enumerate([14, 10, 10, 10, 10, 12, 12, 10, 9, 10, 10, 10], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width_chars
    sheet.freeze_panes = "B5"
    print_setup(sheet, "3:4")

    list_sheet(
        book,
        _("Projects not resumed"),
        _("Projects not resumed on %(day)s") % {"day": long_date(day)},
        [
            _("District"),
            _("Project code"),
            _("Project name"),
            _("Reason not working"),
            _("Expected resumption"),
        ],
        [
            [r["district"], r["code"], r["name"], r["reason"], r["expected_resumption_on"] or "—"]
            for r in data["not_resumed"]
        ],
        [12, 18, 40, 36, 14],
    )
    list_sheet(
        book,
        _("Projects that did not report"),
        _("Projects that did not file the daily status of %(day)s") % {"day": long_date(day)},
        [_("District"), _("Project code"), _("Project name")],
        [[r["district"], r["code"], r["name"]] for r in data["not_reported"]],
        [12, 18, 40],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
