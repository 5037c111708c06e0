"""The MariaDB server the SQL source tests read: the one `.ci/run` starts (`.ci/mariadb.sh`),
named by SOURCE_TEST_MARIADB_URL. Without it the MariaDB cases are skipped, except where
CI_REQUIRES_MARIADB is set (as `.ci/run` does): there they fail, so that they can never
silently not run in CI."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pymysql
import pytest

MARIADB_URL = os.environ.get("SOURCE_TEST_MARIADB_URL", "")
NO_MARIADB = "MariaDB cases run only when SOURCE_TEST_MARIADB_URL names a server (.ci/run)"


def mariadb_required() -> None:
    """Skip the calling test without a MariaDB server; fail when CI requires one."""
    if MARIADB_URL:
        return
    if os.environ.get("CI_REQUIRES_MARIADB"):
        pytest.fail("CI_REQUIRES_MARIADB is set but SOURCE_TEST_MARIADB_URL is not")
    pytest.skip(NO_MARIADB)


def _connect(database: str | None = None) -> pymysql.Connection:
    from sqlalchemy.engine.url import make_url

    url = make_url(MARIADB_URL)
    return pymysql.connect(
        host=url.host,
        port=url.port or 3306,
        user=url.username,
        password=url.password or "",
        database=database,
        charset="utf8mb4",
        autocommit=True,
    )


@contextmanager
def scratch_database() -> Iterator[tuple[str, pymysql.Connection]]:
    """A fresh database on the server (its source URL, and an admin connection to it),
    dropped afterwards."""
    mariadb_required()
    from sqlalchemy.engine.url import make_url

    name = "source_test_%s" % uuid.uuid4().hex[:12]
    admin = _connect()
    with admin.cursor() as cur:
        cur.execute("CREATE DATABASE %s CHARACTER SET utf8mb4" % name)
    admin.select_db(name)
    try:
        url = make_url(MARIADB_URL).set(database=name)
        yield url.render_as_string(hide_password=False), admin
    finally:
        with admin.cursor() as cur:
            cur.execute("DROP DATABASE %s" % name)
        admin.close()
