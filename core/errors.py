"""The two kinds of failure the toolkit distinguishes.

A ``UserError`` is something the user can fix (bad encoding, an unmapped required term); it
carries a stable ``code`` such as ``source:encoding`` and a message saying what to fix. An
``AppError`` is ours or the environment's (storage, registry outage); background jobs retry it
with backoff before failing. The API renders both as ``{"code", "message", "details"}``, with
the HTTP status the code's entry in the registry gives (``core/error_codes.py``).
"""

from __future__ import annotations

from typing import Any

from core import error_codes as codes
from core.error_codes import ErrorCode


class PublisherError(Exception):
    """Base class: a stable machine-readable code, a human message and optional details.

    ``code`` is given as a registry constant (``ErrorCode``) or its string; ``exc.code`` is
    always the plain string. Without a message, the code's default message is used.
    """

    default_code: str | ErrorCode = codes.APP_ERROR

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | ErrorCode | None = None,
        details: Any = None,
    ):
        code = code or self.default_code
        if message is None:
            message = str(getattr(code, "message", "") or code)
        super().__init__(message)
        self.code = str(code)
        self.message = message
        self.details = details


class UserError(PublisherError):
    """Bad input the user can correct; never retried."""

    default_code: str | ErrorCode = codes.USER_INVALID


class AppError(PublisherError):
    """A transient or internal failure; retried with backoff by background jobs."""

    default_code: str | ErrorCode = codes.APP_ERROR
