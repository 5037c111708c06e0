"""The registry of error codes, and the codes of core and of the API framework (issue #15).

Every stable code an error can carry is declared once, as a module constant of its app's
``<app>/error_codes.py``::

    SOURCE_ENCODING = ErrorCode("source:encoding", 400, _("The file is not in the ..."))

with the HTTP status the API answers it with (for the codes only a job or a command
reports, the status an answer would carry) and a default human message that says what it
means. Raise sites name the constant (``UserError(message, code=codes.SOURCE_ENCODING)``);
``exc.code`` stays the plain string clients compare. Django-free packages raise their codes
as plain strings and their app declares them all the same. At start-up ``CoreConfig`` loads
the ``error_codes`` module of every installed app into ``registry``, which refuses a code
declared twice. ``tests/test_error_codes.py`` checks that every code used is declared and
every declared code is used; ``manage.py error_codes`` lists them (README, "Error codes").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType

from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

MODULE = "error_codes"


@dataclass(frozen=True)
class ErrorCode:
    """A stable error code, the HTTP status the API answers it with and what it means."""

    code: str
    status: int
    message: str | Promise

    def __str__(self) -> str:
        return self.code


class DuplicateErrorCode(ValueError):
    """A code declared by two constants."""


class ErrorRegistry:
    """Every declared code, each once, with the constant that declares it."""

    def __init__(self) -> None:
        self._codes: dict[str, ErrorCode] = {}
        self._owners: dict[str, str] = {}

    def register(self, error: ErrorCode, *, owner: str) -> None:
        """Add ``error``, declared as ``owner`` (``module.NAME``); a code declared by another
        constant is refused, declaring the same constant again changes nothing."""
        known = self._owners.get(error.code)
        if known is not None and known != owner:
            raise DuplicateErrorCode("%s is declared twice: %s and %s" % (error.code, known, owner))
        self._codes[error.code], self._owners[error.code] = error, owner

    def register_module(self, module: ModuleType) -> list[ErrorCode]:
        """Add every ``ErrorCode`` constant of ``module``."""
        found = [(n, v) for n, v in vars(module).items() if isinstance(v, ErrorCode)]
        for name, error in found:
            self.register(error, owner="%s.%s" % (module.__name__, name))
        return [error for _name, error in found]

    def discover(self, packages: Iterable[str]) -> None:
        """Register the ``error_codes`` module of each package that has one."""
        for name in packages:
            package = import_module(name)
            if module_has_submodule(package, MODULE):
                self.register_module(import_module("%s.%s" % (name, MODULE)))

    def get(self, code: str) -> ErrorCode | None:
        return self._codes.get(str(code))

    def owner(self, code: str) -> str:
        """The constant that declares ``code`` (``resources.error_codes.SOURCE_ENCODING``)."""
        return self._owners[str(code)]

    def status(self, code: str, default: int) -> int:
        """The HTTP status of ``code``; ``default`` for a code nobody declared."""
        error = self.get(code)
        return error.status if error is not None else default

    def __contains__(self, code: object) -> bool:
        return str(code) in self._codes

    def __iter__(self) -> Iterator[ErrorCode]:
        return iter(sorted(self._codes.values(), key=lambda e: e.code))

    def __len__(self) -> int:
        return len(self._codes)


registry = ErrorRegistry()

# --- core's codes -----------------------------------------------------------------------------
# The defaults of the error classes, and failures no other code names.
APP_ERROR = ErrorCode(
    "app:error",
    503,
    _("A temporary or internal failure; a background job tries again a few times, then fails."),
)
APP_INTERNAL = ErrorCode(
    "app:internal",
    500,
    _("The work stopped on an internal error; the administrator finds it in the logs."),
)
USER_INVALID = ErrorCode("user:invalid", 400, _("The input is not valid; correct it."))

# The API framework's errors (core/api/errors.py).
ERROR = ErrorCode("error", 500, _("The request failed on an internal error, which was logged."))
INVALID = ErrorCode(
    "invalid", 400, _("The request has invalid fields; details names them and why.")
)
PARSE_ERROR = ErrorCode("parse-error", 400, _("The request body cannot be parsed."))
REQUEST_TOO_LARGE = ErrorCode(
    "request:too-large",
    413,
    _("The request body is larger than the limit; send less data or upload it as a file."),
)
REQUEST_TOO_DEEP = ErrorCode(
    "request:too-deep", 400, _("The JSON body is nested too deeply; flatten it.")
)
AUTH_NOT_AUTHENTICATED = ErrorCode(
    "auth:not-authenticated", 401, _("Log in, or send a token: Authorization: Token <key>.")
)
AUTH_FAILED = ErrorCode("auth:failed", 401, _("The token or the credentials are not valid."))
AUTH_FORBIDDEN = ErrorCode("auth:forbidden", 403, _("You may not do this."))
NOT_FOUND = ErrorCode("not-found", 404, _("There is no such object, or you may not see it."))
METHOD_NOT_ALLOWED = ErrorCode(
    "method-not-allowed", 405, _("This address does not accept this HTTP method.")
)
NOT_ACCEPTABLE = ErrorCode(
    "not-acceptable", 406, _("None of the formats the request accepts can be given.")
)
UNSUPPORTED_MEDIA_TYPE = ErrorCode(
    "unsupported-media-type", 415, _("The request body is in a format that is not accepted.")
)
THROTTLED = ErrorCode(
    "throttled", 429, _("Too many requests; retry after the time given in Retry-After.")
)

# The management commands (core/cli.py).
AUTH_NO_USER = ErrorCode(
    "auth:no-user", 400, _("No active user has this e-mail; name an existing user with --user.")
)
CLI_USAGE = ErrorCode("cli:usage", 400, _("The command's arguments do not go together."))
CLI_FILE = ErrorCode("cli:file", 400, _("A file named on the command line cannot be read."))

# Background jobs.
JOB_UNKNOWN_KIND = ErrorCode("job:unknown-kind", 400, _("There is no job of this kind."))
JOB_STALE = ErrorCode(
    "job:stale", 503, _("The worker running the job stopped responding; start it again.")
)
JOB_FINISHED = ErrorCode("job:finished", 409, _("The job has already finished."))
JOB_FAILED = ErrorCode("job:failed", 500, _("The job failed."))
JOB_CANCELLED = ErrorCode("job:cancelled", 409, _("The job was cancelled."))
JOB_TARGET_GONE = ErrorCode(
    "job:target-gone",
    410,
    _("The object the job was about was deleted before or while it ran; the job stopped."),
)

# Fetching URLs (core/http.py).
FETCH_SCHEME = ErrorCode("fetch:scheme", 400, _("Only http and https addresses can be fetched."))
FETCH_HTML = ErrorCode(
    "fetch:html",
    400,
    _("The address returned a web page, not data; give the address of the file itself."),
)
FETCH_NOT_FOUND = ErrorCode("fetch:not-found", 400, _("The address answered 404 Not Found."))
FETCH_REFUSED = ErrorCode(
    "fetch:refused", 400, _("The address answered with a client error; check it and its access.")
)
FETCH_TOO_LARGE = ErrorCode(
    "fetch:too-large", 400, _("The download is larger than the limit accepted.")
)
FETCH_UNREACHABLE = ErrorCode(
    "fetch:unreachable",
    503,
    _("The address could not be reached; check it and whether its server is up."),
)
FETCH_ADDRESS_REFUSED = ErrorCode(
    "fetch:address-refused",
    400,
    _(
        "The address is on an internal network, which is not contacted; the administrator "
        "allows ranges with FETCH_ALLOWED_NETWORKS."
    ),
)
FETCH_REDIRECTS = ErrorCode(
    "fetch:redirects", 400, _("The address redirects too many times; give the final address.")
)
FETCH_SERVER_ERROR = ErrorCode(
    "fetch:server-error",
    503,
    _("The address answered with a server error; check whether its server is up."),
)

# Stored secrets (core/crypto.py).
CRYPTO_KEY = ErrorCode(
    "crypto:key",
    503,
    _("A stored secret cannot be decrypted; the administrator changed ENCRYPTION_KEY."),
)

# Notification e-mails (core/notifications.py).
MAIL_FAILED = ErrorCode(
    "mail:failed",
    503,
    _("The mail server did not accept a notification e-mail; check EMAIL_URL."),
)
