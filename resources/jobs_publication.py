"""The publication job kind (registered when the app is ready)."""

from __future__ import annotations

from core.jobs import JobContext, register
from resources.services.publication import PUBLISH
from resources.services.publication.run import publication_run


@register(PUBLISH, label="Publish resource")
def run_resource_publish(ctx: JobContext) -> dict:
    """Publish the next version of ``params.resource`` (see ``publication_run``)."""
    return publication_run(ctx)


SUMMARY = "portal-summary"


@register(SUMMARY, label="Summarise published archive", queue="maintenance")
def run_portal_summary(ctx: JobContext) -> dict:
    """Compute the landing page's locations and records per year of a large archive (small
    ones are summarised on first view)."""
    from resources.models import Version
    from resources.portal.documents import version_summary_build

    version = Version.objects.get(pk=ctx.params["version"])
    ctx.phase("summary")
    version_summary_build(version)
    return {"version": version.label}
