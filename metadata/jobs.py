"""Job kinds of the metadata app (registered when the app is ready)."""

from __future__ import annotations

from core.jobs import JobContext, register
from resources.models import Resource

from .services.coverage import METADATA_INFER, CoverageInferParams, coverage_infer


@register(METADATA_INFER, label="Infer metadata coverage")
def run_metadata_infer(ctx: JobContext) -> dict:
    """Read the mapped data and store the inferred coverage; the result is that coverage."""
    resource = Resource.objects.get(pk=CoverageInferParams.from_json(ctx.params).resource)
    ctx.phase("reading")
    inferred = coverage_infer(resource, progress=ctx.progress)
    ctx.log("rows read: %s" % sum(inferred.rows.values()))
    return inferred.to_json()
