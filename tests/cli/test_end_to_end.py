"""The command line as a script drives it: real `manage.py ... --json` processes, end to end.

Each step runs in its own process against the test database (a file, committed: the tests
here use the transactional database), as a worker process does in
``tests/publisher/test_worker_integration.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from resources.models import Resource, Version
from tests.conftest import ROOT

from .conftest import EML, Outcome

pytestmark = pytest.mark.django_db(transaction=True)
TIMEOUT = 120


def manage(*args: str) -> Outcome:
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATA_DIR=str(settings.DATA_DIR),
        TEST_WORKER_DATABASE_NAME=str(connection.settings_dict["NAME"]),
        PYTHONUNBUFFERED="1",
    )
    env.pop("PUBLISHER_TEST_OWNS_DATA_DIR", None)
    # The system checks import every URLconf and view: the `check` command's business, and
    # the same in each process; scripts running many steps may skip them as well.
    command = [sys.executable, "manage.py", *args, "--skip-checks"]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )
    return Outcome(done.stdout, done.stderr, done.returncode)


def step(*args: str) -> dict:
    """One successful step: exit 0 and exactly one JSON document on stdout."""
    result = manage(*args, "--json")
    assert result.status == 0, result.out + result.err
    body = json.loads(result.out)
    assert body["ok"] is True
    return body


def test_create_add_automap_describe_and_publish_from_a_script(manager, csvs):
    user = ("--user", manager.email)
    created = step("resource_create", "ponds", "--title", "Pond survey", *user)
    assert created["resource"]["shortname"] == "ponds"

    added = step(
        "source_add", "ponds", csvs["event.csv"], csvs["occurrence.csv"], "--inline", *user
    )
    assert added["job"]["status"] == "succeeded"
    assert {s["name"]: s["rows"] for s in added["sources"]} == {"event": 8, "occurrence": 24}

    mapped = step("mapping_automap", "ponds", *user)
    assert sorted(m["source"] for m in mapped["mappings"]) == ["event", "occurrence"]
    assert mapped["skipped"] == []

    described = step("metadata_import", "ponds", str(EML), *user)
    assert described["issues"] == [] and described["changes"]

    published = step("publish", "ponds", "--inline", "--summary", "From a script", *user)
    assert published["job"]["status"] == "succeeded"
    assert published["version"]["version"] == "1.0"
    assert published["version"]["records"] == 8

    version = Version.objects.get(resource=Resource.objects.get(shortname="ponds"))
    assert (version.label, version.records) == ("1.0", 8)
    assert version.counts == {"event.txt": 8, "occurrence.txt": 24}
    assert version.published_by == manager


def test_errors_exit_1_with_one_json_document_and_usage_errors_exit_2(
    manager, outsider, csvs, tmp_path
):
    manage("resource_create", "ponds", "--user", manager.email)
    unknown = manage("source_add", "lakes", csvs["event.csv"], "--user", manager.email, "--json")
    assert unknown.status == 1 and json.loads(unknown.out)["code"] == "not-found"

    foreign = manage("mapping_automap", "ponds", "--user", outsider.email, "--json")
    assert foreign.status == 1 and json.loads(foreign.out)["code"] == "auth:forbidden"

    junk = tmp_path / "counts.csv"
    junk.write_bytes(b"\x00\x01binary\x00" * 100)
    bad = manage("source_add", "ponds", str(junk), "--inline", "--user", manager.email, "--json")
    assert bad.status == 1, bad.err
    error = json.loads(bad.out)
    assert error["ok"] is False and error["code"] == "source:format"
    assert "counts.csv" in error["message"] and error["job"]["status"] == "failed"
    assert "CommandError: source:format" in bad.err

    usage = manage("visibility", "ponds", "hidden", "--json")
    assert usage.status == 2
    assert json.loads(usage.out)["code"] == "cli:usage" and "invalid choice" in usage.err
