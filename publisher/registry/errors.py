"""What can go wrong talking to the registry, one class per kind (as the IPT tells them apart).

``RegistryBadRequest`` (400) and ``RegistryNotAuthorised`` (401) are answers about what was
sent; ``RegistryUnreachable`` (no connection, timeout, proxy) and a ``RegistryBadResponse``
that is ``transient`` (5xx, 408, 429) are worth trying again later.
"""

from __future__ import annotations

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
    """No answer: connection refused or dropped, DNS failure, timeout, proxy failure."""

    transient = True


class RegistryBadResponse(RegistryError):
    """Any other non-2xx status, an unexpected redirect, or a body that does not parse."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None):
        super().__init__(message, url=url, status=status)
        self.transient = status in TRANSIENT_STATUSES
