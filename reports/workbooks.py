"""What every report workbook shares: the title rows, the two-level headers, the cell
styles and the A4 landscape print set-up a bureau sends out as is."""

from copy import copy
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter

from core.spreadsheets import safe_cell


def long_date(day: date) -> str:
    return _("%(year)d-%(month)02d-%(day)02d") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


# The plan-year figures of a district as every ranking workbook lays them out (the weekly
# circular, the dashboards): (group header or None, column header, key in the figures,
# number format, width).
START_GROUP = gettext_lazy("Start (households)")
_SIGNING = gettext_lazy("Signing progress")
_INVESTMENT = gettext_lazy("Investment (10k yuan)")
RANK_COLUMNS = [
    (None, gettext_lazy("Rank"), "rank", "0", 6),
    (None, gettext_lazy("District"), "name", "@", 12),
]
START_COLUMNS = [
    (START_GROUP, gettext_lazy("Target"), "target_households", "#,##0", 9),
    (START_GROUP, gettext_lazy("Started"), "started_households", "#,##0", 9),
    (START_GROUP, gettext_lazy("Start rate (%)"), "start_rate", "0.0", 9),
]
SIGNING_AND_INVESTMENT_COLUMNS = [
    (_SIGNING, gettext_lazy("Households"), "households", "#,##0", 9),
    (_SIGNING, gettext_lazy("Signed"), "signed", "#,##0", 9),
    (_SIGNING, gettext_lazy("Signing rate (%)"), "signing_rate", "0.0", 9),
    (_SIGNING, gettext_lazy("Projects past the signing deadline"), "behind_deadline", "0", 10),
    (_INVESTMENT, gettext_lazy("Target"), "target_investment", "#,##0.00", 11),
    (_INVESTMENT, gettext_lazy("Completed"), "investment_completed", "#,##0.00", 11),
    (_INVESTMENT, gettext_lazy("Completion rate (%)"), "investment_rate", "0.0", 9),
]


MILESTONE_GROUP = gettext_lazy("Milestone")


def milestone_texts(figures: dict) -> dict:
    """A district's milestones in words, as its page shows them: the last one passed (met
    or missed) and the one in force (on track or behind); "—" where there is none."""
    last, now = figures.get("met_last_milestone"), figures.get("meets_milestone")
    return {
        "last_milestone_text": "—" if last is None else (_("Met") if last else _("Missed")),
        "milestone_text": "—" if now is None else (_("On track") if now else _("Behind")),
    }


def ranking_sheet(sheet, columns: list[tuple], rows: list[dict], fills: dict) -> None:
    """The two header rows, one row per district and the city total last (bold), the
    column widths, the frozen panes and the A4 landscape set-up of a ranking table."""
    two_level_headers(sheet, [(group, header) for group, header, _k, _f, _w in columns])
    figure_rows(sheet, rows, [(key, fmt) for _g, _h, key, fmt, _w in columns], 5, fills)
    for index, (_g, _h, _k, _f, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C5"
    print_setup(sheet, "3:4")


THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
# Made once: openpyxl hashes every style object it is given, so a new one per cell is slow.
BOLD = Font(bold=True)
BODY = copy(DEFAULT_FONT)
LEFT = Alignment(horizontal="left")
RIGHT = Alignment(horizontal="right")
WRAP = Alignment(vertical="center", wrap_text=True)

# The kinds of table cell, each a named style of the workbook, all bordered: a cell given
# its font, fill, border and alignment one by one had each hashed by openpyxl again (two
# thirds of the weekly circular's file time); given a style's name, it takes them at once.
# The body keeps the workbook's own font: a named style without one would write an empty
# font, which each spreadsheet program fills in its own way.
_CELL_STYLES = {
    "header": (gettext_lazy("Table header"), BOLD, CENTER, HEADER_FILL),
    "text": (gettext_lazy("Table text"), BODY, WRAP, None),
    "first": (gettext_lazy("Table first column"), BODY, LEFT, None),
    "figure": (gettext_lazy("Table figure"), BODY, RIGHT, None),
    "total_first": (gettext_lazy("Total row first column"), BOLD, LEFT, None),
    "total_figure": (gettext_lazy("Total figure"), BOLD, RIGHT, None),
}


def cell_styles(book) -> dict[str, str]:
    """{kind: the name of its style in this workbook}, the styles added on first use."""
    names = {kind: str(label) for kind, (label, *_parts) in _CELL_STYLES.items()}
    registered = set(book.named_styles)
    for kind, (_label, font, alignment, fill) in _CELL_STYLES.items():
        if names[kind] not in registered:
            style = NamedStyle(name=names[kind], font=font, alignment=alignment, border=BORDER)
            if fill is not None:
                style.fill = fill
            book.add_named_style(style)
    return names


def title_rows(sheet, text: str, subtitle: str, width: int) -> None:
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet["A1"] = text
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet["A2"] = subtitle
    sheet["A2"].alignment = Alignment(horizontal="center")


def print_setup(sheet, header_rows: str) -> None:
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = header_rows
    sheet.print_options.horizontalCentered = True


def two_level_headers(sheet, columns: list[tuple], row: int = 3) -> None:
    """Header rows `row` and `row + 1`: a group header merged across its columns, or a
    column's own header merged down when it has no group. `columns`: [(group or None,
    header)]."""
    width = len(columns)
    column = 1
    while column <= width:
        group, header = columns[column - 1]
        if group is None:
            sheet.merge_cells(
                start_row=row, start_column=column, end_row=row + 1, end_column=column
            )
            sheet.cell(row, column, str(header))
            column += 1
            continue
        end = column
        while end < width and columns[end][0] == group:
            end += 1
        sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=end)
        sheet.cell(row, column, str(group))
        for index in range(column, end + 1):
            sheet.cell(row + 1, index, str(columns[index - 1][1]))
        column = end + 1
    header = cell_styles(sheet.parent)["header"]
    for header_row in (row, row + 1):
        for index in range(1, width + 1):
            sheet.cell(header_row, index).style = header


def list_sheet(
    book,
    title: str,
    heading: str,
    headers: list[str],
    rows: list[list],
    widths: list[int],
    *,
    count: str | None = None,
) -> None:
    """A sheet listing `rows`, under a line saying how many (`count`, when the rows are not
    what is counted: stages counting households)."""
    sheet = book.create_sheet(title)
    styles = cell_styles(book)
    count = count or _("%(count)d in all") % {"count": len(rows)}
    title_rows(sheet, heading, count, len(headers))
    for index, header in enumerate(headers, start=1):
        sheet.cell(3, index, header).style = styles["header"]
    for offset, row in enumerate(rows or [[_("None")] + [""] * (len(headers) - 1)]):
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(4 + offset, index)
            cell.style = styles["text"]
            cell.value = safe_cell(value)  # after the style: a date keeps its date format
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    print_setup(sheet, "3:3")


def figure_rows(sheet, rows: list[dict], columns: list[tuple], first_row: int, fills=None) -> None:
    """One row per dict of figures, the last (the city total) in bold; `columns`: [(key,
    number format)]; `fills`: {row offset: PatternFill} to colour a row (the ranking)."""
    styles = cell_styles(sheet.parent)
    for offset, figures in enumerate(rows):
        total = "total_" if offset == len(rows) - 1 else ""
        for index, (key, number_format) in enumerate(columns, start=1):
            value = figures.get(key)
            cell = sheet.cell(first_row + offset, index, "—" if value is None else safe_cell(value))
            cell.style = styles[total + ("first" if index == 1 else "figure")]
            cell.number_format = number_format
            if fills and offset in fills:
                cell.fill = fills[offset]
