"""Background job machinery: a registry of job kinds, the runner context and the executor.

Apps register their job kinds in ``AppConfig.ready()`` by importing a module that uses
``register``; the Celery task ``publisher.tasks.run_job`` executes any registered kind.
"""

from .context import JobCancelled, JobContext
from .params import JobParams
from .registry import JobKind, get_kind, kinds, register

__all__ = ["JobCancelled", "JobContext", "JobKind", "JobParams", "get_kind", "kinds", "register"]
