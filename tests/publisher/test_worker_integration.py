"""Jobs run by a real Celery worker in a separate process, over the configured broker."""

from __future__ import annotations

import os

import pytest

from core.models import Job, JobStatus
from core.services.jobs import job_cancel, job_create, jobs_fail_stale
from core.tasks import run_job
from publisher.jobs.selfcheck import KIND as SELFCHECK
from tests.conftest import wait_for
from tests.factories import JobFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _finished(job: Job):
    job.refresh_from_db()
    return job.is_final and job


def test_selfcheck_runs_in_a_separate_worker_process(celery_worker_process):
    admin = UserFactory(role="admin")
    job = job_create(kind=SELFCHECK, created_by=admin, params={"steps": 5, "delay": 0.05})
    wait_for(lambda: _finished(job), timeout=60)
    assert job.status == JobStatus.SUCCEEDED, job.error_message + celery_worker_process.log()
    worker_pid = job.result["worker"]["pid"]
    assert worker_pid != os.getpid()
    assert {c["name"]: c["ok"] for c in job.result["checks"]} == {
        "database": True,
        "storage": True,
        "worker": True,
    }
    assert job.percent == 100
    assert "counted 5 steps" in job.log
    assert job.celery_task_id
    assert "phase: counting" in job.log


def test_cancel_stops_a_running_job_in_the_worker(celery_worker_process):
    admin = UserFactory(role="admin")
    job = job_create(kind=SELFCHECK, created_by=admin, params={"steps": 400, "delay": 0.05})
    wait_for(lambda: Job.objects.filter(pk=job.pk, progress_done__gt=0).exists(), timeout=60)
    assert job_cancel(job=job)
    wait_for(lambda: _finished(job), timeout=30)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert job.progress_done < 400
    assert job.result == {}


def test_job_of_a_killed_worker_is_failed_by_the_stale_heartbeat_reaper(make_worker):
    # A private queue, so that the session's worker cannot pick this job up.
    worker = make_worker("doomed", queues="doomed")
    job = JobFactory(kind=SELFCHECK, params={"steps": 600, "delay": 0.05})
    run_job.apply_async(args=[str(job.pk)], queue="doomed")
    wait_for(lambda: Job.objects.filter(pk=job.pk, progress_done__gt=0).exists(), timeout=60)
    worker.kill()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # nobody told the database the worker died
    wait_for(lambda: jobs_fail_stale(timeout=2), timeout=30, interval=0.5)
    job.refresh_from_db()
    assert (job.status, job.error_code) == (JobStatus.FAILED, "job:stale")


def test_stopping_a_worker_requeues_its_running_job_for_the_next_worker(make_worker):
    first = make_worker("stopping", queues="handover", pool="threads")
    job = JobFactory(kind=SELFCHECK, params={"steps": 100, "delay": 0.05})
    run_job.apply_async(args=[str(job.pk)], queue="handover")
    wait_for(lambda: Job.objects.filter(pk=job.pk, progress_done__gt=0).exists(), timeout=60)
    assert first.terminate(timeout=30) == 0
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING
    assert "worker stopping; the job will start again" in job.log
    make_worker("successor", queues="handover", pool="threads")
    wait_for(lambda: _finished(job), timeout=60)
    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 2
