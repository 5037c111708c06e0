"""Deleting and withdrawing a resource, with its GBIF registration."""

from __future__ import annotations

from django.db import transaction

from publisher.models import User
from publisher.services.registration import dataset_deregister_check, dataset_deregister_queue
from resources.models import Resource
from resources.services import resources as resource_services
from resources.services import visibility as visibility_services


def resource_delete(*, resource: Resource, user: User | None = None) -> None:
    """Delete the resource (``resources.services.resources.resource_delete``); a resource
    registered with GBIF is deleted from the registry too, by a job that keeps retrying through
    registry outages. Only users with registration rights may delete a registered resource."""
    with transaction.atomic():
        dataset_deregister_check(resource=resource, user=user)
        dataset_deregister_queue(resource=resource, user=user)
        resource_services.resource_delete(resource=resource, user=user)


def resource_withdraw(*, resource: Resource, user: User) -> Resource:
    """Mark the resource deleted (``resources.services.visibility.resource_withdraw``); a
    registered one is deleted from GBIF's registry by a retried job, which needs registration
    rights, as in the IPT."""
    with transaction.atomic():
        withdrawn = visibility_services.resource_withdraw(resource=resource, user=user)
        dataset_deregister_check(resource=resource, user=user)
        dataset_deregister_queue(resource=resource, user=user)
    return withdrawn
