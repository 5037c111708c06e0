"""Sending the notification e-mails a test queued, in this process, as a worker would."""

from __future__ import annotations

from core.jobs.executor import execute
from core.models import Job, JobStatus
from core.notifications import NOTIFY


def send_notifications() -> list[Job]:
    """Run every pending notification job once; returns them as they ended."""
    jobs = list(Job.objects.filter(kind=NOTIFY, status=JobStatus.PENDING).order_by("created_at"))
    for job in jobs:
        execute(str(job.pk))
        job.refresh_from_db()
    return jobs
