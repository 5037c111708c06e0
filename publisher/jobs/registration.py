"""The GBIF registry job kinds: thin runners over ``publisher.services.registration``.

All run on the ``registry`` queue (its own workers: a registry that hangs holds them, never
the publications on ``jobs``) with many attempts: a registry outage is an ``AppError`` that
the executor retries with exponential backoff, so a registration is never lost to it. Each
attempt reads the installation settings afresh (registry URL, proxy, base URL).
"""

from __future__ import annotations

from django.conf import settings

from core.jobs import QUEUE_REGISTRY, JobContext, register
from publisher.services.registration import datasets, installation, networks

ATTEMPTS = settings.REGISTRY_JOB_ATTEMPTS


@register(
    installation.INSTALLATION_REGISTER,
    label="Register the installation with GBIF",
    max_attempts=ATTEMPTS,
    queue=QUEUE_REGISTRY,
)
def run_installation_register(ctx: JobContext) -> dict:
    return installation.installation_register_run(ctx)


@register(
    installation.INSTALLATION_UPDATE,
    label="Update the installation's GBIF registration",
    max_attempts=ATTEMPTS,
    queue=QUEUE_REGISTRY,
)
def run_installation_update(ctx: JobContext) -> dict:
    return installation.installation_update_run(ctx)


@register(
    datasets.DATASET_REGISTER,
    label="Register a resource with GBIF",
    max_attempts=ATTEMPTS,
    queue=QUEUE_REGISTRY,
)
def run_dataset_register(ctx: JobContext) -> dict:
    return datasets.dataset_register_run(ctx)


@register(
    datasets.DATASET_UPDATE,
    label="Update a resource's GBIF registration",
    max_attempts=ATTEMPTS,
    queue=QUEUE_REGISTRY,
)
def run_dataset_update(ctx: JobContext) -> dict:
    return datasets.dataset_update_run(ctx)


@register(
    networks.DATASET_NETWORK,
    label="Add a resource to a GBIF network, or remove it",
    max_attempts=ATTEMPTS,
    queue=QUEUE_REGISTRY,
)
def run_dataset_network(ctx: JobContext) -> dict:
    return networks.dataset_network_run(ctx)


# DATASET_DEREGISTER is registered by ``workflows.jobs``: once the registry confirmed, the
# resource may have to be deleted too.
