"""Making a private resource public and publishing it in one step.

A change of visibility made after the first publication waits for the next publication,
because each version keeps the visibility it was published with (as in the IPT). Publishers
who press "Make public" expect the public to see the resource at once; this step asks for
the change and starts that next publication together, so that it does not wait.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import UserError
from core.models import Job
from publisher.models import User
from resources import error_codes as codes
from resources.models import Resource, Visibility

from ..visibility import resource_visibility_change
from .start import resource_publish

logger = logging.getLogger(__name__)


def may_publish_public(resource: Resource) -> bool:
    """True when "Make public and publish now" applies: the resource is private, or public
    only from its next publication on (not registered, not deleted)."""
    if resource.visibility == Visibility.PRIVATE:
        return True
    return (
        resource.visibility == Visibility.PUBLIC
        and resource.visibility_pending == Visibility.PUBLIC
    )


def resource_publish_public(
    *,
    resource: Resource,
    user: User,
    change_summary: str = "",
    enqueue: bool = True,
) -> Job:
    """Make ``resource`` public and queue the publication of its next version, which is
    public: once the job succeeded, anyone sees its landing page and archive.

    Both happen or neither: a publication refused at its start (already running, core not
    mapped, metadata invalid) leaves the visibility as it was. The version's change summary
    says that it was made public (then ``change_summary``, if given). Refused for a resource
    that is public already (``visibility:not-private``), registered or deleted, and for
    users who may not manage it (``visibility:forbidden``).
    """
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        applies = may_publish_public(resource)
        # Checks the user's rights and refuses a deleted resource first.
        resource_visibility_change(resource=resource, user=user, visibility=Visibility.PUBLIC)
        if not applies:
            raise UserError(
                _("The resource is public already; publish it as usual."),
                code=codes.VISIBILITY_NOT_PRIVATE,
            )
        summary = " ".join(part for part in (_("Made public."), change_summary.strip()) if part)
        job = resource_publish(
            resource=resource, user=user, change_summary=summary, enqueue=enqueue
        )
    logger.info("Resource %s made public with publication job %s", resource.pk, job.pk)
    return job
