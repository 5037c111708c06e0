"""Deleting and withdrawing a resource, with its GBIF registration.

A registered resource is taken off GBIF first, as the IPT does: the resource is withdrawn
(its pages answer 410 Gone) and marked "deregistration under way", a job sends the
registry's DELETE, and only once the registry confirmed does the resource forget its key,
or get deleted when that was asked. If the registry refuses or stays down, the resource
stays, marked "deregistration failed", with its GBIF key, until someone retries
(``resource_deregister_retry``).

A resource with a registered DOI is never deleted (issue #23, as in the IPT): deleting it
withdraws it, its DOI is hidden at DataCite and leads to the 410 tombstone, which names the
DOI and the citation; restoring it makes it public again and its DOI findable. Both need
registration rights. A resource whose DOI is only reserved is deleted once that DOI is.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

import publisher.error_codes as publisher_codes
from core.errors import UserError
from core.jobs import JobContext
from core.models import Job
from publisher.models import User
from publisher.services.dois import doi_refusal, doi_sync_queue
from publisher.services.registration import (
    dataset_deregister_check,
    dataset_deregister_queue,
    dataset_deregister_retry_check,
    dataset_deregister_run,
)
from resources.models import Resource, Visibility
from resources.selectors import has_registered_doi
from resources.services import resources as resource_services
from resources.services import visibility as visibility_services


def resource_delete(*, resource: Resource, user: User | None = None) -> Job | None:
    """Delete the resource (``resources.services.resources.resource_delete``). A resource
    registered with GBIF is only withdrawn now and deleted by the deregistration job once the
    registry confirmed: the job is returned (None when the resource is gone already). Only
    users with registration rights may delete a registered resource. A resource with a
    registered DOI is withdrawn instead (``resource_withdraw``); one with a reserved DOI is
    refused until that DOI is deleted."""
    if has_registered_doi(resource) and user is not None:
        resource_withdraw(resource=resource, user=user)
        return None
    if resource.dois.exists():
        raise UserError(
            _("The resource has a reserved DOI: delete the DOI first, then the resource."),
            code=publisher_codes.DOI_RESERVED,
        )
    dataset_deregister_check(resource=resource, user=user)
    if not resource.gbif_key:
        resource_services.resource_delete(resource=resource, user=user)
        return None
    with transaction.atomic():
        if resource.visibility != Visibility.DELETED:
            visibility_services.resource_hide(resource=resource)
        return dataset_deregister_queue(resource=resource, user=user, delete=True)


def resource_withdraw(*, resource: Resource, user: User) -> Resource:
    """Mark the resource deleted (``resources.services.visibility.resource_withdraw``); a
    registered one is deleted from GBIF's registry by a job, which needs registration
    rights, as in the IPT. The resource keeps its key until the registry confirmed. Its
    registered DOIs are hidden at DataCite (a job); they lead to the tombstone."""
    _check_doi_rights(resource, user)
    dataset_deregister_check(resource=resource, user=user)
    with transaction.atomic():
        withdrawn = visibility_services.resource_withdraw(resource=resource, user=user)
        dataset_deregister_queue(resource=withdrawn, user=user)
        doi_sync_queue(resource=withdrawn, user=user)
    return withdrawn


def resource_restore(*, resource: Resource, user: User) -> Resource:
    """Bring a deleted resource back (``resources.services.visibility.resource_restore``);
    one with a registered DOI comes back public and its DOIs findable again (a job)."""
    _check_doi_rights(resource, user)
    with transaction.atomic():
        restored = visibility_services.resource_restore(resource=resource, user=user)
        doi_sync_queue(resource=restored, user=user)
    return restored


def _check_doi_rights(resource: Resource, user: User) -> None:
    """Deleting or restoring a resource with a registered DOI needs registration rights."""
    if not has_registered_doi(resource):
        return
    refusal = doi_refusal(user, resource)
    if refusal:
        raise UserError(refusal, code=publisher_codes.DOI_FORBIDDEN)


def resource_deregister_retry(*, resource: Resource, user: User) -> Job | None:
    """Try again to take the resource off GBIF after the deregistration failed (after
    fixing the organisation's token, or once the registry is back)."""
    dataset_deregister_retry_check(resource=resource, user=user)
    with transaction.atomic():
        return dataset_deregister_queue(resource=resource, user=user)


def resource_deregister_run(ctx: JobContext) -> dict:
    """The deregistration job: the registry's DELETE, then the resource's deletion when it
    was asked for and the registry confirmed."""
    result = dataset_deregister_run(ctx)
    if result.get("delete_resource"):
        resource = Resource.objects.filter(pk=ctx.job.target_id).first()
        if resource is not None:
            resource_services.resource_delete(resource=resource, user=ctx.job.created_by)
            ctx.log("resource %s deleted" % resource.shortname)
    return result
