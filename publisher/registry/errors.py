"""What can go wrong talking to the registry, one class per kind (as the IPT tells them apart).

``RegistryBadRequest`` (400) and ``RegistryNotAuthorised`` (401) are answers about what was
sent; ``RegistryUnreachable`` (no connection, timeout, proxy) and a ``RegistryBadResponse``
that is ``transient`` (5xx, 408, 429) are worth trying again for a call that changes nothing
twice (reads, updates, deletions).

A registration is different: every accepted one creates a GBIF dataset (and mints a DOI).
``RegistryOutcomeUnknown`` says a register call may have been carried out although no usable
reply came back (reply lost or timed out after sending, a 5xx, a malformed 2xx); it must not
be sent again before the registry has been searched for what it may have created.
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (``makemessages``); it is translated where shown."""
    return message


TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


class RegistryError(Exception):
    """Base class: ``url`` asked, ``status`` answered (None when nothing was answered)."""

    transient = False

    def __init__(self, message: str, *, url: str = "", status: int | None = None):
        super().__init__(message)
        self.message = message
        self.url = url
        self.status = status


class RegistryBadRequest(RegistryError):
    """400: the registry refused the form (missing or invalid contact, unknown organisation
    or installation, no title)."""


class RegistryNotAuthorised(RegistryError):
    """401: wrong key or token, or the key may not change that entity."""


class RegistryUnreachable(RegistryError):
    """No answer: connection refused or dropped, DNS failure, timeout, proxy failure.

    ``sent`` is False only when the request certainly never reached the registry (no
    connection could be opened: refused, DNS failure, connect timeout, TLS handshake)."""

    transient = True

    def __init__(
        self, message: str, *, url: str = "", status: int | None = None, sent: bool = True
    ):
        super().__init__(message, url=url, status=status)
        self.sent = sent


class RegistryOutcomeUnknown(RegistryError):
    """A register call that may have been carried out: ``situation`` is ``"no-reply"``
    (reply lost or timed out after sending), ``"server-error"`` (5xx) or ``"malformed"``
    (a 2xx without a key). Never retried blindly: look the entity up first."""

    def __init__(self, message: str, *, situation: str, url: str = "", status: int | None = None):
        super().__init__(message, url=url, status=status)
        self.situation = situation


class RegistryBadResponse(RegistryError):
    """Any other non-2xx status, an unexpected redirect, or a body that does not parse."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None):
        super().__init__(message, url=url, status=status)
        self.transient = status in TRANSIENT_STATUSES
