"""Checks on uploaded evidence: size and type by content, never by the file name alone."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Leading bytes of the accepted kinds of file.
_SIGNATURES = {
    b"%PDF-": "PDF",
    b"\xff\xd8\xff": "JPEG",
    b"\x89PNG\r\n\x1a\n": "PNG",
}


def validate_evidence_file(upload):
    if upload is None:
        return upload
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)d MB.")
            % {"name": upload.name, "limit": settings.MAX_UPLOAD_MB}
        )
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in _SIGNATURES):
        raise ValidationError(
            _("“%(name)s” is not a PDF, JPEG or PNG file.") % {"name": upload.name}
        )
    return upload
