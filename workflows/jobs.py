"""Job kinds whose work spans apps (registered when the app is ready)."""

from __future__ import annotations

from django.conf import settings

from core.jobs import QUEUE_REGISTRY, JobContext, register
from publisher.services.dois import doi_sync_queue
from publisher.services.registration import DATASET_DEREGISTER, dataset_update_queue
from resources.models import Resource
from resources.services.publication import PUBLISH, PublishParams
from resources.services.publication.run import publication_run
from workflows.resources import resource_deregister_run


@register(PUBLISH, label="Publish resource")
def run_resource_publish(ctx: JobContext) -> dict:
    """Publish the next version of ``params.resource`` (see ``publication_run``); a resource
    registered with GBIF then has its registration updated (new endpoints, contact), so GBIF
    crawls the new version. A version with a DOI then has DataCite updated (the DOI
    registered with its first version, its metadata with every later one)."""
    result = publication_run(ctx)
    resource = Resource.objects.get(pk=PublishParams.from_json(ctx.params).resource)
    if "skipped" not in result:
        doi_job = doi_sync_queue(resource=resource, user=ctx.job.created_by)
        if doi_job is not None:
            ctx.log("DataCite update of the DOIs queued (job %s)" % doi_job.pk)
    update = dataset_update_queue(resource=resource, user=ctx.job.created_by)
    if update is not None:
        ctx.log("GBIF registration update queued (job %s)" % update.pk)
    return result


@register(
    DATASET_DEREGISTER,
    label="Delete a resource's GBIF registration",
    max_attempts=settings.REGISTRY_JOB_ATTEMPTS,
    queue=QUEUE_REGISTRY,
)
def run_dataset_deregister(ctx: JobContext) -> dict:
    """Delete the dataset in the registry; delete the resource too once the registry
    confirmed, when that was asked (``workflows.resources.resource_deregister_run``)."""
    return resource_deregister_run(ctx)
