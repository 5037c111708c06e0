"""What a runner sees of its job: phases, progress, log lines and cancellation."""

from __future__ import annotations

import logging
import threading
import time
from typing import TypeVar

from django.db.models import Model
from django.utils import timezone

from core.models import Job

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=Model)

FLUSH_INTERVAL = 1.0  # seconds between progress writes; phases and the end always flush


_shutting_down = threading.Event()


class JobCancelled(Exception):
    """Raised inside a runner when its job was cancelled or declared dead elsewhere."""


class TargetGone(Exception):
    """Raised inside a runner when the object its job is about (its target, or an object its
    params name) was deleted before or while it ran: the job ends cancelled, not failed.

    ``message`` says which object went away, for the user who follows the job.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def object_or_gone(model: type[M], pk: object, *, message: str) -> M:
    """The ``model`` row with primary key ``pk``; raise ``TargetGone(message)`` if it is gone."""
    try:
        return model._default_manager.get(pk=pk)
    except model.DoesNotExist:
        raise TargetGone(message) from None


class JobInterrupted(Exception):
    """Raised inside a runner when its worker is shutting down; the job is queued again."""


def request_shutdown() -> None:
    """Ask every runner in this process to stop at its next progress report."""
    _shutting_down.set()


def shutdown_requested() -> bool:
    """True once this process's worker has begun a warm shutdown."""
    return _shutting_down.is_set()


class JobContext:
    """Reports a running job's progress to the database and notices cancellation.

    Writes are throttled to one per ``FLUSH_INTERVAL`` seconds, except at phase changes and at
    the end, so a runner may call ``progress`` for every row without slowing down.
    """

    def __init__(self, job: Job):
        self.job = job
        self.params = job.params
        self._phase = job.phase
        self._done = job.progress_done
        self._total = job.progress_total
        self._log = [job.log] if job.log else []
        self._last_flush = 0.0
        self._phase_started_at = job.phase_started_at

    def phase(self, name: str, *, total: int | None = None) -> None:
        """Start a new phase; progress restarts at 0 of ``total`` (None: unknown)."""
        self._phase, self._done, self._total = name, 0, total
        self._phase_started_at = timezone.now()
        self.log("phase: " + name)
        self.flush()

    def progress(self, done: int, total: int | None = None) -> None:
        """Record ``done`` units of work (of ``total`` if given); flushes at most once a second."""
        self._done = done
        if total is not None:
            self._total = total
        if time.monotonic() - self._last_flush >= FLUSH_INTERVAL:
            self.flush()

    def log(self, message: str) -> None:
        """Append a timestamped line; it is stored with the next flush."""
        stamp = timezone.now().strftime("%H:%M:%S")
        self._log.append(f"{stamp} {message}\n")

    def flush(self) -> None:
        """Write phase, progress, heartbeat and log.

        Raises ``JobCancelled`` if the job stopped, ``JobInterrupted`` if the worker is stopping.
        """
        self.save()
        if _shutting_down.is_set():
            raise JobInterrupted(str(self.job.pk))

    def save(self) -> None:
        """Write phase, progress, heartbeat and log; raise ``JobCancelled`` if the job stopped."""
        self._last_flush = time.monotonic()
        text = "".join(self._log)
        self._log = [text]
        alive = self.job.save_progress(
            phase=self._phase,
            done=self._done,
            total=self._total,
            log=text,
            phase_started_at=self._phase_started_at,
        )
        if not alive:
            raise JobCancelled(str(self.job.pk))

    def record(self, **values) -> None:
        """Add ``values`` to the job's params (``Job.record_params``); raise ``JobCancelled``
        if the job stopped."""
        if not self.job.record_params(**values):
            raise JobCancelled(str(self.job.pk))
        self.params = self.job.params

    def check_cancelled(self) -> None:
        """Flush now (cheap, one UPDATE) so a cancellation is noticed promptly."""
        self.flush()
