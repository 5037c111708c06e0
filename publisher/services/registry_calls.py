"""Registry failures as the toolkit's two kinds of error.

An outage (no connection, timeout, 5xx) is an ``AppError``: the job executor retries it with
backoff, so the intent is never lost. A refusal (400, 401, another 4xx) is a ``UserError``
saying what to fix; retrying would not help. A register call whose outcome is unknown
(``RegistryOutcomeUnknown``) is a ``UserError`` too: retrying it blindly could create a second
GBIF dataset or installation, so the job stops and offers "check the registry and adopt".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeAlias

import requests
import urllib3
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

import publisher.error_codes as codes
from core.errors import AppError, UserError
from core.models import Job, JobStatus
from core.transactions import network_call_check
from publisher.registry import (
    RegistryBadRequest,
    RegistryBadResponse,
    RegistryClient,
    RegistryError,
    RegistryNotAuthorised,
    RegistryOutcomeUnknown,
    RegistryUnreachable,
)

StrOrPromise: TypeAlias = str | Promise
SITUATIONS = {
    "no-reply": _(
        "The request reached the GBIF registry but no reply came back (it timed out or the "
        "connection was dropped)"
    ),
    "server-error": _("The GBIF registry answered with a server error (%(status)s)"),
    "malformed": _("The GBIF registry answered success without a usable key (%(status)s)"),
}


def outcome_was_unknown(jobs: QuerySet[Job], kind: str) -> bool:
    """Whether a register job of ``kind`` among ``jobs`` failed with an unknown outcome (it
    may have created something in GBIF): then registering again must look first."""
    return jobs.filter(
        kind=kind, status=JobStatus.FAILED, error_code=codes.REGISTRY_OUTCOME_UNKNOWN.code
    ).exists()


def outcome_unknown_error(exc: RegistryOutcomeUnknown, *, what: str) -> UserError:
    """The failure of a register call that may have created ``what`` (a dataset, the
    installation): not retried; the user is offered "check the registry and adopt"."""
    situation = SITUATIONS[exc.situation] % {"status": exc.status or "-"}
    return UserError(
        gettext_noop(
            "%(situation)s, so %(what)s may have been created in GBIF all the same. Nothing "
            'was sent again, to avoid a duplicate. Use "Check the registry and adopt": it '
            "looks for %(what)s in GBIF and adopts it, or registers again if there is none."
        ),
        params={"situation": situation, "what": what},
        code=codes.REGISTRY_OUTCOME_UNKNOWN,
        details={
            "situation": exc.situation,
            "url": exc.url,
            "status": exc.status,
            "action": "adopt",
        },
    )


def registry_error(exc: RegistryError) -> UserError | AppError:
    """The toolkit error for a registry failure (codes ``registry:*``)."""
    details = {"url": exc.url, "status": exc.status}
    if isinstance(exc, RegistryOutcomeUnknown):
        return outcome_unknown_error(exc, what=_("the registration"))
    if isinstance(exc, RegistryNotAuthorised):
        return UserError(
            _(
                "The GBIF registry did not accept the key and token (401). Check the "
                "organisation's token, or the installation's registration."
            ),
            code=codes.REGISTRY_NOT_AUTHORISED,
            details=details,
        )
    if isinstance(exc, RegistryBadRequest):
        return UserError(
            _(
                "The GBIF registry refused the request (400): a contact with a valid e-mail, "
                "a title and a known organisation and installation are required."
            ),
            code=codes.REGISTRY_BAD_REQUEST,
            details=details,
        )
    if isinstance(exc, RegistryUnreachable):
        return AppError(
            gettext_noop(
                "The GBIF registry could not be reached at %(url)s. Check the registry URL "
                "and the proxy in the installation settings, or GBIF's status, then try again."
            ),
            params={"url": exc.url},
            code=codes.REGISTRY_UNREACHABLE,
            details=details,
        )
    if (
        isinstance(exc, RegistryBadResponse)
        and exc.status
        and 400 <= exc.status < 500
        and not exc.transient
    ):
        return UserError(
            gettext_noop("The GBIF registry answered %(status)d."),
            params={"status": exc.status},
            code=codes.REGISTRY_REFUSED,
            details=details,
        )
    if isinstance(exc, RegistryBadResponse) and exc.transient:
        return AppError(
            gettext_noop(
                "The GBIF registry answered that it is unavailable (%(status)s), as during a "
                "maintenance. Try again later; GBIF's status page tells when it is back."
            ),
            params={"status": exc.status},
            code=codes.REGISTRY_UNAVAILABLE,
            details=details,
        )
    return AppError(
        gettext_noop("The GBIF registry gave an unexpected answer: %(error)s"),
        params={"error": _(exc.message) if exc.message else ""},
        code=codes.REGISTRY_BAD_RESPONSE,
        details=details,
    )


@contextmanager
def registry_call() -> Iterator[None]:
    """Turn any ``RegistryError`` raised inside into a ``UserError`` or ``AppError``.
    Refused inside a database transaction (``core.transactions``)."""
    network_call_check("A registry call")
    try:
        yield
    except RegistryError as exc:
        raise registry_error(exc) from exc


@contextmanager
def registry_page_call(client: RegistryClient, timeout_message: StrOrPromise) -> Iterator[None]:
    """``registry_call`` for a page (or API call) that waits for ``client``'s answer: a
    registry that did not answer within ``client.timeout`` is an ``AppError``
    ``registry:timeout`` with ``timeout_message`` (``%(seconds)g`` is the timeout), which
    says what to do instead of waiting longer."""
    with registry_call():
        try:
            yield
        except RegistryUnreachable as exc:
            if not _timed_out(exc):
                raise
            raise AppError(
                str(timeout_message) % {"seconds": client.timeout},
                code=codes.REGISTRY_TIMEOUT,
                details={"url": exc.url, "timeout": client.timeout},
            ) from exc


def _timed_out(exc: BaseException) -> bool:
    """True when ``exc`` was caused by a connect or read timeout (not by a refused
    connection: urllib3's ``NewConnectionError`` is a ``ConnectTimeoutError`` by descent)."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, urllib3.exceptions.NewConnectionError):
            return False
        if isinstance(cause, (requests.Timeout, urllib3.exceptions.ReadTimeoutError)):
            return True
        cause = cause.__cause__ or cause.__context__
    return False
