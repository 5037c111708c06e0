"""Starting a publication or a validation: the checks that refuse them, the next version,
the jobs."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import UserError
from core.jobs import JobContext, JobParams, register
from core.models import ACTIVE_STATUSES, Job
from core.selectors import jobs_of_target
from core.services.jobs import job_create
from metadata.services.documents import metadata_validate
from publisher.models import User
from resources import error_codes as codes
from resources.models import VISIBLE, DoiStatus, Resource, ResourceType, Version, Visibility

from ..companion_data import data_resource
from ..mappings import core_row_type

logger = logging.getLogger(__name__)

PUBLISH = "resource-publish"
VALIDATE = "resource-validate"
FIRST_VERSION = (1, 0)


@dataclass(frozen=True)
class PublishParams(JobParams):
    """The resource to publish, as the version labelled ``version`` (the next one when the
    job was queued), with its change summary; ``auto`` for the schedule's publications."""

    resource: int
    version: str
    change_summary: str = ""
    drop_orphans: bool = False
    auto: bool = False


@dataclass(frozen=True)
class ValidateParams(JobParams):
    """The resource to validate, with the publication option that changes the checks."""

    resource: int
    drop_orphans: bool = False


def version_label(major: int, minor: int) -> str:
    return "%d.%d" % (major, minor)


def latest_version(resource: Resource) -> Version | None:
    """The newest published version, or None before the first publication."""
    return resource.versions.order_by("-major", "-minor").first()


def next_version(resource: Resource, doi: PublicationDoi | None = None) -> tuple[int, int]:
    """1.0 first, then the minor number goes up (1.9 -> 1.10); the major number goes up only
    when the publication registers a newly reserved DOI (1.3 -> 2.0), as in the IPT, or
    after the resource was republished as a sampling-event dataset (``next_major``).
    ``doi``: the publication's DOI when the caller has it already."""
    # deleted versions count: a version number is never given twice
    latest = Version.all_objects.filter(resource=resource).order_by("-major", "-minor").first()
    if latest is None:
        return FIRST_VERSION
    if resource.next_major or (doi or publication_doi(resource)).new:
        return latest.major + 1, 0
    return latest.major, latest.minor + 1


@dataclass(frozen=True)
class PublicationDoi:
    """The DOI the next version will carry ("" none) and whether the publication registers
    it (``new``: it was reserved and is not yet on any version)."""

    doi: str = ""
    new: bool = False


def publication_doi(resource: Resource) -> PublicationDoi:
    """The DOI of the next version: a reserved DOI once the version will be public (it is
    then registered), else the DOI of the newest version that has one. A private version
    gets none: a DOI must lead to a public page."""
    if not _will_be_public(resource):
        return PublicationDoi()
    reserved = resource.dois.filter(status=DoiStatus.RESERVED).first()
    if reserved is not None:
        return PublicationDoi(doi=reserved.doi, new=True)
    current = resource.versions.exclude(doi="").order_by("-major", "-minor").first()
    return PublicationDoi(doi=current.doi) if current else PublicationDoi()


def _will_be_public(resource: Resource) -> bool:
    """Whether the version published now will be public (a pending change applied)."""
    pending = resource.visibility_pending
    if pending:
        return pending in VISIBLE and resource.visibility != Visibility.DELETED
    return resource.visibility in VISIBLE


def publish_jobs(resource: Resource):
    """The resource's publication jobs, newest first."""
    return jobs_of_target(target=resource).filter(kind=PUBLISH).order_by("-created_at")


def publication_running(resource: Resource) -> Job | None:
    """The pending or running publication of ``resource``, if there is one."""
    return publish_jobs(resource).filter(status__in=ACTIVE_STATUSES).first()


def validation_jobs(resource: Resource):
    """The resource's validation jobs, newest first."""
    return jobs_of_target(target=resource).filter(kind=VALIDATE).order_by("-created_at")


def validation_running(resource: Resource) -> Job | None:
    """The pending or running validation of ``resource``, if there is one."""
    return validation_jobs(resource).filter(status__in=ACTIVE_STATUSES).first()


def _refuse_running(resource: Resource) -> None:
    """Publications and validations of one resource run one at a time: both download its
    URL sources again."""
    running = publication_running(resource)
    if running is not None:
        raise UserError(
            _(
                "This resource is being published already; wait for that "
                "publication to end or cancel it."
            ),
            code=codes.PUBLICATION_RUNNING,
            details={"job": str(running.pk)},
        )
    running = validation_running(resource)
    if running is not None:
        raise UserError(
            _("This resource is being validated; wait for that validation to end or cancel it."),
            code=codes.VALIDATION_RUNNING,
            details={"job": str(running.pk)},
        )


def publication_problems(resource: Resource) -> None:
    """Raise the ``UserError`` that stops a publication before it starts, if any."""
    core = core_row_type(resource)
    mappings = data_resource(resource).mappings  # a companion publishes its original's data
    if (
        core is not None
        and not mappings.filter(extension__row_type=core, source__isnull=False).exists()
    ):
        raise UserError(
            gettext_noop("Map source data to the %(core)s core before publishing."),
            params={"core": core.rsplit("/", 1)[-1]},
            code=codes.PUBLICATION_CORE_UNMAPPED,
        )
    issues = _metadata_issues(resource)
    if issues:
        raise UserError(
            gettext_noop(
                "The metadata has %(n)d problem(s); correct them in the metadata editor first."
            ),
            params={"n": len(issues)},
            code=codes.PUBLICATION_METADATA,
            details=[
                {"section": i.section, "field": i.field, "message": i.message} for i in issues
            ],
        )


def _metadata_issues(resource: Resource) -> list:
    return metadata_validate(resource)  # leaves out the publication date, which we set


def resource_publish(
    *,
    resource: Resource,
    user: User | None,
    change_summary: str = "",
    drop_orphans: bool = False,
    auto: bool = False,
    enqueue: bool = True,
) -> Job:
    """Queue the publication of the next version of ``resource`` and return its job.

    With ``enqueue=False`` the job is created but not sent to the workers: the caller runs
    it in its own process (``manage.py publish --inline``).

    Refused (``UserError``) while another publication of the resource is pending or running
    (``publication:running``) or a validation is (``validation:running``), when a data
    resource's core is not mapped (``publication:core-unmapped``) or when the metadata does
    not validate (``publication:metadata``, details = the issues).
    """
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        _refuse_running(resource)
        publication_problems(resource)
        params = PublishParams(
            resource=resource.pk,
            version=version_label(*next_version(resource)),
            change_summary=change_summary,
            drop_orphans=bool(drop_orphans),
            auto=bool(auto),
        )
        job = job_create(
            kind=PUBLISH,
            created_by=user,
            target=resource,
            params=params.to_json(),
            enqueue=enqueue,
        )
    logger.info(
        "Publication %s of resource %s queued (job %s)", params.version, resource.pk, job.pk
    )
    return job


def is_data_resource(resource: Resource) -> bool:
    return resource.type != ResourceType.METADATA


def validation_start(
    *,
    resource: Resource,
    user: User | None,
    drop_orphans: bool = False,
    enqueue: bool = True,
) -> Job:
    """Queue a validation of ``resource`` and return its job: the publication run without
    writing a version; its report becomes the resource's latest validation.

    Refused like a publication (``publication:running``, ``validation:running``,
    ``publication:core-unmapped``, ``publication:metadata``): what would stop a publication
    before it starts stops its validation too.
    """
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        _refuse_running(resource)
        publication_problems(resource)
        params = ValidateParams(resource=resource.pk, drop_orphans=bool(drop_orphans))
        job = job_create(
            kind=VALIDATE,
            created_by=user,
            target=resource,
            params=params.to_json(),
            enqueue=enqueue,
        )
    logger.info("Validation of resource %s queued (job %s)", resource.pk, job.pk)
    return job


@register(VALIDATE, label="Validate resource")
def run_resource_validate(ctx: JobContext) -> dict:
    """Validate ``params.resource`` (see ``validation_run``)."""
    from .run import validation_run  # run imports this module

    return validation_run(ctx)
