"""Registering resources with GBIF as datasets, updating and deleting their registration.

Every registry call runs in a job (kinds below): the service checks and queues, the runner
calls the registry and records the outcome. An outage fails the attempt with an
``AppError``, which the executor retries with backoff; a refusal fails the job with a
``UserError`` saying what to fix.

A registration is never sent twice blindly: each registration first looks for a GBIF dataset
of this installation that already serves the resource's endpoint URLs (API v1) and adopts it;
a register call whose outcome is unknown (reply lost, 5xx, malformed 2xx) fails the job with
``registry:outcome-unknown``, and "check the registry and adopt" (``dataset_adopt_start``)
looks again and adopts, or registers when GBIF has nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

import publisher.error_codes as codes
from core.errors import AppError, UserError
from core.jobs import JobContext, JobParams, get_kind
from core.models import ACTIVE_STATUSES, Job, JobStatus
from core.permissions import has_registration_rights
from core.selectors import jobs_of_target
from core.services.jobs import job_create
from metadata.services.documents import metadata_get, metadata_save
from publisher.models import Organisation, User
from publisher.registry import (
    DatasetForm,
    RegistryClient,
    RegistryNotAuthorised,
    RegistryOutcomeUnknown,
)
from publisher.services.registry_calls import (
    outcome_unknown_error,
    outcome_was_unknown,
    registry_call,
)
from resources.models import VISIBLE, Deregistration, Resource, Visibility
from resources.permissions import may_manage_resource, may_register_resource
from resources.services.publication import latest_version
from resources.services.visibility import resource_mark_registered

from ..installation import (
    contact_email_problem,
    installation_settings,
    registry_client,
)
from ..organisations import organisation_token
from .payloads import (
    dataset_payload,
    has_published_data,
    published_contact,
    published_licence,
)

logger = logging.getLogger(__name__)

DATASET_REGISTER = "registry-dataset-register"
DATASET_UPDATE = "registry-dataset-update"
DATASET_DEREGISTER = "registry-dataset-deregister"
DATASET_KINDS = (DATASET_REGISTER, DATASET_UPDATE, DATASET_DEREGISTER)


@dataclass(frozen=True)
class DatasetParams(JobParams):
    """The resource to register, or whose registration to update. ``adopt_only``: "check the
    registry and adopt" (adopt an existing GBIF dataset, never register a new one)."""

    resource: int
    adopt_only: bool | None = None


@dataclass(frozen=True)
class DatasetDeregisterParams(JobParams):
    """What deleting the registration needs once the resource may be gone: its GBIF key,
    publishing organisation and short name."""

    resource: int
    key: str
    organisation: int
    shortname: str


@dataclass(frozen=True)
class Problem:
    """Why a resource cannot be registered yet: a stable code and what to do."""

    code: str
    message: str


def registration_problems(resource: Resource) -> list[Problem]:
    """The IPT's preconditions that ``resource`` does not meet (empty: it may be registered):
    published, public (its last version too), a GBIF-supported licence when it has data,
    a publishing organisation that may publish, and a registered installation."""
    version = latest_version(resource)
    problems = []
    if version is None:
        problems.append(Problem("registration:not-published", _("Publish the resource first.")))
    elif resource.visibility not in VISIBLE or version.visibility not in VISIBLE:
        problems.append(
            Problem(
                "registration:not-public",
                _(
                    "Make the resource public and publish it again: its last published version "
                    "must be public."
                ),
            )
        )
    if has_published_data(resource, version) and not published_licence(version):
        problems.append(
            Problem(
                "registration:licence",
                _(
                    "The last published version needs a licence GBIF supports (CC0 1.0, "
                    "CC-BY 4.0 or CC-BY-NC 4.0): choose it in the metadata and publish again."
                ),
            )
        )
    if version is not None:
        problems.extend(_contact_problems(resource))
    if resource.organisation is None or not resource.organisation.can_publish:
        problems.append(
            Problem(
                "registration:organisation",
                _("Choose the organisation that publishes the resource."),
            )
        )
    if not installation_settings().is_registered:
        problems.append(
            Problem(
                "registration:installation",
                _("An administrator must register this installation with GBIF first."),
            )
        )
    return problems


def _contact_problems(resource: Resource) -> list[Problem]:
    """The contact a registration sends must have an e-mail GBIF's registry accepts, else
    the registry answers 400."""
    contact = published_contact(resource)
    message = contact_email_problem(contact.email)
    if not message:
        return []
    return [
        Problem(
            codes.REGISTRATION_CONTACT_EMAIL.code,
            _(
                "The contact GBIF gets, %(name)s <%(email)s>, has an e-mail address the "
                "registry refuses: %(why)s Correct it in the metadata and publish again."
            )
            % {"name": contact.name, "email": contact.email, "why": message},
        )
    ]


def registration_refusal(user: User, resource: Resource) -> str:
    """Why ``user`` may not register ``resource`` ("" when they may)."""
    if may_register_resource(user, resource):
        return ""
    if may_manage_resource(user, resource):
        return _(
            "Only managers with registration rights (the Publisher role) and "
            "administrators can register resources with GBIF. Ask an administrator to "
            "change your role."
        )
    return _("Only the resource's managers with registration rights can register it.")


def registration_jobs(resource: Resource):
    """The registry jobs of ``resource``, newest first."""
    return jobs_of_target(target=resource).filter(kind__in=DATASET_KINDS).order_by("-created_at")


# --- choosing the organisation, registering ----------------------------------------------


@transaction.atomic
def resource_organisation_set(
    *, resource: Resource, user: User, organisation: Organisation | None
) -> Resource:
    """Choose the organisation that publishes ``resource`` (any of its managers may). It
    cannot change once the resource is registered: GBIF's helpdesk moves datasets."""
    if not may_manage_resource(user, resource):
        raise UserError(
            _("Only the managers of this resource may change it."),
            code=codes.REGISTRATION_FORBIDDEN,
        )
    if organisation is not None and not organisation.can_publish:
        raise UserError(
            _("This organisation may not publish resources."), code=codes.REGISTRATION_ORGANISATION
        )
    if resource.gbif_key and organisation != resource.organisation:
        raise UserError(
            _(
                "The resource is registered; its publishing organisation can only be "
                "changed by the GBIF helpdesk."
            ),
            code=codes.REGISTRATION_REGISTERED,
        )
    resource.organisation = organisation
    Resource.objects.filter(pk=resource.pk).update(organisation=organisation)
    return resource


def dataset_register_start(
    *,
    resource: Resource,
    user: User,
    organisation: Organisation | None = None,
    enqueue: bool = True,
    adopt_only: bool = False,
) -> Job:
    """Check rights and preconditions, then queue the registration of ``resource``.

    ``organisation``, when given, becomes the publishing organisation first. With
    ``enqueue=False`` the caller runs the job itself (``manage.py register --inline``).
    Refused with ``registration:forbidden`` (no registration rights),
    ``registration:registered``, ``registration:running`` or the first precondition's code
    (all in ``details``). ``adopt_only``: see ``dataset_adopt_start``.
    """
    refusal = registration_refusal(user, resource)
    if refusal:
        raise UserError(refusal, code=codes.REGISTRATION_FORBIDDEN)
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        if organisation is not None:
            resource_organisation_set(resource=resource, user=user, organisation=organisation)
        _check_registrable(resource)
        job = job_create(
            kind=DATASET_REGISTER,
            created_by=user,
            target=resource,
            params=DatasetParams(resource=resource.pk, adopt_only=adopt_only or None).to_json(),
            enqueue=enqueue,
        )
    logger.info("Registration of resource %s queued (job %s)", resource.pk, job.pk)
    return job


def dataset_adopt_start(*, resource: Resource, user: User, enqueue: bool = True) -> Job:
    """Queue "check the registry and adopt": look through API v1 for a GBIF dataset of this
    installation serving the resource's endpoint URLs (as a register call whose reply was
    lost leaves) and adopt it. Nothing is registered; when GBIF has no such dataset the job
    fails with ``registration:not-found`` and the resource may be registered again. Refused
    as ``dataset_register_start``."""
    return dataset_register_start(resource=resource, user=user, enqueue=enqueue, adopt_only=True)


def _check_registrable(resource: Resource) -> None:
    if resource.gbif_key:
        raise UserError(
            _("The resource is already registered with GBIF."),
            code=codes.REGISTRATION_REGISTERED,
            details={"key": str(resource.gbif_key)},
        )
    if (
        registration_jobs(resource)
        .filter(kind=DATASET_REGISTER, status__in=ACTIVE_STATUSES)
        .exists()
    ):
        raise UserError(
            _("The registration is already under way."), code=codes.REGISTRATION_RUNNING
        )
    problems = registration_problems(resource)
    if problems:
        raise UserError(
            problems[0].message,
            code=problems[0].code,
            details=[{"code": p.code, "message": p.message} for p in problems],
        )


def dataset_register_run(ctx: JobContext) -> dict:
    """Register the resource (or adopt the GBIF dataset its EML names), then store the key,
    add it to the EML's alternate identifiers and mark the resource registered."""
    params = DatasetParams.from_json(ctx.params)
    resource = Resource.objects.select_related("organisation").get(pk=params.resource)
    if resource.gbif_key:
        return {"key": str(resource.gbif_key), "skipped": "registered"}
    ctx.phase("checking")
    problems = registration_problems(resource)
    if problems:
        raise UserError(problems[0].message, code=problems[0].code)
    organisation, client = resource.organisation, registry_client()
    token = organisation_token(organisation)
    form = dataset_payload(
        resource, organisation=organisation, installation=installation_settings()
    )
    ctx.phase("checking the registry")
    with registry_call():
        adopted = _adoptable_key(ctx, client, resource, organisation)
    if not adopted:
        required = bool(params.adopt_only) or outcome_was_unknown(
            registration_jobs(resource), DATASET_REGISTER
        )
        adopted = looked_up(ctx, lambda: _registered_already(ctx, client, resource, form), required)
    if not adopted and params.adopt_only:
        raise UserError(
            _(
                "GBIF has no dataset of this installation with the resource's addresses, so "
                "the earlier registration created nothing. Register the resource again."
            ),
            code=codes.REGISTRATION_NOT_FOUND,
            details={"service_urls": form.service_urls},
        )
    ctx.phase("registering")
    with registry_call():
        if adopted:
            client.dataset_update(adopted, form, token=token)
        key = adopted or _register(client, form, token)
    ctx.log("GBIF dataset key %s%s" % (key, " (adopted)" if adopted else ""))
    _record_registration(resource, key, user=ctx.job.created_by)
    return {"key": key, "adopted": bool(adopted), "service_urls": form.service_urls}


def _adoptable_key(
    ctx: JobContext, client: RegistryClient, resource: Resource, organisation: Organisation
) -> str:
    """A GBIF dataset key among the EML's alternate identifiers that belongs to the
    organisation (a resource migrated from another IPT keeps its dataset), else ""."""
    for identifier in metadata_get(resource).alternate_identifiers:
        key = _uuid(identifier)
        if key is None:
            continue
        if Resource.objects.filter(gbif_key=key).exclude(pk=resource.pk).exists():
            raise UserError(
                gettext_noop(
                    "The GBIF dataset %(key)s is registered for another resource of "
                    "this installation."
                ),
                params={"key": key},
                code=codes.REGISTRATION_KEY_IN_USE,
            )
        belongs = client.dataset_belongs(key, str(organisation.key))
        if belongs is None:
            continue  # not a dataset GBIF knows: an ordinary identifier
        if not belongs:
            raise UserError(
                gettext_noop(
                    "The GBIF dataset %(key)s named in the alternate identifiers belongs to "
                    "another organisation; remove the identifier or choose that organisation."
                ),
                params={"key": key},
                code=codes.REGISTRATION_OTHER_ORGANISATION,
            )
        ctx.log("alternate identifier %s is a dataset of the organisation" % key)
        return key
    return ""


def _registered_already(
    ctx: JobContext, client: RegistryClient, resource: Resource, form: DatasetForm
) -> str:
    """The key of a live GBIF dataset of this installation and organisation that serves one
    of the resource's endpoint URLs (``eml.do``/``archive.do``), or one with no endpoint and
    the same title (a registration cut short between creating the dataset and adding its
    endpoints); "" when there is none. Keys of other resources are never taken."""
    taken = {
        str(key)
        for key in Resource.objects.exclude(pk=resource.pk)
        .exclude(gbif_key=None)
        .values_list("gbif_key", flat=True)
    }
    for dataset in client.v1_installation_datasets(form.installation_key):
        if dataset.deleted or dataset.key in taken:
            continue
        if dataset.organisation_key != form.organisation_key:
            continue
        served = any(dataset.has_url(url) for url in form.service_urls)
        if served or (not dataset.endpoints and dataset.title == form.name):
            ctx.log("GBIF already has dataset %s for this resource: adopting it" % dataset.key)
            return dataset.key
    return ""


def looked_up(ctx: JobContext, lookup: Callable[[], str], required: bool) -> str:
    """The key ``lookup`` finds through API v1. An outage there is retried as any (nothing
    was sent yet). When the API refuses or is absent (a custom registry without it), the
    registration goes on only if no earlier attempt left an unknown outcome (``required``
    False): then GBIF cannot hold a dataset for it."""
    try:
        with registry_call():
            return lookup()
    except UserError as exc:
        if required:
            raise UserError(
                gettext_noop(
                    "The earlier registration may have created an entry in GBIF, and GBIF's "
                    "API v1 (to look for it) did not answer usably: %(error)s Check the API v1 "
                    "URL in the installation settings, then check the registry and adopt again."
                ),
                params={"error": exc.message},
                code=codes.REGISTRY_OUTCOME_UNKNOWN,
            ) from exc
        ctx.log("GBIF API v1 lookup not possible (%s); nothing uncertain before" % exc.message)
        return ""


def _register(client: RegistryClient, form: DatasetForm, token: str) -> str:
    try:
        return client.dataset_register(form, token=token)
    except RegistryOutcomeUnknown as exc:
        raise outcome_unknown_error(exc, what=_("a GBIF dataset for this resource")) from exc


def _uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text.strip()))
    except ValueError:
        return None


@transaction.atomic
def _record_registration(resource: Resource, key: str, *, user: User | None) -> None:
    Resource.objects.filter(pk=resource.pk).update(gbif_key=key, registered_at=timezone.now())
    doc = metadata_get(resource)
    if key not in doc.alternate_identifiers:
        doc.alternate_identifiers.append(key)
        metadata_save(resource, doc, user=user)
    resource_mark_registered(resource=resource)
    logger.info("Resource %s registered as GBIF dataset %s", resource.pk, key)


# --- keeping the registration up to date ------------------------------------------------


def dataset_update_queue(*, resource: Resource, user: User | None) -> Job | None:
    """Queue an update of a registered resource's registration (after each publication, so
    GBIF crawls the new version). Nothing for an unregistered resource; a pending update
    already queued is reused, since it reads the resource when it runs."""
    if not resource.gbif_key:
        return None
    pending = (
        registration_jobs(resource).filter(kind=DATASET_UPDATE, status=JobStatus.PENDING).first()
    )
    if pending is not None:
        return pending
    params = DatasetParams(resource=resource.pk)
    return job_create(
        kind=DATASET_UPDATE, created_by=user, target=resource, params=params.to_json()
    )


def dataset_update_run(ctx: JobContext) -> dict:
    """Send the resource's current endpoints and contact to the registry."""
    params = DatasetParams.from_json(ctx.params)
    resource = Resource.objects.select_related("organisation").filter(pk=params.resource).first()
    if resource is None or not resource.gbif_key or resource.visibility == Visibility.DELETED:
        return {"skipped": "not registered"}
    organisation = resource.organisation
    form = dataset_payload(
        resource, organisation=organisation, installation=installation_settings()
    )
    ctx.phase("updating")
    with registry_call():
        registry_client().dataset_update(
            str(resource.gbif_key), form, token=organisation_token(organisation)
        )
    ctx.log("registration of %s updated: %s" % (resource.gbif_key, " ".join(form.service_urls)))
    return {"key": str(resource.gbif_key), "service_urls": form.service_urls}


# --- deleting the registration ---------------------------------------------------------------


def dataset_deregister_check(*, resource: Resource, user: User | None) -> None:
    """Refuse (``registration:deregister-rights``) when ``user`` may not take a registered
    resource off GBIF, as deleting or withdrawing it does: that needs registration rights, as
    in the IPT. ``user=None`` (the system itself) may. Nothing to check for an unregistered
    resource."""
    if not resource.gbif_key or user is None or has_registration_rights(user):
        return
    raise UserError(
        _(
            "The resource is registered with GBIF; only managers with registration rights "
            "and administrators may delete it."
        ),
        code=codes.REGISTRATION_DEREGISTER_RIGHTS,
    )


def dataset_deregister_queue(
    *, resource: Resource, user: User | None, delete: bool = False
) -> Job | None:
    """Queue the deletion of the resource's GBIF dataset (the resource is being withdrawn,
    or deleted when ``delete``) and mark the resource "deregistration under way". The
    resource keeps its key (and exists) until the registry confirmed the deletion; the job
    keeps key and organisation all the same. Call it inside the caller's transaction: the
    job is sent to the workers once that commits, the registry is never called here."""
    if not resource.gbif_key or resource.organisation_id is None:
        return None
    running = registration_jobs(resource).filter(
        kind=DATASET_DEREGISTER, status__in=ACTIVE_STATUSES
    )
    Resource.objects.filter(pk=resource.pk).update(
        deregistration=Deregistration.PENDING,
        delete_when_deregistered=delete or resource.delete_when_deregistered,
    )
    resource.deregistration = Deregistration.PENDING
    if running.exists():
        return running.first()
    params = DatasetDeregisterParams(
        resource=resource.pk,
        key=str(resource.gbif_key),
        organisation=resource.organisation_id,
        shortname=resource.shortname,
    )
    return job_create(
        kind=DATASET_DEREGISTER, created_by=user, target=resource, params=params.to_json()
    )


def dataset_deregister_retry_check(*, resource: Resource, user: User) -> None:
    """Refuse a retry unless the resource's deregistration failed and ``user`` has the
    rights to take it off GBIF."""
    dataset_deregister_check(resource=resource, user=user)
    if resource.deregistration != Deregistration.FAILED or not resource.gbif_key:
        raise UserError(
            _("No failed deregistration to retry for this resource."),
            code=codes.REGISTRATION_DEREGISTER_NOTHING,
        )


def dataset_deregister_run(ctx: JobContext) -> dict:
    """Delete the dataset in the registry; once it confirmed, forget the key on the resource
    and clear its deregistration state (``delete_resource`` in the result tells the caller
    to delete the resource). A failure marks the resource "deregistration failed" when the
    job will not try again.

    The registry answers 401 both to bad credentials and to the DELETE of a dataset it
    already deleted (its filter checks the dataset first): API v1's ``GET /v1/dataset/{key}``
    tells them apart (``deleted`` set: done; else: the credentials)."""
    params = DatasetDeregisterParams.from_json(ctx.params)
    key = params.key
    try:
        organisation = _deregister_organisation(params)
        ctx.phase("deleting")
        with registry_call():
            already = _registry_delete(ctx, key, organisation)
    except UserError:
        _deregistration_failed(params)
        raise
    except AppError:
        if ctx.job.attempts >= get_kind(ctx.job.kind).max_attempts:
            _deregistration_failed(params)
        raise
    resource = Resource.objects.filter(pk=params.resource, gbif_key=key).first()
    delete = resource is not None and resource.delete_when_deregistered
    Resource.objects.filter(pk=params.resource, gbif_key=key).update(
        gbif_key=None, registered_at=None, deregistration=Deregistration.NONE
    )
    ctx.log("GBIF dataset %s %s" % (key, "was already deleted" if already else "deleted"))
    return {"key": key, "deleted": True, "already_deleted": already, "delete_resource": delete}


def _deregister_organisation(params: DatasetDeregisterParams) -> Organisation:
    organisation = Organisation.objects.filter(pk=params.organisation).first()
    if organisation is None:
        raise UserError(
            _(
                "The publishing organisation was removed; ask the GBIF helpdesk to "
                "delete the dataset."
            ),
            code=codes.REGISTRATION_ORGANISATION,
        )
    return organisation


def _registry_delete(ctx: JobContext, key: str, organisation: Organisation) -> bool:
    """DELETE the dataset; True when the registry had deleted it already (401, and API v1
    shows it deleted). A 401 for a dataset API v1 shows live is a ``UserError``."""
    client = registry_client()
    try:
        client.dataset_delete(
            key, organisation_key=str(organisation.key), token=organisation_token(organisation)
        )
        return False
    except RegistryNotAuthorised:
        ctx.log("the registry answered 401; reading the dataset through GBIF's API v1")
        dataset = client.v1_dataset(key)
    if dataset is not None and dataset.deleted:
        return True
    raise UserError(
        gettext_noop(
            "The GBIF registry refused to delete the dataset %(key)s (401) and GBIF still "
            "shows it: check the token of the organisation %(organisation)s, then retry the "
            "deregistration from the resource's overview."
        ),
        params={"key": key, "organisation": organisation},
        code=codes.REGISTRATION_DEREGISTER_REFUSED,
    )


def _deregistration_failed(params: DatasetDeregisterParams) -> None:
    Resource.objects.filter(pk=params.resource, gbif_key=params.key).update(
        deregistration=Deregistration.FAILED
    )
