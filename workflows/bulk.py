"""Bulk work for admins: publish many resources with a limit on how many run at once, and
change the visibility or the publishing organisation of many resources, each resource's
outcome reported.

A bulk publication is a job of its own (``bulk-publish``) whose runner starts at most
``concurrency`` publications (ordinary ``resource-publish`` jobs), waits for one to end, and
starts the next. What it started and what was refused is recorded in its params after each
start (``ctx.record``), so a runner that a worker restart put back in the queue carries on
where it stopped: it counts the publications it started that are still active, never starts
a resource twice, and the publications themselves are ordinary jobs that survive restarts on
their own. It waits on the ``maintenance`` queue, not on ``jobs``, so that it never holds the
thread a publication it waits for needs.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import Text, UserError
from core.jobs import QUEUE_MAINTENANCE, JobCancelled, JobContext, JobParams, register
from core.models import ACTIVE_STATUSES, FINAL_STATUSES, Job, JobStatus
from core.services.jobs import job_cancel, job_create
from publisher.models import Organisation, User
from publisher.services.registration import resource_organisation_set
from resources import error_codes as codes
from resources.models import Resource
from resources.services.publication import resource_publish
from resources.services.visibility import resource_visibility_change
from workflows import error_codes as workflow_codes

logger = logging.getLogger(__name__)

BULK_PUBLISH = "bulk-publish"


@dataclass(frozen=True)
class BulkPublishParams(JobParams):
    """The resources to publish (primary keys, in order), how many publications may run at
    once, and the change summary each version gets."""

    resources: list[int] = field(default_factory=list)
    concurrency: int = 2
    change_summary: str = ""


def bulk_publish_start(
    *,
    resources: list[Resource],
    user: User | None,
    concurrency: int | None = None,
    change_summary: str = "",
    enqueue: bool = True,
) -> Job:
    """Queue the publication of ``resources``, at most ``concurrency`` at a time
    (``BULK_PUBLISH_CONCURRENCY`` when None). Refused when there is nothing to publish."""
    if not resources:
        raise UserError(_("Choose at least one resource."), code=workflow_codes.BULK_EMPTY)
    limit = max(1, concurrency or settings.BULK_PUBLISH_CONCURRENCY)
    params = BulkPublishParams(
        resources=list(dict.fromkeys(r.pk for r in resources)),  # each once, in order
        concurrency=limit,
        change_summary=change_summary,
    )
    job = job_create(kind=BULK_PUBLISH, created_by=user, params=params.to_json(), enqueue=enqueue)
    logger.info("Bulk publication of %d resources queued (job %s)", len(resources), job.pk)
    return job


@register(BULK_PUBLISH, label="Publish resources", queue=QUEUE_MAINTENANCE)
def run_bulk_publish(ctx: JobContext) -> dict:
    """Start the publications ``concurrency`` at a time until each has ended or was
    refused; cancelling the bulk job cancels the publications still waiting in the queue
    (running ones finish)."""
    params = BulkPublishParams.from_json(ctx.params)
    try:
        ctx.phase("publishing", total=len(params.resources))
        while not bulk_publish_step(ctx):
            time.sleep(settings.BULK_PUBLISH_POLL)
    except JobCancelled:
        _cancel_waiting(ctx.job)
        raise
    return bulk_publish_summary(ctx.job)


def bulk_publish_step(ctx: JobContext) -> bool:
    """Start publications while fewer than ``concurrency`` of this run are active; record
    each start or refusal; report progress (which notices a cancellation). True once every
    resource's publication has ended or was refused."""
    params = BulkPublishParams.from_json(ctx.params)
    started: dict[str, str] = dict(ctx.params.get("started") or {})
    refused: dict[str, dict] = dict(ctx.params.get("refused") or {})
    active = Job.objects.filter(pk__in=started.values(), status__in=ACTIVE_STATUSES).count()
    waiting = [pk for pk in params.resources if str(pk) not in started and str(pk) not in refused]
    for pk in waiting:
        if active >= params.concurrency:
            break
        job_id, refusal = _start_one(pk, ctx.job.created_by, params.change_summary)
        if job_id:
            started[str(pk)] = job_id
            active += 1
        else:
            refused[str(pk)] = refusal
        ctx.record(started=started, refused=refused)
    ended = Job.objects.filter(pk__in=started.values(), status__in=FINAL_STATUSES).count()
    ctx.progress(ended + len(refused))
    ctx.flush()
    return ended + len(refused) == len(params.resources)


def _start_one(pk: int, user: User | None, change_summary: str) -> tuple[str, dict]:
    """Start the publication of resource ``pk``: its job's id, or the refusal."""
    resource = Resource.objects.filter(pk=pk).first()
    if resource is None:
        gone = Text(gettext_noop("The resource no longer exists."))
        return "", {"code": "", "text": gone.to_dict()}
    try:
        job = resource_publish(resource=resource, user=user, change_summary=change_summary)
    except UserError as exc:
        if exc.code == codes.PUBLICATION_RUNNING.code and exc.details:
            return exc.details["job"], {}  # being published already (or by a run restarted)
        return "", _refusal(exc)
    return str(job.pk), {}


def _refusal(exc: UserError) -> dict:
    text = exc.text()
    return {"code": exc.code, "text": text.to_dict() if text else Text(exc.message).to_dict()}


def _cancel_waiting(bulk: Job) -> None:
    started = (bulk.params.get("started") or {}).values()
    for job in Job.objects.filter(pk__in=started, status=JobStatus.PENDING):
        job_cancel(job=job)


def bulk_publish_summary(bulk: Job) -> dict:
    """The counts of a bulk publication: publications started, succeeded, failed or
    cancelled, and resources refused."""
    started = (bulk.params.get("started") or {}).values()
    statuses = list(Job.objects.filter(pk__in=started).values_list("status", flat=True))
    return {
        "resources": len(bulk.params.get("resources") or []),
        "started": len(statuses),
        "succeeded": statuses.count(JobStatus.SUCCEEDED),
        "failed": statuses.count(JobStatus.FAILED),
        "cancelled": statuses.count(JobStatus.CANCELLED),
        "refused": len(bulk.params.get("refused") or {}),
    }


@dataclass
class BulkItem:
    """One resource of a bulk publication: its publication job (None before it started or
    when refused), its status ("waiting", "refused" or the job's), the version published and
    why it was refused or failed."""

    pk: int
    shortname: str
    title: str
    status: str
    job: Job | None = None
    version: str = ""
    message: str = ""


def bulk_publish_items(bulk: Job) -> list[BulkItem]:
    """Each resource of the bulk publication ``bulk``, in the order it was asked for."""
    started: dict[str, str] = bulk.params.get("started") or {}
    refused: dict[str, dict] = bulk.params.get("refused") or {}
    jobs = {str(j.pk): j for j in Job.objects.filter(pk__in=started.values())}
    pks = bulk.params.get("resources") or []
    names = {r.pk: r for r in Resource.objects.filter(pk__in=pks).only("shortname", "title")}
    items = []
    for pk in pks:
        resource = names.get(pk)
        item = BulkItem(
            pk,
            resource.shortname if resource else str(pk),
            resource.title if resource else "",
            "waiting",
        )
        if str(pk) in refused:
            item.status = "refused"
            item.message = Text.from_dict(refused[str(pk)]["text"]).render()
        elif started.get(str(pk)) in jobs:
            job = jobs[started[str(pk)]]
            item.job, item.status = job, job.status
            item.version = (job.result or {}).get("version", "")
            item.message = job.localized_error()
        items.append(item)
    return items


# --- visibility and organisation ----------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a bulk change did to one resource: done, or refused with the reason."""

    resource: Resource
    ok: bool
    message: str = ""


def resources_visibility_set(
    *, resources: list[Resource], user: User, visibility: str
) -> list[Outcome]:
    """Ask for ``visibility`` (private or public) on each resource, as its overview page
    does (``resource_visibility_change``: after the first publication the change waits for
    the next one; a registered resource stays public). Each resource on its own: one refusal
    stops nothing else."""
    return [
        _each(r, lambda r: resource_visibility_change(resource=r, user=user, visibility=visibility))
        for r in resources
    ]


def resources_organisation_set(
    *, resources: list[Resource], user: User, organisation: Organisation | None
) -> list[Outcome]:
    """Choose ``organisation`` as the publisher of each resource
    (``resource_organisation_set``: refused for a registered resource); each on its own."""
    return [
        _each(
            r,
            lambda r: resource_organisation_set(resource=r, user=user, organisation=organisation),
        )
        for r in resources
    ]


def _each(resource: Resource, change) -> Outcome:
    try:
        with transaction.atomic():
            change(resource)
    except UserError as exc:
        return Outcome(resource, False, exc.localized_message())
    return Outcome(resource, True)
