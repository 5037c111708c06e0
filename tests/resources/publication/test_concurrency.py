"""Two workers, as on two hosts sharing the database, the broker and DATA_DIR, publishing
20 resources at once: each publication runs once, on one worker, and none is lost.

Only on PostgreSQL with Redis (CI's second run): the embedded SQLite database and file-system
broker are single-host by nature (README, "Workers on several hosts").
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from core.errors import UserError
from core.models import ACTIVE_STATUSES, Job, JobStatus
from core.tasks import run_job
from resources import error_codes as codes
from resources.models import Version
from resources.services.publication import PUBLISH, resource_publish
from resources.services.publication.files import version_path
from tests.conftest import wait_for

from .conftest import make_resource

MULTI_HOST = settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and (
    settings.CELERY_BROKER_URL.startswith("redis")
)
pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not MULTI_HOST, reason="needs PostgreSQL and Redis (DATABASE_URL, broker)"),
]
RESOURCES = 20
QUEUE = "jobs"
# Celery's line for every task message a worker consumed, whatever the task returned.
TASK_DONE = re.compile(r"Task publisher\.tasks\.run_job\[([^\]]+)\] succeeded in ")


@pytest.fixture
def two_workers(make_worker, celery_worker_process):
    """Workers w1 and w2 (as the Procfile's ``worker``: two threads each) alone on the
    broker: the session's worker is stopped meanwhile."""
    celery_worker_process.stop()
    try:
        yield [
            make_worker(name, queues=QUEUE + ",maintenance", pool="threads", concurrency=2)
            for name in ("w1", "w2")
        ]
    finally:
        celery_worker_process.start()


def _start_twice(resources, user) -> list[Job | str]:
    """Start every publication twice at the same moment (a double click, two admins), as a
    page would; a refused start gives its error code."""
    barrier = threading.Barrier(2 * len(resources))

    def start(resource) -> Job | str:
        try:
            barrier.wait(timeout=60)
            return resource_publish(resource=resource, user=user, change_summary="at once")
        except UserError as exc:
            return exc.code
        finally:
            connection.close()  # this thread's connection

    with ThreadPoolExecutor(max_workers=2 * len(resources)) as pool:
        return list(pool.map(start, [r for r in resources for _ in range(2)]))


def _all_ended() -> bool:
    return (
        Job.objects.filter(kind=PUBLISH).count() == RESOURCES
        and not Job.objects.filter(status__in=ACTIVE_STATUSES).exists()
    )


def _consumed(workers, task_ids: set[str]) -> int:
    """How many messages of the tasks ``task_ids`` the workers took and ran to their end
    (messages that earlier tests left in the queue are not counted)."""
    return sum(1 for w in workers for task in TASK_DONE.findall(w.log()) if task in task_ids)


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_workers_publish_20_resources_each_once(manager, two_workers):
    resources = [make_resource(manager, "concurrent-%02d" % i) for i in range(RESOURCES)]

    outcomes = _start_twice(resources, manager)

    jobs = [o for o in outcomes if isinstance(o, Job)]
    refused = [o for o in outcomes if not isinstance(o, Job)]
    assert len(jobs) == RESOURCES, refused
    assert refused == [codes.PUBLICATION_RUNNING.code] * RESOURCES
    assert {job.target_id for job in jobs} == {str(r.pk) for r in resources}
    # The broker delivers every message a second time (same task id), as after a lost
    # acknowledgement: a duplicate must find its job claimed or ended and leave it alone.
    for job in jobs:
        job.refresh_from_db()
        run_job.apply_async(args=[str(job.pk)], queue=QUEUE, task_id=job.celery_task_id)

    wait_for(_all_ended, timeout=50, interval=0.5)
    task_ids = {job.celery_task_id for job in jobs}
    for _ in range(100):  # the duplicates too: each message consumed, none left queued
        if _consumed(two_workers, task_ids) == 2 * RESOURCES:
            break
        time.sleep(0.2)
    logs = {w.name: w.log() for w in two_workers}
    assert _consumed(two_workers, task_ids) == 2 * RESOURCES, logs

    ran_on = {}
    for job in Job.objects.filter(kind=PUBLISH):
        assert job.status == JobStatus.SUCCEEDED, job.error_message + job.log + str(logs)
        assert job.attempts == 1  # claimed once: no duplicate started it again
        assert job.log.count(" on worker ") == 1
        assert "attempt 1 on worker %s" % job.worker in job.log
        ran_on[job.pk] = job.worker.partition("@")[0]
    assert set(ran_on.values()) == {"w1", "w2"}  # both workers took some, nobody else

    for resource in resources:
        versions = list(Version.objects.filter(resource=resource))
        assert [v.label for v in versions] == ["1.0"]  # never published twice
        version = versions[0]
        assert version.job_id in ran_on
        archive = version_path(version, "archive")
        assert archive.stat().st_size == version.archive_size
        assert _sha256(archive) == version.archive_sha256
        assert version_path(version, "eml").stat().st_size > 0
        assert version_path(version, "report").exists()
