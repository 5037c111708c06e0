"""Reads for the installation side."""

from __future__ import annotations

from django.db.models import QuerySet

from publisher.models import Job, User
from publisher.permissions import is_admin, may_see_job


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


def users_list(*, search: str = "") -> QuerySet[User]:
    users = User.objects.all()
    if search:
        users = users.filter(email__icontains=search) | users.filter(last_name__icontains=search)
    return users.order_by("email")
