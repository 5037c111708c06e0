"""Shared fixtures: users per role, API clients, and a real Celery worker process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from rest_framework.test import APIClient

from publisher.models import Role
from tests.datacite_server import DataCiteServer
from tests.factories import UserFactory

# The DataCite repository of the ``datacite`` fixture.
DATACITE_REPOSITORY = "POND.DOIS"
DATACITE_PASSWORD = "datacite-secret"
DATACITE_PREFIX = "10.80123"

ROOT = Path(__file__).resolve().parent.parent
# The reference data the tests read ships with the repository (see tests/data/PROVENANCE.md).
TEST_DATA = ROOT / "tests" / "data"
EXTENSIONS = TEST_DATA / "extensions"
VOCABULARIES = TEST_DATA / "vocabularies" / "vocabulary"
HUMBOLDT = EXTENSIONS / "extension" / "eco" / "humboldt_2025-07-10.xml"
WORKER_READY_TIMEOUT = 90


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("PUBLISHER_TEST_OWNS_DATA_DIR") and not os.environ.get("KEEP_TEST_DATA"):
        shutil.rmtree(os.environ["DATA_DIR"], ignore_errors=True)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request in another language leaves that
    language active in the thread (LocaleMiddleware does not reset it), as would a test."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def data_dir(settings, tmp_path):
    """A fresh, empty DATA_DIR (with its tmp/) for the test."""
    settings.DATA_DIR = tmp_path / "data"
    (settings.DATA_DIR / "tmp").mkdir(parents=True)
    return settings.DATA_DIR


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMIN, email="admin@example.org")


@pytest.fixture
def publisher_user(db):
    return UserFactory(role=Role.PUBLISHER)


@pytest.fixture
def manager_user(db):
    return UserFactory(role=Role.MANAGER)


@pytest.fixture
def plain_user(db):
    return UserFactory(role=Role.USER)


@pytest.fixture
def api_client():
    return APIClient()


def _client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def admin_api(admin_user):
    return _client_for(admin_user)


class WorkerProcess:
    """A Celery worker started as a separate OS process against the test database and broker."""

    def __init__(
        self,
        log_path: Path,
        name: str,
        queues: str = "jobs,registry,maintenance",
        pool: str = "prefork",
        concurrency: int = 1,
    ):
        self.log_path = log_path
        self.name = name
        self.queues = queues
        self.pool = pool
        self.concurrency = concurrency
        self.proc: subprocess.Popen | None = None

    def start(self) -> WorkerProcess:
        from django.db import connection

        env = os.environ.copy()
        env.update(
            DJANGO_SETTINGS_MODULE="tests.settings",
            DATA_DIR=str(settings.DATA_DIR),
            TEST_WORKER_DATABASE_NAME=str(connection.settings_dict["NAME"]),
            PYTHONUNBUFFERED="1",
        )
        env.pop("PUBLISHER_TEST_OWNS_DATA_DIR", None)
        cmd = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "publisher",
            "worker",
            "-Q",
            self.queues,
            "--pool",
            self.pool,
            "--concurrency",
            str(self.concurrency),
            "-n",
            self.name + "@%h",
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
        ]
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + WORKER_READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("Celery worker exited early:\n" + self.log())
            if " ready." in self.log():
                return
            time.sleep(0.2)
        raise RuntimeError("Celery worker did not start in time:\n" + self.log())

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def pid(self) -> int:
        return self.proc.pid

    def kill(self) -> None:
        """Kill the worker and its pool children at once, as an OOM killer would."""
        subprocess.run(["pkill", "-KILL", "-P", str(self.proc.pid)], check=False)
        self.proc.kill()
        self.proc.wait(10)

    def terminate(self, timeout: float = 30) -> int:
        """SIGTERM, as Ctrl-C under honcho or `docker stop` sends; returns the exit code."""
        self.proc.terminate()
        return self.proc.wait(timeout)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, tmp_path_factory):
    """One real worker for the session; tests using it need ``transactional_db``."""
    worker = WorkerProcess(tmp_path_factory.mktemp("worker") / "worker.log", "session").start()
    yield worker
    worker.stop()


@pytest.fixture
def make_worker(django_db_setup, tmp_path):
    """Start an extra worker on a private queue (for tests that kill it)."""
    workers: list[WorkerProcess] = []

    def make(name: str, queues: str, pool: str = "prefork", concurrency: int = 1) -> WorkerProcess:
        log = tmp_path / (name + ".log")
        worker = WorkerProcess(log, name, queues, pool, concurrency).start()
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()


def wait_for(predicate, timeout: float = 60, interval: float = 0.2):
    """Poll ``predicate`` until it returns a truthy value; fail the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail("condition not met within %.0f s" % timeout)


class LocalServer:
    """A real HTTP server on 127.0.0.1 answering the routes a test sets."""

    def __init__(self):
        self.routes: dict[str, tuple[int, bytes, str]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                server.requests.append(self.path)
                missing = (404, b"not found", "text/plain")
                status, body, ctype = server.routes.get(self.path, missing)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return "http://127.0.0.1:%d%s" % (self.httpd.server_port, path)

    def serve(
        self, path: str, body: bytes, *, status: int = 200, content_type: str = "application/xml"
    ) -> str:
        self.routes[path] = (status, body, content_type)
        return self.url(path)


@pytest.fixture
def http_server():
    server = LocalServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def datacite():
    """A contract-faithful DataCite (``tests.datacite_server``) with one repository,
    ``DATACITE_REPOSITORY`` with ``DATACITE_PASSWORD``, owning ``DATACITE_PREFIX``."""
    server = DataCiteServer()
    server.add_repository(DATACITE_REPOSITORY, DATACITE_PASSWORD, prefixes=(DATACITE_PREFIX,))
    server.start()
    yield server
    server.stop()
