"""Runs one job attempt from start to final state; called by the Celery task only."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from core import error_codes as codes
from core.errors import AppError, Text, UserError
from core.models import Job, JobStatus

from .context import JobCancelled, JobContext, JobInterrupted, TargetGone, shutdown_requested
from .registry import finished_listeners, get_kind

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What the task should do next: nothing, or retry after ``retry_in`` seconds."""

    status: str
    retry_in: int | None = None


def execute(job_id: str, *, task_id: str = "", worker: str = "") -> Outcome:
    """Run the job's registered runner and leave the job in a final state (or queued again).

    ``worker`` is the Celery node name of the worker running it (empty in a command's own
    process). The job is claimed by a conditional UPDATE (``Job.mark_running``): a duplicate
    message (a redelivery after the broker's visibility timeout, a message sent twice) or a
    second worker finds it claimed and returns without running it.

    A job whose object was deleted (``TargetGone``, or a lookup failing once its target is
    gone) ends cancelled with the reason ``job:target-gone``; user errors fail the job with
    their code; app errors put it back for a retry with exponential backoff until the kind's
    ``max_attempts``; anything else fails it as ``app:internal`` with the traceback in the
    worker log, not in the job.
    """
    job = Job.objects.filter(pk=job_id).first()
    if job is not None and job.status == JobStatus.PENDING and shutdown_requested():
        # A stopping worker can still receive a message (the requeue of its own job among
        # them): hand it back untouched, so the attempt count stays true.
        return Outcome(JobStatus.PENDING, retry_in=0)
    if job is None or not job.mark_running(task_id=task_id, worker=worker):
        return _not_started(job, worker)
    # A worker lives long: the content types it cached may have been created again since (a
    # test database flushed between tests, a migration run while it was up), and a job that
    # queues another job for a target would then point at a content type that is gone.
    ContentType.objects.clear_cache()
    try:
        kind = get_kind(job.kind)
    except KeyError:
        job.mark_failed(code=codes.JOB_UNKNOWN_KIND.code, message=_("Unknown job kind."))
        return Outcome(job.status)
    ctx = _context(job, worker)
    try:
        result = kind.runner(ctx)
        ctx.save()
    except JobCancelled:
        return Outcome(_refresh(job))
    except JobInterrupted:
        return _requeue(ctx, job)
    except TargetGone as exc:
        _cancel_gone(ctx, job, exc.message)
    except UserError as exc:
        _fail(ctx, job, exc.code, exc.message, exc.text())
    except AppError as exc:
        outcome = _retry_or_fail(ctx, job, kind.max_attempts, exc)
        _tell_listeners(job)
        return outcome
    except Exception as exc:
        _crashed(ctx, job, exc)
    else:
        job.mark_succeeded(result)
    _tell_listeners(job)
    return Outcome(job.status)


def _tell_listeners(job: Job) -> None:
    """Hand the finished job to the listeners of its kind (``finished_listener_register``);
    a listener that fails is logged, never fails the job (it has finished)."""
    if job.status not in (JobStatus.SUCCEEDED, JobStatus.FAILED):
        return
    for listener in finished_listeners(job.kind):
        try:
            listener(job)
        except Exception:
            logger.exception("A listener of job %s (%s) failed", job.pk, job.kind)


def _not_started(job: Job | None, worker: str) -> Outcome:
    """The job was cancelled before it started, is claimed by another attempt (a duplicate
    message), has finished, or was deleted: leave it alone."""
    if job is None:
        return Outcome("missing")
    logger.info("Job %s not started on %s: it is %s", job.pk, worker or "this process", job.status)
    return Outcome(job.status)


def _context(job: Job, worker: str) -> JobContext:
    """The claimed job's context; its log names the worker of this attempt."""
    ctx = JobContext(job)
    if worker:
        ctx.log("attempt %d on worker %s" % (job.attempts, worker))
    return ctx


def _refresh(job: Job) -> str:
    job.refresh_from_db()
    return job.status


def _requeue(ctx: JobContext, job: Job) -> Outcome:
    """The worker is stopping: put the job back so that the next worker starts it again."""
    ctx.log("worker stopping; the job will start again")
    try:
        ctx.save()
    except JobCancelled:
        return Outcome(_refresh(job))
    job.mark_pending_for_retry()
    return Outcome(JobStatus.PENDING, retry_in=0)


def _fail(ctx: JobContext, job: Job, code: str, message: str, text: Text | None = None) -> None:
    ctx.log("error: " + message)
    try:
        ctx.save()
    except JobCancelled:
        return
    job.mark_failed(code=code, message=message, text=text.to_dict() if text else None)


def _crashed(ctx: JobContext, job: Job, exc: Exception) -> None:
    if isinstance(exc, ObjectDoesNotExist) and _target_gone(job):
        _cancel_gone(ctx, job, _("What the job was about was deleted before it finished."))
        return
    logger.exception("Job %s (%s) crashed", job.pk, job.kind)
    _fail(ctx, job, codes.APP_INTERNAL.code, _("The job stopped on an internal error."))


def _target_gone(job: Job) -> bool:
    """True when the job names a target and that object no longer exists (a runner that did
    not say ``TargetGone`` stumbled on its deletion)."""
    if job.target_type_id is None or not job.target_id:
        return False
    model = job.target_type.model_class()
    return model is not None and not model._default_manager.filter(pk=job.target_id).exists()


def _cancel_gone(ctx: JobContext, job: Job, message: str) -> None:
    ctx.log("cancelled: " + message)
    try:
        ctx.save()
    except JobCancelled:
        return
    job.mark_cancelled(code=codes.JOB_TARGET_GONE.code, message=message)


def _retry_or_fail(ctx: JobContext, job: Job, max_attempts: int, exc: AppError) -> Outcome:
    job.refresh_from_db()
    if job.attempts >= max_attempts:
        _fail(ctx, job, exc.code, exc.message, exc.text())
        return Outcome(job.status)
    delay = 2**job.attempts
    ctx.log("temporary failure, retrying in %d s: %s" % (delay, exc.message))
    try:
        ctx.save()
    except JobCancelled:
        return Outcome(_refresh(job))
    job.mark_pending_for_retry()
    return Outcome(JobStatus.PENDING, retry_in=delay)
