"""Checks on uploaded evidence: size and type by content, never by the file name alone."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Leading bytes of the accepted kinds of file, and the type each is served as.
_SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
# What a file input offers to choose: the same kinds (the check above is still what decides).
EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png," + ",".join(_SIGNATURES.values())


def evidence_type(upload) -> str | None:
    """The file's type by its first bytes (PDF, JPEG or PNG), None for anything else."""
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in _SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def validate_evidence_file(upload):
    if upload is None:
        return upload
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)d MB.")
            % {"name": upload.name, "limit": settings.MAX_UPLOAD_MB}
        )
    if evidence_type(upload) is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, JPEG or PNG file.") % {"name": upload.name}
        )
    return upload
