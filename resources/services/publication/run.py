"""Running one publication: sources, metadata, archive, checks, then storing the version;
and one validation: the same steps, then storing the report instead of a version.

Everything is built in ``DATA_DIR/tmp/publish-<job id>/`` and only moved beside the earlier
versions once the archive passed its checks; the work folder is removed whatever happens,
so a failed or cancelled publication, and any validation, leaves the published versions as
they were.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import error_codes as core_codes
from core.errors import AppError, Text, UserError
from core.jobs import JobContext, get_kind
from core.jobs.context import JobCancelled, JobInterrupted
from core.models import ACTIVE_STATUSES, Job
from core.selectors import jobs_of_target
from core.services.jobs import queue_prepare
from metadata.datacite import DataCiteMetadataError, datacite_xml
from metadata.eml.model import Document
from metadata.eml.write import write_eml
from metadata.services.coverage import coverage_modes, metadata_for_publication
from metadata.services.documents import metadata_record
from publisher.services.installation import installation_base_url
from resources import error_codes as codes
from resources.dwca.build import build_archive
from resources.dwca.model import BuildOptions, BuildResult
from resources.jobs.publication import portal_summary_start
from resources.jobs.sources import SOURCE_JOBS
from resources.models import Resource, SourceKind, Version
from resources.portal.fragments import version_fragments_build
from resources.sensitivity.protect import Protection, Reading
from resources.services.search import version_facts_build

from ..companion_data import data_resource
from ..sources import source_refresh
from .auto import auto_rules
from .datapackage import datapackage_agents, datapackage_meta, datapackage_wanted
from .files import data_sha256, file_sha256, flagged_keep, flagged_path, version_path
from .progress import build_progress, source_rows
from .protected import protected_files
from .schedule import auto_publish_failed, auto_publish_succeeded, publication_settings
from .start import (
    PUBLISH,
    PublishParams,
    ValidateParams,
    is_data_resource,
    latest_version,
    next_version,
    publication_doi,
    publication_problems,
    version_label,
)
from .store import Built, archives_clean, version_store
from .validation import validation_store
from .workdir import work_folder, work_folders_sweep

logger = logging.getLogger(__name__)
FAILED_DIR = "failed"  # the flagged rows of the last failed publication, for the report page


# A validation's zip is never served: store its members (the checks and digests are the same).
VALIDATION_COMPRESSLEVEL = 0


def publication_run(ctx: JobContext) -> dict:
    """Publish the resource named by the job's parameters (the ``resource-publish`` runner).

    Automatic publications also count their failures for the back-off and e-mail.
    """
    params = PublishParams.from_json(ctx.params)
    resource, auto = Resource.objects.get(pk=params.resource), params.auto
    work_folders_sweep()
    try:
        result = _run_in_folder(ctx, resource, _publish)
    except (JobCancelled, JobInterrupted):
        raise
    except AppError as exc:
        if auto and ctx.job.attempts >= get_kind(PUBLISH).max_attempts:
            auto_publish_failed(resource, code=exc.code, message=exc.message)
        raise
    except UserError as exc:
        if auto:
            auto_publish_failed(resource, code=exc.code, message=exc.message)
        raise
    except Exception:
        if auto:
            auto_publish_failed(
                resource,
                code=core_codes.APP_INTERNAL.code,
                message=_("The publication stopped on an internal error."),
            )
        raise
    if auto:
        auto_publish_succeeded(resource)
    return result


def validation_run(ctx: JobContext) -> dict:
    """Validate the resource named by the job's parameters (the ``resource-validate``
    runner): the publication's steps, then its report stored as the resource's latest
    validation. No version, registry update or auto-publishing counter is touched."""
    params = ValidateParams.from_json(ctx.params)
    resource = Resource.objects.get(pk=params.resource)
    work_folders_sweep()
    return _run_in_folder(ctx, resource, _validate)


Step = Callable[[JobContext, Resource, Path], dict]


def _run_in_folder(ctx: JobContext, resource: Resource, step: Step) -> dict:
    workdir = work_folder(ctx.job)
    shutil.rmtree(workdir, ignore_errors=True)  # a retried attempt starts clean
    workdir.mkdir(parents=True)
    try:
        return step(ctx, resource, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _next_built(resource: Resource, workdir: Path) -> Built:
    doi = publication_doi(resource)
    major, minor = next_version(resource, doi)
    label = version_label(major, minor)
    return Built(workdir=workdir, major=major, minor=minor, label=label, doi=doi.doi)


def _pipeline(
    ctx: JobContext,
    resource: Resource,
    built: Built,
    previous: Version | None,
    *,
    drop_orphans: bool,
    compresslevel: int,
) -> BuildResult | None:
    """The steps publishing and validating share: refuse what would be refused at the start,
    download URL sources again, write the EML and build the archive with every check.
    Returns the builder's result (None for a metadata-only resource)."""
    publication_problems(resource)  # things may have changed since the job was queued
    if is_data_resource(resource):
        _refresh_sources(ctx, resource)
    eml = _metadata(ctx, resource, built)
    if not is_data_resource(resource):
        return None
    return _build(
        ctx, resource, built, eml, previous, drop_orphans=drop_orphans, compresslevel=compresslevel
    )


def _validate(ctx: JobContext, resource: Resource, workdir: Path) -> dict:
    built = _next_built(resource, workdir)
    ctx.log("validating (as version %s would be published)" % built.label)
    result = _pipeline(
        ctx,
        resource,
        built,
        latest_version(resource),
        drop_orphans=ValidateParams.from_json(ctx.params).drop_orphans,
        compresslevel=VALIDATION_COMPRESSLEVEL,
    )
    ctx.phase("storing")
    validation = validation_store(
        resource=resource, job=ctx.job, user=ctx.job.created_by, result=result
    )
    ctx.log("validated: %d blocking, %d warned" % (validation.errors, validation.warnings))
    return {
        "ok": validation.ok,
        "errors": validation.errors,
        "warnings": validation.warnings,
        "counts": validation.counts,
        "report_url": reverse("validation-report", args=[resource.shortname]),
    }


def _publish(ctx: JobContext, resource: Resource, workdir: Path) -> dict:
    built = _next_built(resource, workdir)
    ctx.log("publishing version " + built.label)
    previous = latest_version(resource)
    result = _pipeline(
        ctx,
        resource,
        built,
        previous,
        drop_orphans=PublishParams.from_json(ctx.params).drop_orphans,
        compresslevel=settings.PUBLICATION_COMPRESSLEVEL,
    )
    if result is not None:
        if not result.ok:
            _checks_failed(ctx, resource, built, result)
        _checksum(ctx, built, result)
    if PublishParams.from_json(ctx.params).auto and previous is not None:
        skipped = auto_rules(resource, built, previous)
        if skipped:
            ctx.log("nothing changed since version %s: not published" % previous.label)
            return {"skipped": "unchanged", "version": previous.label}
    return _store(ctx, resource, built)


# --- sources and metadata ---------------------------------------------------------------------


def _refresh_sources(ctx: JobContext, resource: Resource) -> None:
    """Download URL sources again (SQL sources are read live while the archive is written)."""
    owner = data_resource(resource)  # a companion's sources are its original's
    sources = list(owner.sources.filter(kind=SourceKind.URL, keep_cached=False))
    ctx.phase("sources", total=len(sources) or None)
    _refuse_busy_sources(owner)
    for done, source in enumerate(sources, start=1):
        ctx.log("downloading source %s" % source.name)
        # progress() flushes at most once a second, and a flush notices a cancellation
        source_refresh(source=source, progress=lambda *_args, n=done - 1: ctx.progress(n))
        ctx.progress(done)


def _refuse_busy_sources(resource: Resource) -> None:
    busy = (
        jobs_of_target(target=resource)
        .filter(kind__in=SOURCE_JOBS, status__in=ACTIVE_STATUSES)
        .exists()
    )
    if busy:
        raise UserError(
            _(
                "A source of this resource is still being added or analysed; "
                "publish once that has finished."
            ),
            code=codes.PUBLICATION_SOURCES_BUSY,
        )


def metadata_digest(resource: Resource) -> str:
    """A digest of the working metadata as entered (not of the EML, whose dates and
    citation change with every version)."""
    record = metadata_record(resource)
    shape = {
        "document": record.document,
        "citation_auto": record.citation_auto,
        **_modes_shape(coverage_modes(resource)),
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


def _modes_shape(modes: dict[str, str]) -> dict:
    """The coverage modes as the digest holds them: one ``coverage_mode`` while the three
    agree (as before each coverage had its own, so digests made then still match)."""
    if len(set(modes.values())) == 1:
        return {"coverage_mode": next(iter(modes.values()))}
    return {"coverage_modes": modes}


def publisher_name(resource: Resource) -> str:
    """The name of the organisation the resource is published by; "" without one (the
    installation's name is never the publisher of a dataset)."""
    organisation = getattr(resource, "organisation", None)
    return getattr(organisation, "name", "") or ""


def version_url(resource: Resource, label: str) -> str:
    return "%s/resource?r=%s&v=%s" % (installation_base_url(), resource.shortname, label)


def _metadata(ctx: JobContext, resource: Resource, built: Built) -> bytes:
    ctx.phase("metadata")
    built.publisher = publisher_name(resource)
    doc = metadata_for_publication(
        resource,
        version=built.label,
        publisher=built.publisher,
        url=version_url(resource, built.label),
        pub_date=timezone.localdate(),
        doi=built.doi,
    )
    if built.doi:
        _datacite_check(doc, built, resource)
    package_id = doc.package_id or str(metadata_record(resource).package_id)
    eml = write_eml(doc, package_id=package_id, version="1.3")
    (built.workdir / "eml.xml").write_bytes(eml)
    if datapackage_wanted(resource):
        built.datapackage_meta = datapackage_meta(
            doc, version=built.label, url=version_url(resource, built.label), doi=built.doi
        )
        built.datapackage_agents = datapackage_agents(doc)
    built.metadata_sha256 = metadata_digest(resource)
    ctx.log("EML written (%d bytes)" % len(eml))
    return eml


def _datacite_check(doc: Document, built: Built, resource: Resource) -> None:
    """Refuse, before anything is stored, metadata that cannot make a valid DataCite record
    for the version's DOI (the DOI job would otherwise fail after the version exists)."""
    try:
        datacite_xml(
            doc,
            doi=built.doi,
            publisher=built.publisher,
            publication_year=timezone.localdate().year,
            version=built.label,
            url=version_url(resource, built.label),
        )
    except DataCiteMetadataError as exc:
        raise UserError(
            gettext_noop(
                "The version would carry the DOI %(doi)s, but its metadata cannot make a valid "
                "DataCite record: %(problem)s Nothing was published."
            ),
            params={"doi": built.doi, "problem": Text(exc.template, exc.params)},
            code=codes.PUBLICATION_DOI_METADATA,
            details={"field": exc.field},
        ) from exc


# --- the archive ------------------------------------------------------------------------------


def _build(
    ctx: JobContext,
    resource: Resource,
    built: Built,
    eml: bytes,
    previous: Version | None,
    *,
    drop_orphans: bool,
    compresslevel: int,
) -> BuildResult:
    """Build the archive in the work folder; ``built`` gets its counts, records and report."""
    ctx.phase("preparing")
    reading = Reading(
        processes=settings.PUBLICATION_PROCESSES, scratch=built.workdir / "sensitivity"
    )
    files, protection = protected_files(resource, reading)
    ctx.log("data files: " + ", ".join(f.filename for f in files))
    if protection is not None:
        _protection_log(ctx, protection)
    options = BuildOptions(
        compresslevel=compresslevel,
        drop_orphans=drop_orphans,
        previous_counts=dict(previous.counts) if previous else {},
        previous_ids=version_path(previous, "ids") if previous else None,
        previous_archive=version_path(previous, "archive") if previous else None,
        sample_cap=settings.PUBLICATION_SAMPLE_CAP,
        processes=settings.PUBLICATION_PROCESSES,
        ids_in_memory=settings.PUBLICATION_IDS_IN_MEMORY,
        meanwhile=_prepare_storing,
        datapackage=built.datapackage_meta,
        datapackage_agents=built.datapackage_agents,
    )
    if options.previous_ids is not None and not options.previous_ids.exists():
        options.previous_ids = None
    result = build_archive(
        workdir=built.workdir,
        files=files,
        eml=eml,
        options=options,
        progress=build_progress(ctx, source_rows(resource)),
    )
    if protection is not None:
        result.report["sensitivity"] = protection.report()
    built.counts, built.report = dict(result.counts), result.report
    built.row_types = {f.filename: f.row_type for f in files if f.filename in result.counts}
    built.records = next((result.counts.get(f.filename, 0) for f in files if f.core), 0)
    return result


def _protection_log(ctx: JobContext, found: Protection) -> None:
    ctx.log(
        "sensitive species: %(generalised)d record(s) generalised, %(withheld)d withheld, "
        "%(events_generalised)d event(s) generalised, %(generated_events)d generated "
        "(first passes: %(rows_read)d rows, %(seconds).1f s)" % found.report()
    )


def _prepare_storing() -> None:
    """Load what storing the version needs while other processes read the rows (in a
    process that starts with this job, as ``manage.py publish --inline`` does, ~0.1 s): the
    URL patterns, and the task queue that takes the follow-up jobs. Storing does the same
    again and raises what fails then: a failure here is only logged."""
    try:
        reverse("version-report", args=["x", "1.0"])
        queue_prepare()
    except Exception:  # noqa: BLE001 - met again, and raised, when the version is stored
        logger.warning("Preparing to store a version failed", exc_info=True)


def _checksum(ctx: JobContext, built: Built, result: BuildResult) -> None:
    """The digests of an archive that passed its checks, and its report beside it."""
    ctx.phase("checksum")
    built.data_sha256 = data_sha256(result.archive, result.report.get("digests"))
    built.archive_sha256 = result.archive_sha256 or file_sha256(result.archive)
    if result.datapackage is not None:
        built.datapackage_sha256 = result.datapackage_sha256 or file_sha256(result.datapackage)
    (built.workdir / "report.json").write_text(json.dumps(result.report, indent=1))
    ctx.log("archive: %s records in the core, %s" % (built.records, _counts_text(built.counts)))


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join("%s %d" % (name, n) for name, n in counts.items())


def report_summary(report: dict) -> dict:
    """The blocking checks of a report, for the job's error details."""
    errors = [
        c for c in report.get("checks", []) if c.get("severity") == "error" and c.get("count")
    ]
    return {
        "errors": [{k: c.get(k) for k in ("check", "file", "count", "message")} for c in errors],
        "counts": report.get("counts", {}),
    }


def _checks_failed(ctx: JobContext, resource: Resource, built: Built, result: BuildResult) -> None:
    """Keep the report on the job and the flagged rows for the report page, then fail."""
    flagged = flagged_keep(resource, FAILED_DIR, ctx.job, result.flagged)
    url = reverse("publication-job-report", args=[resource.shortname, ctx.job.pk])
    Job.objects.filter(pk=ctx.job.pk).update(
        result={
            "version": built.label,
            "report": result.report,
            "counts": dict(result.counts),
            "flagged": flagged,
            "report_url": url,
        }
    )
    summary = report_summary(result.report)
    for error in summary["errors"]:
        ctx.log("check %(check)s failed: %(count)s row(s) in %(file)s" % error)
    raise UserError(
        gettext_noop(
            "The archive did not pass %(n)d blocking check(s); nothing was "
            "published. The publication report lists them."
        ),
        params={"n": len(summary["errors"])},
        code=codes.PUBLICATION_CHECKS,
        details=summary,
    )


def failed_flagged_path(resource: Resource, job: Job) -> Path:
    return flagged_path(resource, FAILED_DIR, job)


# --- storing ---------------------------------------------------------------------------------


def _store(ctx: JobContext, resource: Resource, built: Built) -> dict:
    ctx.phase("storing")
    params = PublishParams.from_json(ctx.params)
    version = version_store(
        resource=resource,
        job=ctx.job,
        built=built,
        user=ctx.job.created_by,
        change_summary=params.change_summary,
        auto=params.auto,
    )
    removed = archives_clean(resource, publication_settings(resource))
    if removed:
        ctx.log("archives removed by the archival mode: " + ", ".join(removed))
    ctx.log("version %s published" % version.label)
    if version.archive_size > settings.PORTAL_SUMMARY_INLINE_BYTES:
        # Too big to summarise during a page view: a follow-up job reads it once.
        portal_summary_start(version=version, user=ctx.job.created_by)
    version_facts_build(version=version)  # with the summary if the archive is small
    version_fragments_build(version)  # its RSS and DCAT entries
    logger.info("Resource %s published as version %s", resource.pk, version.label)
    return {
        "version": version.label,
        "records": version.records,
        "counts": version.counts,
        "archive_size": version.archive_size,
        "archives_removed": removed,
        "report_url": reverse("version-report", args=[resource.shortname, version.label]),
    }
