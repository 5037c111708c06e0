"""The SQL source reader against real databases: SQLite and DuckDB files made here, the
PostgreSQL server named by ``DATABASE_URL`` when the suite runs on PostgreSQL (CI's second
run) and the MariaDB server `.ci/run` starts (``tests/resources/sources/mariadb.py``);
without them, their cases are skipped (outside CI)."""

from __future__ import annotations

import os
import socket
import sqlite3
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass

import duckdb
import psycopg2
import pytest
from psycopg2 import sql

from resources.sources.errors import SourceError
from resources.sources.model import Row
from resources.sources.sql import SUPPORTED, SqlSpec, check_query, open_sql_table, redact
from tests.resources.sources.mariadb import scratch_database

PG_URL = os.environ.get("DATABASE_URL", "")
NO_PG = "PostgreSQL cases run only when DATABASE_URL names a PostgreSQL server (CI's 2nd run)"
OCCURRENCES = [(1, "Parus major"), (2, "Erithacus rubecula"), (3, None), (4, "Turdus merula")]
COUNT_TO_EVER = (
    "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
    "WHERE n < 100000000000) SELECT max(n) FROM c"
)


@dataclass
class Db:
    """A real database where ``occurrence`` (id, name) holds the OCCURRENCES rows."""

    url: str
    slow: str  # runs far longer than a second
    huge: str  # a billion rows: only streaming returns the first ones at once
    count: Callable[[], int]


def _sqlite(tmp_path) -> Db:
    path = tmp_path / "occurrences.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE occurrence (id INTEGER, name TEXT)")
        conn.executemany("INSERT INTO occurrence VALUES (?, ?)", OCCURRENCES)
    conn.close()

    def count() -> int:
        with closing(sqlite3.connect(path)) as check:
            return check.execute("SELECT count(*) FROM occurrence").fetchone()[0]

    huge = (
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
        "WHERE n < 1000000000) SELECT n FROM c"
    )
    return Db("sqlite:///" + str(path), COUNT_TO_EVER, huge, count)


def _duckdb(tmp_path) -> Db:
    path = str(tmp_path / "occurrences.duckdb")
    with duckdb.connect(path) as conn:
        conn.execute("CREATE TABLE occurrence (id INTEGER, name VARCHAR)")
        conn.executemany("INSERT INTO occurrence VALUES (?, ?)", OCCURRENCES)
        conn.execute("CREATE SEQUENCE serial")

    def count() -> int:
        with duckdb.connect(path, read_only=True) as check:
            return check.execute("SELECT count(*) FROM occurrence").fetchone()[0]

    huge = "SELECT range AS n FROM range(1, 1000000001)"
    return Db("duckdb:///" + path, COUNT_TO_EVER, huge, count)


@pytest.fixture
def pg() -> Iterator[Db]:
    """A scratch schema on the DATABASE_URL server, first on the reader's search path (through
    the URL's ``options``), dropped afterwards."""
    if not PG_URL.startswith("postgres"):
        pytest.skip(NO_PG)
    schema = "sql_source_test_%s" % uuid.uuid4().hex[:12]
    admin = psycopg2.connect(PG_URL)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        cur.execute("SET search_path = %s", [schema])
        cur.execute("CREATE TABLE occurrence (id integer, name text)")
        cur.executemany("INSERT INTO occurrence VALUES (%s, %s)", OCCURRENCES)
        cur.execute(
            "CREATE FUNCTION wipe() RETURNS integer LANGUAGE sql "
            "AS 'DELETE FROM occurrence RETURNING 1'"
        )

    def count() -> int:
        with admin.cursor() as cur:
            cur.execute("SELECT count(*) FROM occurrence")
            return cur.fetchone()[0]

    url = PG_URL + ("&" if "?" in PG_URL else "?") + "options=-csearch_path%3D" + schema
    yield Db(url, "SELECT pg_sleep(60)", "SELECT generate_series(1, 1000000000) AS n", count)
    with admin.cursor() as cur:
        cur.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
    admin.close()


@pytest.fixture
def mariadb() -> Iterator[Db]:
    """A scratch database on the MariaDB server of `.ci/run`, dropped afterwards."""
    with scratch_database() as (url, admin):
        with admin.cursor() as cur:
            cur.execute("CREATE TABLE occurrence (id integer, name text)")
            cur.executemany("INSERT INTO occurrence VALUES (%s, %s)", OCCURRENCES)

        def count() -> int:
            with admin.cursor() as cur:
                cur.execute("SELECT count(*) FROM occurrence")
                return cur.fetchone()[0]

        huge = "SELECT seq AS n FROM seq_1_to_1000000000"  # MariaDB's Sequence engine
        yield Db(url, "SELECT SLEEP(60)", huge, count)


@pytest.fixture(params=["sqlite", "duckdb", "postgresql", "mariadb"])
def db(request, tmp_path) -> Db:
    if request.param in ("postgresql", "mariadb"):
        return request.getfixturevalue({"postgresql": "pg"}.get(request.param, "mariadb"))
    return {"sqlite": _sqlite, "duckdb": _duckdb}[request.param](tmp_path)


def read(url: str, query: str, **kwargs) -> list[Row]:
    return list(open_sql_table(SqlSpec(url=url, query=query), **kwargs).rows())


def error_of(url: str, query: str, **kwargs) -> SourceError:
    with pytest.raises(SourceError) as caught:
        read(url, query, **kwargs)
    return caught.value


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- every database -------------------------------------------------------------------------


def test_select_streams_all_rows_with_their_result_row_numbers(db):
    table = open_sql_table(SqlSpec(db.url, "SELECT id, name FROM occurrence ORDER BY id;"))
    assert table.columns == ["id", "name"]
    expected = [Row(i, (str(i), name or "")) for i, name in OCCURRENCES]
    assert list(table.rows()) == expected
    assert list(table.rows()) == expected  # rows() reads again from the start


def test_rows_keep_the_order_of_the_query(db):
    rows = read(db.url, "SELECT id FROM occurrence ORDER BY id DESC -- newest first")
    assert [(r.line, r.values) for r in rows] == [
        (1, ("4",)),
        (2, ("3",)),
        (3, ("2",)),
        (4, ("1",)),
    ]


def test_limit_returns_only_the_first_rows(db):
    rows = read(db.url, "SELECT id FROM occurrence ORDER BY id", limit=2)
    assert rows == [Row(1, ("1",)), Row(2, ("2",))]


def test_rows_of_a_billion_row_query_arrive_at_once(db):
    started = time.monotonic()
    rows = open_sql_table(SqlSpec(db.url, db.huge)).rows()
    first = [next(rows) for _ in range(3)]
    rows.close()
    assert first == [Row(1, ("1",)), Row(2, ("2",)), Row(3, ("3",))]
    # A billion rows could never be read in this bound; a loaded machine still fits in it.
    assert time.monotonic() - started < 60
    assert read(db.url, db.huge, limit=3) == first


def test_write_hidden_in_a_cte_is_refused_and_the_table_is_unchanged(db):
    query = "WITH x AS (DELETE FROM occurrence RETURNING *) SELECT * FROM x"
    assert error_of(db.url, query).code == "sql:not-select"
    assert db.count() == len(OCCURRENCES)


def test_syntax_error_gives_sql_syntax_with_the_databases_message(db):
    error = error_of(db.url, "SELECT id FROM occurrence WHERE")
    assert error.code == "sql:syntax"
    assert "syntax" in error.message.lower()
    assert "SELECT * FROM (" not in error.message  # not the echo of the wrapped query


def test_unknown_column_gives_sql_syntax(db):
    error = error_of(db.url, "SELECT no_such_column FROM occurrence")
    assert error.code == "sql:syntax"
    assert "no_such_column" in error.message


def test_query_running_past_the_time_limit_is_stopped_with_sql_timeout(db):
    started = time.monotonic()
    error = error_of(db.url, db.slow, timeout_s=1)
    assert error.code == "sql:timeout"
    assert time.monotonic() - started < 60  # the query alone would run for hours
    assert "1 s" in error.message


# --- refused before running ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("INSERT INTO occurrence VALUES (5, 'x')", "sql:not-select"),
        ("UPDATE occurrence SET name = 'x'", "sql:not-select"),
        ("DELETE FROM occurrence", "sql:not-select"),
        ("DROP TABLE occurrence", "sql:not-select"),
        ("CREATE TABLE x (a integer)", "sql:not-select"),
        ("TRUNCATE occurrence", "sql:not-select"),
        ("VALUES (1)", "sql:not-select"),
        ("SELECT * INTO copy FROM occurrence", "sql:not-select"),
        ("SELECT * FROM occurrence FOR UPDATE", "sql:not-select"),
        ("SELECT * FROM occurrence FOR KEY SHARE", "sql:not-select"),
        ("WITH x AS (DELETE FROM occurrence RETURNING *) SELECT * FROM x", "sql:not-select"),
        ("WITH x AS (SELECT 1) INSERT INTO occurrence SELECT * FROM x", "sql:not-select"),
        ("SELECT 1 -- ;\nDROP TABLE occurrence", "sql:not-select"),
        ("SELECT 1; DROP TABLE occurrence", "sql:multiple"),
        ("SELECT 1 /* ; */ ; DROP TABLE occurrence", "sql:multiple"),
        ("SELECT 1; SELECT 2", "sql:multiple"),
        # Places where a lexer looser than PostgreSQL's sees a string or a comment, but the
        # server sees a second statement: '\' is a whole string, # an operator, comments nest,
        # a line comment also ends at a carriage return.
        ("SELECT '\\'; DROP TABLE occurrence; --'", "sql:multiple"),
        ("SELECT 1 # 2; DROP TABLE occurrence", "sql:multiple"),
        ("SELECT 1 /* /* */ ' */ ; DROP TABLE occurrence; --'", "sql:multiple"),
        ("SELECT 1 --x\r; DROP TABLE occurrence", "sql:multiple"),
        ("SELECT \u00e9e'\\'; DROP TABLE occurrence; --'", "sql:multiple"),
        ("", "sql:empty"),
        ("  ;\n ", "sql:empty"),
        ("-- just a comment\n/* and another */", "sql:empty"),
    ],
)
def test_check_query_refuses_what_is_not_one_select(query, code):
    with pytest.raises(SourceError) as caught:
        check_query(query)
    assert caught.value.code == code
    assert caught.value.message.endswith((".", ")"))


@pytest.mark.parametrize(
    "query",
    [
        "SELECT 1",
        "select id, name from occurrence;",
        "SELECT 1; -- done\n",
        "WITH x AS (SELECT 1 AS a) SELECT a FROM x",
        "(SELECT 1) UNION (SELECT 2)",
        "SELECT 'a; b' AS s -- a trailing comment",
        "SELECT E'it\\'s; fine', $$x; DROP TABLE y$$, $q$;$q$",
        'SELECT "update", "into" FROM occurrence',
        "SELECT * FROM occurrence ORDER BY id FETCH FIRST 2 ROWS ONLY",
        "SELECT substring(name FROM 1 FOR 3) FROM occurrence",
    ],
)
def test_check_query_accepts_a_single_select(query):
    check_query(query)


def test_statement_is_refused_before_connecting():
    url = "postgresql://bob:Secret-Pw-1@127.0.0.1:%d/db" % closed_port()
    assert error_of(url, "DROP TABLE occurrence").code == "sql:not-select"


def test_refusal_says_what_to_do():
    with pytest.raises(SourceError) as caught:
        check_query("SELECT 1; DROP TABLE occurrence")
    assert "exactly one SELECT" in caught.value.message


# --- URLs, passwords, dialects -------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql://bob:Secret-Pw-1@db.example.org:5432/bio",
            "postgresql://bob:***@db.example.org:5432/bio",
        ),
        (
            "postgres://bob:p%40ss@host/bio?sslmode=require",
            "postgres://bob:***@host/bio?sslmode=require",
        ),
        (
            "postgresql://bob@host/bio?password=Secret-Pw-1",
            "postgresql://bob@host/bio?password=***",
        ),
        ("sqlite:////data/bio.sqlite", "sqlite:////data/bio.sqlite"),
        ("bob:Secret-Pw-1@host/bio", "bob:***@host/bio"),
    ],
)
def test_redact_hides_the_password(url, shown):
    assert redact(url) == shown


def test_unreachable_server_gives_sql_connect_without_the_password():
    url = "postgresql://bob:Secret-Pw-1@127.0.0.1:%d/bio" % closed_port()
    error = error_of(url, "SELECT 1")
    assert error.code == "sql:connect"
    assert redact(url) in error.message
    assert "Secret-Pw-1" not in str(error)


@pytest.mark.parametrize(
    "url", ["oracle://bob:Secret-Pw-1@host/bio", "firebird://host/bio", "not a url", ""]
)
def test_unsupported_database_gives_sql_dialect(url):
    error = error_of(url, "SELECT 1")
    assert error.code == "sql:dialect"
    assert "Secret-Pw-1" not in str(error)


def test_supported_dialects():
    assert SUPPORTED == ("postgresql", "sqlite", "duckdb", "mysql", "mssql")


# --- SQLite ----------------------------------------------------------------------------------


def test_sqlite_values_become_text(tmp_path):
    url = _sqlite(tmp_path).url
    rows = read(url, "SELECT 42, 2.0, 0.1, 1e20, 1e-7, -0.0, 12.5, NULL, 'text', '2024-05-01'")
    assert rows == [
        Row(
            1,
            (
                "42",
                "2",
                "0.1",
                "100000000000000000000",
                "0.0000001",
                "0",
                "12.5",
                "",
                "text",
                "2024-05-01",
            ),
        )
    ]


def test_sqlite_binary_value_is_refused_with_its_row_and_column(tmp_path):
    url = _sqlite(tmp_path).url
    error = error_of(url, "SELECT 'ok' AS a, NULL AS photo UNION ALL SELECT 'ok', x'00ff'")
    assert (error.code, error.line, error.column) == ("sql:binary", 2, 2)
    assert "photo" in error.message and "hex(" in error.message


def test_sqlite_statement_is_refused_and_the_table_is_unchanged(tmp_path):
    db = _sqlite(tmp_path)
    assert error_of(db.url, "DELETE FROM occurrence").code == "sql:not-select"
    assert db.count() == len(OCCURRENCES)


def test_sqlite_missing_file_gives_sql_connect(tmp_path):
    error = error_of("sqlite:///" + str(tmp_path / "nowhere.sqlite"), "SELECT 1")
    assert error.code == "sql:connect"
    assert not (tmp_path / "nowhere.sqlite").exists()  # read-only: never created


def test_sqlite_url_without_a_file_gives_sql_connect():
    assert error_of("sqlite://", "SELECT 1").code == "sql:connect"


def test_sqlite_time_limit_counts_database_time_not_the_callers(tmp_path):
    url = _sqlite(tmp_path).url
    query = (
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3000) "
        "SELECT n FROM c"
    )
    rows = open_sql_table(SqlSpec(url, query), timeout_s=1).rows()
    next(rows)
    time.sleep(1.3)  # the caller is slow; the next batch still comes
    assert len(list(rows)) == 2999


def test_sqlite_streams_a_million_rows_in_constant_memory(tmp_path):
    path = tmp_path / "big.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (id INTEGER)")
        conn.execute(
            "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
            "WHERE n < 1000000) INSERT INTO t SELECT n FROM c"
        )
    conn.close()
    table = open_sql_table(SqlSpec("sqlite:///" + str(path), "SELECT id FROM t ORDER BY id"))
    tracemalloc.start()
    try:
        count, last = 0, None
        for row in table.rows():
            count, last = count + 1, row
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (count, last) == (1_000_000, Row(1_000_000, ("1000000",)))
    assert peak < 5 * 1024 * 1024  # all rows as Row objects would take well over 100 MB


# --- DuckDB ----------------------------------------------------------------------------------


def test_duckdb_values_become_text(tmp_path):
    url = _duckdb(tmp_path).url
    rows = read(
        url,
        """SELECT 42::HUGEINT, 0.1::FLOAT, 1e20::DOUBLE, 1e-7::DOUBLE,
        12.50::DECIMAL(9, 2), 2.00::DECIMAL(9, 2), true, false, NULL,
        DATE '2024-05-01', TIMESTAMP '2024-05-01 06:30:00',
        TIMESTAMPTZ '2024-05-01 06:30:00.5+02', TIME '06:30:00',
        INTERVAL '1 day 2 hours 3.5 seconds', UUID '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
        [1, 2], 'Parus major'""",
    )
    assert rows == [
        Row(
            1,
            (
                "42",
                "0.1",
                "100000000000000000000",
                "0.0000001",
                "12.5",
                "2",
                "true",
                "false",
                "",
                "2024-05-01",
                "2024-05-01T06:30:00",
                "2024-05-01T04:30:00.500000+00:00",
                "06:30:00",
                "P1DT2H3.5S",
                "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                "[1, 2]",
                "Parus major",
            ),
        )
    ]


def test_duckdb_file_is_read_only(tmp_path):
    db = _duckdb(tmp_path)
    error = error_of(db.url, "SELECT nextval('serial')")
    assert error.code == "sql:not-select"


def test_duckdb_query_cannot_read_other_files(tmp_path):
    error = error_of(_duckdb(tmp_path).url, "SELECT * FROM read_csv('/etc/passwd')")
    assert error.code == "sql:query"
    assert "disabled" in error.message


# --- PostgreSQL ------------------------------------------------------------------------------


def test_postgresql_values_become_text(pg):
    rows = read(
        pg.url,
        """SELECT 12.50::numeric(9, 2), 1e20::float8, 0.1::float4, true,
        DATE '2024-05-01', TIMESTAMP '2024-05-01 06:30', TIMESTAMPTZ '2024-05-01 06:30:00.5+02',
        '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::uuid, '{"x": 1}'::jsonb, ARRAY[1, 2],
        INTERVAL '1 day 2 hours', 'it''s', 2.00::numeric, 2.0::float8, false, NULL
        WHERE 'x' LIKE '%'""",
    )
    assert rows == [
        Row(
            1,
            (
                "12.5",
                "100000000000000000000",
                "0.1",
                "true",
                "2024-05-01",
                "2024-05-01T06:30:00",
                "2024-05-01T04:30:00.500000+00:00",
                "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                '{"x": 1}',
                "[1, 2]",
                "P1DT2H",
                "it's",
                "2",
                "2",
                "false",
                "",
            ),
        )
    ]


def test_postgresql_lexes_strings_as_check_query_does(pg):
    rows = read(pg.url, "SELECT E'it\\'s; fine', $$x; y$$, 'a\\' -- '\n")
    assert rows == [Row(1, ("it's; fine", "x; y", "a\\"))]


def test_postgresql_binary_value_is_refused(pg):
    error = error_of(pg.url, "SELECT 1 AS id, '\\x00ff'::bytea AS photo")
    assert (error.code, error.line, error.column) == ("sql:binary", 1, 2)


def test_postgresql_write_through_a_function_fails_in_the_read_only_transaction(pg):
    error = error_of(pg.url, "SELECT wipe()")
    assert error.code == "sql:not-select"
    assert "read-only transaction" in error.message
    assert pg.count() == len(OCCURRENCES)


def test_postgresql_syntax_error_points_into_the_query(pg):
    error = error_of(pg.url, "SELECT id,\n  name FORM occurrence")
    assert (error.code, error.line, error.column) == ("sql:syntax", 2, 13)
    assert 'syntax error at or near "occurrence"' in error.message
    assert error.file == "SQL query"


def _with_login(url: str, user: str, password: str) -> str:
    rest = url.split("@", 1)[1]
    return "%s://%s:%s@%s" % (url.split("://", 1)[0], user, password, rest)


def test_postgresql_unknown_user_gives_sql_connect_without_the_password(pg):
    wrong = "Wrong-Pw-" + uuid.uuid4().hex
    url = _with_login(pg.url, "nobody_" + uuid.uuid4().hex[:8], wrong)
    error = error_of(url, "SELECT 1")
    assert error.code == "sql:connect"
    assert redact(url) in error.message
    assert wrong not in str(error)


def test_postgresql_bad_password_gives_sql_connect_without_the_password(pg):
    user = psycopg2.extensions.parse_dsn(PG_URL)["user"]
    wrong = "Wrong-Pw-" + uuid.uuid4().hex
    url = _with_login(pg.url, user, wrong)
    try:
        psycopg2.connect(url).close()
    except psycopg2.OperationalError:
        pass
    else:
        pytest.skip("the server trusts connections from here: any password is accepted")
    error = error_of(url, "SELECT 1")
    assert error.code == "sql:connect"
    assert wrong not in str(error) and redact(url) in error.message
    closed = "postgresql://bob:pw@127.0.0.1:%d/bio" % closed_port()
    unreachable = error_of(closed, "SELECT 1").message.replace(redact(closed), "<url>")
    assert error.message.replace(redact(url), "<url>") == unreachable  # no oracle (#16)
