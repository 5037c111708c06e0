"""Who may see, manage or register a resource; views, API views and services ask these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from core.permissions import has_manager_rights, has_registration_rights, is_admin

if TYPE_CHECKING:
    from publisher.models import User
    from resources.models import Resource


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


def is_resource_reader(user: User | AnonymousUser, resource: Resource) -> bool:
    """Whether the managers named ``user`` among the resource's readers (issue #24)."""
    if not user.is_authenticated:
        return False
    return resource.readers.filter(pk=user.pk).exists()


def may_view_resource(user: User | AnonymousUser, resource: Resource) -> bool:
    """Who may see a resource whatever its visibility, private versions included: those who
    manage it and its readers. Readers see it and download its versions; they manage
    nothing. Public listings (feeds, search, inventories) stay public-only for everyone."""
    return may_manage_resource(user, resource) or is_resource_reader(user, resource)
