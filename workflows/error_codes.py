"""The error codes of the flows across apps (``core/error_codes.py`` has the mechanism)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.error_codes import ErrorCode

BULK_EMPTY = ErrorCode("bulk:empty", 400, _("Choose at least one resource."))
BULK_INCOMPLETE = ErrorCode(
    "bulk:incomplete", 400, _("Some resources were not published: see each one's outcome.")
)
