"""Job kinds of the metadata app (registered when the app is ready)."""

from __future__ import annotations

import hashlib
import shutil
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from core.jobs import JobContext, JobParams, object_or_gone, register
from core.models import ACTIVE_STATUSES, Job
from core.services.jobs import job_create
from core.services.tmp import tmp_dir
from publisher.models import User
from resources.models import Resource

from .services.coverage import METADATA_INFER, CoverageInferParams, coverage_infer
from .services.io import metadata_import, metadata_import_preview

METADATA_IMPORT = "metadata-import"
IMPORT_PREFIX = "eml-import-"  # DATA_DIR/tmp/eml-import-<hex>/eml.xml, read by the job
PREVIEW_CHANGES = 500  # changes kept in a preview job's result (the page lists as many)


@register(METADATA_INFER, label="Infer metadata coverage")
def run_metadata_infer(ctx: JobContext) -> dict:
    """Read the mapped data and store the inferred coverage; the result is that coverage."""
    resource = Resource.objects.get(pk=CoverageInferParams.from_json(ctx.params).resource)
    ctx.phase("reading")
    inferred = coverage_infer(resource, progress=ctx.progress)
    ctx.log("rows read: %s" % sum(inferred.rows.values()))
    return inferred.to_json()


@dataclass(frozen=True)
class MetadataImportParams(JobParams):
    """The staged EML document (``folder``/eml.xml, uploaded as ``filename``) that the
    ``metadata-import`` job previews against ``resource``'s metadata, or imports (``apply``)."""

    resource: int
    folder: str
    filename: str
    apply: bool = False


def metadata_import_inline(size: int) -> bool:
    """True when an EML document of ``size`` bytes is small enough to be parsed in the
    request; larger ones are previewed and imported by a ``metadata-import`` job."""
    return size <= settings.EML_IMPORT_INLINE_BYTES


def metadata_import_start(
    *, resource: Resource, user: User | None, data: bytes, filename: str, apply: bool = False
) -> Job:
    """Stage ``data`` under ``DATA_DIR/tmp`` and start a background ``metadata-import`` job
    that previews it (its result lists the changes) or, with ``apply``, imports it."""
    folder = tmp_dir() / (IMPORT_PREFIX + uuid.uuid4().hex)
    folder.mkdir(parents=True)
    (folder / "eml.xml").write_bytes(data)
    params = MetadataImportParams(
        resource=resource.pk, folder=str(folder), filename=filename, apply=apply
    )
    return job_create(
        kind=METADATA_IMPORT, created_by=user, target=resource, params=params.to_json()
    )


def import_folder_in_use(folder: Path) -> bool:
    """True while a pending or running ``metadata-import`` job is to read ``folder``: the
    temporary-file sweep leaves it."""
    jobs = Job.objects.filter(kind=METADATA_IMPORT, status__in=ACTIVE_STATUSES)
    return jobs.filter(params__folder=str(folder)).exists()


@register(METADATA_IMPORT, label="Import EML", max_attempts=1)
def run_metadata_import(ctx: JobContext) -> dict:
    """Parse the staged EML; the result is the preview (``changes``, at most
    ``PREVIEW_CHANGES``, and ``change_count``) or, with ``apply``, the imported title.
    A refused document fails the job with ``metadata:eml`` and the line in its message."""
    params = MetadataImportParams.from_json(ctx.params)
    resource = object_or_gone(
        Resource, params.resource, message=_("The resource was deleted before its import ran.")
    )
    folder = Path(params.folder)
    try:
        data = (folder / "eml.xml").read_bytes()
        result: dict = {"filename": params.filename, "sha256": hashlib.sha256(data).hexdigest()}
        if params.apply:
            ctx.phase("importing")
            doc = metadata_import(
                resource, data=data, user=ctx.job.created_by, filename=params.filename
            )
            return {**result, "applied": True, "title": doc.title}
        ctx.phase("reading")
        preview = metadata_import_preview(resource, data=data, filename=params.filename)
        ctx.log("values changed: %d" % len(preview.changes))
        return {
            **result,
            "applied": False,
            "title": preview.document.title,
            "change_count": len(preview.changes),
            "keeps_citation": bool(preview.document.citation.text.strip()),
            "changes": [asdict(c) for c in preview.changes[:PREVIEW_CHANGES]],
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
