"""How the API pages its lists: ``?page=`` and ``?page_size=`` (at most 500)."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages of 50 by default; ``{"count", "next", "previous", "results"}``. A page past the
    last answers 404 in the API's error shape."""

    page_size_query_param = "page_size"
    max_page_size = 500
