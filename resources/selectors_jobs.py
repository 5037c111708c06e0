"""Reads of background jobs across resources: the jobs page's list and its filters."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from core.models import Job
from core.permissions import is_admin
from resources.models import Resource
from resources.selectors import resources_for_manager


def jobs_visible_to(*, user) -> QuerySet[Job]:
    """Jobs ``user`` may see, newest first: every job for admins; for others the jobs they
    started and every job about a resource they manage (whoever started it). Never the
    jobs of someone else's resource that ``user`` does not manage."""
    jobs = Job.objects.select_related("created_by", "target_type").prefetch_related("target")
    if is_admin(user):
        return jobs.all()
    managed = (
        resources_for_manager(user=user)
        .annotate(key=Cast("pk", output_field=CharField()))
        .values("key")
    )
    resource_type = ContentType.objects.get_for_model(Resource)
    return jobs.filter(Q(created_by=user) | Q(target_type=resource_type, target_id__in=managed))


def jobs_narrowed(
    jobs: QuerySet[Job],
    *,
    kind: str = "",
    status: str = "",
    resource: Resource | None = None,
    user_id: int | None = None,
) -> QuerySet[Job]:
    """``jobs`` narrowed to one kind, status, resource and starter (each optional)."""
    if kind:
        jobs = jobs.filter(kind=kind)
    if status:
        jobs = jobs.filter(status=status)
    if resource is not None:
        resource_type = ContentType.objects.get_for_model(Resource)
        jobs = jobs.filter(target_type=resource_type, target_id=str(resource.pk))
    if user_id is not None:
        jobs = jobs.filter(created_by_id=user_id)
    return jobs
