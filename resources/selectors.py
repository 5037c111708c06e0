"""Reads of resources for pages and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from publisher.permissions import is_admin
from resources.models import Resource


def resources_for_manager(*, user) -> QuerySet[Resource]:
    """Resources the user may manage: all for admins, else created or co-managed ones."""
    resources = Resource.objects.select_related("creator")
    if is_admin(user):
        return resources.all()
    return resources.filter(Q(creator=user) | Q(managers=user)).distinct()


def resources_public() -> QuerySet[Resource]:
    """Resources anyone may see. Visibility arrives with the portal; until then: none."""
    return Resource.objects.none()
