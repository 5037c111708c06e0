"""The Celery application shared by the web process, the worker and beat."""

import os

from celery import Celery
from celery.signals import worker_ready, worker_shutdown, worker_shutting_down

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


@worker_ready.connect
def _start_heartbeat(sender=None, **kwargs) -> None:
    """Write this worker's heartbeat row while it runs (pages say when no worker is alive)."""
    from core.services.workers import worker_heartbeat_start

    queues = ",".join(sorted(sender.app.amqp.queues.consume_from or ()))
    worker_heartbeat_start(name=sender.hostname, queues=queues)


@worker_shutdown.connect
def _stop_heartbeat(sender=None, **kwargs) -> None:
    from core.services.workers import worker_heartbeat_stop

    worker_heartbeat_stop(name=sender.hostname)
