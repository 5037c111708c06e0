"""The heartbeat of the running Celery workers (``core.models.WorkerHeartbeat``)."""

from __future__ import annotations

import logging
import os
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

_stop = threading.Event()


def worker_heartbeat(*, name: str, queues: str = "") -> None:
    """Record that worker ``name`` (Celery's node name) is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"seen_at": timezone.now(), "queues": queues, "pid": os.getpid()}
    )


def worker_gone(*, name: str) -> None:
    """Forget worker ``name``: it stopped cleanly."""
    WorkerHeartbeat.objects.filter(name=name).delete()


def worker_heartbeat_start(*, name: str, queues: str = "") -> threading.Thread:
    """Beat for worker ``name`` every ``WORKER_HEARTBEAT_INTERVAL`` seconds in a daemon
    thread, until ``worker_heartbeat_stop``; a database outage skips beats, never the thread."""
    _stop.clear()

    def beat() -> None:
        while True:
            try:
                close_old_connections()
                worker_heartbeat(name=name, queues=queues)
            except DatabaseError:
                logger.warning("Worker heartbeat of %s not written", name, exc_info=True)
            finally:
                connection.close()
            if _stop.wait(settings.WORKER_HEARTBEAT_INTERVAL):
                return

    thread = threading.Thread(target=beat, name="worker-heartbeat", daemon=True)
    thread.start()
    return thread


def worker_heartbeat_stop(*, name: str) -> None:
    """Stop the beats and remove the row of worker ``name`` (its warm shutdown)."""
    _stop.set()
    try:
        worker_gone(name=name)
    except DatabaseError:
        logger.warning("Worker heartbeat of %s not removed", name, exc_info=True)
