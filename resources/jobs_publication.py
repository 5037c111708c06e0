"""The publication job kind (registered when the app is ready)."""

from __future__ import annotations

from publisher.jobs import JobContext, register
from resources.services.publication import PUBLISH
from resources.services.publication.run import publication_run


@register(PUBLISH, label="Publish resource")
def run_resource_publish(ctx: JobContext) -> dict:
    """Publish the next version of ``params.resource`` (see ``publication_run``)."""
    return publication_run(ctx)
