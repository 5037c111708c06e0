"""The admins' status page: versions, checks, queue depths, last jobs, disk and workers; only
admins may open it."""

from __future__ import annotations

import platform
import shutil
import socket
import subprocess
import time

import django
import pytest
from django.conf import settings
from django.urls import reverse
from lxml import html

from core import __version__
from core.models import JobStatus, WorkerHeartbeat
from core.services.workers import worker_heartbeat
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db

URL = "/admin/status/"


@pytest.fixture
def embedded_queues(settings, tmp_path):
    """An embedded broker folder of its own, so no worker of the session takes its files."""
    folder = tmp_path / "queue"
    folder.mkdir()
    settings.EMBEDDED_BROKER = True
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(folder)}
    return folder


def _page(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return html.fromstring(response.content)


def _text(tree, xpath: str) -> str:
    return " ".join(" ".join(tree.xpath(xpath)[0].itertext()).split())


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("fixture", ["plain_user", "manager_user", "publisher_user"])
def test_only_admins_may_open_the_status_page(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(URL).status_code == 403


def test_admin_sees_versions_checks_disk_and_workers(client, admin_user, data_dir, embedded_queues):
    WorkerHeartbeat.objects.all().delete()
    worker_heartbeat(name="w1@host", queues="jobs,maintenance")
    client.force_login(admin_user)
    tree = _page(client)
    versions = _text(tree, '//*[@data-testid="status-versions"]')
    for version in (__version__, platform.python_version(), django.get_version()):
        assert version in versions
    assert "embedded" in versions
    checks = {dd.get("data-check"): dd.get("data-ok") for dd in tree.xpath("//dd[@data-check]")}
    assert checks == {"database": "true", "storage": "true", "broker": "true", "worker": "true"}
    assert "free of" in _text(tree, '//*[@data-testid="status-disk"]')
    assert tree.xpath('//tr[@data-worker="w1@host"]')
    assert tree.xpath('//nav//a[@href="%s"]' % URL)  # linked from the admin menu


def test_a_failed_check_shows_why_to_the_admin(client, admin_user, data_dir, embedded_queues):
    WorkerHeartbeat.objects.all().delete()
    client.force_login(admin_user)
    tree = _page(client)
    worker = tree.xpath('//dd[@data-check="worker"]')[0]
    assert worker.get("data-ok") == "false"
    assert "No worker heartbeat in the last %d seconds." % settings.WORKER_HEARTBEAT_TIMEOUT in (
        worker.text_content()
    )
    assert tree.xpath('//*[@data-testid="status-workers"]') == []


def test_queue_depths_count_the_embedded_brokers_files(client, admin_user, embedded_queues):
    for name in ("1_a.jobs.msg", "2_b.jobs.msg", "3_c.registry.msg", "4_d.jobs.msg.part"):
        (embedded_queues / name).write_text("{}")
    client.force_login(admin_user)
    tree = _page(client)
    depth = {
        row.get("data-queue"): _text(row, './/td[@data-testid="queue-depth"]')
        for row in tree.xpath("//tr[@data-queue]")
    }
    assert depth == {"jobs": "2", "registry": "1", "maintenance": "0"}


def test_last_job_of_each_queue_links_to_it(client, admin_user, embedded_queues):
    JobFactory(kind="selfcheck", status=JobStatus.SUCCEEDED)
    newest = JobFactory(kind="selfcheck", status=JobStatus.FAILED)
    client.force_login(admin_user)
    tree = _page(client)
    jobs_row = tree.xpath('//tr[@data-queue="jobs"]')[0]
    assert jobs_row.xpath(".//a/@href") == [reverse("job-detail", args=[newest.pk])]
    assert "Failed" in _text(jobs_row, ".")
    assert "No job yet." in _text(tree, '//tr[@data-queue="registry"]')


@pytest.fixture
def redis_server():
    """A real Redis server on a free port, stopped after the test."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield "redis://127.0.0.1:%d/0" % port
    process.terminate()
    process.wait(10)


def test_queue_depths_come_from_redis(client, admin_user, settings, redis_server):
    import redis

    settings.CELERY_BROKER_URL = redis_server
    settings.EMBEDDED_BROKER = False
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    redis.Redis.from_url(redis_server).lpush("jobs", "a", "b", "c")
    client.force_login(admin_user)
    tree = _page(client)
    assert _text(tree, '//tr[@data-queue="jobs"]//td[@data-testid="queue-depth"]') == "3"
    assert _text(tree, '//tr[@data-queue="registry"]//td[@data-testid="queue-depth"]') == "0"
    assert "redis" in _text(tree, '//*[@data-testid="status-versions"]')
    assert tree.xpath('//dd[@data-check="broker"]/@data-ok') == ["true"]
