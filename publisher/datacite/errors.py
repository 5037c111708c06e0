"""What can go wrong talking to DataCite's REST API, one class per kind of failure.

Every error keeps its message as a template (marked for translation) and its ``params``
apart, so that it can be shown in the reader's language; ``str(error)`` is the English
sentence. ``url`` is the address asked and ``status`` the HTTP status answered (None when
nothing came back). No error ever carries the repository's password.

``transient`` tells whether trying the same call again later may succeed: an outage, a 5xx,
a 408/429 or a garbled reply. A create whose reply was lost or garbled may have been carried
out all the same: look the DOI up (``DataCiteClient.get``) before creating it again.
"""

from __future__ import annotations

from collections.abc import Mapping

TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
TAKEN = "already been taken"  # DataCite's 422 title: "This DOI has already been taken"


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (``makemessages``); it is translated where shown."""
    return message


Params = Mapping[str, str | int | None]


class DataCiteError(Exception):
    """Base class: ``message`` (a template), ``params``, ``url`` asked, ``status`` answered."""

    transient = False

    def __init__(
        self,
        message: str,
        params: Params | None = None,
        *,
        url: str = "",
        status: int | None = None,
    ):
        self.message = message
        self.params = dict(params or {})
        self.url = url
        self.status = status
        super().__init__(message % self.params if self.params else message)


class DataCiteUnreachable(DataCiteError):
    """No answer: connection refused or dropped, DNS or TLS failure, timeout.

    ``sent`` is False only when the request certainly never reached DataCite (no connection
    could be opened); after a read timeout or a dropped reply the call may have been done."""

    transient = True

    def __init__(
        self,
        message: str,
        params: Params | None = None,
        *,
        url: str = "",
        status: int | None = None,
        sent: bool = True,
    ):
        super().__init__(message, params, url=url, status=status)
        self.sent = sent


class DataCiteNotAuthorised(DataCiteError):
    """401 (``reason`` ``"credentials"``: unknown repository id or wrong password) or 403
    (``reason`` ``"prefix"``: the DOI is under a prefix the repository does not own)."""

    def __init__(
        self,
        message: str,
        params: Params | None = None,
        *,
        reason: str,
        url: str = "",
        status: int | None = None,
    ):
        super().__init__(message, params, url=url, status=status)
        self.reason = reason


class DataCiteInvalid(DataCiteError):
    """422: DataCite refused what was sent. ``errors`` lists its JSON:API errors as
    ``(source, title)`` pairs, e.g. ``("url", "Can't be blank")`` or ``("xml", ...)``."""

    def __init__(
        self,
        message: str,
        params: Params | None = None,
        *,
        errors: tuple[tuple[str, str], ...] = (),
        url: str = "",
        status: int | None = None,
    ):
        super().__init__(message, params, url=url, status=status)
        self.errors = errors


class DataCiteNotFound(DataCiteError):
    """404: DataCite knows no such DOI (or does not show it to this repository)."""


class DataCiteConflict(DataCiteError):
    """The DOI's existence or state forbids the call. ``reason`` is ``"taken"`` for a create
    of a DOI that already exists (422 "This DOI has already been taken") and ``"not-draft"``
    for the deletion of a DOI that is registered or findable (405: only drafts go)."""

    def __init__(
        self,
        message: str,
        params: Params | None = None,
        *,
        reason: str,
        errors: tuple[tuple[str, str], ...] = (),
        url: str = "",
        status: int | None = None,
    ):
        super().__init__(message, params, url=url, status=status)
        self.reason = reason
        self.errors = errors


class DataCiteBadResponse(DataCiteError):
    """Any other status, a redirect on a write, or a body that is not the documented JSON.

    Transient for 5xx, 408 and 429, and for a garbled 2xx (``status`` below 300): that is
    what a proxy or a maintenance page answers, and the call may have been done."""

    def __init__(
        self,
        message: str,
        params: Params | None = None,
        *,
        url: str = "",
        status: int | None = None,
    ):
        super().__init__(message, params, url=url, status=status)
        self.transient = status in TRANSIENT_STATUSES or (status is not None and status < 300)
