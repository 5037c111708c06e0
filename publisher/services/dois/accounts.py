"""An organisation's DataCite account, and the one account the installation mints with."""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

import publisher.error_codes as codes
from core.crypto import decrypt, encrypt
from core.errors import UserError
from publisher.datacite import DataCiteClient
from publisher.models import DataCiteSystem, Organisation

logger = logging.getLogger(__name__)

# What an administrator edits of an organisation's DataCite account, in this order (the model
# fields declare label, length and choices); the password is a field of its own.
DOI_EDITABLE = ("doi_repository", "doi_prefix", "doi_system", "doi_api_url", "doi_active")
PREFIX = re.compile(r"^10\.\d{4,9}$")
REPOSITORY_MAX = 100
PASSWORD_MAX = 200


def doi_account() -> Organisation | None:
    """The organisation whose DataCite account is active (None: DOIs are off)."""
    found = Organisation.objects.filter(doi_active=True).first()
    return found if found is not None and found.has_doi_account else None


@transaction.atomic
def doi_account_set(
    *,
    organisation: Organisation,
    repository: str,
    prefix: str,
    system: str,
    active: bool,
    password: str = "",
    api_url: str = "",
) -> Organisation:
    """Store the organisation's DataCite account (administrators only: the views check).
    An empty ``password`` keeps the stored one; it is stored encrypted and never shown or
    logged. Making it ``active`` makes it the installation's only DOI account; an empty
    repository removes the account."""
    repository, prefix, password = repository.strip(), prefix.strip(), password.strip()
    if not repository:
        return _account_clear(organisation)
    _check_account(organisation, repository, prefix, system, password)
    if active:
        Organisation.objects.exclude(pk=organisation.pk).filter(doi_active=True).update(
            doi_active=False
        )
    organisation.doi_repository, organisation.doi_prefix = repository, prefix
    organisation.doi_system, organisation.doi_active = system, active
    organisation.doi_api_url = _api_url(api_url)
    if password:
        organisation.doi_password = encrypt(password)
    organisation.save()
    logger.info("DataCite account of organisation %s saved (active: %s)", organisation.pk, active)
    return organisation


def _check_account(
    organisation: Organisation, repository: str, prefix: str, system: str, password: str
) -> None:
    if system not in DataCiteSystem.values:
        raise UserError(_("Choose the DataCite test or production system."), code=codes.DOI_ACCOUNT)
    if len(repository) > REPOSITORY_MAX or len(password) > PASSWORD_MAX:
        raise UserError(_("The repository ID or password is too long."), code=codes.DOI_ACCOUNT)
    if not PREFIX.match(prefix):
        raise UserError(
            _("A DOI prefix is 10. followed by 4 to 9 digits, such as 10.21373."),
            code=codes.DOI_ACCOUNT,
            details={"field": "prefix"},
        )
    if not password and not organisation.doi_password:
        raise UserError(_("Enter the repository's password."), code=codes.DOI_ACCOUNT)
    minted = organisation.dois.exclude(doi__istartswith=prefix + "/")
    if organisation.doi_prefix and prefix != organisation.doi_prefix and minted.exists():
        raise UserError(
            _("DOIs were minted under the current prefix; it cannot change any more."),
            code=codes.DOI_ACCOUNT,
            details={"field": "prefix"},
        )


def _api_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if url and not url.startswith(("https://", "http://")):
        raise UserError(
            _("The DataCite API URL must start with https:// or http://."),
            code=codes.DOI_ACCOUNT,
            details={"field": "api_url"},
        )
    return url


def _account_clear(organisation: Organisation) -> Organisation:
    if organisation.dois.exists():
        raise UserError(
            _("DOIs were minted with this account; it cannot be removed."),
            code=codes.DOI_ACCOUNT,
        )
    organisation.doi_repository = organisation.doi_prefix = organisation.doi_password = ""
    organisation.doi_active = False
    organisation.save()
    return organisation


def datacite_client(organisation: Organisation, *, timeout: float | None = None) -> DataCiteClient:
    """A client of the DataCite system the organisation's account belongs to, with its
    decrypted password (for DataCite calls only)."""
    return DataCiteClient(
        organisation.doi_api_url or settings.DATACITE_URLS[organisation.doi_system],
        organisation.doi_repository,
        decrypt(organisation.doi_password),
        timeout=timeout or settings.DATACITE_TIMEOUT,
    )
