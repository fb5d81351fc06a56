"""The printed notice (an A4 PDF in the red-header layout of a government document) and the
thumbnails of evidence photos."""

import warnings
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.models import Region
from core.pdf import pdf_from_html

THUMBNAIL_SIZE = (320, 320)
# A phone photo is 12–50 megapixels; a bigger "photo" is a decompression bomb, refused
# before its pixels are decoded.
MAX_PHOTO_PIXELS = 60_000_000


def issuing_office() -> str:
    """The office printed on notices: NOTICE_ISSUER, else the city's housing bureau."""
    if settings.NOTICE_ISSUER:
        return settings.NOTICE_ISSUER
    city = Region.objects.filter(level=Region.Level.CITY).order_by("code").first()
    return _("%(city)s Housing and Urban-Rural Development Bureau") % {
        "city": city.name if city else ""
    }


def notice_pdf(notice, *, issued_on) -> bytes:
    return pdf_from_html(notice_html(notice, issued_on=issued_on))


def notice_html(notice, *, issued_on) -> str:
    """The notice's page, to print as its PDF."""
    return render_to_string(
        "supervision/notice_pdf.html",
        {
            "notice": notice,
            "projects": list(notice.projects.order_by("code")),
            "issuer": issuing_office(),
            "issued_on": issued_on,
        },
    )


def image_thumbnail(upload) -> bytes:
    """A JPEG at most 320 px a side. A file that only looks like an image, or one too large
    to decode safely, is refused with the reason."""
    from PIL import Image

    too_large = ValidationError(
        _("“%(name)s” has more than %(limit)d million pixels.")
        % {"name": upload.name, "limit": MAX_PHOTO_PIXELS // 1_000_000}
    )
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > MAX_PHOTO_PIXELS:
                raise too_large
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image.thumbnail(THUMBNAIL_SIZE)
                out = BytesIO()
                image.convert("RGB").save(out, "JPEG", quality=80)
    except ValidationError:
        raise
    except Image.DecompressionBombError:  # Pillow's own limit, far past ours, met on opening
        raise too_large from None
    except Exception:  # Pillow raises many kinds on a broken file; each means "unreadable"
        raise ValidationError(
            _("“%(name)s” is not a readable image.") % {"name": upload.name}
        ) from None
    finally:
        upload.seek(0)
    return out.getvalue()
