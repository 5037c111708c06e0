"""The "self-check" job: proves that a worker can reach the database, storage and broker."""

from __future__ import annotations

import os
import platform
import shutil
import socket
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_noop

import publisher.error_codes as codes
from core.errors import UserError
from core.jobs import JobContext, JobParams, register
from core.models import Job
from core.services.jobs import job_create
from publisher.models import User

KIND = "selfcheck"
MAX_STEPS = 1000
STEPS, DELAY = 20, 0.1  # when not given


@dataclass(frozen=True)
class SelfcheckParams(JobParams):
    """The paced counting phase: ``steps`` steps ``delay`` seconds apart (defaults when
    None: ``STEPS``, ``DELAY``)."""

    steps: int | None = None
    delay: float | None = None


def selfcheck_start(
    *, user: User | None, steps: int | None = None, delay: float | None = None
) -> Job:
    """Queue a self-check (callers check that ``user`` may start one)."""
    params = SelfcheckParams(steps=steps, delay=delay)
    return job_create(kind=KIND, created_by=user, params=params.to_json())


@register(KIND, label="Self-check")
def run_selfcheck(ctx: JobContext) -> dict:
    """Check the database, DATA_DIR and the worker itself; report each check in the result.

    ``params.steps`` and ``params.delay`` (seconds) add a paced counting phase so that the
    progress display can be watched end to end.
    """
    params = SelfcheckParams.from_json(ctx.params)
    checks = [_check_database(ctx), _check_storage(ctx)]
    steps = STEPS if params.steps is None else params.steps
    delay = DELAY if params.delay is None else params.delay
    _count(ctx, int(steps), float(delay))
    checks.append(_check_worker(ctx))
    return {
        "checks": checks,
        "worker": {"hostname": socket.gethostname(), "pid": os.getpid()},
        "python": platform.python_version(),
    }


def _check_database(ctx: JobContext) -> dict:
    ctx.phase("database")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        ok = cursor.fetchone() == (1,)
    ctx.log("database %s answered" % connection.vendor)
    return {"name": "database", "ok": ok, "detail": connection.vendor}


def _check_storage(ctx: JobContext) -> dict:
    ctx.phase("storage")
    probe = settings.DATA_DIR / ("selfcheck-%s.tmp" % uuid.uuid4().hex)
    try:
        probe.write_bytes(b"ok")
        readable = probe.read_bytes() == b"ok"
    except OSError as exc:
        raise UserError(
            gettext_noop("DATA_DIR %(path)s is not writable: %(error)s"),
            code=codes.SELFCHECK_STORAGE,
            params={"path": settings.DATA_DIR, "error": exc.strerror},
        ) from exc
    finally:
        probe.unlink(missing_ok=True)
    free = shutil.disk_usage(settings.DATA_DIR).free
    ctx.log("DATA_DIR writable, %d MB free" % (free // 2**20))
    return {"name": "storage", "ok": readable, "detail": {"free_bytes": free}}


def _count(ctx: JobContext, steps: int, delay: float) -> None:
    steps = max(1, min(steps, MAX_STEPS))
    delay = max(0.0, min(delay, 5.0))
    ctx.phase("counting", total=steps)
    for step in range(1, steps + 1):
        time.sleep(delay)
        ctx.progress(step)
    ctx.log("counted %d steps" % steps)


def _check_worker(ctx: JobContext) -> dict:
    ctx.phase("worker")
    transport = settings.CELERY_BROKER_URL.split("://", 1)[0]
    ctx.log("worker pid %d on broker %s" % (os.getpid(), transport))
    return {"name": "worker", "ok": True, "detail": {"broker": transport}}
