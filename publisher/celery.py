"""The Celery application shared by the web process, the worker and beat."""

import os

from celery import Celery
from celery.signals import worker_shutting_down

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "publisher.settings")

app = Celery("publisher")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_shutting_down.connect
def _stop_runners(**kwargs) -> None:
    """On warm shutdown (Ctrl-C, SIGTERM) running jobs stop at their next progress report and
    are queued again, instead of holding the worker until they finish or being killed."""
    from core.jobs.context import request_shutdown

    request_shutdown()
