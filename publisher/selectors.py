"""Reads for the installation side."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from publisher.models import Job, Role, User
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


def users_list(*, search: str = "") -> QuerySet[User]:
    users = User.objects.all()
    if search:
        users = users.filter(email__icontains=search) | users.filter(last_name__icontains=search)
    return users.order_by("email")


def user_by_email(*, email: str) -> User | None:
    """The active user with this e-mail (compared ignoring case), if any."""
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()


def admin_first() -> User | None:
    """The installation's first active administrator (the oldest account), if any."""
    return User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
