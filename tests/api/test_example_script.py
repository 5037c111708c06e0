"""examples/publish_via_api.py publishes a sampling-event dataset from nothing over real
HTTP, with a real token, its jobs run by a real worker process; the archive it verified is
the one the public archive.do address serves."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import urllib.request

import pytest

from resources.models import Resource, Visibility
from resources.services.publication import version_path
from tests.conftest import ROOT

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SCRIPT = ROOT / "examples" / "publish_via_api.py"
SHORTNAME = "ponds-via-api"


def _run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUBLISHER_")}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def test_the_example_publishes_a_dataset_end_to_end(
    live_server, celery_worker_process, token_manager
):
    _manager, token = token_manager

    run = _run("--base-url", live_server.url, "--token", token, "--shortname", SHORTNAME)

    assert run.returncode == 0, run.stdout + run.stderr + celery_worker_process.log()[-3000:]
    resource = Resource.objects.get(shortname=SHORTNAME)
    version = resource.versions.get()
    assert version.label == "1.0"
    assert version.counts == {"event.txt": 4, "occurrence.txt": 5}
    assert resource.visibility == Visibility.PUBLIC and version.visibility == Visibility.PUBLIC
    public_url = "%s/archive.do?r=%s" % (live_server.url, SHORTNAME)
    assert public_url in run.stdout
    with urllib.request.urlopen(public_url, timeout=30) as response:  # noqa: S310 - test server
        served = response.read()
    assert served == version_path(version, "archive").read_bytes()
    assert hashlib.sha256(served).hexdigest() == version.archive_sha256


def test_the_example_exits_with_the_apis_error_message(live_server, token_manager):
    run = _run("--base-url", live_server.url, "--token", "0" * 40, timeout=60)

    assert run.returncode == 1
    assert "HTTP 401 auth:failed" in run.stderr
    assert not Resource.objects.exists()
