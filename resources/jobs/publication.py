"""The portal-summary job kind (registered when the app is ready)."""

from __future__ import annotations

from core.jobs import JobContext, register

# The publication job kind itself (PUBLISH) is registered by ``workflows.jobs``: publishing a
# registered resource also updates its GBIF registration.

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
