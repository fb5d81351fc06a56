"""Printing an HTML page as an A4 PDF (WeasyPrint)."""


def pdf_from_html(html: str) -> bytes:
    """The page printed by WeasyPrint. It reads no database, so a bulk load can print in a
    helper process (core.bulk.InHelperProcess); Pango loads on the first call, not here."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
