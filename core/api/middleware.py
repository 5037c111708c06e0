"""Oversized API bodies answered in the API's error shape, before anything reads them."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse

from core.api.errors import error_body, error_status
from core.api.parsers import too_large_error

# Bodies Django or DRF read whole into memory; files (multipart) and EML documents have
# their own limits where they are read.
_IN_MEMORY = ("application/json", "application/x-www-form-urlencoded")


class ApiBodyLimitMiddleware:
    """Refuses ``/api/`` JSON and form bodies over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` with
    ``request:too-large`` (413, JSON), instead of Django's HTML "Bad Request" page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and self._too_large(request):
            error = too_large_error()
            body = error_body(error.code, error.message, error.details)
            return JsonResponse(body, status=error_status(error))
        return self.get_response(request)

    @staticmethod
    def _too_large(request) -> bool:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        in_memory = content_type in _IN_MEMORY or content_type.endswith("+json")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        return limit is not None and in_memory and length > limit
