"""The daily resumption report (复工日报): its figures and the workbook a bureau sends out."""

import io
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.spreadsheets import safe_cell
from projects.selectors import daily_resumption
from projects.services import daily_day_mark_reported


def parse_period(period: str) -> date:
    try:
        day = date.fromisoformat(period)
    except ValueError:
        raise ValidationError({"period": _("Enter the date as YYYY-MM-DD.")}) from None
    if day > timezone.localdate():
        raise ValidationError({"period": _("A report cannot be made for a future date.")})
    return day


def build_data(period: str) -> dict:
    return daily_resumption(day=parse_period(period))


def mark_generated(period: str) -> None:
    """From now on a status filed or changed for the day is a correction (with a reason)."""
    daily_day_mark_reported(day=date.fromisoformat(period))


def _long_date(day: date) -> str:
    return _("%(year)d-%(month)02d-%(day)02d") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

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


def _title(sheet, text: str, subtitle: str, width: int) -> None:
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet["A1"] = text
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet["A2"] = subtitle
    sheet["A2"].alignment = Alignment(horizontal="center")


def _print_setup(sheet, header_rows: str) -> None:
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = header_rows
    sheet.print_options.horizontalCentered = True


def workbook(data: dict) -> bytes:
    day = date.fromisoformat(data["date"])
    book = Workbook()
    sheet = book.active
    sheet.title = _("Daily resumption")
    width = len(_COLUMNS)
    _title(
        sheet,
        _("Shantytown redevelopment projects: daily resumption report"),
        _("%(day)s (as of that day)　Source: Penggaitong") % {"day": _long_date(day)},
        width,
    )
    # Two header rows: a group header merged across its columns, or one cell merged down.
    column = 1
    while column <= width:
        group, header, _key, _fmt = _COLUMNS[column - 1]
        if group is None:
            sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
            sheet.cell(3, column, str(header))
            column += 1
            continue
        end = column
        while end < width and _COLUMNS[end][0] == group:
            end += 1
        sheet.merge_cells(start_row=3, start_column=column, end_row=3, end_column=end)
        sheet.cell(3, column, str(group))
        for index in range(column, end + 1):
            sheet.cell(4, index, str(_COLUMNS[index - 1][1]))
        column = end + 1
    for row in (3, 4):
        for index in range(1, width + 1):
            cell = sheet.cell(row, index)
            cell.font = Font(bold=True)
            cell.alignment = _CENTER
            cell.fill = _HEADER_FILL
            cell.border = _BORDER
    rows = [*data["districts"], {"name": _("City total"), **data["city"]}]
    for offset, figures in enumerate(rows):
        excel_row = 5 + offset
        for index, (_group, _header, key, number_format) in enumerate(_COLUMNS, start=1):
            value = figures.get(key)
            cell = sheet.cell(excel_row, index, "—" if value is None else safe_cell(value))
            cell.number_format = number_format
            cell.border = _BORDER
            cell.alignment = Alignment(
                horizontal="left" if index == 1 else "right", vertical="center"
            )
            if offset == len(rows) - 1:
                cell.font = Font(bold=True)
    for index, width_chars in enumerate([14, 10, 10, 10, 10, 12, 12, 10, 9, 10, 10, 10], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width_chars
    sheet.freeze_panes = "B5"
    _print_setup(sheet, "3:4")

    _list_sheet(
        book,
        _("Projects not resumed"),
        _("Projects not resumed on %(day)s") % {"day": _long_date(day)},
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
    _list_sheet(
        book,
        _("Projects that did not report"),
        _("Projects that did not file the daily status of %(day)s") % {"day": _long_date(day)},
        [_("District"), _("Project code"), _("Project name")],
        [[r["district"], r["code"], r["name"]] for r in data["not_reported"]],
        [12, 18, 40],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _list_sheet(
    book, title: str, heading: str, headers: list[str], rows: list[list], widths: list[int]
) -> None:
    sheet = book.create_sheet(title)
    _title(sheet, heading, _("%(count)d in all") % {"count": len(rows)}, len(headers))
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(3, index, header)
        cell.font, cell.alignment, cell.fill, cell.border = (
            Font(bold=True),
            _CENTER,
            _HEADER_FILL,
            _BORDER,
        )
    for offset, row in enumerate(rows or [[_("None")] + [""] * (len(headers) - 1)]):
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(4 + offset, index, safe_cell(value))
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    _print_setup(sheet, "3:3")
