"""Log filters: a refused request (403, 404, 429 …) is one line, not a traceback."""

import logging


class ClientErrorsOnOneLine(logging.Filter):
    """Django logs a 4xx answer with the exception that produced it (PermissionDenied,
    Http404): what went wrong is the client's request, and its line says so; tracebacks
    stay for server errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = record.exc_text = None
        return True
