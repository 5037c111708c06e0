"""Registering the installation with GBIF (admins), and updating its registration.

As for datasets, a registration is never sent twice blindly: the hosting organisation's
installations (API v1) are searched first for one with this installation's RSS feed URL or
title that accepts this installation's password, and that one is adopted. A register call
whose outcome is unknown fails the job with ``registry:outcome-unknown``;
``installation_adopt_start`` then checks the registry again with the same details.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import publisher.error_codes as codes
from core.crypto import decrypt, encrypt
from core.errors import UserError
from core.jobs import JobContext, JobParams
from core.models import ACTIVE_STATUSES, Job
from core.permissions import is_admin
from core.services.jobs import job_create
from publisher.models import InstallationSettings, Organisation, User
from publisher.registry import (
    InstallationForm,
    RegistryClient,
    RegistryNotAuthorised,
    RegistryOutcomeUnknown,
)
from publisher.services.registry_calls import (
    outcome_unknown_error,
    outcome_was_unknown,
    registry_call,
)
from resources.models import Resource

from ..installation import (
    contact_email_problem,
    installation_cache_clear,
    installation_settings,
    registry_client,
)
from ..organisations import organisation_token
from .datasets import dataset_update_queue, looked_up
from .payloads import installation_payload

logger = logging.getLogger(__name__)

INSTALLATION_REGISTER = "registry-installation-register"
INSTALLATION_UPDATE = "registry-installation-update"
INSTALLATION_KINDS = (INSTALLATION_REGISTER, INSTALLATION_UPDATE)
MIN_PASSWORD = 6
MIN_TITLE = 3


@dataclass(frozen=True)
class InstallationUpdateParams(JobParams):
    """The installation's description, as sent to the registry."""

    title: str
    description: str
    contact_name: str
    contact_email: str


@dataclass(frozen=True)
class InstallationRegisterParams(InstallationUpdateParams):
    """The description, the hosting organisation and the registry password, encrypted
    (``core.crypto``). ``adopt_only``: adopt an installation GBIF already has, never
    register a new one."""

    organisation: int
    password: str
    adopt_only: bool | None = None


def installation_jobs():
    """The installation's registry jobs, newest first."""
    return Job.objects.filter(kind__in=INSTALLATION_KINDS).order_by("-created_at")


def _check_admin(user: User) -> None:
    if not is_admin(user):
        raise UserError(
            _("Only administrators register the installation."), code=codes.REGISTRATION_FORBIDDEN
        )


def _check_idle() -> None:
    if installation_jobs().filter(status__in=ACTIVE_STATUSES).exists():
        raise UserError(
            _("A registration of the installation is already under way."),
            code=codes.INSTALLATION_RUNNING,
        )


def _check_description(title: str, contact_email: str) -> None:
    if len(title.strip()) < MIN_TITLE:
        raise UserError(
            _("Give the installation a title of at least 3 characters."),
            code=codes.INSTALLATION_TITLE,
        )
    if not contact_email.strip():
        raise UserError(_("Give a contact e-mail."), code=codes.INSTALLATION_CONTACT)
    message = contact_email_problem(contact_email)
    if message:
        raise UserError(message, code=codes.INSTALLATION_CONTACT)


def installation_register_start(
    *,
    user: User,
    organisation: Organisation,
    title: str,
    description: str,
    contact_name: str,
    contact_email: str,
    password: str,
    adopt_only: bool = False,
) -> Job:
    """Queue the registration of the installation, hosted by ``organisation``.
    ``adopt_only``: see ``installation_adopt_start``.

    ``password`` becomes the installation's registry password (``wsPassword``); it is kept
    encrypted, in the job until the registry accepts it, then in the settings. Nothing is
    stored in the settings unless the registry accepts the registration.
    """
    _check_admin(user)
    if installation_settings().is_registered:
        raise UserError(
            _("The installation is already registered."), code=codes.INSTALLATION_REGISTERED
        )
    _check_idle()
    _check_description(title, contact_email)
    if len(password) < MIN_PASSWORD:
        raise UserError(
            _("Choose a password of at least 6 characters for the installation."),
            code=codes.INSTALLATION_PASSWORD,
        )
    params = InstallationRegisterParams(
        organisation=organisation.pk,
        title=title.strip(),
        description=description.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        password=encrypt(password),
        adopt_only=adopt_only or None,
    )
    return job_create(kind=INSTALLATION_REGISTER, created_by=user, params=params.to_json())


def installation_register_run(ctx: JobContext) -> dict:
    """Register with the hosting organisation's token; store key, password and details."""
    params = InstallationRegisterParams.from_json(ctx.params)
    if installation_settings().is_registered:
        return {"skipped": "registered"}
    organisation = Organisation.objects.get(pk=params.organisation)
    form = installation_payload(
        organisation_key=str(organisation.key),
        title=params.title,
        description=params.description,
        contact_name=params.contact_name,
        contact_email=params.contact_email,
        password=decrypt(params.password),
    )
    client = registry_client()
    ctx.phase("checking the registry")
    required = bool(params.adopt_only) or outcome_was_unknown(
        installation_jobs(), INSTALLATION_REGISTER
    )
    key = looked_up(ctx, lambda: _registered_already(ctx, client, form), required)
    if not key and params.adopt_only:
        raise UserError(
            _(
                "GBIF has no installation of the hosting organisation with this installation's "
                "RSS feed or title that accepts its password, so the earlier registration "
                "created nothing. Register the installation again."
            ),
            code=codes.REGISTRATION_NOT_FOUND,
        )
    ctx.phase("registering")
    with registry_call():
        key = key or _register(client, form, organisation_token(organisation))
    with transaction.atomic():
        row = InstallationSettings.objects.select_for_update().get_or_create(pk=1)[0]
        _store_details(row, params)
        row.registry_key, row.registry_password = key, params.password
        row.hosting_organisation, row.registered_at = organisation, timezone.now()
        row.save()
    installation_cache_clear()
    ctx.log("installation registered as %s" % key)
    logger.info("Installation registered with GBIF as %s", key)
    return {"key": key}


def _registered_already(ctx: JobContext, client: RegistryClient, form: InstallationForm) -> str:
    """The key of a live IPT installation of the hosting organisation with this RSS feed
    URL or title that accepts this installation's password (proved by sending it the update,
    which changes nothing twice); "" when there is none."""
    for found in client.v1_organisation_installations(form.organisation_key):
        if found.deleted or found.type != "IPT_INSTALLATION":
            continue
        if not (found.has_url(form.rss_url) or found.title == form.name):
            continue
        try:
            client.installation_update(found.key, form, password=form.password)
        except RegistryNotAuthorised:
            continue  # another installation of the organisation: not ours
        ctx.log("GBIF already has installation %s with this password: adopting it" % found.key)
        return found.key
    return ""


def _register(client: RegistryClient, form: InstallationForm, token: str) -> str:
    try:
        return client.installation_register(form, token=token)
    except RegistryOutcomeUnknown as exc:
        raise outcome_unknown_error(exc, what=_("the installation")) from exc


def installation_adopt_start(*, user: User) -> Job:
    """Queue "check the registry and adopt" for the installation, after a registration whose
    outcome is unknown: the details and password of that last registration are used again,
    and only an installation GBIF already has is adopted (never a new registration)."""
    last = installation_jobs().filter(kind=INSTALLATION_REGISTER).first()
    if last is None:
        _check_admin(user)
        raise UserError(
            _("Register the installation first."), code=codes.INSTALLATION_NOT_REGISTERED
        )
    params = InstallationRegisterParams.from_json(last.params)
    return installation_register_start(
        user=user,
        organisation=Organisation.objects.get(pk=params.organisation),
        title=params.title,
        description=params.description,
        contact_name=params.contact_name,
        contact_email=params.contact_email,
        password=decrypt(params.password),
        adopt_only=True,
    )


def _store_details(row: InstallationSettings, params: InstallationUpdateParams) -> None:
    for name in ("title", "description", "contact_name", "contact_email"):
        setattr(row, name, getattr(params, name))


def installation_update_start(
    *, user: User, title: str, description: str, contact_name: str, contact_email: str
) -> Job:
    """Queue an update of the installation's registration; every registered resource is
    updated after it (the IPT's "edit registration", needed after a base-URL change)."""
    _check_admin(user)
    if not installation_settings().is_registered:
        raise UserError(
            _("Register the installation first."), code=codes.INSTALLATION_NOT_REGISTERED
        )
    _check_idle()
    _check_description(title, contact_email)
    params = InstallationUpdateParams(
        title=title.strip(),
        description=description.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
    )
    return job_create(kind=INSTALLATION_UPDATE, created_by=user, params=params.to_json())


def installation_update_run(ctx: JobContext) -> dict:
    """Send the new details as the installation itself, then queue the resources' updates."""
    params = InstallationUpdateParams.from_json(ctx.params)
    row = InstallationSettings.objects.select_related("hosting_organisation").get(pk=1)
    form = installation_payload(
        organisation_key=str(row.hosting_organisation.key),
        title=params.title,
        description=params.description,
        contact_name=params.contact_name,
        contact_email=params.contact_email,
    )
    ctx.phase("updating")
    with registry_call():
        registry_client().installation_update(
            str(row.registry_key), form, password=decrypt(row.registry_password)
        )
    _store_details(row, params)
    row.save()
    installation_cache_clear()
    queued = [
        dataset_update_queue(resource=r, user=ctx.job.created_by)
        for r in Resource.objects.filter(gbif_key__isnull=False)
    ]
    ctx.log("installation updated; %d registered resource(s) queued for update" % len(queued))
    return {"key": str(row.registry_key), "resources": len(queued)}
