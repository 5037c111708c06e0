"""Celery tasks: thin wrappers that load ids and call the job executor or a service.

Queues are set in ``CELERY_TASK_ROUTES`` (settings): ``jobs`` for long work, ``maintenance``
for periodic housekeeping, so a busy publication never delays the stale-job reaper. The task
names keep the ``publisher.tasks.`` prefix they had before the module moved to ``core``, so
messages already queued and the beat schedule of a running installation still match.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from core.broker import partials_sweep
from core.jobs.executor import execute
from core.services.jobs import jobs_fail_stale
from core.services.tmp import tmp_sweep


@shared_task(
    bind=True,
    name="publisher.tasks.run_job",
    acks_late=True,
    soft_time_limit=settings.JOB_SOFT_TIME_LIMIT,
    time_limit=settings.JOB_SOFT_TIME_LIMIT + 300,
    max_retries=None,
)
def run_job(self, job_id: str) -> str:
    """Run one attempt of job ``job_id``; re-queue it when the executor asks for a retry."""
    outcome = execute(job_id, task_id=self.request.id or "", worker=self.request.hostname or "")
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(
    name="publisher.tasks.fail_stale_jobs",
    acks_late=True,
    soft_time_limit=60,
    time_limit=120,
)
def fail_stale_jobs() -> int:
    """Fail running jobs whose heartbeat went stale (their worker died)."""
    return jobs_fail_stale()


@shared_task(
    name="core.tasks.sweep_temporary_files",
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
)
def sweep_temporary_files() -> list[str]:
    """Hourly: remove abandoned entries of ``DATA_DIR/tmp`` (``core.services.tmp``) and the
    half-written messages of producers that died (embedded broker)."""
    removed = tmp_sweep()
    if settings.EMBEDDED_BROKER:
        removed += partials_sweep(settings.BROKER_DIR / "queue", max_age=3600)
    return removed
