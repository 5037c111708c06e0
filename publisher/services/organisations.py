"""Associating registry organisations with the installation, and their tokens."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import publisher.error_codes as codes
from core.crypto import decrypt, encrypt
from core.editable import fitted
from core.errors import UserError
from publisher.models import Organisation
from publisher.registry import OrganisationBrief, OrganisationDetail
from publisher.services.registry_calls import registry_page_call

from .installation import installation_settings, registry_client

logger = logging.getLogger(__name__)

LIST_CACHE_SECONDS = 600
# What an administrator may change of an associated organisation, in this order (the model
# field declares label, length and default); the rest is the registry's, copied from it.
EDITABLE = ("alias", "can_publish")
# What an organisation carries from one installation to another (a resource's export, an IPT
# data directory) besides its key; never its token.
PORTABLE = ("name", "alias", "node_name", "contact_name", "contact_email", "homepage_url")
TOKEN_MAX_LENGTH = 200
# What a page says when the registry does not answer within REGISTRY_PAGE_TIMEOUT seconds.
LIST_TIMEOUT_MESSAGE = gettext_lazy(
    "GBIF's registry did not answer within %(seconds)g s, so its list of organisations cannot "
    "be shown. Type the organisation's key below, or reload this page in a few minutes."
)
CHECK_TIMEOUT_MESSAGE = gettext_lazy(
    "GBIF's registry did not answer within %(seconds)g s, so the token could not be checked "
    "and nothing was saved. Try again in a few minutes; if it keeps happening, check the "
    "registry and the proxy in the installation settings."
)


def registry_organisations(*, cached_only: bool = False) -> list[OrganisationBrief] | None:
    """Every organisation of the configured registry (cached ten minutes), for the admin to
    pick from. A page waits for it, so the registry has ``REGISTRY_PAGE_TIMEOUT`` seconds to
    answer (``registry:timeout`` else); raises ``AppError`` when it cannot be reached. With
    ``cached_only``, None instead of asking the registry when the list is not cached."""
    key = "registry-organisations:" + installation_settings().registry_url
    found = cache.get(key)
    if found is None and cached_only:
        return None
    if found is None:
        client = registry_client(timeout=settings.REGISTRY_PAGE_TIMEOUT)
        with registry_page_call(client, LIST_TIMEOUT_MESSAGE):
            found = client.organisations()
        cache.set(key, found, LIST_CACHE_SECONDS)
    return found


def _key(text: str) -> str:
    try:
        return str(uuid.UUID(str(text).strip()))
    except ValueError:
        raise UserError(_("An organisation key is a UUID."), code=codes.ORGANISATION_KEY) from None


def _check_token(key: str, token: str) -> OrganisationDetail:
    """Ask the registry whether ``token`` is the organisation's (``op=login``), and for the
    organisation's details. Never inside a transaction (``core.transactions``); a page waits
    for it, hence ``REGISTRY_PAGE_TIMEOUT``."""
    if not token.strip():
        raise UserError(_("Enter the organisation's token."), code=codes.ORGANISATION_TOKEN)
    client = registry_client(timeout=settings.REGISTRY_PAGE_TIMEOUT)
    with registry_page_call(client, CHECK_TIMEOUT_MESSAGE):
        valid = client.organisation_login(key, token)
        if not valid:
            raise UserError(
                _(
                    "The GBIF registry did not accept this token for the organisation. Ask the "
                    "organisation's contact for its current token."
                ),
                code=codes.ORGANISATION_TOKEN,
            )
        return client.organisation(key)


def organisation_add(
    *, key: str, token: str, alias: str = "", can_publish: bool = True
) -> Organisation:
    """Associate an organisation once the registry has accepted its token; nothing is
    stored when it does not. Name, home page and contact come from the registry. The
    registry is asked before the transaction that stores the organisation, so a slow
    registry holds no database lock."""
    key = _key(key)
    _refuse_associated(key)
    detail = _check_token(key, token)
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                key=key,
                token=encrypt(token.strip()),
                alias=alias.strip(),
                can_publish=can_publish,
                **_copied(detail),
            )
    except IntegrityError:  # associated meanwhile, while the registry was answering
        _refuse_associated(key)
        raise
    logger.info("Organisation %s associated", key)
    return organisation


def _refuse_associated(key: str) -> None:
    if Organisation.objects.filter(key=key).exists():
        raise UserError(
            _("This organisation is already associated."), code=codes.ORGANISATION_EXISTS
        )


def _copied(detail: OrganisationDetail) -> dict:
    return fitted(
        Organisation,
        name=detail.name or detail.key,
        homepage_url=detail.homepage_url,
        node_name=detail.node_name,
        contact_name=detail.primary_contact_name,
        contact_email=detail.primary_contact_email,
    )


def organisation_update(
    *, organisation: Organisation, alias: str, can_publish: bool, token: str = ""
) -> Organisation:
    """Change alias and "can publish"; a new token is checked with the registry first,
    before the transaction that stores the changes (a slow registry holds no lock)."""
    detail = _check_token(str(organisation.key), token) if token.strip() else None
    with transaction.atomic():
        if detail is not None:
            organisation.token = encrypt(token.strip())
            for name, value in _copied(detail).items():
                setattr(organisation, name, value)
        organisation.alias = alias.strip()
        organisation.can_publish = can_publish
        organisation.save()
    return organisation


@transaction.atomic
def organisation_remove(*, organisation: Organisation) -> None:
    """Remove an organisation no resource publishes through and that does not host the
    installation."""
    if organisation.resources.exists():
        raise UserError(
            _(
                "Resources are published through this organisation; choose another one for them "
                "first."
            ),
            code=codes.ORGANISATION_IN_USE,
        )
    if installation_settings().hosting_organisation_id == organisation.pk:
        raise UserError(
            _("This organisation hosts the installation."), code=codes.ORGANISATION_HOSTING
        )
    organisation.delete()


def organisation_token(organisation: Organisation) -> str:
    """The decrypted token, for registry calls only."""
    return decrypt(organisation.token)


@transaction.atomic
def organisation_import(
    *,
    key: str,
    name: str = "",
    alias: str = "",
    node_name: str = "",
    contact_name: str = "",
    contact_email: str = "",
    homepage_url: str = "",
) -> Organisation:
    """Associate an organisation known from an imported IPT data directory or resource,
    without a token (the IPT keeps it encrypted): it is not checked with the registry, and
    an administrator must enter the token (``organisation_update``) before it registers
    anything. An organisation already associated is returned as it is."""
    key = _key(key)
    existing = Organisation.objects.filter(key=key).first()
    if existing is not None:
        return existing
    organisation = Organisation.objects.create(
        key=key,
        token="",
        **fitted(
            Organisation,
            name=name or key,
            alias=alias,
            node_name=node_name,
            contact_name=contact_name,
            contact_email=contact_email,
            homepage_url=homepage_url,
        ),
    )
    logger.info("Organisation %s imported without token", key)
    return organisation
