"""GBIF networks: the list the registry offers, and a registered resource's membership.

Reads (the network list, a dataset's networks) answer pages and the API, so they use a
short timeout (``READ_TIMEOUT``) and say so when the registry is slow. Adding a dataset to a
network, or removing it, is a write: it runs as a job (``DATASET_NETWORK``), never inside a
database transaction, and only for managers with registration rights.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _

import publisher.error_codes as codes
from core.errors import UserError
from core.jobs import JobContext, JobParams
from core.models import Job
from core.services.jobs import job_create
from publisher.models import User
from publisher.registry import NetworkBrief, RegistryClient
from publisher.services.registry_calls import registry_call
from resources.models import Resource
from resources.permissions import may_register_resource

from ..installation import registry_client
from ..organisations import organisation_token

logger = logging.getLogger(__name__)

DATASET_NETWORK = "registry-dataset-network"
ADD, REMOVE = "add", "remove"
READ_TIMEOUT = 5.0  # seconds: a page waits no longer for the registry


@dataclass(frozen=True)
class DatasetNetworkParams(JobParams):
    """Add the resource's dataset to the network (``action`` "add") or remove it."""

    resource: int
    network: str
    action: str


def _reader() -> RegistryClient:
    client = registry_client()
    client.timeout = min(client.timeout, READ_TIMEOUT)
    return client


def networks_list() -> list[NetworkBrief]:
    """The networks the registry offers (``GET network.json``), by name; a registry slower
    than ``READ_TIMEOUT`` seconds is an ``AppError`` (``registry:unreachable``)."""
    with registry_call():
        networks = _reader().networks()
    return sorted(networks, key=lambda network: network.name.lower())


def dataset_networks(resource: Resource) -> list[NetworkBrief]:
    """The networks the resource's GBIF dataset belongs to (empty when not registered)."""
    if not resource.gbif_key:
        return []
    with registry_call():
        entries = _reader().dataset_networks(str(resource.gbif_key))
    return [
        NetworkBrief(str(entry.get("key", "")), str(entry.get("title") or entry.get("name") or ""))
        for entry in entries
        if entry.get("key")
    ]


def dataset_network_start(
    *, resource: Resource, user: User, network_key: str, action: str, enqueue: bool = True
) -> Job:
    """Queue adding the registered resource to the network ``network_key`` (``action``
    "add") or removing it ("remove"). Refused with ``registration:forbidden`` (no
    registration rights) or ``registration:not-registered``."""
    if not may_register_resource(user, resource):
        raise UserError(
            _(
                "Only the resource's managers with registration rights (the Publisher role) "
                "and administrators may change its GBIF networks."
            ),
            code=codes.REGISTRATION_FORBIDDEN,
        )
    if not resource.gbif_key or resource.deregistration:
        raise UserError(
            _("Register the resource with GBIF first."), code=codes.REGISTRATION_NOT_REGISTERED
        )
    try:
        network = str(uuid.UUID(str(network_key).strip()))
    except ValueError as exc:
        raise UserError(
            _("A network key is a UUID, as the registry's network list shows."),
            code=codes.REGISTRATION_NETWORK_KEY,
            details={"network": str(network_key)},
        ) from exc
    if action not in (ADD, REMOVE):
        raise UserError(_("Choose add or remove."), code=codes.REGISTRATION_NETWORK_KEY)
    params = DatasetNetworkParams(resource=resource.pk, network=network, action=action)
    job = job_create(
        kind=DATASET_NETWORK,
        created_by=user,
        target=resource,
        params=params.to_json(),
        enqueue=enqueue,
    )
    logger.info("Network %s of resource %s queued (job %s)", action, resource.pk, job.pk)
    return job


def dataset_network_run(ctx: JobContext) -> dict:
    """``POST`` (add) or ``DELETE`` (remove) ``resource/{key}/network/{network}`` as the
    publishing organisation."""
    params = DatasetNetworkParams.from_json(ctx.params)
    resource = Resource.objects.select_related("organisation").get(pk=params.resource)
    if not resource.gbif_key or resource.organisation is None:
        raise UserError(
            _("Register the resource with GBIF first."), code=codes.REGISTRATION_NOT_REGISTERED
        )
    organisation, key = resource.organisation, str(resource.gbif_key)
    call = (
        registry_client().dataset_network_add
        if params.action == ADD
        else registry_client().dataset_network_remove
    )
    ctx.phase("adding" if params.action == ADD else "removing")
    with registry_call():
        call(
            key,
            params.network,
            organisation_key=str(organisation.key),
            token=organisation_token(organisation),
        )
    ctx.log(
        "dataset %s %s network %s"
        % (key, "added to" if params.action == ADD else "removed from", params.network)
    )
    return {"key": key, "network": params.network, "action": params.action}
