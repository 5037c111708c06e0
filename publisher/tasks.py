"""Celery tasks of the publisher app: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from publisher.services.notifications import failed_jobs_digest_send


@shared_task(
    name="publisher.tasks.send_failed_jobs_digest",
    acks_late=True,
    soft_time_limit=120,
    time_limit=180,
)
def send_failed_jobs_digest() -> str:
    """Weekly: queue the e-mail to admins listing the jobs that failed in the last 7 days."""
    job = failed_jobs_digest_send()
    return str(job.pk) if job is not None else ""
