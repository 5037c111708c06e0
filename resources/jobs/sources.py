"""Job kinds for source data: ingest uploads, fetch URLs, analyse again."""

from __future__ import annotations

from core.jobs import JobContext, register
from resources.models import Resource, Source, SourceKind
from resources.services.sources import (
    source_fetch_url,
    source_reanalyse,
    sources_ingest,
)

SOURCE_INGEST = "source-ingest"
SOURCE_FETCH = "source-fetch"
SOURCE_ANALYSE = "source-analyse"


def _summary(sources: list[Source]) -> dict:
    return {
        "sources": [
            {
                "id": s.pk,
                "name": s.name,
                "rows": s.row_count,
                "columns": len(s.columns),
                "problems": len(s.analysis.get("problems", [])),
            }
            for s in sources
        ]
    }


@register(SOURCE_INGEST, label="Add source files")
def run_source_ingest(ctx: JobContext) -> dict:
    """Analyse staged uploads and turn them into sources (all or none)."""
    resource = Resource.objects.get(pk=ctx.params["resource"])
    ctx.phase("analysing")
    sources = sources_ingest(
        resource=resource,
        staged=ctx.params["staged"],
        replace=ctx.params.get("replace"),
        progress=ctx.progress,
        log=ctx.log,
    )
    ctx.phase("stored")
    return _summary(sources)


@register(SOURCE_FETCH, label="Download source")
def run_source_fetch(ctx: JobContext) -> dict:
    """Download a URL source, then analyse it like an upload."""
    resource = Resource.objects.get(pk=ctx.params["resource"])
    url = ctx.params["url"]
    ctx.phase("downloading")
    ctx.log("fetching " + url)
    staged = source_fetch_url(url=url, progress=lambda done, total: ctx.progress(done, total))
    ctx.phase("analysing")
    sources = sources_ingest(
        resource=resource,
        staged=staged,
        kind=SourceKind.URL,
        replace=ctx.params.get("replace"),
        url=url,
        keep_cached=ctx.params.get("keep_cached", False),
        progress=ctx.progress,
        log=ctx.log,
    )
    return _summary(sources)


@register(SOURCE_ANALYSE, label="Analyse source")
def run_source_analyse(ctx: JobContext) -> dict:
    """Analyse a source again (new reading options, or a full SQL analysis)."""
    source = Source.objects.get(pk=ctx.params["source"])
    ctx.phase("analysing")
    source_reanalyse(source=source, spec=ctx.params.get("spec"), progress=ctx.progress)
    return _summary([source])
