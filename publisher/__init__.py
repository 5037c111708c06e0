"""Project package and installation side: users, roles, background jobs, settings."""

from importlib import metadata

from .celery import app as celery_app

try:
    __version__ = metadata.version("sampling-event-publisher")
except metadata.PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0.0.0+local"

__all__ = ["__version__", "celery_app"]
