"""The daily resumption report (复工日报): its figures and the workbook a bureau sends out."""

import io
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
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


_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# (group header or None, column header, key in the figures, number format)
_COLUMNS = [
    (None, "区县", "name", "@"),
    (None, "在建项目（个）", "under_construction", "0"),
    ("复工情况", "施工或复工（个）", "working", "0"),
    ("复工情况", "未复工（个）", "not_resumed", "0"),
    ("复工情况", "复工率（%）", "resumption_rate", "0.0"),
    (None, "停工（个，不计入）", "suspended", "0"),
    ("现场情况", "在岗人数（人）", "workers", "#,##0"),
    ("现场情况", "机械（台）", "machinery", "#,##0"),
    ("报送情况", "应报（个）", "due", "0"),
    ("报送情况", "按时报送（个）", "on_time", "0"),
    ("报送情况", "及时率（%）", "timeliness", "0.0"),
    ("报送情况", "未报送（个）", "not_reported", "0"),
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
    sheet.title = "复工日报"
    width = len(_COLUMNS)
    _title(
        sheet, "棚户区改造项目复工日报", f"{day:%Y年%m月%d日}（截至当日）　数据来源：棚改通", width
    )
    # Two header rows: a group header merged across its columns, or one cell merged down.
    column = 1
    while column <= width:
        group, header, _key, _fmt = _COLUMNS[column - 1]
        if group is None:
            sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
            sheet.cell(3, column, header)
            column += 1
            continue
        end = column
        while end < width and _COLUMNS[end][0] == group:
            end += 1
        sheet.merge_cells(start_row=3, start_column=column, end_row=3, end_column=end)
        sheet.cell(3, column, group)
        for index in range(column, end + 1):
            sheet.cell(4, index, _COLUMNS[index - 1][1])
        column = end + 1
    for row in (3, 4):
        for index in range(1, width + 1):
            cell = sheet.cell(row, index)
            cell.font = Font(bold=True)
            cell.alignment = _CENTER
            cell.fill = _HEADER_FILL
            cell.border = _BORDER
    rows = [*data["districts"], {"name": "全市合计", **data["city"]}]
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
        "未复工项目",
        f"{day:%Y年%m月%d日}未复工项目清单",
        ["区县", "项目编号", "项目名称", "未复工原因", "预计复工日期"],
        [
            [r["district"], r["code"], r["name"], r["reason"], r["expected_resumption_on"] or "—"]
            for r in data["not_resumed"]
        ],
        [12, 18, 40, 36, 14],
    )
    _list_sheet(
        book,
        "未报送项目",
        f"{day:%Y年%m月%d日}未报送复工日报的项目",
        ["区县", "项目编号", "项目名称"],
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
    _title(sheet, heading, f"共 {len(rows)} 个", len(headers))
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(3, index, header)
        cell.font, cell.alignment, cell.fill, cell.border = (
            Font(bold=True),
            _CENTER,
            _HEADER_FILL,
            _BORDER,
        )
    for offset, row in enumerate(rows or [["无"] + [""] * (len(headers) - 1)]):
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(4 + offset, index, safe_cell(value))
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    _print_setup(sheet, "3:3")
