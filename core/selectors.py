"""Reads of background jobs."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from core.models import Job
from core.permissions import is_admin, may_see_job


def job_get_for_user(*, user, job_id) -> Job | None:
    """The job if it exists and ``user`` may see it, else None (callers answer 404)."""
    job = Job.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or not may_see_job(user, job):
        return None
    return job


def jobs_for_user(*, user) -> QuerySet[Job]:
    """Jobs the user started (all jobs for admins), newest first."""
    jobs = Job.objects.select_related("created_by")
    if is_admin(user):
        return jobs.all()
    return jobs.filter(created_by=user)


def jobs_of_target(*, target: Model) -> QuerySet[Job]:
    """Every job about ``target`` (whoever started it), newest first; callers check that the
    user may manage the target."""
    return Job.objects.select_related("created_by").filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    )


def jobs_filter(jobs: QuerySet[Job], *, status: str = "", kind: str = "") -> QuerySet[Job]:
    """``jobs`` narrowed to one status and one kind (empty: any)."""
    if status:
        jobs = jobs.filter(status=status)
    if kind:
        jobs = jobs.filter(kind=kind)
    return jobs
