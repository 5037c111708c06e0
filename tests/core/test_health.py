"""``/health`` (and the IPT's ``/api/health``): 200 when the database, DATA_DIR, the broker and
a worker answer; 503 naming what failed, and never more than the names, within a bound."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from core.models import WorkerHeartbeat
from core.services.workers import worker_heartbeat
from tests.conftest import ROOT
from tests.hanging_server import HangingServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def healthy(data_dir):
    """An installation whose every check passes: DATA_DIR/tmp exists, a worker just beat."""
    WorkerHeartbeat.objects.all().delete()
    worker_heartbeat(name="health@host", queues="jobs,maintenance")
    return data_dir


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_broker(settings, url: str) -> None:
    settings.CELERY_BROKER_URL = url
    settings.EMBEDDED_BROKER = False
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}


@pytest.mark.parametrize("path", ["/health", "/api/health"])
def test_health_answers_ok_and_nothing_else(client, healthy, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_health_answers_head_and_refuses_post(client, healthy):
    assert client.head("/health").status_code == 200
    assert client.post("/health").status_code == 405


def test_health_is_not_behind_the_login_and_still_checks_the_host(client, healthy, admin_user):
    client.force_login(admin_user)  # an admin gets no more details here either
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/health", HTTP_HOST="evil.example.org").status_code == 400


def test_health_is_not_redirected_to_https(client, healthy, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health").status_code == 200
    assert client.get("/about/").status_code == 301


def test_a_stale_worker_heartbeat_fails_the_worker_check(client, healthy):
    WorkerHeartbeat.objects.update(
        seen_at=timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_TIMEOUT + 1)
    )
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "failed": ["worker"]}
    assert "no-store" in response["Cache-Control"]


def test_an_unwritable_data_dir_fails_the_storage_check(client, healthy):
    (healthy / "tmp").rmdir()
    (healthy / "tmp").write_text("a file where the folder should be")
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "failed": ["storage"]}


def test_a_missing_embedded_broker_folder_fails_the_broker_check(client, healthy, settings):
    settings.EMBEDDED_BROKER = True
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(healthy / "no-broker")}
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]


def test_a_closed_broker_port_fails_the_broker_check(client, healthy, settings):
    _redis_broker(settings, "redis://127.0.0.1:%d/0" % _closed_port())
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "failed": ["broker"]}


def test_a_hanging_broker_fails_the_broker_check_within_the_bound(client, healthy, settings):
    server = HangingServer().start()
    try:
        _redis_broker(settings, "redis://127.0.0.1:%d/0" % server.port)
        settings.HEALTH_CHECK_TIMEOUT = 0.5
        started = time.monotonic()
        response = client.get("/health")
        elapsed = time.monotonic() - started
    finally:
        server.release()
    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]
    assert elapsed < 3


def test_an_unreachable_database_fails_the_database_and_worker_checks(tmp_path):
    """In a process of its own, since the test database must stay reachable here."""
    (tmp_path / "tmp").mkdir()
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/health');"
        "print(r.status_code, json.dumps(r.json()))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "publisher.settings",
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://nobody:x@127.0.0.1:%d/none" % _closed_port(),
        "CELERY_BROKER_URL": "filesystem://",
        "CACHE_URL": "",
        "ALLOWED_HOSTS": "testserver",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    status, body = done.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert body == '{"status": "error", "failed": ["database", "worker"]}'


def _compose_web_check(base_url: str) -> subprocess.CompletedProcess:
    """Run the web service's health check of docker-compose.yml against ``base_url``."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = compose["services"]["web"]["healthcheck"]["test"]
    assert command[:3] == ["CMD", "python", "-c"]
    env = {**os.environ, "BASE_URL": base_url, "PORT": base_url.rsplit(":", 1)[1]}
    return subprocess.run(
        [sys.executable, "-c", command[3]], env=env, capture_output=True, text=True, timeout=30
    )


@pytest.mark.django_db(transaction=True)
def test_the_compose_web_health_check_reads_health(live_server, data_dir):
    WorkerHeartbeat.objects.all().delete()
    worker_heartbeat(name="health@host")
    assert _compose_web_check(live_server.url).returncode == 0
    # No worker yet (they start once web is healthy): web itself is healthy.
    WorkerHeartbeat.objects.all().delete()
    assert _compose_web_check(live_server.url).returncode == 0
    (data_dir / "tmp").rmdir()
    done = _compose_web_check(live_server.url)
    assert done.returncode == 1
    assert '"failed": ["storage", "worker"]' in done.stdout
