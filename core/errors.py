"""The two kinds of failure the toolkit distinguishes.

A ``UserError`` is something the user can fix (bad encoding, an unmapped required term); it
carries a stable ``code`` such as ``source:encoding`` and a message saying what to fix. An
``AppError`` is ours or the environment's (storage, registry outage); background jobs retry it
with backoff before failing. The API renders both as ``{"code", "message", "details"}``, with
the HTTP status the code's entry in the registry gives (``core/error_codes.py``).
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext

from core import error_codes as codes
from core.error_codes import ErrorCode


class PublisherError(Exception):
    """Base class: a stable machine-readable code, a human message and optional details.

    ``code`` is given as a registry constant (``ErrorCode``) or its string; ``exc.code`` is
    always the plain string. Without a message, the code's default message is used. A message
    with ``%(name)s`` placeholders comes with ``params``: ``exc.message`` is the English text
    filled in, ``localized_message()`` the text in the active language (translated first,
    filled in after).
    """

    default_code: str | ErrorCode = codes.APP_ERROR

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        code: str | ErrorCode | None = None,
        details: Any = None,
        params: dict[str, Any] | None = None,
    ):
        code = code or self.default_code
        if message is None:
            message = getattr(code, "message", "") or str(code)
        self.template, self.params = message, params
        self.message = _fill(str(message), params)
        super().__init__(self.message)
        self.code = str(code)
        self.details = details

    def localized_message(self) -> str:
        """The message in the active language, its placeholders filled in after translating."""
        return _fill(gettext(str(self.template)), self.params)


def _fill(message: str, params: dict[str, Any] | None) -> str:
    return message % params if params else message


class UserError(PublisherError):
    """Bad input the user can correct; never retried."""

    default_code: str | ErrorCode = codes.USER_INVALID


class AppError(PublisherError):
    """A transient or internal failure; retried with backoff by background jobs."""

    default_code: str | ErrorCode = codes.APP_ERROR
