"""Background job machinery: a registry of job kinds, the runner context and the executor.

Apps register their job kinds in ``AppConfig.ready()`` by importing a module that uses
``register``; the Celery task named ``publisher.tasks.run_job`` (defined in ``core.tasks``;
the name predates the move and queued messages carry it) executes any registered kind.
"""

from .context import JobCancelled, JobContext, TargetGone, object_or_gone
from .params import JobParams
from .registry import (
    QUEUE_JOBS,
    QUEUE_MAINTENANCE,
    QUEUE_REGISTRY,
    JobKind,
    finished_listener_register,
    get_kind,
    kinds,
    register,
)

__all__ = [
    "QUEUE_JOBS",
    "QUEUE_MAINTENANCE",
    "QUEUE_REGISTRY",
    "JobCancelled",
    "JobContext",
    "JobKind",
    "JobParams",
    "TargetGone",
    "finished_listener_register",
    "get_kind",
    "kinds",
    "object_or_gone",
    "register",
]
