"""The latest validation of a resource and the quality summary the pages show.

A validation is a publication run that stops before a version is written (``run``): its
report replaces the resource's previous one, with the flagged rows kept beside the
resource's files. The summary puts the newest result first, a validation's or a
publication's, whichever came last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from core.jobs import JobCancelled
from core.models import Job, JobStatus
from publisher.models import User
from resources.dwca.model import BuildResult
from resources.models import Resource, Validation

from ..resources import resource_dir
from .files import flagged_keep
from .start import latest_version, publish_jobs

VALIDATION_DIR = "validation"  # the flagged rows of the latest validation


def latest_validation(resource: Resource) -> Validation | None:
    """The resource's latest validation, or None before the first one."""
    return Validation.objects.select_related("validated_by").filter(resource=resource).first()


def validation_flagged_path(validation: Validation) -> Path | None:
    """The flagged-rows file of ``validation`` (None when it flagged nothing)."""
    if not validation.flagged_name:
        return None
    return resource_dir(validation.resource) / VALIDATION_DIR / validation.flagged_name


def validation_store(
    *, resource: Resource, job: Job, user: User | None, result: BuildResult | None
) -> Validation:
    """Make ``result`` (None for a metadata-only resource) the resource's latest validation,
    unless the job was cancelled meanwhile (``JobCancelled``). Versions are not touched."""
    report = result.report if result is not None else {}
    with transaction.atomic():
        if not Job.objects.select_for_update().filter(pk=job.pk, status=JobStatus.RUNNING).exists():
            raise JobCancelled(str(job.pk))
        flagged = flagged_keep(resource, VALIDATION_DIR, job, result.flagged if result else None)
        validation, _created = Validation.objects.update_or_create(
            resource=resource,
            defaults={
                "validated_at": timezone.now(),
                "validated_by": user,
                "job": job,
                "counts": dict(result.counts) if result else {},
                "report": report,
                "errors": int(report.get("errors", 0)),
                "warnings": int(report.get("warnings", 0)),
                "flagged_name": flagged,
            },
        )
    return validation


# --- the summary at a glance --------------------------------------------------------------


@dataclass
class QualitySummary:
    """The newest validation or publication result of a resource, at a glance.

    ``kind`` is ``"validation"`` or ``"publication"``; a publication's ``label`` names its
    version when it was published, its ``job`` is set when its checks stopped it.
    ``warnings`` lists the checks that warned (check, file, count, message).
    """

    kind: str
    when: datetime
    errors: int
    warning_rows: int
    warnings: list[dict] = field(default_factory=list)
    label: str = ""
    job: Job | None = None

    @property
    def ok(self) -> bool:
        return self.errors == 0


def _warned(report: dict) -> list[dict]:
    return [
        {k: c.get(k) for k in ("check", "file", "count", "message")}
        for c in report.get("checks", [])
        if c.get("severity") != "error" and c.get("count")
    ]


def _summary(kind: str, when: datetime, report: dict, **extra) -> QualitySummary:
    return QualitySummary(
        kind=kind,
        when=when,
        errors=int(report.get("errors", 0)),
        warning_rows=int(report.get("warnings", 0)),
        warnings=_warned(report),
        **extra,
    )


def _candidates(resource: Resource) -> list[QualitySummary]:
    found = []
    validation = latest_validation(resource)
    if validation is not None:
        found.append(_summary("validation", validation.validated_at, validation.report))
    version = latest_version(resource)
    if version is not None:
        found.append(
            _summary("publication", version.published_at, version.report, label=version.label)
        )
    failed = publish_jobs(resource).filter(status=JobStatus.FAILED).first()
    report = (failed.result or {}).get("report") if failed else None
    if failed is not None and report:
        when = failed.finished_at or failed.created_at
        found.append(
            _summary(
                "publication", when, report, label=failed.result.get("version", ""), job=failed
            )
        )
    return found


def quality_summary(resource: Resource) -> QualitySummary | None:
    """The newest of the latest validation, the latest version and the latest publication
    its checks stopped; None when there is none."""
    found = _candidates(resource)
    return max(found, key=lambda s: s.when) if found else None
