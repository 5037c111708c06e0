"""The portal-summary job kind (registered when the app is ready)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.jobs import JobContext, JobParams, register
from core.models import Job
from core.services.jobs import job_create

if TYPE_CHECKING:
    from publisher.models import User
    from resources.models import Version

# The publication job kind itself (PUBLISH) is registered by ``workflows.jobs``: publishing a
# registered resource also updates its GBIF registration.

SUMMARY = "portal-summary"


@dataclass(frozen=True)
class PortalSummaryParams(JobParams):
    """The published version to summarise."""

    version: int


def portal_summary_start(*, version: Version, user: User | None) -> Job:
    """Queue the summary of ``version``'s archive for its landing page (a job about the
    version's resource)."""
    params = PortalSummaryParams(version=version.pk)
    return job_create(
        kind=SUMMARY, created_by=user, target=version.resource, params=params.to_json()
    )


@register(SUMMARY, label="Summarise published archive", queue="maintenance")
def run_portal_summary(ctx: JobContext) -> dict:
    """Compute the landing page's locations and records per year of a large archive (small
    ones are summarised on first view), then the version's search facts from them."""
    from resources.models import Version
    from resources.portal.documents import version_summary_build
    from resources.services.search import version_facts_build

    version = Version.objects.get(pk=PortalSummaryParams.from_json(ctx.params).version)
    ctx.phase("summary")
    version_summary_build(version)
    version_facts_build(version=version)
    return {"version": version.label}
