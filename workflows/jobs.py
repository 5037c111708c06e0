"""Job kinds whose work spans apps (registered when the app is ready)."""

from __future__ import annotations

from core.jobs import JobContext, register
from publisher.services.registration import dataset_update_queue
from resources.models import Resource
from resources.services.publication import PUBLISH, PublishParams
from resources.services.publication.run import publication_run


@register(PUBLISH, label="Publish resource")
def run_resource_publish(ctx: JobContext) -> dict:
    """Publish the next version of ``params.resource`` (see ``publication_run``); a resource
    registered with GBIF then has its registration updated (new endpoints, contact), so GBIF
    crawls the new version."""
    result = publication_run(ctx)
    resource = Resource.objects.get(pk=PublishParams.from_json(ctx.params).resource)
    update = dataset_update_queue(resource=resource, user=ctx.job.created_by)
    if update is not None:
        ctx.log("GBIF registration update queued (job %s)" % update.pk)
    return result
