"""The printed notice (an A4 PDF in the red-header layout of a government document) and the
thumbnails of evidence photos."""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.models import Region

THUMBNAIL_SIZE = (320, 320)


def issuing_office() -> str:
    """The office printed on notices: NOTICE_ISSUER, else the city's housing bureau."""
    if settings.NOTICE_ISSUER:
        return settings.NOTICE_ISSUER
    city = Region.objects.filter(level=Region.Level.CITY).order_by("code").first()
    return _("%(city)s Housing and Urban-Rural Development Bureau") % {
        "city": city.name if city else ""
    }


def notice_pdf(notice, *, issued_on) -> bytes:
    from weasyprint import HTML  # loads Pango: only where a PDF is made

    html = render_to_string(
        "supervision/notice_pdf.html",
        {
            "notice": notice,
            "projects": list(notice.projects.order_by("code")),
            "issuer": issuing_office(),
            "issued_on": issued_on,
        },
    )
    return HTML(string=html).write_pdf()


def image_thumbnail(upload) -> bytes:
    """A JPEG at most 320 px a side; a file that only looks like an image is refused."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.thumbnail(THUMBNAIL_SIZE)
            out = BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("“%(name)s” is not a readable image.") % {"name": upload.name}
        ) from None
    finally:
        upload.seek(0)
    return out.getvalue()
