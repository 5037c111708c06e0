"""SQL Server sources at the level that runs without a server (none can run here): the
T-SQL statement checks, the URL and the allowed servers, and pymssql's own connection and
login time limits against a closed port and a server that never answers."""

from __future__ import annotations

import socket
import time

import pytest

from core.errors import UserError
from resources.services.sources import source_add_sql
from resources.sources.errors import SourceError
from resources.sources.sql import SqlSpec, check_query, open_sql_table
from tests.factories import ResourceFactory
from tests.hanging_server import HangingServer


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def error_of(url: str, query: str = "SELECT 1 AS one", **kwargs) -> SourceError:
    with pytest.raises(SourceError) as caught:
        list(open_sql_table(SqlSpec(url, query), **kwargs).rows())
    return caught.value


@pytest.mark.parametrize(
    "query",
    [
        "EXEC xp_cmdshell 'dir'",
        "SELECT 1 AS a EXEC xp_cmdshell 'dir'",  # T-SQL needs no semicolon between statements
        "SELECT 1 AS a EXECUTE sp_configure",
        "SELECT * FROM master..xp_dirtree",
        "SELECT * FROM OPENROWSET('SQLNCLI', 'Server=x;', 'SELECT 1')",
        "SELECT * FROM OPENDATASOURCE('SQLNCLI', 'Data Source=x').db.dbo.t",
        "SELECT * FROM OPENQUERY(linked, 'SELECT 1')",
        "SELECT * FROM OPENROWSET(BULK 'C:\\secret.txt', SINGLE_CLOB) AS f",
        "BULK INSERT occurrence FROM 'C:\\x.csv'",
        "SELECT * INTO copy FROM occurrence",
        "SELECT 1 AS a WAITFOR DELAY '00:10:00'",
        "SELECT 1 AS a; DROP TABLE occurrence",
        "SELECT 1 AS a DROP TABLE occurrence",
        "SELECT 1 AS a DECLARE @x int",
        "SELECT 1 AS a SET CONTEXT_INFO 0x01",
        "SELECT * FROM occurrence WITH (UPDLOCK)",
        "SELECT * FROM occurrence WITH (TABLOCKX, HOLDLOCK)",
        "SELECT 1 AS a; -- ok\n; UPDATE occurrence SET id = 1",
        "SELECT 1 AS a /* /* */ ; */ ; SHUTDOWN",  # comments nest in T-SQL
        "SELECT [a'b] FROM t; DROP TABLE x --'",  # a bracketed name may hold a quote
        "SELECT 1 AS [x]]'] ; DROP TABLE x --'",
        "SELECT 1 AS a -- \r' \n; DROP TABLE x; -- '",  # whichever ends a line comment
        "DBCC CHECKDB",
    ],
)
def test_check_refuses_what_is_not_one_reading_select(query):
    with pytest.raises(SourceError) as caught:
        check_query(query, "mssql")
    assert caught.value.code in ("sql:not-select", "sql:multiple")


@pytest.mark.parametrize(
    "query",
    [
        'SELECT TOP (10) [name], "id" FROM dbo.occurrence ORDER BY id',
        "SELECT id FROM occurrence ORDER BY id OFFSET 5 ROWS FETCH NEXT 10 ROWS ONLY",
        "SELECT N'it''s; fine' AS s -- done",
        "SELECT [exec], [set] FROM occurrence;",
        "WITH x AS (SELECT 1 AS a) SELECT a FROM x",
        "SELECT IIF(id > 1, 'y', 'n') AS big FROM occurrence",
        "SELECT id -- the key\r\nFROM occurrence",
    ],
)
def test_check_accepts_a_reading_select(query):
    check_query(query, "mssql")


def test_refused_word_says_how_to_quote_a_column():
    with pytest.raises(SourceError) as caught:
        check_query("SELECT set FROM occurrence", "mssql")
    assert "[set]" in caught.value.message % caught.value.params


def test_statement_is_refused_before_connecting():
    url = "mssql://bob:Secret-Pw-1@127.0.0.1:%d/bio" % closed_port()
    assert error_of(url, "SELECT 1 AS a EXEC xp_cmdshell 'dir'").code == "sql:not-select"


def test_closed_port_gives_sql_connect_fast_without_the_password():
    url = "mssql+pymssql://bob:Secret-Pw-1@127.0.0.1:%d/bio" % closed_port()
    started = time.monotonic()
    error = error_of(url, timeout_s=5)
    assert error.code == "sql:connect"
    assert "mssql+pymssql://bob:***@127.0.0.1" in error.message
    assert "Secret-Pw-1" not in str(error)
    assert time.monotonic() - started < 10


def test_server_that_never_answers_is_left_at_the_login_time_limit():
    """pymssql's login_timeout is passed: a silent server does not hold the reader."""
    server = HangingServer().start()
    try:
        started = time.monotonic()
        error = error_of("mssql://bob:pw@127.0.0.1:%d/bio" % server.port, timeout_s=2)
        assert error.code == "sql:connect"
        assert time.monotonic() - started < 8
    finally:
        server.release()


@pytest.mark.django_db
def test_server_not_allowed_is_refused_with_the_sql_server_port(settings):
    settings.SQL_ALLOWED_HOSTS = ["127.0.0.1:5432"]
    with pytest.raises(UserError) as caught:
        source_add_sql(
            resource=ResourceFactory(),
            name="remote",
            url="mssql://reader:pw@127.0.0.1/bio",
            query="SELECT 1 AS a",
        )
    assert caught.value.code == "sql:host-refused"
    assert "127.0.0.1:1433" in caught.value.message
