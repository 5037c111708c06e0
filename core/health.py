"""Health of an installation: can it serve pages and run jobs right now?

``health_checks`` answers ``/health`` (for load balancers and Docker); ``health_details`` the
admins' status page. Every check is bounded: the database and worker checks use the request's
own connection (a database that hangs hangs every page anyway), the storage and broker checks
run in a thread that is given up on after ``HEALTH_CHECK_TIMEOUT`` seconds, so that a hung
network file system or broker makes the check fail instead of hanging the request.
"""

from __future__ import annotations

import logging
import os
import platform
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu import Connection

from core import __version__
from core.jobs import QUEUE_JOBS, QUEUE_MAINTENANCE, QUEUE_REGISTRY, kinds
from core.models import Job, WorkerHeartbeat
from core.services.tmp import tmp_dir

logger = logging.getLogger(__name__)

CHECKS = ("database", "storage", "broker", "worker")
LABELS = {
    "database": gettext_lazy("Database"),
    "storage": gettext_lazy("Storage (DATA_DIR)"),
    "broker": gettext_lazy("Message broker"),
    "worker": gettext_lazy("Workers"),
}
QUEUES = (QUEUE_JOBS, QUEUE_REGISTRY, QUEUE_MAINTENANCE)


@dataclass(frozen=True)
class Check:
    """The outcome of one check; ``problem`` (empty when ``ok``) is for admins only."""

    name: str
    ok: bool
    problem: str = ""

    @property
    def label(self) -> str:
        return str(LABELS[self.name])


class _TimedOut(Exception):
    pass


def _bounded(work: Callable[[], Any], timeout: float) -> Any:
    """``work()``'s result, or ``_TimedOut`` when it takes longer than ``timeout`` seconds
    (the daemon thread is left to finish on its own); its exception is raised here."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except Exception as exc:  # noqa: BLE001 - handed to the caller
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="health-check", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise _TimedOut
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _storage() -> None:
    """A file can be created (and removed) in ``DATA_DIR/tmp``."""
    with tempfile.NamedTemporaryFile(dir=tmp_dir(), prefix="health-") as file:
        file.write(b"ok")
        file.flush()


def broker_connection(timeout: float) -> Connection:
    """A connection to the installation's broker that gives up after ``timeout`` seconds."""
    options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
    options.update(socket_timeout=timeout, socket_connect_timeout=timeout, max_retries=0)
    return Connection(
        settings.CELERY_BROKER_URL, connect_timeout=timeout, transport_options=options
    )


def _broker() -> None:
    if settings.EMBEDDED_BROKER:
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK | os.X_OK):
            raise OSError(
                _("The broker's folder %(folder)s is missing or not writable.") % {"folder": folder}
            )
        return
    timeout = settings.HEALTH_CHECK_TIMEOUT
    with broker_connection(timeout) as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
        client = getattr(broker.default_channel, "client", None)
        ping = getattr(client, "ping", None)
        if ping is not None:  # Redis: the connection may be lazy, a ping is not
            ping()


def _worker() -> None:
    if not WorkerHeartbeat.objects.alive().exists():
        raise LookupError(
            _("No worker heartbeat in the last %(seconds)s seconds.")
            % {"seconds": settings.WORKER_HEARTBEAT_TIMEOUT}
        )


def _run(name: str, work: Callable[[], Any], *, bounded: bool) -> Check:
    try:
        _bounded(work, settings.HEALTH_CHECK_TIMEOUT) if bounded else work()
    except _TimedOut:
        problem = _("No answer within %(seconds)s seconds.") % {
            "seconds": settings.HEALTH_CHECK_TIMEOUT
        }
    except Exception as exc:  # noqa: BLE001 - any failure is the check's answer
        problem = str(exc) or type(exc).__name__
    else:
        return Check(name, True)
    logger.warning("Health check %s failed: %s", name, problem)
    return Check(name, False, problem)


def health_checks() -> list[Check]:
    """The four checks, in ``CHECKS`` order: database reachable, ``DATA_DIR`` writable, broker
    reachable, a worker heartbeat younger than ``WORKER_HEARTBEAT_TIMEOUT``."""
    return [
        _run("database", _database, bounded=False),
        _run("storage", _storage, bounded=True),
        _run("broker", _broker, bounded=True),
        _run("worker", _worker, bounded=False),
    ]


# --- Details for the admins' status page ------------------------------------------------------


def _database_version() -> str:
    try:
        version = ".".join(str(part) for part in connection.get_database_version())
    except DatabaseError:
        return connection.display_name
    return "%s %s" % (connection.display_name, version)


def broker_kind() -> str:
    """The broker's kind as people name it: "Redis", or the embedded file-system broker."""
    if settings.EMBEDDED_BROKER:
        return "filesystem"
    return settings.CELERY_BROKER_URL.split("://", 1)[0]


def versions() -> dict[str, str]:
    """The versions an admin reports with a problem."""
    return {
        "app": __version__,
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": _database_version(),
        "broker": broker_kind(),
    }


def _depth_files(queue: str) -> int:
    folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
    suffix = ".%s.msg" % queue
    return sum(1 for name in os.listdir(folder) if name.endswith(suffix))


def _depth_redis() -> dict[str, int]:
    timeout = settings.HEALTH_CHECK_TIMEOUT
    with broker_connection(timeout) as broker:
        channel = broker.default_channel
        client = channel.client
        return {
            queue: sum(
                client.llen(channel._q_for_pri(queue, priority))
                for priority in channel.priority_steps
            )
            for queue in QUEUES
        }


def queue_depths() -> dict[str, int | None]:
    """Messages waiting in each queue; None where the broker cannot tell (or does not answer)."""
    try:
        if settings.EMBEDDED_BROKER:
            return {queue: _depth_files(queue) for queue in QUEUES}
        if broker_kind() in ("redis", "rediss"):
            return _bounded(_depth_redis, settings.HEALTH_CHECK_TIMEOUT)
    except Exception:  # noqa: BLE001 - the broker check reports why (a timeout included)
        logger.warning("Queue depths not read", exc_info=True)
    return dict.fromkeys(QUEUES)


def last_jobs() -> dict[str, Job | None]:
    """The newest job of each queue (by its kind's queue)."""
    by_queue: dict[str, list[str]] = {queue: [] for queue in QUEUES}
    for kind in kinds().values():
        by_queue.setdefault(kind.queue, []).append(kind.name)
    return {
        queue: Job.objects.filter(kind__in=names).order_by("-created_at").first()
        for queue, names in by_queue.items()
    }


@dataclass(frozen=True)
class Queue:
    """One queue as the status page shows it; ``depth`` None: the broker cannot tell."""

    name: str
    depth: int | None
    last_job: Job | None


def queues() -> list[Queue]:
    depths, last = queue_depths(), last_jobs()
    return [Queue(name, depths.get(name), last.get(name)) for name in QUEUES]


@dataclass(frozen=True)
class Disk:
    """Space of the file system that holds ``DATA_DIR``, in bytes."""

    total: int
    free: int


def disk() -> Disk | None:
    try:
        usage = shutil.disk_usage(settings.DATA_DIR)
    except OSError:
        return None
    return Disk(usage.total, usage.free)


def health_details() -> dict[str, Any]:
    """Everything the admins' status page shows."""
    return {
        "checks": health_checks(),
        "versions": versions(),
        "queues": queues(),
        "disk": disk(),
        "workers": list(WorkerHeartbeat.objects.order_by("name")),
        "worker_timeout": settings.WORKER_HEARTBEAT_TIMEOUT,
    }
