import re

from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination, PageNumberPagination


class StandardPagination(PageNumberPagination):
    """{"count", "next", "previous", "results"}; clients may ask for up to 500 rows a page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class KeysetPagination(CursorPagination):
    """{"next", "previous", "results"} in id order, the page after an opaque cursor: a deep
    page costs what the first does (no COUNT, no OFFSET) — for lists of 300,000 rows."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        """DRF takes the cursor's position as it comes: a forged `p=abc` would reach the
        id filter and fail there. Positions are ids."""
        cursor = super().decode_cursor(request)
        position = None if cursor is None else cursor.position
        if position is not None and not re.fullmatch(r"[0-9]{1,18}", str(position)):
            raise NotFound(self.invalid_cursor_message)
        return cursor
