"""The ledger's spreadsheets: a project's entries as filtered, and a payment run's bank
bulk-transfer sheet (代发) in the columns banks take, with the totals row they ask for."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.workbook.child import INVALID_TITLE_REGEX

from core.spreadsheets import safe_cell, write_table
from households import crypto

BANK_HEADERS = ["序号", "户名", "账号", "开户行", "金额(元)", "用途", "备注"]


def ledger_workbook(entries, *, project, filter_summary: str) -> bytes:
    headers = [
        _("Household code"),
        _("Party name"),
        _("Item"),
        _("Kind"),
        _("Amount (yuan)"),
        _("Date paid"),
        _("Voucher number"),
        _("Funding source"),
        _("Payee"),
        _("Bank"),
        _("Account"),
        _("Status"),
        _("Entered by"),
        _("Approved by"),
        _("Payment run"),
        _("Remark"),
    ]
    rows = (
        [
            e.household.code,
            e.household.party_name,
            e.item,
            e.get_kind_display(),
            e.amount,
            e.paid_on,
            e.voucher_no,
            e.get_funding_source_display(),
            e.payee_name,
            e.payee_bank,
            e.payee_account_masked,
            e.status_label,
            e.entered_by.get_full_name() or e.entered_by.username,
            (e.approved_by.get_full_name() or e.approved_by.username) if e.approved_by else "",
            e.run.reference if e.run else "",
            e.reason or e.bank_note,
        ]
        for e in entries.iterator(chunk_size=2000)
    )
    subtitle = _("%(project)s · exported %(when)s · %(filters)s") % {
        "project": project.name,
        "when": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "filters": filter_summary,
    }
    return write_table(
        title=_("Compensation ledger"),
        subtitle=subtitle,
        headers=headers,
        rows=rows,
        widths=[12, 12, 18, 10, 14, 12, 18, 12, 12, 18, 12, 10, 10, 10, 16, 24],
    )


def bank_sheet(run, rows: list[dict]) -> bytes:
    """One row per household with the full account number (the bank needs it), the totals
    row (合计: count and amount) last. Accounts are text, so Excel keeps every digit."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = INVALID_TITLE_REGEX.sub("-", run.reference)[:31]
    sheet.append(BANK_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                row["row"],
                safe_cell(row["name"]),
                crypto.decrypt(row["account_encrypted"]),
                safe_cell(row["bank"]),
                row["amount"],
                safe_cell(run.purpose),
                safe_cell(f"{run.reference} {row['household'].code}"),
            ]
        )
        sheet.cell(sheet.max_row, 3).number_format = "@"
        sheet.cell(sheet.max_row, 5).number_format = "#,##0.00"
    total = sum((row["amount"] for row in rows), start=0)
    sheet.append(["合计", f"共{len(rows)}笔", "", "", total, "", ""])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.cell(sheet.max_row, 5).number_format = "#,##0.00"
    for letter, width in zip("ABCDEFG", (6, 14, 24, 24, 14, 14, 28), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
