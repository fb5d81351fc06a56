"""Writing spreadsheets people open in Excel: shared by every export and report."""

import io
import re
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

_FORMULA_STARTS = ("=", "+", "-", "@")


def formula_safe(text: str) -> str:
    """Text that Excel would run as a formula (=HYPERLINK(…), CSV/formula injection), kept as
    text by a leading apostrophe, as Excel itself writes it."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def as_typed(text: str) -> str:
    """The text formula_safe was given, read back from a file it wrote."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS) else text


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download named `filename` (Chinese names kept, RFC 6266)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def safe_cell(value):
    """A value as a workbook may hold it: characters a workbook cannot store are dropped (a
    bad one stored before it was refused never stops a report), and text Excel would run as
    a formula is kept as text (CSV/formula injection). A lazy translation (a label) is
    written as its text in the active language: openpyxl refuses the proxy."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return formula_safe(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


_NOT_IN_SHEET_NAMES = re.compile(r"[\\/?*\[\]:]")


def sheet_name(title: str) -> str:
    """A title as a sheet's name: Excel refuses / \\ ? * [ ] : there (a project or a search
    named in an export's title may hold one) and more than 31 characters."""
    return _NOT_IN_SHEET_NAMES.sub("", ILLEGAL_CHARACTERS_RE.sub("", str(title)))[:31].strip("'")


def write_table(*, title: str, subtitle: str, headers: list[str], rows, widths=None) -> bytes:
    """A one-sheet workbook: a title row, a subtitle row, a bold header and the rows.

    Written in openpyxl's write-only mode, so a long list streams instead of filling memory.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name(title) or None)
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    title_cell = WriteOnlyCell(sheet, value=safe_cell(title))
    title_cell.font = Font(bold=True, size=14)
    sheet.append([title_cell])
    sheet.append([safe_cell(subtitle)])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value):
    value = safe_cell(value)
    if isinstance(value, (date, datetime)):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd" if not isinstance(value, datetime) else "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0.00"
        return cell
    return value


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
