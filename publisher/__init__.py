"""Project package and installation side: settings, users, roles, organisations, GBIF
registration.

The Celery app is imported when Django is ready (``PublisherConfig.ready``), not here, so
that Django-free subpackages such as ``publisher.registry`` import without Celery or Django;
``publisher.celery_app`` still returns it.
"""

from core import __version__

__all__ = ["__version__", "celery_app"]


def __getattr__(name: str):
    if name == "celery_app":
        from .celery import app

        return app
    raise AttributeError("module 'publisher' has no attribute %r" % name)
