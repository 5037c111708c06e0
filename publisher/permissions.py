"""Who may do what; views and API views ask these, never the role field directly."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:
    from publisher.models import Job, User
    from resources.models import Resource


def is_admin(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_admin)


def has_manager_rights(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_manager_rights)


def has_registration_rights(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_registration_rights)


def may_manage_resource(user: User | AnonymousUser, resource: Resource) -> bool:
    """Admins manage everything; managers manage what they created or were invited to."""
    if is_admin(user):
        return True
    if not has_manager_rights(user):
        return False
    if resource.creator_id == user.pk:
        return True
    return resource.managers.filter(pk=user.pk).exists()


def may_register_resource(user: User | AnonymousUser, resource: Resource) -> bool:
    """Registering with GBIF needs registration rights on top of managing the resource."""
    return has_registration_rights(user) and may_manage_resource(user, resource)


def may_see_job(user: User | AnonymousUser, job: Job) -> bool:
    """A job is visible to admins, to whoever started it, and to managers of its target."""
    if not user.is_authenticated:
        return False
    if is_admin(user) or job.created_by_id == user.pk:
        return True
    target = job.target
    if target is not None and target._meta.label == "resources.Resource":
        return may_manage_resource(user, target)
    return False


def may_cancel_job(user: User | AnonymousUser, job: Job) -> bool:
    """Whoever may see a job may cancel it."""
    return may_see_job(user, job)


def may_start_selfcheck(user: User | AnonymousUser) -> bool:
    """The self-check reports disk and worker details, so only admins run it."""
    return is_admin(user)
