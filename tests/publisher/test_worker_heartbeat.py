"""Workers leave a heartbeat row; pages and the API say when no worker is running, and the
stale-job sweep runs from beat on a queue that every worker consumes."""

from __future__ import annotations

from datetime import timedelta

import pytest
import yaml
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.models import Job, JobStatus, WorkerHeartbeat
from core.services.workers import worker_gone, worker_heartbeat
from tests.conftest import ROOT, wait_for
from tests.factories import JobFactory

NO_WORKER = "No worker is running"


def _job_api(admin_api, job: Job) -> dict:
    response = admin_api.get(reverse("api-job-detail", args=[job.pk]))
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_job_api_says_whether_a_worker_is_running(admin_api, admin_user):
    WorkerHeartbeat.objects.all().delete()  # a worker of this test session may have beaten
    job = JobFactory(created_by=admin_user)
    assert _job_api(admin_api, job)["waits_for_worker"] is True  # no heartbeat at all
    worker_heartbeat(name="old@host")
    WorkerHeartbeat.objects.update(
        seen_at=timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_TIMEOUT + 1)
    )
    assert _job_api(admin_api, job)["waits_for_worker"] is True
    worker_heartbeat(name="old@host")
    assert _job_api(admin_api, job)["waits_for_worker"] is False
    worker_gone(name="old@host")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
    assert _job_api(admin_api, job)["waits_for_worker"] is False  # finished: nothing to wait


@pytest.mark.django_db
def test_job_page_says_no_worker_is_running_when_every_heartbeat_is_old(client, admin_user):
    WorkerHeartbeat.objects.all().delete()
    job = JobFactory(created_by=admin_user, status=JobStatus.RUNNING)
    client.force_login(admin_user)
    page = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    assert NO_WORKER in page
    worker_heartbeat(name="fresh@host")
    page = client.get(reverse("job-progress", args=[job.pk])).content.decode()
    assert NO_WORKER not in page


def _queues_of(command: str) -> set[str]:
    words = command.split()
    return set(words[words.index("-Q") + 1].split(","))


def test_every_worker_consumes_the_queue_of_the_stale_job_sweep():
    sweep = settings.CELERY_BEAT_SCHEDULE["fail-stale-jobs"]
    assert sweep["task"] == "publisher.tasks.fail_stale_jobs"
    queue = sweep["options"]["queue"]
    procfile = (ROOT / "Procfile").read_text().splitlines()
    workers = [line for line in procfile if " worker " in line]
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    workers += [
        " ".join(s["command"]) for s in compose.values() if "worker" in s.get("command", [])
    ]
    assert len(workers) == 4  # jobs and registry workers, in the Procfile and the compose file
    assert all(queue in _queues_of(command) for command in workers)
    assert {"jobs", "registry"} <= set().union(*map(_queues_of, workers))


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_worker_beats_while_it_runs_and_leaves_when_it_stops(make_worker):
    worker = make_worker("beating", queues="beating", pool="threads")
    row = wait_for(lambda: WorkerHeartbeat.objects.filter(name__startswith="beating@").first())
    assert row.queues == "beating"
    assert row.pid == worker.pid
    assert not JobFactory().waits_for_worker
    assert worker.terminate() == 0
    assert not WorkerHeartbeat.objects.filter(name__startswith="beating@").exists()
