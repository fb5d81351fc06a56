"""Printed documents, A4 PDFs in Chinese made by WeasyPrint from templates: the agreement,
the selection order's notice and the settlement sheet."""

from decimal import Decimal

import cn2an
from django.template.loader import render_to_string
from django.utils import timezone

from core.pdf import pdf_from_html


def capital_amount(amount: Decimal) -> str:
    """金额大写: 12,345.60 → 壹万贰仟叁佰肆拾伍元陆角 (cn2an's RMB mode)."""
    return cn2an.an2cn(f"{Decimal(amount):.2f}", "rmb")


def agreement_pdf(agreement) -> bytes:
    """The agreement as printed: parties, the Art. 25 contents, the item table, the total in
    figures and in capital numerals; a draft says so on every page."""
    html = render_to_string(
        "compensation/agreement_pdf.html",
        {
            "agreement": agreement,
            "household": agreement.household,
            "project": agreement.project,
            "lines": list(agreement.lines.all()),
            "capital_total": capital_amount(agreement.total),
            "printed_at": timezone.localtime(),
        },
    )
    return pdf_from_html(html)


def lottery_notice_pdf(lottery, *, listed, drawn) -> bytes:
    """The notice posted on site: the method and algorithm, the list's SHA-256, the seed and
    how it was drawn, the order; the published list attached."""
    html = render_to_string(
        "compensation/lottery_pdf.html",
        {
            "lottery": lottery,
            "project": lottery.project,
            "listed": listed,
            "drawn": drawn,
            "printed_at": timezone.localtime(),
        },
    )
    return pdf_from_html(html)


def settlement_pdf(sheet, *, bands) -> bytes:
    """The settlement sheet as printed: the unit, the entitlement, the bands and the net in
    figures and in capital numerals, and who owes it."""
    html = render_to_string(
        "compensation/settlement_pdf.html",
        {
            "sheet": sheet,
            "household": sheet.household,
            "unit": sheet.allocation.unit,
            "bands": bands,
            "capital_net": capital_amount(abs(sheet.net)),
            "printed_at": timezone.localtime(),
        },
    )
    return pdf_from_html(html)
