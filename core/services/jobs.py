"""Creating, cancelling and reaping background jobs."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import error_codes as codes
from core.errors import UserError
from core.jobs import get_kind
from core.models import Job, JobStatus

logger = logging.getLogger(__name__)


@transaction.atomic
def job_create(
    *,
    kind: str,
    created_by: AbstractBaseUser | None,
    target: models.Model | None = None,
    params: dict | None = None,
    enqueue: bool = True,
) -> Job:
    """Create a pending job and queue its task once the transaction commits.

    With ``enqueue=False`` the job is created but not sent to the workers: the caller runs
    it in its own process (the management commands' ``--inline``).
    """
    try:
        job_kind = get_kind(kind)
    except KeyError:
        raise UserError(_("Unknown job kind."), code=codes.JOB_UNKNOWN_KIND) from None
    job = Job.objects.create(
        kind=kind,
        created_by=created_by,
        params=params or {},
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
    )
    if enqueue:
        transaction.on_commit(lambda: _enqueue(job, job_kind.queue))
    return job


def _enqueue(job: Job, queue: str) -> None:
    from core.tasks import run_job  # the task module imports this one

    result = run_job.apply_async(args=[str(job.pk)], queue=queue)
    Job.objects.filter(pk=job.pk, celery_task_id="").update(celery_task_id=result.id)


def queue_prepare() -> None:
    """Load the task queue's app and result backend now rather than at this process's first
    enqueue (~35 ms): for a process that will enqueue later and has time to spare now."""
    from core.tasks import run_job

    _ = run_job.backend  # evaluates the task (the app is finalised) and its backend


def job_cancel(*, job: Job) -> bool:
    """Cancel a pending or running job; a running one stops at its next progress report.

    Returns False if the job had already finished.
    """
    cancelled = job.mark_cancelled()
    if cancelled:
        logger.info("Job %s cancelled", job.pk)
    return cancelled


def jobs_fail_stale(*, timeout: int | None = None) -> int:
    """Fail every running job whose heartbeat is older than ``timeout`` seconds.

    A job's worker may have been killed (OOM, deploy, power); without this, the job would
    show "running" forever and block the next publication of its resource.
    """
    limit = timeout if timeout is not None else settings.JOB_HEARTBEAT_TIMEOUT
    cutoff = timezone.now() - timedelta(seconds=limit)
    stale = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
    count = 0
    for job in stale:
        if job.mark_failed(
            code=codes.JOB_STALE.code,
            message=_("The worker running this job stopped responding."),
        ):
            count += 1
            logger.warning("Job %s failed: heartbeat stale since %s", job.pk, job.heartbeat_at)
    return count
