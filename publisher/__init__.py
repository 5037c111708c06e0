"""Project package and installation side: users, roles, background jobs, settings.

The Celery app is imported when Django is ready (``PublisherConfig.ready``), not here, so
that Django-free subpackages such as ``publisher.registry`` import without Celery or Django;
``publisher.celery_app`` still returns it.
"""

from importlib import metadata

try:
    __version__ = metadata.version("sampling-event-publisher")
except metadata.PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0.0.0+local"

__all__ = ["__version__", "celery_app"]


def __getattr__(name: str):
    if name == "celery_app":
        from .celery import app

        return app
    raise AttributeError("module 'publisher' has no attribute %r" % name)
