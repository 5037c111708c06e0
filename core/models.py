"""One table for all background work (analysis, publication, registry calls, self-checks),
and one row per live Celery worker (its heartbeat)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.choices import TextChoices
from core.errors import Text

LOG_LIMIT = 200_000  # characters of log kept per job; older lines are dropped first


class JobStatus(TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (JobStatus.PENDING, JobStatus.RUNNING)
FINAL_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class Job(models.Model):
    """A unit of background work and its observable state.

    Status moves pending -> running -> succeeded | failed | cancelled, and pending -> cancelled,
    only through the transition methods below. Each transition is a conditional UPDATE, so a
    job that was cancelled or failed by another process is never brought back to life.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True, default="")
    target = GenericForeignKey("target_type", "target_id")
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    phase = models.CharField(_("phase"), max_length=64, blank=True, default="")
    phase_started_at = models.DateTimeField(null=True, blank=True)
    progress_done = models.BigIntegerField(default=0)
    progress_total = models.BigIntegerField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    error_code = models.CharField(max_length=64, blank=True, default="")
    error_message = models.TextField(blank=True, default="")
    log = models.TextField(blank=True, default="")
    result = models.JSONField(default=dict, blank=True)
    celery_task_id = models.CharField(max_length=255, blank=True, default="")
    worker = models.CharField(
        _("worker"),
        max_length=255,
        blank=True,
        default="",
        help_text=_(
            "The node name (name@host) of the worker that ran the latest attempt; empty for "
            "a job run by a command in its own process."
        ),
    )
    attempts = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table keeps the name it had when the model lived in ``publisher``.
        db_table = "publisher_job"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["target_type", "target_id", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.id} ({self.status})"

    # --- read helpers -----------------------------------------------------------------------
    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def waits_for_worker(self) -> bool:
        """True while the job is pending or running and no worker has a recent heartbeat:
        nothing will start it, or notice that its worker died, until a worker runs."""
        return self.is_active and not WorkerHeartbeat.objects.alive().exists()

    @property
    def percent(self) -> int | None:
        """Progress as a whole percentage, or None while the total is unknown."""
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return None
        return min(100, int(self.progress_done * 100 / self.progress_total))

    @property
    def rate(self) -> float | None:
        """Units of progress per second in the current phase (None until measurable)."""
        if not self.is_active or not self.phase_started_at or not self.heartbeat_at:
            return None
        seconds = (self.heartbeat_at - self.phase_started_at).total_seconds()
        if seconds < 1 or self.progress_done <= 0:
            return None
        return self.progress_done / seconds

    @property
    def seconds_left(self) -> int | None:
        """An estimate of the seconds the current phase still needs, at its rate so far."""
        rate = self.rate
        if rate is None or not self.progress_total:
            return None
        return max(0, int((self.progress_total - self.progress_done) / rate))

    def log_tail(self, lines: int = 10) -> list[str]:
        return [line for line in self.log.splitlines() if line][-lines:]

    # --- transitions ------------------------------------------------------------------------
    def _transition(self, allowed: tuple[str, ...], **changes: Any) -> bool:
        """Apply ``changes`` if the stored status is one of ``allowed``; refresh either way."""
        updated = Job.objects.filter(pk=self.pk, status__in=allowed).update(**changes)
        self.refresh_from_db()
        return bool(updated)

    def mark_running(self, *, task_id: str = "", worker: str = "") -> bool:
        """Claim the pending job for one attempt by ``worker`` (a Celery node name).

        The claim is one conditional UPDATE in the database, so of two workers (on any hosts)
        handed the same job, or one handed a duplicate of its message, exactly one wins; the
        other gets False and must not run the job.
        """
        now = timezone.now()
        return self._transition(
            (JobStatus.PENDING,),
            status=JobStatus.RUNNING,
            started_at=now,
            heartbeat_at=now,
            celery_task_id=task_id or self.celery_task_id,
            worker=worker,
            attempts=models.F("attempts") + 1,
        )

    def mark_succeeded(self, result: dict | None = None) -> bool:
        return self._transition(
            (JobStatus.RUNNING,),
            status=JobStatus.SUCCEEDED,
            result=result or {},
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
            progress_done=Coalesce(models.F("progress_total"), models.F("progress_done")),
        )

    def localized_error(self) -> str:
        """The error message in the active language: from the ``Text`` the failure kept, else
        the stored English text as the catalogue has it ("" without an error)."""
        kept = self.result.get("error_text") if isinstance(self.result, dict) else None
        if kept:
            try:
                return Text.from_dict(kept).render()
            except (KeyError, TypeError, ValueError):  # a faulty translation: English
                pass
        return gettext(self.error_message) if self.error_message else ""

    def mark_failed(self, *, code: str, message: str, text: dict | None = None) -> bool:
        """Fail the active job with ``code`` and the English ``message``; ``text`` (a
        ``core.errors.Text`` as a dict) keeps the message translatable, in
        ``result["error_text"]``, beside what the job stored there before failing."""
        extra = {}
        if text:  # the runner may have stored a result (a failed publication's report)
            stored = Job.objects.filter(pk=self.pk).values_list("result", flat=True).first()
            extra = {"result": {**(stored or {}), "error_text": text}}
        return self._transition(
            ACTIVE_STATUSES,
            status=JobStatus.FAILED,
            error_code=code,
            error_message=message,
            finished_at=timezone.now(),
            **extra,
        )

    def mark_cancelled(self, *, code: str = "", message: str = "") -> bool:
        """Cancel an active job; ``code`` and ``message`` say why when it was not a user's
        request (the object the job was about was deleted)."""
        return self._transition(
            ACTIVE_STATUSES,
            status=JobStatus.CANCELLED,
            error_code=code,
            error_message=message,
            finished_at=timezone.now(),
        )

    def mark_pending_for_retry(self) -> bool:
        """Put a running job back in the queue after a transient (app) error."""
        return self._transition((JobStatus.RUNNING,), status=JobStatus.PENDING)

    def record_params(self, **values: Any) -> bool:
        """Add ``values`` to the params while the job runs: what it turned out to be about
        (the sources an ingest created), for reads to find it by.

        Returns False, changing nothing, when the job is no longer running.
        """
        params = {**self.params, **values}
        updated = Job.objects.filter(pk=self.pk, status=JobStatus.RUNNING).update(params=params)
        if updated:
            self.params = params
        return bool(updated)

    def save_progress(
        self,
        *,
        phase: str,
        done: int,
        total: int | None,
        log: str,
        phase_started_at: Any = None,
    ) -> bool:
        """Store phase (and when it began), progress, heartbeat and log while the job is
        still running.

        Returns False when the job is no longer running (cancelled or declared dead), which
        the runner takes as the signal to stop.
        """
        changes: dict[str, Any] = {
            "phase": phase,
            "progress_done": done,
            "progress_total": total,
            "heartbeat_at": timezone.now(),
            "log": log[-LOG_LIMIT:],
        }
        if phase_started_at is not None:
            changes["phase_started_at"] = phase_started_at
        return bool(Job.objects.filter(pk=self.pk, status=JobStatus.RUNNING).update(**changes))


class WorkerHeartbeatQuerySet(models.QuerySet):
    def alive(self) -> WorkerHeartbeatQuerySet:
        """Workers whose last heartbeat is younger than ``WORKER_HEARTBEAT_TIMEOUT`` seconds."""
        cutoff = timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_TIMEOUT)
        return self.filter(seen_at__gte=cutoff)


class WorkerHeartbeat(models.Model):
    """A Celery worker's sign of life: written every ``WORKER_HEARTBEAT_INTERVAL`` seconds by
    the worker (``core.services.workers``), removed when it stops cleanly. A killed worker's
    row simply ages; when no row is recent, pages and the API say that no worker is running."""

    name = models.CharField(max_length=255, unique=True)
    queues = models.CharField(max_length=255, blank=True, default="")
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = WorkerHeartbeatQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name
