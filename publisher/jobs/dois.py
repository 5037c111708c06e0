"""The DOI job kinds: thin runners over ``publisher.services.dois``.

They run on the ``registry`` queue, as GBIF registry jobs do (a DataCite that hangs holds
those workers, never the publications), with many attempts: an outage is an ``AppError``
retried with backoff, and each runner looks the DOI up before writing, so a retry never
creates a second DOI.
"""

from __future__ import annotations

from django.conf import settings

from core.jobs import QUEUE_REGISTRY, JobContext, register
from publisher.services import dois

ATTEMPTS = settings.REGISTRY_JOB_ATTEMPTS


@register(dois.DOI_RESERVE, label="Reserve a DOI", max_attempts=ATTEMPTS, queue=QUEUE_REGISTRY)
def run_doi_reserve(ctx: JobContext) -> dict:
    return dois.doi_reserve_run(ctx)


@register(
    dois.DOI_DELETE, label="Delete a reserved DOI", max_attempts=ATTEMPTS, queue=QUEUE_REGISTRY
)
def run_doi_delete(ctx: JobContext) -> dict:
    return dois.doi_delete_run(ctx)


@register(
    dois.DOI_SYNC,
    label="Update a resource's DOIs at DataCite",
    max_attempts=ATTEMPTS,
    queue=QUEUE_REGISTRY,
)
def run_doi_sync(ctx: JobContext) -> dict:
    return dois.doi_sync_run(ctx)
