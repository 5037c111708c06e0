"""The two kinds of failure the toolkit distinguishes.

A ``UserError`` is something the user can fix (bad encoding, an unmapped required term); it
carries a stable ``code`` such as ``source:encoding`` and a message saying what to fix. An
``AppError`` is ours or the environment's (storage, registry outage); background jobs retry it
with backoff before failing. The API renders both as ``{"code", "message", "details"}``.
"""

from __future__ import annotations

from typing import Any


class PublisherError(Exception):
    """Base class: a stable machine-readable code, a human message and optional details."""

    default_code = "app:error"

    def __init__(self, message: str, *, code: str | None = None, details: Any = None):
        super().__init__(message)
        self.code = code or self.default_code
        self.message = message
        self.details = details


class UserError(PublisherError):
    """Bad input the user can correct; never retried."""

    default_code = "user:invalid"


class AppError(PublisherError):
    """A transient or internal failure; retried with backoff by background jobs."""

    default_code = "app:error"
