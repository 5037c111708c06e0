"""Reading a table from an SQL query, read-only, with a time limit, streaming in constant memory.

The query must be one SELECT. ``check_query`` refuses anything else before a connection is
made; it splits statements with PostgreSQL's own lexical rules (standard strings, E'' strings,
dollar quotes, nested comments), so that no second statement can hide where a looser lexer
sees a string or a comment. The database then guards again: PostgreSQL runs the query in a
READ ONLY transaction, SQLite files are opened read-only with ``query_only``, DuckDB files
read-only with file access and configuration changes disabled.
"""

from __future__ import annotations

import logging
import operator
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus

from ..errors import SourceError, gettext_noop
from ..model import Row, Table
from .backends import BATCH, DECLARE, PREFIX, _Backend, _DuckDB, _Postgres, _Sqlite
from .query import ALIASES, QUERY, SUPPORTED, _checked, check_query
from .servers import _MySQL, _SqlServer
from .values import _BinaryValue

if TYPE_CHECKING:
    from sqlalchemy.engine.url import URL


def make_url(raw: str) -> URL:
    """SQLAlchemy's URL parser, imported on first use (SQLAlchemy takes ~0.4 s to import,
    and every process loads this module); raises ``ValueError`` for what is not a URL."""
    from sqlalchemy.engine.url import make_url as parse
    from sqlalchemy.exc import ArgumentError

    try:
        return parse(raw)
    except ArgumentError as exc:
        raise ValueError(str(exc)) from exc


__all__ = [
    "SUPPORTED",
    "UNCONNECTED",
    "SqlSpec",
    "SqlTable",
    "check_query",
    "open_sql_table",
    "redact",
    "unconnected_message",
    "unconnected_params",
]

logger = logging.getLogger(__name__)
BACKENDS: dict[str, type[_Backend]] = {
    "postgresql": _Postgres,
    "sqlite": _Sqlite,
    "duckdb": _DuckDB,
    "mysql": _MySQL,
    "mssql": _SqlServer,
}
PASSWORD_PARAMS = ("password", "passwd", "pwd", "sslpassword")


@dataclass
class SqlSpec:
    """Where and what to read: a SQLAlchemy-style URL with credentials, and one SELECT."""

    url: str
    query: str
    # The checked address to connect to for the URL's host name (libpq ``hostaddr``), so
    # that no second DNS lookup can lead elsewhere; the name still serves TLS checks.
    hostaddr: str = ""


# --- checking the query --------------------------------------------------------------------


def redact(url: str) -> str:
    """``url`` with its password (also a ``?password=`` parameter) replaced by ``***``."""
    try:
        parsed = make_url(url)
    except ValueError:
        return re.sub(r"^([^/@]*//)?([^:/@]*):[^@]*@", r"\1\2:***@", url.strip())
    rendered = parsed.render_as_string(hide_password=True)
    return re.sub(
        r"([?&](?:%s)=)[^&]*" % "|".join(PASSWORD_PARAMS), r"\1***", rendered, flags=re.IGNORECASE
    )


def _secrets(url: URL) -> list[str]:
    found = [url.password or ""] + [
        v for k, v in url.query.items() if k.lower() in PASSWORD_PARAMS and isinstance(v, str)
    ]
    return [v for s in found if s for v in (s, quote(s, safe=""), quote_plus(s))]


def _scrub(text: str, url: URL, raw: str) -> str:
    """Remove the URL and the password from a database's message, whatever it says."""
    text = text.replace(raw, redact(raw))
    for secret in _secrets(url):
        text = text.replace(secret, "***")
    return text


def _parse(raw: str) -> tuple[URL, str]:
    try:
        url = make_url(raw.strip())
    except ValueError:
        url = None
    backend = url.get_backend_name() if url else ""
    if url is None or ALIASES.get(backend, backend) not in SUPPORTED:
        raise SourceError(
            gettext_noop(
                "Unsupported database URL %(url)s. Use "
                "postgresql://user:password@host:port/database, "
                "mysql://user:password@host:port/database (MariaDB or MySQL), "
                "mssql://user:password@host:port/database (SQL Server), "
                "sqlite:///path/to/file.sqlite or duckdb:///path/to/file.duckdb."
            ),
            code="sql:dialect",
            params={"url": redact(raw) if url else "(not a URL)"},
        )
    return url, ALIASES.get(backend, backend)


# --- values as text ------------------------------------------------------------------------


# Placeholders: %(error)s the database's own words (scrubbed), %(seconds)d the time limit,
# %(url)s the URL without its password. A message that says what to check differs by the
# kind of database (a server, or a file): one whole sentence each, for translating.
MESSAGES = {
    "sql:syntax": gettext_noop(
        "The database refused the query: %(error)s Correct the query and try again."
    ),
    "sql:timeout": gettext_noop(
        "The query ran longer than the time limit (%(seconds)d s) and was stopped. Make it "
        "faster (fewer rows or columns, an index on the filtered columns)."
    ),
    "sql:connect": gettext_noop(
        "Could not read from %(url)s: %(error)s Check the path, that the file is a database "
        "of this kind and that no other program holds it locked."
    ),
    "sql:not-select": gettext_noop(
        "The database refused to change data: %(error)s Only reading queries are allowed; "
        "remove what writes from the query."
    ),
    "sql:multiple": gettext_noop(
        "The database found more than one statement: %(error)s Write exactly one SELECT."
    ),
    "sql:query": gettext_noop("The query failed: %(error)s Correct the query and try again."),
}
# What "sql:connect" says for a database server rather than a file.
SERVER_UNREAD = gettext_noop(
    "Could not read from %(url)s: %(error)s Check the host, port, database, user name and "
    "password, and that the server accepts connections from this machine."
)
# One answer for every way a server connection fails (closed port, timeout, unknown host,
# wrong user or password), so that the message cannot be used to probe a network.
UNCONNECTED = gettext_noop(
    "Could not connect to %(url)s: the server cannot be reached from here, or it refused the "
    "user name or password. Check the host, port, database, user name and password, and that "
    "the server accepts connections from this machine."
)


def unconnected_message(url: str) -> str:
    """What a failed connection to the database server of ``url`` says, whatever failed."""
    return UNCONNECTED % unconnected_params(url)


def unconnected_params(url: str) -> dict[str, str]:
    """The values ``UNCONNECTED`` is filled with."""
    return {"url": redact(url)}


# --- the table -----------------------------------------------------------------------------


class SqlTable(Table):
    """The result of one SELECT. Opening checks the query, connects and learns the columns
    (the query is run with LIMIT 0); each ``rows()`` runs it again on a new read-only
    connection and streams it from a server-side cursor. The time limit applies to each
    call into the database (as PostgreSQL's statement_timeout to each FETCH), not to the
    time the caller spends on the rows."""

    def __init__(self, spec: SqlSpec, *, timeout_s: int, limit: int | None):
        self._url, dialect = _parse(spec.url)
        statement = _checked(spec.query, dialect)
        self._raw = spec.url
        self._hostaddr = spec.hostaddr
        self._driver = BACKENDS[dialect]
        self._source = spec.query
        self._query = spec.query[statement.start : statement.end]
        self._offset = statement.start
        self._timeout_s = max(1, int(timeout_s))
        self._limit = None if limit is None else max(0, int(limit))
        described = self._describe()
        self.columns = [name for name, _ in described]
        self._types = [kind for _, kind in described]

    def rows(self) -> Iterator[Row]:
        select, converters = self._driver.select(self._types)
        for line, raw in enumerate(self._stream(select), 1):
            try:
                values = tuple(map(operator.call, converters, raw))
            except _BinaryValue:
                raise self._binary_error(raw, line) from None
            yield Row(line=line, values=values)

    @contextmanager
    def _executed(self, select: str, limit: int | None) -> Iterator[_Backend]:
        backend = self._driver(self._url, self._timeout_s, self._hostaddr)
        try:
            with self._errors(backend, connecting=True):
                backend.open()
            with self._errors(backend):
                backend.execute(backend.wrap(select, self._query, limit))
            yield backend
        finally:
            with suppress(Exception):  # closing a broken connection tells the user nothing
                backend.close()

    def _describe(self) -> list[tuple[str, str]]:
        """Names and types of the columns, from the query run with LIMIT 0."""
        with self._executed("*", 0) as backend:
            with self._errors(backend):
                backend.fetch(1)  # a server-side cursor describes its rows on the first FETCH
            return [(d[0], str(d[1])) for d in backend.cursor.description]

    def _stream(self, select: str) -> Iterator[tuple[Any, ...]]:
        size = BATCH if self._limit is None else max(1, min(self._limit, BATCH))
        with self._executed(select, self._limit) as backend:
            while True:
                with self._errors(backend):
                    batch = backend.fetch(size)
                if not batch:
                    return
                yield from batch

    @contextmanager
    def _errors(self, backend: _Backend, connecting: bool = False) -> Iterator[None]:
        try:
            yield
        except SourceError:
            raise
        except Exception as exc:  # the drivers' errors share no base class
            code = "sql:connect" if connecting else backend.classify(exc)
            if code == "sql:connect" and self._driver.server:
                raise self._unconnected(exc) from None
            raise self._error(code, exc) from None

    def _unconnected(self, exc: Exception) -> SourceError:
        """The same error whatever the server said; its own words go to the log only."""
        logger.info("SQL source %s: %s", redact(self._raw), _scrub(str(exc), self._url, self._raw))
        return SourceError(UNCONNECTED, code="sql:connect", params=unconnected_params(self._raw))

    def _error(self, code: str, exc: Exception) -> SourceError:
        text, where = self._message(exc)
        params = {
            "error": _scrub(text, self._url, self._raw),
            "seconds": self._timeout_s,
            "url": redact(self._raw),
        }
        line, column = where if code == "sql:syntax" else (None, None)
        server = code == "sql:connect" and self._driver.server
        return SourceError(
            SERVER_UNREAD if server else MESSAGES[code],
            params=params,
            code=code,
            file=QUERY if line else "",
            line=line,
            column=column,
        )

    def _message(self, exc: Exception) -> tuple[str, tuple[int | None, int | None]]:
        """The database's own message without the echo of our wrapped query, and where in
        the publisher's query the error is when the database says so (PostgreSQL)."""
        diag: Any = getattr(exc, "diag", None)
        text = (getattr(diag, "message_primary", None) or self._driver.text(exc)).strip()
        text = re.split(r"\n\s*\n?LINE \d+:", text)[0].strip()  # DuckDB echoes the query
        if getattr(diag, "message_hint", None):
            text += " (%s)" % diag.message_hint
        text = text if text.endswith((".", "!", ")")) else text + "."
        position = int(getattr(diag, "statement_position", None) or 0) - 1
        index = position - len(DECLARE + PREFIX % "*") if self._driver is _Postgres else -1
        if not 0 <= index < len(self._query):
            return text, (None, None)
        index += self._offset
        line = self._source.count("\n", 0, index) + 1
        return text, (line, index - (self._source.rfind("\n", 0, index) + 1) + 1)

    def _binary_error(self, raw: tuple[Any, ...], line: int) -> SourceError:
        index = next(i for i, v in enumerate(raw) if isinstance(v, bytes | bytearray | memoryview))
        return SourceError(
            gettext_noop(
                'Column "%(column)s" holds binary data, which cannot be published as text. Leave '
                "it out of the query, or convert it there: encode(%(column)s, 'hex') in "
                "PostgreSQL, hex(%(column)s) in SQLite and DuckDB, or CAST(%(column)s AS TEXT) "
                "for text stored as bytes."
            ),
            params={"column": self.columns[index]},
            code="sql:binary",
            file="query result",
            line=line,
            column=index + 1,
        )


def open_sql_table(spec: SqlSpec, *, timeout_s: int = 60, limit: int | None = None) -> Table:
    """Check the query, connect read-only and return its result as a ``Table``: ``columns``
    known now, ``rows()`` streamed lazily (at most ``limit`` rows) with values as text (NULL
    as ``""``, ISO 8601 dates, plain decimals, ``true``/``false``; binary values refused)
    and ``line`` the 1-based result row. Raises ``SourceError`` (``sql:empty``,
    ``sql:multiple``, ``sql:not-select``, ``sql:dialect``, ``sql:connect``, ``sql:syntax``,
    ``sql:timeout``, ``sql:query``, ``sql:binary``); no message holds the password."""
    return SqlTable(spec, timeout_s=timeout_s, limit=limit)
