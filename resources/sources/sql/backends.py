"""Read-only, time-limited, streaming connections to PostgreSQL, SQLite and DuckDB files."""

from __future__ import annotations

import sqlite3
import threading
import time as clock
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SourceError, gettext_noop
from .values import _epoch_text, _float32_text, _text

if TYPE_CHECKING:
    from sqlalchemy.engine.url import URL

BATCH = 2000
CURSOR_NAME = "publisher_source"
DECLARE = 'DECLARE "%s" CURSOR WITHOUT HOLD FOR ' % CURSOR_NAME  # what psycopg2 sends first
PREFIX = "SELECT %s FROM ("  # the user's query follows; a newline ends a trailing -- comment


class _Backend:
    """One connection that runs one statement; subclasses adapt a driver."""

    server = False  # a database server (not a file): one message for every failed connection

    def __init__(self, url: URL, timeout_s: int, hostaddr: str = ""):
        self.url, self.timeout_s, self.hostaddr = url, timeout_s, hostaddr
        self.conn: Any = None
        self.cursor: Any = None

    def open(self) -> None:
        raise NotImplementedError

    def execute(self, sql: str) -> None:
        self.cursor = self.call(self.conn.cursor)
        self.call(self.cursor.execute, sql)

    def fetch(self, size: int) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self.call(self.cursor.fetchmany, size)
        return rows

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return fn(*args)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    @staticmethod
    def select(types: list[str]) -> tuple[str, list[Callable[[Any], str]]]:
        """The outer select list for the query's columns, and a converter per column."""
        converters: list[Callable[[Any], str]] = [_text] * len(types)
        return "*", converters

    def wrap(self, select: str, query: str, limit: int | None) -> str:
        """The statement sent: the checked query as a derived table, at most ``limit`` rows."""
        tail = "" if limit is None else " LIMIT %d" % limit
        return PREFIX % select + query + "\n) AS q" + tail

    @staticmethod
    def text(exc: Exception) -> str:
        """The database's own words in a driver error."""
        return str(exc)

    def classify(self, exc: Exception) -> str:
        """The ``sql:`` code for a driver error raised while running the query."""
        raise NotImplementedError

    def path(self) -> Path:
        database = self.url.database or ""
        if database in ("", ":memory:"):
            raise SourceError(
                gettext_noop(
                    "The URL names no database file. Write it as %(scheme)s:///path/to/file."
                ),
                code="sql:connect",
                params={"scheme": self.url.get_backend_name()},
            )
        return Path(database).absolute()


class _Postgres(_Backend):
    server = True

    def open(self) -> None:
        import psycopg2

        url = self.url
        params: dict[str, Any] = {
            "connect_timeout": max(2, min(self.timeout_s, 30)),
            "application_name": "publisher-source",
            **{k: v if isinstance(v, str) else v[-1] for k, v in url.query.items()},
            "client_encoding": "UTF8",
        }
        given = {
            "host": url.host,
            "port": url.port,
            "user": url.username,
            "password": url.password,
            "dbname": url.database,
        }
        params.update({k: v for k, v in given.items() if v is not None})
        if self.hostaddr:  # the address checked for the host name: no second lookup
            params["hostaddr"] = self.hostaddr
        self.conn = psycopg2.connect(**params)
        with self.conn.cursor() as cursor:  # standard strings: lexed as check_query does
            cursor.execute(
                "SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = %d; "
                "SET LOCAL standard_conforming_strings = on; SET LOCAL TimeZone = 'UTC'; "
                "SET LOCAL IntervalStyle = 'postgres'" % (self.timeout_s * 1000)
            )

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
        self.conn = sqlite3.connect(
            self.path().as_uri() + "?mode=ro",
            uri=True,
            timeout=self.timeout_s,
            check_same_thread=False,
        )
        self.conn.execute("PRAGMA query_only = ON")
        self.conn.set_progress_handler(lambda: clock.monotonic() > self.deadline, 1000)

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
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
            "enable_external_access": False,
            "autoload_known_extensions": False,
            "autoinstall_known_extensions": False,
            "lock_configuration": True,
        }
        self.conn = duckdb.connect(str(self.path()), read_only=True, config=config)

    def execute(self, sql: str) -> None:
        self.cursor = self.conn  # a DuckDB cursor is another connection: interrupt this one
        self.call(self.conn.execute, sql)

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
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
        if isinstance(
            exc, duckdb.ParserException | duckdb.CatalogException | duckdb.BinderException
        ):
            return "sql:syntax"
        if isinstance(exc, duckdb.InvalidInputException) and "read-only" in str(exc):
            return "sql:not-select"
        return "sql:query"
