"""Which job kinds exist, who may start them and which function runs them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .context import JobContext

Runner = Callable[["JobContext"], dict[str, Any]]

# The Celery queues (every worker configuration names them: Procfile, compose file, tests).
# ``registry`` holds every kind that calls GBIF's registry, so that a registry that hangs
# holds only the workers of that queue and never delays publications or imports on ``jobs``.
QUEUE_JOBS = "jobs"
QUEUE_REGISTRY = "registry"
QUEUE_MAINTENANCE = "maintenance"


@dataclass(frozen=True)
class JobKind:
    """A registered kind of background work.

    ``runner`` receives a ``JobContext`` and returns the job's result (JSON-serialisable).
    ``queue`` names the Celery queue; ``max_attempts`` bounds retries after an ``AppError``.
    """

    name: str
    label: str
    runner: Runner
    queue: str = QUEUE_JOBS
    max_attempts: int = 3


_KINDS: dict[str, JobKind] = {}


def register(name: str, *, label: str, queue: str = QUEUE_JOBS, max_attempts: int = 3):
    """Decorator that registers ``runner`` under ``name``; registering a name twice is a bug."""

    def decorate(runner: Runner) -> Runner:
        if name in _KINDS and _KINDS[name].runner is not runner:
            raise ValueError(f"Job kind {name!r} is already registered.")
        _KINDS[name] = JobKind(name, label, runner, queue, max_attempts)
        return runner

    return decorate


def get_kind(name: str) -> JobKind:
    """Return the registered kind or raise ``KeyError``."""
    return _KINDS[name]


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)
