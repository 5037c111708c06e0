"""Files and tokens at rest (issue #16): what the instance writes under DATA_DIR is its own
(files 0600, folders 0700), an open DATA_DIR is reported at start-up, and API tokens are
stored hashed."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.checks import check_data_dir_private
from tests.conftest import ROOT
from tests.resources.publication.conftest import make_resource, manager, publish_inline

__all__ = ["manager"]  # a fixture, used by name

pytestmark = pytest.mark.django_db

STARTUP = """
import logging
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE probe (x int)")
logging.getLogger("probe").warning("written to the log file")
"""


def _modes(folder: Path) -> dict[str, str]:
    """The permission bits of ``folder`` and of everything under it, by relative path."""
    found = {".": oct(stat.S_IMODE(folder.stat().st_mode))}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = oct(stat.S_IMODE(path.lstat().st_mode))
    return found


def _not_private(folder: Path) -> dict[str, str]:
    modes = _modes(folder)
    return {
        name: mode
        for name, mode in modes.items()
        if mode != ("0o700" if (folder / name).is_dir() else "0o600")
    }


def _start(data_dir: Path) -> subprocess.CompletedProcess:
    """Start the real settings in a new process, as manage.py, gunicorn and Celery do, from
    a shell whose umask lets everyone read."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "publisher.settings",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": "sqlite:///%s" % (data_dir / "db.sqlite3"),
        "CELERY_BROKER_URL": "filesystem://",
    }
    env.pop("SECRET_KEY", None)
    env.pop("DATA_UMASK", None)
    return subprocess.run(
        [sys.executable, "-c", STARTUP],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(0o022),
    )


def test_a_new_instance_creates_its_database_log_and_folders_owner_only(tmp_path):
    data_dir = tmp_path / "fresh"
    started = _start(data_dir)
    assert started.returncode == 0, started.stderr
    names = set(_modes(data_dir))
    assert {"db.sqlite3", "logs/publisher.log", "secret_key", "tmp", "broker/queue"} <= names
    assert _not_private(data_dir) == {}


def test_an_instance_whose_data_dir_others_can_read_warns_at_start_up(tmp_path):
    data_dir = tmp_path / "open"
    data_dir.mkdir()
    data_dir.chmod(0o755)
    started = _start(data_dir)
    assert started.returncode == 0, started.stderr
    assert "can be read by other users (mode 0755)" in started.stderr
    assert "chmod -R go-rwx %s" % data_dir in started.stderr


def test_the_system_check_warns_of_an_open_data_dir_only(data_dir):
    assert check_data_dir_private() == []
    data_dir.chmod(0o750)
    warnings = check_data_dir_private()
    assert [w.id for w in warnings] == ["publisher.W001"]
    assert "mode 0750" in warnings[0].msg


def test_sources_and_archives_the_app_writes_are_owner_only(manager, data_dir):
    resource = make_resource(manager, "ponds")
    job = publish_inline(resource, manager)
    assert job.status == "succeeded", job.error_message
    names = set(_modes(data_dir))
    assert any(name.endswith(".zip") for name in names), names
    assert any(s.path in names for s in resource.sources.all())
    assert _not_private(data_dir) == {}


# --- API tokens ---------------------------------------------------------------------------------


def _all_text_in_the_database() -> str:
    """Every value of every table, as text."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute("SELECT * FROM %s" % connection.ops.quote_name(table))
            found.append(repr(cursor.fetchall()))
    return "\n".join(found)


def _authenticates(key: str) -> bool:
    from rest_framework.test import APIClient

    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION="Token " + key).status_code == 200


def test_the_database_holds_no_api_token_that_authenticates(manager):
    from django.test import Client

    page = Client()
    page.force_login(manager)
    shown = _tokens_in(page.post("/account/token/new/", follow=True).content.decode())
    assert len(shown) == 1
    shown.append(page.post("/api/v1/tokens/").json()["token"])
    for key in shown:
        assert _authenticates(key)
        assert key not in _all_text_in_the_database()
        assert key[:20] not in _all_text_in_the_database()


def _tokens_in(html: str) -> list[str]:
    import re

    return re.findall(r'data-testid="api-token">([^<]+)<', html)


@pytest.mark.django_db(transaction=True)
def test_tokens_stored_in_clear_are_carried_over_hashed_and_keep_working(manager):
    import importlib

    from django.apps import apps
    from django.db import connection

    plain = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"  # a DRF token, as they were stored
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40), user_id int, created text)")
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [plain, manager.pk, "2024-01-02 03:04:05"],
        )
    migration = importlib.import_module("publisher.migrations.0004_api_tokens_hashed")
    with connection.schema_editor() as editor:
        migration.hash_existing_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    assert plain not in _all_text_in_the_database()
    assert _authenticates(plain)
