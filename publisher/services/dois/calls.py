"""DataCite failures as the toolkit's two kinds of error.

An outage (no connection, timeout, lost reply, 5xx, malformed answer) is an ``AppError``: the
job executor retries it with backoff, and every DOI job looks the DOI up before it writes, so
a retry never creates a second DOI. A refusal (401/403, 422 invalid metadata, 404) is a
``UserError`` saying what to fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext_noop

import publisher.error_codes as codes
from core.errors import AppError, Text, UserError
from core.transactions import network_call_check
from publisher.datacite import (
    DataCiteError,
    DataCiteInvalid,
    DataCiteNotAuthorised,
    DataCiteNotFound,
    DataCiteUnreachable,
)


def datacite_error(exc: DataCiteError) -> UserError | AppError:
    """The toolkit error for a DataCite failure (codes ``doi:*``)."""
    details = {"url": exc.url, "status": exc.status}
    said = Text(exc.message, dict(exc.params or {}))
    if isinstance(exc, DataCiteNotAuthorised):
        return UserError(
            gettext_noop(
                "DataCite did not accept the account (%(status)s): check the repository ID, "
                "its password and that the prefix belongs to it, in the organisation's DOI "
                "account."
            ),
            params={"status": exc.status},
            code=codes.DOI_NOT_AUTHORISED,
            details=details,
        )
    if isinstance(exc, DataCiteInvalid):
        problems = [f"{source}: {title}" if source else title for source, title in exc.errors]
        return UserError(
            gettext_noop("DataCite refused the DOI's metadata: %(problems)s"),
            params={"problems": "; ".join(problems) or said},
            code=codes.DOI_REFUSED,
            details={**details, "errors": problems},
        )
    if isinstance(exc, DataCiteNotFound):
        return UserError(
            gettext_noop("DataCite does not know the DOI: %(error)s"),
            params={"error": said},
            code=codes.DOI_REFUSED,
            details=details,
        )
    if isinstance(exc, DataCiteUnreachable):
        return AppError(
            gettext_noop(
                "DataCite could not be reached (%(error)s). The job tries again; nothing is "
                "sent twice."
            ),
            params={"error": said},
            code=codes.DOI_UNREACHABLE,
            details=details,
        )
    if getattr(exc, "transient", False) or not exc.status or exc.status >= 500:
        return AppError(
            gettext_noop("DataCite gave an unexpected answer: %(error)s"),
            params={"error": said},
            code=codes.DOI_BAD_RESPONSE,
            details=details,
        )
    return UserError(
        gettext_noop("DataCite refused the request: %(error)s"),
        params={"error": said},
        code=codes.DOI_REFUSED,
        details=details,
    )


@contextmanager
def datacite_call() -> Iterator[None]:
    """Turn any ``DataCiteError`` raised inside into a ``UserError`` or ``AppError``.
    Refused inside a database transaction (``core.transactions``)."""
    network_call_check("A DataCite call")
    try:
        yield
    except DataCiteError as exc:
        raise datacite_error(exc) from exc
