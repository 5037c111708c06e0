"""Job kinds for source data: ingest uploads, fetch URLs, analyse again.

Each source job records in its params the sources it is about, for the overview to show a
source's last job: ``source`` (one id, known at the start: the source analysed or replaced)
and ``sources`` (the ids of the sources an ingest or download created, recorded once they
exist).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.crypto import encrypt
from core.jobs import JobContext, JobParams, object_or_gone, register
from core.models import Job
from core.services.jobs import job_create
from core.urlauth import url_password_split
from publisher.models import User
from resources.models import Resource, Source, SourceKind
from resources.services.companion_data import refuse_companion_data
from resources.services.sources import (
    source_fetch_url,
    source_reanalyse,
    sources_ingest,
)

SOURCE_INGEST = "source-ingest"
SOURCE_FETCH = "source-fetch"
SOURCE_ANALYSE = "source-analyse"
SOURCE_JOBS = (SOURCE_INGEST, SOURCE_FETCH, SOURCE_ANALYSE)


@dataclass(frozen=True)
class SourceIngestParams(JobParams):
    """Staged uploads (``source_stage_uploads``) to turn into sources of ``resource``, or
    into the new data of the source named ``replace`` (id ``source``)."""

    resource: int
    staged: dict
    replace: str | None = None
    source: int | None = None


@dataclass(frozen=True)
class SourceFetchParams(JobParams):
    """A URL to download into a new source of ``resource``, or into the source named
    ``replace`` (id ``source``). ``url`` has its password masked; the password is in
    ``url_password_encrypted``."""

    resource: int
    url: str
    url_password_encrypted: str | None = None
    keep_cached: bool = False
    replace: str | None = None
    source: int | None = None


@dataclass(frozen=True)
class SourceAnalyseParams(JobParams):
    """The source to analyse again, with changed reading options ``spec`` if given."""

    source: int
    spec: dict | None = None


def source_ingest_start(
    *,
    resource: Resource,
    user: User | None,
    staged: dict,
    replace: Source | None = None,
    enqueue: bool = True,
) -> Job:
    """Queue the ingest of ``staged`` uploads: new sources of ``resource`` (all or none), or
    the new data of ``replace``, which keeps its mappings. ``enqueue=False`` leaves the job
    for the caller to run (the command line's ``--inline``)."""
    refuse_companion_data(resource)
    params = SourceIngestParams(
        resource=resource.pk,
        staged=staged,
        replace=replace.name if replace else None,
        source=replace.pk if replace else None,
    )
    return job_create(
        kind=SOURCE_INGEST,
        created_by=user,
        target=resource,
        params=params.to_json(),
        enqueue=enqueue,
    )


def source_fetch_start(
    *,
    resource: Resource,
    user: User | None,
    url: str,
    keep_cached: bool = False,
    replace: Source | None = None,
    enqueue: bool = True,
) -> Job:
    """Queue the download of ``url`` into a new source of ``resource`` (or into ``replace``);
    ``keep_cached`` keeps the copy instead of downloading again before each publication.
    A password in ``url`` is stored encrypted, apart from the (masked) address."""
    refuse_companion_data(resource)
    masked, password = url_password_split(url)
    secret = encrypt(password) if password else None
    if replace and not secret and masked == replace.url:  # the shown address: same password
        secret = replace.url_password_encrypted or None
    params = SourceFetchParams(
        resource=resource.pk,
        url=masked,
        url_password_encrypted=secret,
        keep_cached=bool(keep_cached),
        replace=replace.name if replace else None,
        source=replace.pk if replace else None,
    )
    return job_create(
        kind=SOURCE_FETCH,
        created_by=user,
        target=resource,
        params=params.to_json(),
        enqueue=enqueue,
    )


def source_analyse_start(
    *, source: Source, user: User | None, spec: dict | None = None, enqueue: bool = True
) -> Job:
    """Queue a new analysis of ``source``, with the reading options ``spec`` if given (file
    sources), or the full analysis of an SQL source."""
    params = SourceAnalyseParams(source=source.pk, spec=spec)
    return job_create(
        kind=SOURCE_ANALYSE,
        created_by=user,
        target=source.resource,
        params=params.to_json(),
        enqueue=enqueue,
    )


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


def _record_created(ctx: JobContext, sources: list[Source], *, replace: str | None) -> None:
    """Record the ids of the sources the job created (see the module's docstring)."""
    if replace is None:
        ctx.record(sources=[s.pk for s in sources])


def _resource(pk: int) -> Resource:
    return object_or_gone(
        Resource, pk, message=_("The resource was deleted before its source job ran.")
    )


def _source(pk: int) -> Source:
    return object_or_gone(
        Source, pk, message=_("The source was deleted before its job ran; add it again.")
    )


def _replaced(params: SourceIngestParams | SourceFetchParams) -> None:
    """Check that the source whose data the job replaces still exists."""
    if params.source is not None:
        _source(params.source)


@register(SOURCE_INGEST, label="Add source files")
def run_source_ingest(ctx: JobContext) -> dict:
    """Analyse staged uploads and turn them into sources (all or none)."""
    params = SourceIngestParams.from_json(ctx.params)
    resource = _resource(params.resource)
    _replaced(params)
    ctx.phase("analysing")
    sources = sources_ingest(
        resource=resource,
        staged=params.staged,
        replace=params.replace,
        progress=ctx.progress,
        log=ctx.log,
    )
    _record_created(ctx, sources, replace=params.replace)
    ctx.phase("stored")
    return _summary(sources)


@register(SOURCE_FETCH, label="Download source")
def run_source_fetch(ctx: JobContext) -> dict:
    """Download a URL source, then analyse it like an upload."""
    params = SourceFetchParams.from_json(ctx.params)
    resource, url = _resource(params.resource), params.url
    _replaced(params)
    ctx.phase("downloading")
    ctx.log("fetching " + url)
    secret = params.url_password_encrypted or ""
    staged = source_fetch_url(
        url=url,
        password_encrypted=secret,
        progress=lambda done, total: ctx.progress(done, total),
    )
    ctx.phase("analysing")
    sources = sources_ingest(
        resource=resource,
        staged=staged,
        kind=SourceKind.URL,
        replace=params.replace,
        url=url,
        url_password_encrypted=secret,
        keep_cached=params.keep_cached,
        progress=ctx.progress,
        log=ctx.log,
    )
    _record_created(ctx, sources, replace=params.replace)
    return _summary(sources)


@register(SOURCE_ANALYSE, label="Analyse source")
def run_source_analyse(ctx: JobContext) -> dict:
    """Analyse a source again (new reading options, or a full SQL analysis)."""
    params = SourceAnalyseParams.from_json(ctx.params)
    source = _source(params.source)
    ctx.phase("analysing")
    source_reanalyse(source=source, spec=params.spec, progress=ctx.progress)
    return _summary([source])
