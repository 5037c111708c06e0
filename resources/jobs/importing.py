"""Job kind that creates resources from an uploaded or downloaded archive or IPT folder."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import get_user_model
from django.urls import reverse

from core.jobs import JobContext, register
from resources.services.importing.start import (
    RESOURCE_IMPORT,
    ResourceImportParams,
    resources_import,
    resources_import_staged,
)
from resources.services.sources import source_fetch_url


@register(RESOURCE_IMPORT, label="Import resource")
def run_resource_import(ctx: JobContext) -> dict:
    """Download (for a URL), detect and import; the result lists each resource created with
    what could not be imported."""
    params = ResourceImportParams.from_json(ctx.params)
    user = get_user_model().objects.get(pk=params.user)
    shortname = params.shortname or _named_in(params.url or "") or None
    if params.path:  # a local path: only the command line sets one
        ctx.phase("importing")
        results = resources_import(
            path=Path(params.path),
            user=user,
            shortname=shortname,
            progress=ctx.progress,
            log=ctx.log,
        )
    else:
        staged = params.staged or _download(ctx, params.url or "")
        ctx.phase("importing")
        results = resources_import_staged(
            staged=staged, user=user, shortname=shortname, progress=ctx.progress, log=ctx.log
        )
    return {
        "resources": [_summary(r) for r in results if r.resource is not None],
        "failed": [{"message": " ".join(r.notes)} for r in results if r.resource is None],
    }


def _named_in(url: str) -> str:
    """The short name an IPT URL carries (``archive.do?r=ponds``), if any."""
    return (parse_qs(urlsplit(url).query).get("r") or [""])[0]


def _download(ctx: JobContext, url: str) -> dict:
    ctx.phase("downloading")
    ctx.log("fetching " + url)
    return source_fetch_url(url=url, progress=lambda done, total: ctx.progress(done, total))


def _summary(result) -> dict:
    resource = result.resource
    return {
        "shortname": resource.shortname,
        "type": resource.type,
        "url": reverse("resource-overview", args=[resource.shortname]),
        "sources": resource.sources.count(),
        "mappings": resource.mappings.count(),
        "versions": resource.versions.count(),
        "notes": list(result.notes),
    }
