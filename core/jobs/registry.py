"""Which job kinds exist, who may start them and which function runs them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.models import Job

    from .context import JobContext

Runner = Callable[["JobContext"], dict[str, Any]]
Listener = Callable[["Job"], None]

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


_LISTENERS: dict[str, list[Listener]] = {}


def finished_listener_register(names: Iterable[str], listener: Listener) -> None:
    """Call ``listener(job)`` once a job of one of the kinds ``names`` has succeeded or
    finally failed (after its last attempt), in the worker that ran it. Apps register what
    core cannot know (who is told about a publication) in their ``AppConfig.ready``."""
    for name in names:
        listeners = _LISTENERS.setdefault(name, [])
        if listener not in listeners:
            listeners.append(listener)


def finished_listeners(name: str) -> list[Listener]:
    return list(_LISTENERS.get(name, ()))
