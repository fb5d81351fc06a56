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
