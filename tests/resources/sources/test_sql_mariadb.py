"""MariaDB (and MySQL) SQL sources against the real MariaDB server `.ci/run` starts: values as
the toolkit reads them, the READ ONLY transaction behind the statement checks, and a source
added over the API with its password stored encrypted. The checks alone (no server) are at
the end."""

from __future__ import annotations

import os

import pytest
from rest_framework.test import APIClient

from publisher.models import Role
from resources.models import Resource, Source
from resources.sources.errors import SourceError
from resources.sources.sql import SqlSpec, check_query, open_sql_table
from tests.factories import UserFactory
from tests.resources.sources.mariadb import MARIADB_URL, mariadb_required, scratch_database

TYPES = """CREATE TABLE sample (
    id INT, big BIGINT, amount DECIMAL(12, 4), share FLOAT, ratio DOUBLE, day DATE,
    seen DATETIME(6), stamp TIMESTAMP NULL, hour TIME, year YEAR, flag BIT(1),
    kind ENUM('egg', 'larva'), name VARCHAR(100), note TEXT, extra JSON
) CHARACTER SET utf8mb4"""
ROW = (
    "1, 9007199254740993, 12.5000, 0.1, 0.1, '2024-05-06', '2024-05-06 07:08:09.123456', "
    "'2024-05-06 07:08:09', '10:30:05', 2024, b'1', 'larva', 'Ωmega 🦋 ß', 'a\\nb', "
    "'{\"a\": 1}'"
)
NULLS = ", ".join(["NULL"] * 15)


@pytest.fixture
def mariadb():
    with scratch_database() as (url, admin):
        yield url, admin


def read(url: str, query: str, **kwargs) -> list[tuple[str, ...]]:
    return [row.values for row in open_sql_table(SqlSpec(url, query), **kwargs).rows()]


def error_of(url: str, query: str, **kwargs) -> SourceError:
    with pytest.raises(SourceError) as caught:
        read(url, query, **kwargs)
    return caught.value


def test_mariadb_server_is_there_when_ci_requires_it():
    """`.ci/run` sets CI_REQUIRES_MARIADB: the MariaDB cases must run there, never skip."""
    if os.environ.get("CI_REQUIRES_MARIADB"):
        assert MARIADB_URL, "CI_REQUIRES_MARIADB is set but SOURCE_TEST_MARIADB_URL is not"
    else:
        mariadb_required()


def test_values_become_text(mariadb):
    url, admin = mariadb
    with admin.cursor() as cur:
        cur.execute(TYPES)
        cur.execute("INSERT INTO sample VALUES (%s), (%s)" % (ROW, NULLS))
    table = open_sql_table(SqlSpec(url, "SELECT * FROM sample ORDER BY id IS NULL"))
    assert table.columns[:3] == ["id", "big", "amount"]
    assert [row.values for row in table.rows()] == [
        (
            "1",
            "9007199254740993",
            "12.5",
            "0.1",
            "0.1",
            "2024-05-06",
            "2024-05-06T07:08:09.123456",
            "2024-05-06T07:08:09",
            "10:30:05",
            "2024",
            "1",
            "larva",
            "Ωmega 🦋 ß",
            "a\nb",
            '{"a": 1}',
        ),
        ("",) * 15,
    ]


def test_binary_value_is_refused_with_its_column(mariadb):
    url, admin = mariadb
    with admin.cursor() as cur:
        cur.execute("CREATE TABLE photo (id INT, data BLOB)")
        cur.execute("INSERT INTO photo VALUES (1, x'00ff')")
    error = error_of(url, "SELECT id, data FROM photo")
    assert error.code == "sql:binary" and '"data"' in error.message
    assert read(url, "SELECT id, hex(data) AS data FROM photo") == [("1", "00FF")]


def test_write_through_a_function_fails_in_the_read_only_transaction(mariadb):
    """A stored function that deletes passes the statement checks; the READ ONLY transaction
    still stops it, though the user may write."""
    url, admin = mariadb
    with admin.cursor() as cur:
        cur.execute("CREATE TABLE occurrence (id INT)")
        cur.execute("INSERT INTO occurrence VALUES (1), (2)")
        cur.execute(
            "CREATE FUNCTION wipe() RETURNS INT MODIFIES SQL DATA "
            "BEGIN DELETE FROM occurrence; RETURN 1; END"
        )
    assert error_of(url, "SELECT wipe() AS w").code == "sql:not-select"
    with admin.cursor() as cur:
        cur.execute("SELECT count(*) FROM occurrence")
        assert cur.fetchone()[0] == 2


def test_order_by_is_kept_with_a_limit(mariadb):
    url, admin = mariadb
    with admin.cursor() as cur:
        cur.execute("CREATE TABLE n (id INT)")
        cur.execute("INSERT INTO n VALUES (1), (2), (3)")
    assert read(url, "SELECT id FROM n ORDER BY id DESC", limit=2) == [("3",), ("2",)]
    assert open_sql_table(SqlSpec(url, "SELECT id FROM n"), limit=0).columns == ["id"]


def test_backslash_strings_are_lexed_as_mariadb_does(mariadb):
    url, _admin = mariadb
    assert read(url, "SELECT 'it\\'s; fine' AS s, \"a\\\"b\" AS t # a comment") == [
        ("it's; fine", 'a"b')
    ]


def test_slow_query_stops_with_a_clear_message(mariadb):
    url, _admin = mariadb
    error = error_of(url, "SELECT SLEEP(30) AS s", timeout_s=1)
    assert error.code == "sql:timeout"
    assert "time limit (1 s)" in error.message


def test_wrong_password_gives_sql_connect_without_the_password(mariadb):
    url, _admin = mariadb
    bad = url.replace(":publisher@", ":Wrong-Pw-1@")
    error = error_of(bad, "SELECT 1")
    assert error.code == "sql:connect"
    assert "Wrong-Pw-1" not in str(error) and "***" in error.message


# --- over the API, with SQL_ALLOWED_HOSTS ---------------------------------------------------


@pytest.fixture
def client(db):
    api = APIClient()
    api.force_authenticate(UserFactory(role=Role.MANAGER))
    created = api.post("/api/v1/resources/", {"shortname": "mdb", "title": "M"}, format="json")
    assert created.status_code == 201
    return api


def test_source_is_added_over_the_api_only_from_an_allowed_server(
    client, mariadb, settings, data_dir
):
    url, admin = mariadb
    with admin.cursor() as cur:
        cur.execute("CREATE TABLE visit (id VARCHAR(9), n INT)")
        cur.execute("INSERT INTO visit VALUES ('v1', 3), ('v2', 5)")
    body = {"name": "visits", "sql_url": url, "sql_query": "SELECT id, n FROM visit ORDER BY id"}
    settings.SQL_ALLOWED_HOSTS = []
    refused = client.post("/api/v1/resources/mdb/sources/", body, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "sql:host-refused"
    writing = dict(body, sql_query="SELECT id INTO OUTFILE '/tmp/x' FROM visit")
    settings.SQL_ALLOWED_HOSTS = ["127.0.0.1"]
    refused = client.post("/api/v1/resources/mdb/sources/", writing, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "sql:not-select"
    created = client.post("/api/v1/resources/mdb/sources/", body, format="json")
    assert created.status_code == 201, created.json()
    source = Source.objects.get(resource=Resource.objects.get(shortname="mdb"))
    assert "publisher@" not in source.sql_url_encrypted and ":***@" in source.sql_url_redacted
    preview = client.get("/api/v1/resources/mdb/sources/visits/preview").json()
    assert preview["rows"] == [
        {"line": 1, "values": ["v1", "3"]},
        {"line": 2, "values": ["v2", "5"]},
    ]


# --- the checks, without a server -------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "INSERT INTO occurrence VALUES (1)",
        "UPDATE occurrence SET id = 2",
        "DROP TABLE occurrence",
        "SELECT 1; DROP TABLE occurrence",
        "SELECT * FROM occurrence INTO OUTFILE '/tmp/x'",
        "SELECT * INTO DUMPFILE '/tmp/x' FROM occurrence",
        "SELECT LOAD_FILE('/etc/passwd')",
        "CALL wipe()",
        "SET @a = 1",
        "SELECT * FROM occurrence LOCK IN SHARE MODE",
        "SELECT GET_LOCK('x', 10)",
        "SELECT 1 /*! ; DROP TABLE occurrence */",
        "SELECT 1 /*M!100000 , (SELECT 1 FROM occurrence FOR UPDATE) */",
        # Where PostgreSQL's rules see a string or a comment and MariaDB sees code:
        "SELECT 'a\\' , ' ; DROP TABLE occurrence; -- '",
        "SELECT 1--1; DROP TABLE occurrence",
        "SELECT 1 --\x01 ' \n ; DROP TABLE occurrence; -- '",  # a control character after --
        "SELECT 1 # \r' \n; DROP TABLE occurrence; -- '",  # a comment ends at a line feed
        'SELECT "a\\" , " ; DROP TABLE occurrence; -- "',
    ],
)
def test_check_refuses_what_is_not_one_reading_select(query):
    with pytest.raises(SourceError) as caught:
        check_query(query, "mysql")
    assert caught.value.code in ("sql:not-select", "sql:multiple")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT `insert`, `lock` FROM occurrence",
        "SELECT 1 # ; DROP TABLE occurrence",
        "SELECT id # the key\r\nFROM occurrence",
        "SELECT 'a;b' AS s -- done",
        "SELECT CAST(name AS CHAR CHARACTER SET utf8mb4) FROM occurrence LIMIT 10",
    ],
)
def test_check_accepts_a_reading_select(query):
    check_query(query, "mariadb")


def test_refused_word_says_how_to_quote_a_column():
    with pytest.raises(SourceError) as caught:
        check_query("SELECT lock FROM occurrence", "mysql")
    assert "`lock`" in caught.value.message % caught.value.params
