"""Reading a table from an SQL query, read-only, with a time limit, streaming in constant memory.

The query must be one SELECT. ``check_query`` refuses anything else before a connection is
made; it splits statements with PostgreSQL's own lexical rules (standard strings, E'' strings,
dollar quotes, nested comments), so that no second statement can hide where a looser lexer
sees a string or a comment. The database then guards again: PostgreSQL runs the query in a
READ ONLY transaction, SQLite files are opened read-only with ``query_only``, DuckDB files
read-only with file access and configuration changes disabled.
"""

from __future__ import annotations

import json
import math
import operator
import re
import sqlite3
import struct
import threading
import time as clock
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

from sqlalchemy.engine.url import URL, make_url
from sqlalchemy.exc import ArgumentError

from .errors import SourceError
from .model import Row, Table

__all__ = ["SUPPORTED", "SqlSpec", "SqlTable", "check_query", "open_sql_table", "redact"]

SUPPORTED = ("postgresql", "sqlite", "duckdb")
ALIASES = {"postgres": "postgresql"}
BATCH = 2000
CURSOR_NAME = "publisher_source"
DECLARE = 'DECLARE "%s" CURSOR WITHOUT HOLD FOR ' % CURSOR_NAME  # what psycopg2 sends first
QUERY = "SQL query"
PREFIX = "SELECT %s FROM ("  # the user's query follows; a newline ends a trailing -- comment
# Words that have no place in a reading query; a column so named must be written in quotes.
WRITES = frozenset({
    "INSERT", "UPDATE", "DELETE", "MERGE", "INTO", "CREATE", "DROP", "ALTER", "TRUNCATE",
    "GRANT", "REVOKE", "COPY", "ATTACH", "DETACH", "PRAGMA", "VACUUM", "COMMIT", "ROLLBACK",
})
LOCKS = frozenset({"UPDATE", "SHARE", "NO", "KEY"})  # FOR UPDATE, FOR SHARE, FOR NO KEY ...
PASSWORD_PARAMS = ("password", "passwd", "pwd", "sslpassword")
_IDENT = "A-Za-z_\x80-\U0010ffff"
_TOKEN = re.compile(
    r"""(?P<space>[ \t\n\r\f\v]+)
    |(?P<comment>--[^\n\r]*)
    |(?P<block>/\*)
    |(?P<dollar>\$(?:[%(i)s][%(i)s0-9]*)?\$)
    |(?P<string>[eE]'(?:[^'\\]|\\.|'')*'?|'(?:[^']|'')*'?|"(?:[^"]|"")*"?)
    |(?P<word>[%(i)s][%(i)s0-9$]*)
    |(?P<other>.)""" % {"i": _IDENT},
    re.VERBOSE | re.DOTALL,
)


@dataclass
class SqlSpec:
    """Where and what to read: a SQLAlchemy-style URL with credentials, and one SELECT."""

    url: str
    query: str


# --- checking the query --------------------------------------------------------------------


@dataclass
class _Statement:
    start: int
    end: int
    words: list[str]  # upper-cased words and punctuation outside strings and comments


def _block_end(query: str, pos: int) -> int:
    """The end of the (nested, as in PostgreSQL) block comment opened at ``pos``."""
    depth, i = 0, pos
    while i < len(query):
        if query.startswith("/*", i):
            depth, i = depth + 1, i + 2
        elif query.startswith("*/", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i
        else:
            i += 1
    return len(query)


def _statements(query: str) -> list[_Statement]:
    """The non-empty statements of ``query``, split at semicolons outside strings/comments."""
    found, current, pos = [], _Statement(-1, -1, []), 0
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        assert match is not None  # "other" matches any character
        kind, end = match.lastgroup, match.end()
        if kind == "block":
            end = _block_end(query, pos)
        elif kind == "dollar":
            close = query.find(match.group(), end)
            end = len(query) if close < 0 else close + len(match.group())
        if match.group() == ";" or kind in ("space", "comment", "block"):
            if match.group() == ";" and current.words:
                found.append(current)
                current = _Statement(-1, -1, [])
        else:
            if not current.words:
                current.start = pos
            current.end = end
            current.words.append(match.group().upper() if kind in ("word", "other") else "'")
        pos = end
    return found + ([current] if current.words else [])


def _refuse(message: str, code: str = "sql:not-select") -> SourceError:
    return SourceError(message, code=code)


def _checked(query: str) -> _Statement:
    statements = _statements(query)
    if not statements:
        raise _refuse("The query is empty. Write one SELECT statement, for example "
                      "SELECT * FROM occurrence.", "sql:empty")
    if len(statements) > 1:
        raise _refuse("The query holds %d statements. Write exactly one SELECT statement, "
                      "with nothing after its semicolon." % len(statements), "sql:multiple")
    words = statements[0].words
    first = next((w for w in words if w != "("), "")
    if first not in ("SELECT", "WITH"):
        raise _refuse("The query starts with %s. Only reading queries are allowed: write one "
                      "SELECT (or WITH ... SELECT) statement." % (first or words[0]))
    for word, after in zip(words, words[1:] + [""], strict=True):
        if word in WRITES:
            raise _refuse("The query contains %s, which changes data or tables; only reading "
                          "queries are allowed. Remove it (if it is the name of a column or "
                          'table, write it in double quotes: "%s").' % (word, word.lower()))
        if word == "FOR" and after in LOCKS:
            raise _refuse("The query locks rows (FOR %s); only reading queries are allowed. "
                          "Remove the FOR ... clause." % after)
    return statements[0]


def check_query(query: str) -> None:
    """Raise ``SourceError`` unless ``query`` is exactly one SELECT (or WITH ... SELECT)
    statement that neither writes (no data-modifying CTE, SELECT ... INTO, DDL) nor locks
    rows (FOR UPDATE/SHARE). A trailing semicolon and comments are fine."""
    _checked(query)


# --- URLs and passwords ----------------------------------------------------------------------


def redact(url: str) -> str:
    """``url`` with its password (also a ``?password=`` parameter) replaced by ``***``."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return re.sub(r"^([^/@]*//)?([^:/@]*):[^@]*@", r"\1\2:***@", url.strip())
    rendered = parsed.render_as_string(hide_password=True)
    return re.sub(r"([?&](?:%s)=)[^&]*" % "|".join(PASSWORD_PARAMS), r"\1***", rendered,
                  flags=re.IGNORECASE)


def _secrets(url: URL) -> list[str]:
    found = [url.password or ""] + [
        v for k, v in url.query.items() if k.lower() in PASSWORD_PARAMS and isinstance(v, str)]
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
    except (ArgumentError, ValueError):
        url = None
    backend = url.get_backend_name() if url else ""
    if url is None or ALIASES.get(backend, backend) not in SUPPORTED:
        raise SourceError(
            "Unsupported database URL %s. Use postgresql://user:password@host:port/database, "
            "sqlite:///path/to/file.sqlite or duckdb:///path/to/file.duckdb."
            % (redact(raw) if url else "(not a URL)"), code="sql:dialect")
    return url, ALIASES.get(backend, backend)


# --- values as text ------------------------------------------------------------------------


class _BinaryValue(Exception):
    pass


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        return "NaN" if value.is_nan() else ("-Infinity" if value < 0 else "Infinity")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _float_text(value: float) -> str:
    text = repr(value)  # the shortest text that reads back as the same float
    if text.endswith(".0"):
        text = text[:-2]
    elif "e" in text or "n" in text:  # an exponent, inf or nan
        return _decimal_text(Decimal(text))
    return "0" if text == "-0" else text


def _duration_text(value: timedelta) -> str:
    """ISO 8601, as ``P1DT2H3M4.5S``; a negative duration starts with ``-``."""
    if value < timedelta(0):
        return "-" + _duration_text(-value)
    minutes, seconds = divmod(value.seconds, 60)
    hours, minutes = divmod(minutes, 60)
    secs = _decimal_text(Decimal(seconds) + Decimal(value.microseconds).scaleb(-6))
    units = ((hours, "H"), (minutes, "M"), (secs, "S"))
    time_part = "".join("%s%s" % (n, unit) for n, unit in units if n not in (0, "0"))
    day_part = "%dD" % value.days if value.days else ""
    if not (day_part or time_part):
        return "PT0S"
    return "P" + day_part + ("T" + time_part if time_part else "")


def _text(value: Any) -> str:
    """A database value as the file readers give it: text, ``""`` for NULL."""
    convert = FAST.get(type(value))
    return convert(value) if convert else _any_text(value)


def _any_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return _duration_text(value)
    if isinstance(value, bytes | bytearray | memoryview):
        raise _BinaryValue
    if isinstance(value, list | tuple | dict):
        try:
            return json.dumps(value, ensure_ascii=False, default=_text)
        except TypeError:
            return str(value)
    return str(value)


FAST: dict[type, Callable[[Any], str]] = {
    str: str, int: str, float: _float_text, Decimal: _decimal_text, date: date.isoformat,
    datetime: datetime.isoformat, type(None): lambda _: "", bool: _any_text,
}


def _float32_text(value: Any) -> str:
    """A 4-byte float with the fewest digits that read back as the same float."""
    if not isinstance(value, float) or not math.isfinite(value):
        return _text(value)
    for digits in range(1, 10):
        text = "%.*g" % (digits, value)
        if struct.unpack("f", struct.pack("f", float(text)))[0] == value:
            return _decimal_text(Decimal(text))
    return _float_text(value)


def _epoch_text(value: Any) -> str:
    """Microseconds since 1970 (UTC) as an ISO 8601 timestamp with offset."""
    if value is None:
        return ""
    try:
        return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=value)).isoformat()
    except OverflowError:
        return "infinity" if value > 0 else "-infinity"


# --- one connection per run, per database --------------------------------------------------


class _Backend:
    """One connection that runs one statement; subclasses adapt a driver."""

    hint = ("Check the path, that the file is a database of this kind and that no other "
            "program holds it locked.")

    def __init__(self, url: URL, timeout_s: int):
        self.url, self.timeout_s = url, timeout_s
        self.conn: Any = None
        self.cursor: Any = None

    def open(self) -> None:
        raise NotImplementedError

    def execute(self, sql: str) -> None:
        self.cursor = self.call(self.conn.cursor)
        self.call(self.cursor.execute, sql)

    def fetch(self, size: int) -> list[tuple]:
        return self.call(self.cursor.fetchmany, size)

    def call(self, fn: Callable, *args: Any) -> Any:
        return fn(*args)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    @staticmethod
    def select(types: list[str]) -> tuple[str, list[Callable[[Any], str]]]:
        """The outer select list for the query's columns, and a converter per column."""
        converters: list[Callable[[Any], str]] = [_text] * len(types)
        return "*", converters

    def classify(self, exc: Exception) -> str:
        """The ``sql:`` code for a driver error raised while running the query."""
        raise NotImplementedError

    def path(self) -> Path:
        database = self.url.database or ""
        if database in ("", ":memory:"):
            raise SourceError("The URL names no database file. Write it as %s:///path/to/file."
                              % self.url.get_backend_name(), code="sql:connect")
        return Path(database).absolute()


class _Postgres(_Backend):
    hint = ("Check the host, port, database, user name and password, and that the server "
            "accepts connections from this machine.")

    def open(self) -> None:
        import psycopg2

        url = self.url
        params: dict[str, Any] = {
            "connect_timeout": max(2, min(self.timeout_s, 30)),
            "application_name": "publisher-source",
            **{k: v if isinstance(v, str) else v[-1] for k, v in url.query.items()},
            "client_encoding": "UTF8"}
        given = {"host": url.host, "port": url.port, "user": url.username,
                 "password": url.password, "dbname": url.database}
        params.update({k: v for k, v in given.items() if v is not None})
        self.conn = psycopg2.connect(**params)
        with self.conn.cursor() as cursor:  # standard strings: lexed as check_query does
            cursor.execute(
                "SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = %d; "
                "SET LOCAL standard_conforming_strings = on; SET LOCAL TimeZone = 'UTC'; "
                "SET LOCAL IntervalStyle = 'postgres'" % (self.timeout_s * 1000))

    def execute(self, sql: str) -> None:
        self.cursor = self.conn.cursor(name=CURSOR_NAME)  # server-side: FETCH in batches
        self.cursor.execute(sql)

    def classify(self, exc: Exception) -> str:
        import psycopg2

        code = getattr(exc, "pgcode", None) or ""
        if isinstance(exc, psycopg2.InterfaceError | psycopg2.OperationalError) and not code:
            return "sql:connect"
        if code == "57014":
            return "sql:timeout"
        if code == "25006":  # read_only_sql_transaction
            return "sql:not-select"
        if code[:2] in ("08", "28", "3D", "57"):
            return "sql:connect"
        return "sql:syntax" if code[:2] == "42" and code != "42501" else "sql:query"


class _Sqlite(_Backend):
    deadline = 0.0

    def open(self) -> None:
        self.conn = sqlite3.connect(self.path().as_uri() + "?mode=ro", uri=True,
                                    timeout=self.timeout_s, check_same_thread=False)
        self.conn.execute("PRAGMA query_only = ON")
        self.conn.set_progress_handler(lambda: clock.monotonic() > self.deadline, 1000)

    def call(self, fn: Callable, *args: Any) -> Any:
        self.deadline = clock.monotonic() + self.timeout_s
        return fn(*args)

    def classify(self, exc: Exception) -> str:
        if isinstance(exc, sqlite3.ProgrammingError) and "one statement" in str(exc):
            return "sql:multiple"
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
        # INTERRUPT (the progress handler), READONLY, ERROR; BUSY, LOCKED, IOERR, CORRUPT,
        # CANTOPEN, NOTADB: the file cannot be read at all.
        named = {9: "sql:timeout", 8: "sql:not-select", 1: "sql:syntax"}
        return named.get(code, "sql:connect" if code in (5, 6, 10, 11, 14, 26) else "sql:query")


class _DuckDB(_Backend):
    def open(self) -> None:
        import duckdb

        config: dict[str, Any] = {
            "enable_external_access": False, "autoload_known_extensions": False,
            "autoinstall_known_extensions": False, "lock_configuration": True}
        self.conn = duckdb.connect(str(self.path()), read_only=True, config=config)

    def execute(self, sql: str) -> None:
        self.cursor = self.conn  # a DuckDB cursor is another connection: interrupt this one
        self.call(self.conn.execute, sql)

    def call(self, fn: Callable, *args: Any) -> Any:
        timer = threading.Timer(self.timeout_s, self.conn.interrupt)
        timer.start()
        try:
            return fn(*args)
        finally:
            timer.cancel()

    @staticmethod
    def select(types: list[str]) -> tuple[str, list[Callable[[Any], str]]]:
        # Python needs pytz for TIMESTAMPTZ values (and DuckDB ICU to convert them): take UTC
        # microseconds instead. FLOAT (4 bytes) would otherwise show its double expansion.
        exprs: list[str] = []
        converters: list[Callable[[Any], str]] = []
        for i, kind in enumerate(types, 1):
            expr, convert = "#%d" % i, _text  # #n: the n-th column, whatever its name
            if kind == "TIMESTAMP WITH TIME ZONE":
                expr, convert = "epoch_us(#%d)" % i, _epoch_text
            elif "WITH TIME ZONE" in kind and kind != "TIME WITH TIME ZONE":
                expr = "CAST(#%d AS VARCHAR)" % i
            elif kind == "FLOAT":
                convert = _float32_text
            exprs.append(expr)
            converters.append(convert)
        return ", ".join(exprs) or "*", converters

    def classify(self, exc: Exception) -> str:
        import duckdb

        if isinstance(exc, duckdb.InterruptException):
            return "sql:timeout"
        if isinstance(exc, duckdb.ParserException | duckdb.CatalogException
                      | duckdb.BinderException):
            return "sql:syntax"
        if isinstance(exc, duckdb.InvalidInputException) and "read-only" in str(exc):
            return "sql:not-select"
        return "sql:query"


BACKENDS: dict[str, type[_Backend]] = {
    "postgresql": _Postgres, "sqlite": _Sqlite, "duckdb": _DuckDB}
MESSAGES = {
    "sql:syntax": "The database refused the query: %s Correct the query and try again.",
    "sql:timeout": "The query ran longer than the time limit (%d s) and was stopped. Make it "
                   "faster (fewer rows or columns, an index on the filtered columns).",
    "sql:connect": "Could not read from %s: %s %s",
    "sql:not-select": "The database refused to change data: %s Only reading queries are "
                      "allowed; remove what writes from the query.",
    "sql:multiple": "The database found more than one statement: %s Write exactly one SELECT.",
    "sql:query": "The query failed: %s Correct the query and try again.",
}


# --- the table -----------------------------------------------------------------------------


class SqlTable(Table):
    """The result of one SELECT. Opening checks the query, connects and learns the columns
    (the query is run with LIMIT 0); each ``rows()`` runs it again on a new read-only
    connection and streams it from a server-side cursor. The time limit applies to each
    call into the database (as PostgreSQL's statement_timeout to each FETCH), not to the
    time the caller spends on the rows."""

    def __init__(self, spec: SqlSpec, *, timeout_s: int, limit: int | None):
        statement = _checked(spec.query)
        self._raw = spec.url
        self._url, dialect = _parse(spec.url)
        self._driver = BACKENDS[dialect]
        self._source = spec.query
        self._query = spec.query[statement.start:statement.end]
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

    def _sql(self, select: str, limit: int | None) -> str:
        tail = "" if limit is None else " LIMIT %d" % limit
        return PREFIX % select + self._query + "\n) AS q" + tail

    @contextmanager
    def _executed(self, select: str, limit: int | None) -> Iterator[_Backend]:
        backend = self._driver(self._url, self._timeout_s)
        try:
            with self._errors(backend, connecting=True):
                backend.open()
            with self._errors(backend):
                backend.execute(self._sql(select, limit))
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

    def _stream(self, select: str) -> Iterator[tuple]:
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
            raise self._error(code, exc) from None

    def _error(self, code: str, exc: Exception) -> SourceError:
        text, where = self._message(exc)
        if code == "sql:timeout":
            message = MESSAGES[code] % self._timeout_s
        elif code == "sql:connect":
            message = MESSAGES[code] % (redact(self._raw), text, self._driver.hint)
        else:
            message = MESSAGES[code] % text
        line, column = where if code == "sql:syntax" else (None, None)
        return SourceError(_scrub(message, self._url, self._raw), code=code,
                           file=QUERY if line else "", line=line, column=column)

    def _message(self, exc: Exception) -> tuple[str, tuple[int | None, int | None]]:
        """The database's own message without the echo of our wrapped query, and where in
        the publisher's query the error is when the database says so (PostgreSQL)."""
        diag: Any = getattr(exc, "diag", None)
        text = (getattr(diag, "message_primary", None) or str(exc)).strip()
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

    def _binary_error(self, raw: tuple, line: int) -> SourceError:
        index = next(i for i, v in enumerate(raw) if isinstance(v, bytes | bytearray | memoryview))
        return SourceError(
            'Column "%s" holds binary data, which cannot be published as text. Leave it out of '
            "the query, or convert it there: encode(%s, 'hex') in PostgreSQL, hex(%s) in "
            "SQLite and DuckDB, or CAST(%s AS TEXT) for text stored as bytes."
            % ((self.columns[index],) + (self.columns[index],) * 3),
            code="sql:binary", file="query result", line=line, column=index + 1)


def open_sql_table(spec: SqlSpec, *, timeout_s: int = 60, limit: int | None = None) -> Table:
    """Check the query, connect read-only and return its result as a ``Table``: ``columns``
    known now, ``rows()`` streamed lazily (at most ``limit`` rows) with values as text (NULL
    as ``""``, ISO 8601 dates, plain decimals, ``true``/``false``; binary values refused)
    and ``line`` the 1-based result row. Raises ``SourceError`` (``sql:empty``,
    ``sql:multiple``, ``sql:not-select``, ``sql:dialect``, ``sql:connect``, ``sql:syntax``,
    ``sql:timeout``, ``sql:query``, ``sql:binary``); no message holds the password."""
    return SqlTable(spec, timeout_s=timeout_s, limit=limit)
