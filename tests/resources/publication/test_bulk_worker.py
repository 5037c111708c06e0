"""`manage.py publish --resources` with a real worker: the bulk job waits on the maintenance
queue while its publications run on the jobs queue, one at a time, and the command prints
each resource's outcome."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from core.models import Job, JobStatus
from resources.services.publication import PUBLISH

from .conftest import make_resource

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(make_worker, celery_worker_process, monkeypatch):
    """A worker with three threads (the bulk job holds one) alone on the broker."""
    monkeypatch.setenv("BULK_PUBLISH_POLL", "0.2")
    celery_worker_process.stop()
    try:
        yield make_worker("bulk", queues="jobs,registry,maintenance", pool="threads", concurrency=3)
    finally:
        celery_worker_process.start()


def test_the_command_publishes_the_resources_one_at_a_time(manager, worker):
    for name in ("pond-a", "pond-b"):
        make_resource(manager, name)
    out = io.StringIO()
    call_command(
        "publish",
        "--resources",
        "pond-a,pond-b",
        "--concurrency",
        "1",
        "--json",
        "--user",
        manager.email,
        stdout=out,
        stderr=io.StringIO(),
    )
    body = json.loads(out.getvalue())
    assert body["ok"] and body["job"]["status"] == "succeeded"
    assert [(r["resource"], r["status"], r["version"]) for r in body["resources"]] == [
        ("pond-a", "succeeded", "1.0"),
        ("pond-b", "succeeded", "1.0"),
    ]
    first, second = Job.objects.filter(kind=PUBLISH).order_by("created_at")
    assert second.created_at >= first.finished_at  # the second waited for the first
    assert first.status == second.status == JobStatus.SUCCEEDED
