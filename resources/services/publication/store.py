"""Making a built publication final (files and Version row together), archival clean-up."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from core.errors import UserError
from core.jobs import JobCancelled
from core.models import Job, JobStatus
from metadata.eml.model import Document
from metadata.eml.parse import EmlError, parse_eml
from metadata.services.contacts import contacts_harvest
from publisher.models import User
from resources import error_codes as codes
from resources.models import (
    VISIBLE,
    ArchivalMode,
    DoiStatus,
    PublicationSettings,
    Resource,
    Version,
)

from ..visibility import resource_visibility_for_publication
from .files import resource_folder, version_file_name, version_path

logger = logging.getLogger(__name__)
TITLE_MAX = 500  # Version.title

# Built file in the work folder -> kind of stored file.
BUILT = (
    ("dwca.zip", "archive"),
    ("eml.xml", "eml"),
    ("report.json", "report"),
    ("flagged.tsv.gz", "flagged"),
    ("ids.npy", "ids"),
    ("dwc-dp.zip", "datapackage"),
)
# Files an archival clean-up removes with the archive; EML and report are always kept.
WITH_ARCHIVE = ("archive", "flagged", "ids", "datapackage")


@dataclass
class Built:
    """What a publication produced in its work folder, ready to be stored."""

    workdir: Path
    major: int
    minor: int
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    row_types: dict[str, str] = field(default_factory=dict)  # data file -> rowType
    records: int = 0
    report: dict = field(default_factory=dict)
    data_sha256: str = ""
    metadata_sha256: str = ""
    archive_sha256: str = ""
    publisher: str = ""  # the publishing organisation named in the EML's citation
    doi: str = ""  # the DOI the version is cited by (issue #23)
    datapackage_sha256: str = ""  # of dwc-dp.zip, when one was built
    datapackage_meta: dict | None = None  # its dataset metadata; None: no package asked
    datapackage_agents: list[dict[str, str]] = field(default_factory=list)


def version_store(
    *,
    resource: Resource,
    job: Job,
    built: Built,
    user: User | None,
    change_summary: str,
    auto: bool,
) -> Version:
    """Move the built files to the resource folder under their versioned names and create
    the ``Version`` in one step: if the job was cancelled meanwhile, or anything fails, the
    moved files are removed again and no version exists. Earlier versions are not touched
    (their files have other names).

    The resource's row stays locked from the check that its version number is free until the
    version exists, so that two publications of one resource, on any hosts, never store files
    under one name (the start refuses a second publication: this is the last guard).
    """
    folder = resource_folder(resource)
    moved: dict[str, Path] = {}
    try:
        with transaction.atomic():
            _lock_free_label(resource, built)
            for built_name, kind in BUILT:
                source = built.workdir / built_name
                if source.exists():
                    target = folder / version_file_name(kind, built.label)
                    os.replace(source, target)
                    moved[kind] = target
            return _create(
                resource, job, built, moved, user=user, change_summary=change_summary, auto=auto
            )
    except BaseException:
        for path in moved.values():
            path.unlink(missing_ok=True)
        raise


def _lock_free_label(resource: Resource, built: Built) -> None:
    """Lock the resource's row; refuse when its version ``built.label`` exists already."""
    Resource.objects.select_for_update().filter(pk=resource.pk).first()
    taken = Version.all_objects.filter(resource=resource, major=built.major, minor=built.minor)
    if taken.exists():
        raise UserError(
            gettext_noop(
                "Another publication of this resource stored version %(version)s meanwhile; "
                "nothing was published. Publish again for the next version."
            ),
            params={"version": built.label},
            code=codes.PUBLICATION_RUNNING,
        )


@transaction.atomic
def _create(
    resource: Resource,
    job: Job,
    built: Built,
    moved: dict[str, Path],
    *,
    user: User | None,
    change_summary: str,
    auto: bool,
) -> Version:
    if not Job.objects.select_for_update().filter(pk=job.pk, status=JobStatus.RUNNING).exists():
        raise JobCancelled(str(job.pk))
    archive = moved.get("archive")
    package = moved.get("datapackage")
    resource.refresh_from_db()  # loaded when the job started; visibility may have changed
    visibility = resource_visibility_for_publication(resource)  # applies a pending change
    doc = _published_document(moved.get("eml"))
    version = Version.objects.create(
        resource=resource,
        major=built.major,
        minor=built.minor,
        label=built.label,
        title=doc.title.strip()[:TITLE_MAX] if doc else "",
        published_by=user,
        change_summary=change_summary,
        counts=built.counts,
        row_types=built.row_types,
        records=built.records,
        report=built.report,
        archive_name=archive.name if archive else "",
        archive_size=archive.stat().st_size if archive else 0,
        archive_sha256=built.archive_sha256,
        data_sha256=built.data_sha256,
        metadata_sha256=built.metadata_sha256,
        eml_name=_name(moved, "eml"),
        report_name=_name(moved, "report"),
        flagged_name=_name(moved, "flagged"),
        ids_name=_name(moved, "ids"),
        datapackage_name=_name(moved, "datapackage"),
        datapackage_size=package.stat().st_size if package else 0,
        datapackage_sha256=built.datapackage_sha256,
        visibility=visibility,
        job=job,
        auto=auto,
        doi=built.doi,
        publisher=built.publisher,
    )
    if built.doi:  # a reserved DOI is registered with its first version
        resource.dois.filter(doi=built.doi, status=DoiStatus.RESERVED).update(
            status=DoiStatus.REGISTERED, registered_at=version.published_at
        )
    if doc is not None and visibility in VISIBLE:  # its people may be offered to all managers
        contacts_harvest(doc, user=user, resource=resource, published=True)
    if resource.next_major:  # the major version a republication asked for is out
        Resource.objects.filter(pk=resource.pk).update(next_major=False)
    if resource.published_at is None:
        Resource.objects.filter(pk=resource.pk, published_at__isnull=True).update(
            published_at=version.published_at
        )
    return version


def _published_document(eml: Path | None) -> Document | None:
    """The EML a publication wrote (None when it has none or it cannot be read)."""
    if eml is None or not eml.exists():
        return None
    try:
        return parse_eml(eml.read_bytes(), source=eml.name)
    except EmlError:
        logger.exception("Published EML %s is unreadable", eml.name)
        return None


def _name(moved: dict[str, Path], kind: str) -> str:
    return moved[kind].name if kind in moved else ""


def archives_kept(mode: str, limit: int) -> int | None:
    """How many of the newest archives an archival mode keeps (None: all)."""
    if mode == ArchivalMode.LATEST:
        return 1
    if mode == ArchivalMode.LAST_N:
        return max(1, limit)
    return None


def archives_clean(resource: Resource, options: PublicationSettings) -> list[str]:
    """Remove the archives (with their flagged rows and id files) that the archival mode no
    longer keeps; the versions, their EML and reports stay. Returns the removed labels."""
    keep = archives_kept(options.archival_mode, options.archival_limit)
    if keep is None or resource.dois.exists():  # a DOI's versions stay whole
        return []
    versions = list(
        resource.versions.filter(archive_removed_at__isnull=True)
        .exclude(archive_name="")
        .order_by("-major", "-minor")
    )
    removed = []
    for version in versions[keep:]:
        for kind in WITH_ARCHIVE:
            path = version_path(version, kind)
            if path is not None:
                path.unlink(missing_ok=True)
        Version.objects.filter(pk=version.pk).update(
            archive_removed_at=timezone.now(), flagged_name="", ids_name=""
        )
        removed.append(version.label)
    if removed:
        logger.info(
            "Resource %s: archives of versions %s removed (archival mode %s)",
            resource.pk,
            ", ".join(removed),
            options.archival_mode,
        )
    return removed


CHANGE_SUMMARY_MAX = 10_000


def version_change_summary_set(*, version: Version, summary: str) -> Version:
    """Replace the change summary of a published version (the IPT's history page allows it);
    the feeds and the landing page show the new text at once. Nothing else changes."""
    summary = summary.strip()
    if len(summary) > CHANGE_SUMMARY_MAX:
        raise UserError(
            gettext_noop("A change summary has at most %(n)d characters."),
            params={"n": CHANGE_SUMMARY_MAX},
            code=codes.VERSION_SUMMARY_TOO_LONG,
        )
    version.change_summary = summary
    version.save(update_fields=["change_summary"])
    return version
