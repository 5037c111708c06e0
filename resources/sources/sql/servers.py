"""Read-only, time-limited, streaming connections to MariaDB/MySQL and SQL Server.

MariaDB/MySQL (PyMySQL) runs the query in a READ ONLY transaction with the server's own
statement time limit. SQL Server (pymssql, whose wheels bundle FreeTDS) has no read-only
transaction: the statement checks guard, the transaction is never committed (a write is
rolled back when the connection closes), and the administrator gives the source a login
that may only read (README). The driver stops a query that runs past the time limit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from .backends import _Backend
from .values import _float32_text, _text

MYSQL_PORT = 3306
MSSQL_PORT = 1433
# MariaDB/MySQL field types (PyMySQL's FIELD_TYPE) whose values need their own text.
MYSQL_FLOAT, MYSQL_TIME, MYSQL_BIT = "4", "11", "16"
# MariaDB/MySQL error numbers by ``sql:`` code. 2013: the client's read timeout.
MYSQL_ERRORS = {
    "sql:timeout": {1317, 1969, 3024, 2013},
    "sql:not-select": {1792},  # a write in the READ ONLY transaction
    "sql:syntax": {1052, 1054, 1060, 1064, 1146, 1248, 1305, 1630},
    "sql:connect": {1044, 1045, 1049, 2002, 2003, 2005, 2006},
}
# SQL Server (and FreeTDS) error numbers by ``sql:`` code. 20003: the query timeout.
MSSQL_ERRORS = {
    "sql:timeout": {20003},
    "sql:not-select": {3906},  # a read-only database
    "sql:syntax": {102, 105, 156, 207, 208, 8155, 4104, 1033},
    "sql:connect": {20002, 20009, 18456, 4060},
}


def _time_text(value: Any) -> str:
    """A TIME value (PyMySQL gives a duration) as ``HH:MM:SS``, as a time of day reads."""
    if isinstance(value, timedelta) and timedelta(0) <= value < timedelta(days=1):
        seconds = int(value.total_seconds())
        text = "%02d:%02d:%02d" % (seconds // 3600, seconds // 60 % 60, seconds % 60)
        return text + (".%06d" % value.microseconds if value.microseconds else "")
    return _text(value)


def _bit_text(value: Any) -> str:
    if isinstance(value, bytes):
        return str(int.from_bytes(value, "big"))
    return _text(value)


def _number(exc: Exception) -> int:
    code = exc.args[0] if exc.args else 0
    return code if isinstance(code, int) else 0


def _code(number: int, table: dict[str, set[int]]) -> str:
    return next((code for code, numbers in table.items() if number in numbers), "sql:query")


class _Unwrapped(_Backend):
    """A server that runs the checked query as it is, its rows limited by a session setting:
    MariaDB drops, and SQL Server refuses, the ORDER BY of a derived table."""

    limit: int | None = None

    def wrap(self, select: str, query: str, limit: int | None) -> str:
        self.limit = limit
        return query


class _MySQL(_Unwrapped):
    server = True

    def open(self) -> None:
        import pymysql
        import pymysql.cursors

        url = self.url
        self.conn = pymysql.connect(
            host=self.hostaddr or url.host,  # the address checked for the host name
            port=url.port or MYSQL_PORT,
            user=url.username or "",
            password=url.password or "",
            database=url.database,
            charset="utf8mb4",
            connect_timeout=max(2, min(self.timeout_s, 30)),
            read_timeout=self.timeout_s + 10,  # the server stops the query first
            write_timeout=max(2, min(self.timeout_s, 30)),
            cursorclass=pymysql.cursors.SSCursor,  # unbuffered: rows stream as read
            autocommit=False,
            local_infile=False,
            program_name="publisher-source",
        )
        with self.conn.cursor(pymysql.cursors.Cursor) as cursor:
            cursor.execute("SELECT @@SESSION.sql_mode, VERSION()")
            mode, version = cursor.fetchone()
            # Backslash escapes and "strings" as check_query lexes them.
            kept = [m for m in mode.split(",") if m not in ("ANSI_QUOTES", "NO_BACKSLASH_ESCAPES")]
            cursor.execute("SET SESSION sql_mode = %s", (",".join(kept),))
            if "mariadb" in version.lower():
                cursor.execute("SET SESSION max_statement_time = %d" % self.timeout_s)
            else:
                cursor.execute("SET SESSION max_execution_time = %d" % (self.timeout_s * 1000))
            cursor.execute("SET SESSION net_write_timeout = %d" % max(60, self.timeout_s))
            cursor.execute("SET SESSION time_zone = '+00:00'")
            cursor.execute("SET SESSION TRANSACTION READ ONLY")
            cursor.execute("START TRANSACTION READ ONLY")

    def execute(self, sql: str) -> None:
        self.cursor = self.conn.cursor()
        # A multi-statement string is never sent (PyMySQL's default): the query runs alone.
        limit = "DEFAULT" if self.limit is None else "%d" % self.limit
        self.cursor.execute("SET SESSION sql_select_limit = %s" % limit)
        self.cursor.execute(sql)

    def close(self) -> None:
        # Closing before the last row is how a preview ends: the rows left unread go with the
        # connection, rather than be read to the end when the result is collected.
        result = getattr(self.cursor, "_result", None)
        if result is not None:
            result.unbuffered_active = False
        super().close()

    @staticmethod
    def select(types: list[str]) -> tuple[str, list[Callable[[Any], str]]]:
        special = {MYSQL_FLOAT: _float32_text, MYSQL_TIME: _time_text, MYSQL_BIT: _bit_text}
        return "*", [special.get(kind, _text) for kind in types]

    @staticmethod
    def text(exc: Exception) -> str:
        return str(exc.args[1]) if len(exc.args) > 1 else str(exc)

    def classify(self, exc: Exception) -> str:
        return _code(_number(exc), MYSQL_ERRORS)


class _SqlServer(_Unwrapped):
    server = True

    def open(self) -> None:
        import pymssql

        url = self.url
        self.conn = pymssql.connect(
            server=self.hostaddr or url.host or "",
            port=str(url.port or MSSQL_PORT),
            user=url.username or "",
            password=url.password or "",
            database=url.database or "",
            timeout=self.timeout_s,  # each query, by FreeTDS
            login_timeout=max(2, min(self.timeout_s, 30)),
            appname="publisher-source",
            autocommit=False,  # never committed: a write is rolled back on close
            charset="UTF-8",
            tds_version="7.4",  # SQL Server 2012 and later; "auto" tries versions one by one
        )

    def execute(self, sql: str) -> None:
        self.cursor = self.conn.cursor()
        # SET ROWCOUNT 0 is no limit: 1 row, left unread, still describes the columns.
        self.cursor.execute("SET ROWCOUNT %d" % max(1, self.limit or 0))
        self.cursor.execute(sql)

    @staticmethod
    def text(exc: Exception) -> str:
        words = exc.args[1] if len(exc.args) > 1 else str(exc)
        text = words.decode("utf-8", "replace") if isinstance(words, bytes) else str(words)
        return text.split("DB-Lib error message")[0].strip()

    def classify(self, exc: Exception) -> str:
        return _code(_number(exc), MSSQL_ERRORS)
