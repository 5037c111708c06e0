"""Client of DataCite's REST API for DOIs, free of Django.

Reads, creates (as drafts), updates (metadata, target URL, state events) and deletes draft
DOIs of one DataCite repository, in production (``PRODUCTION_URL``) or in DataCite's test
environment (``TEST_URL``). One exception class per kind of failure (``errors``).
"""

DJANGO_FREE = True

from .client import (  # noqa: E402
    DEFAULT_TIMEOUT,
    EVENTS,
    PRODUCTION_URL,
    TEST_URL,
    DataCiteClient,
)
from .errors import (  # noqa: E402
    DataCiteBadResponse,
    DataCiteConflict,
    DataCiteError,
    DataCiteInvalid,
    DataCiteNotAuthorised,
    DataCiteNotFound,
    DataCiteUnreachable,
)
from .record import DoiRecord  # noqa: E402

__all__ = [
    "DEFAULT_TIMEOUT",
    "EVENTS",
    "PRODUCTION_URL",
    "TEST_URL",
    "DataCiteBadResponse",
    "DataCiteClient",
    "DataCiteConflict",
    "DataCiteError",
    "DataCiteInvalid",
    "DataCiteNotAuthorised",
    "DataCiteNotFound",
    "DataCiteUnreachable",
    "DoiRecord",
]
