"""The installation settings an admin edits in the browser, and the registry client they
configure.

Other code reads the settings through ``installation_settings()`` (one query) and the public
base URL through ``installation_base_url()``, read once per request (see
``publisher.middleware``) so that feeds and pages building many absolute links query once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

import publisher.error_codes as codes
from core import __version__
from core.emails import TLD, email_problem
from core.errors import UserError
from publisher.models import (
    API_URLS,
    PORTAL_URLS,
    REGISTRY_URLS,
    InstallationSettings,
    RegistryEnvironment,
)
from publisher.registry import RegistryClient

logger = logging.getLogger(__name__)

SINGLETON = 1
# What the settings page may change; the registration fields belong to the registry services.
EDITABLE = (
    "base_url",
    "registry_environment",
    "registry_custom_url",
    "registry_api_custom_url",
    "default_language",
    "archival_mode",
    "archival_limit",
    "email",
    "proxy",
)
USER_AGENT = "sampling-event-publisher/%s (+https://www.gbif.org/ipt)" % __version__


@dataclass(frozen=True)
class Installation:
    """A read-only snapshot of the installation settings (see ``InstallationSettings``)."""

    base_url: str
    registry_environment: str
    registry_custom_url: str
    registry_api_custom_url: str
    default_language: str
    archival_mode: str
    archival_limit: int
    email: str
    proxy: str
    registry_key: str
    hosting_organisation_id: int | None
    title: str
    description: str
    contact_name: str
    contact_email: str
    registered_at: datetime | None

    @property
    def is_registered(self) -> bool:
        return bool(self.registry_key)

    @property
    def registry_url(self) -> str:
        """The legacy registry's base URL (without ``/registry``)."""
        if self.registry_environment == RegistryEnvironment.CUSTOM:
            return self.registry_custom_url.rstrip("/")
        return REGISTRY_URLS[RegistryEnvironment(self.registry_environment)]

    @property
    def api_url(self) -> str:
        """GBIF API v1's base URL (ending in ``/v1``) beside the registry: fixed for UAT and
        production; for another registry the admin's setting, else ``REGISTRY_API_URL``, else
        the registry URL followed by ``/v1``."""
        if self.registry_environment != RegistryEnvironment.CUSTOM:
            return API_URLS[RegistryEnvironment(self.registry_environment)]
        configured = self.registry_api_custom_url or settings.REGISTRY_API_URL
        return (configured or self.registry_custom_url.rstrip("/") + "/v1").rstrip("/")

    @property
    def portal_url(self) -> str:
        """The GBIF portal showing registered datasets ("" for a custom registry)."""
        return PORTAL_URLS.get(self.registry_environment, "")


# Per request (set by ``InstallationSettingsMiddleware``): the base URL is read once per request, so
# feeds and pages building many absolute links query once, and never see a stale value.
_request_memo: ContextVar[dict | None] = ContextVar("installation_request_memo", default=None)


@contextmanager
def installation_request_scope() -> Iterator[None]:
    """Within this scope the base URL is read from the database at most once."""
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def installation_cache_clear() -> None:
    """Forget the base URL read in the current request scope (after a change)."""
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()


def installation_settings_row() -> InstallationSettings:
    """The settings row, created with the defaults on first use."""
    row, _created = InstallationSettings.objects.get_or_create(pk=SINGLETON)
    return row


def installation_settings() -> Installation:
    """The current settings, read from the database."""
    row = InstallationSettings.objects.filter(pk=SINGLETON).first() or InstallationSettings()
    return _snapshot(row)


def _snapshot(row: InstallationSettings) -> Installation:
    values = {
        f.name: getattr(row, f.name)
        for f in fields(Installation)
        if f.name not in ("registry_key", "hosting_organisation_id")
    }
    return Installation(
        **values,
        registry_key=str(row.registry_key or ""),
        hosting_organisation_id=row.hosting_organisation_id,
    )


def installation_base_url() -> str:
    """The public base URL every absolute link, feed and registry endpoint starts with: the
    admin's setting, else ``BASE_URL`` from the environment. No trailing slash."""
    memo = _request_memo.get()
    if memo is not None and "base_url" in memo:
        configured = memo["base_url"]
    else:
        configured = (
            InstallationSettings.objects.filter(pk=SINGLETON)
            .values_list("base_url", flat=True)
            .first()
            or ""
        )
        if memo is not None:
            memo["base_url"] = configured
    return (configured or settings.BASE_URL).rstrip("/")


def registry_client(*, timeout: float | None = None) -> RegistryClient:
    """A client of the configured registry, with the configured proxy and timeout
    (``REGISTRY_TIMEOUT``, or ``timeout`` seconds: pages give ``REGISTRY_PAGE_TIMEOUT``)."""
    current = installation_settings()
    return RegistryClient(
        current.registry_url,
        timeout=settings.REGISTRY_TIMEOUT if timeout is None else timeout,
        proxy=current.proxy,
        user_agent=USER_AGENT,
        api_url=current.api_url,
    )


@transaction.atomic
def installation_settings_update(**changes) -> InstallationSettings:
    """Change the editable settings; the registry cannot change once the installation is
    registered (its keys belong to that registry, as the IPT's test/production lock)."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise UserError(
            gettext_noop("Unknown settings: %(names)s"),
            params={"names": ", ".join(unknown)},
            code=codes.SETTINGS_UNKNOWN,
        )
    row = InstallationSettings.objects.select_for_update().filter(pk=SINGLETON).first()
    row = row or installation_settings_row()
    _check_registry_change(row, changes)
    for name, value in changes.items():
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    row.base_url = row.base_url.rstrip("/")
    _check(row)
    row.save()
    installation_cache_clear()
    logger.info("Installation settings changed: %s", ", ".join(sorted(changes)))
    return row


def _check_registry_change(row: InstallationSettings, changes: dict) -> None:
    if not row.registry_key:
        return
    for name in ("registry_environment", "registry_custom_url"):
        if name in changes and (changes[name] or "") != (getattr(row, name) or ""):
            raise UserError(
                _(
                    "The installation is registered with this registry; its registration "
                    "cannot move to another registry."
                ),
                code=codes.SETTINGS_REGISTRY_LOCKED,
            )


def _check(row: InstallationSettings) -> None:
    if row.registry_environment not in RegistryEnvironment.values:
        raise UserError(_("Choose a registry."), code=codes.SETTINGS_REGISTRY)
    if row.registry_environment == RegistryEnvironment.CUSTOM and not _is_http(
        row.registry_custom_url
    ):
        raise UserError(
            _("Give the custom registry's URL (http or https)."), code=codes.SETTINGS_REGISTRY_URL
        )
    _check_registry_path(row.registry_custom_url)
    if row.registry_api_custom_url and not _is_http(row.registry_api_custom_url):
        raise UserError(
            _("The GBIF API v1 URL must start with http:// or https://."),
            code=codes.SETTINGS_REGISTRY_URL,
        )
    if row.base_url and not _is_http(row.base_url):
        raise UserError(
            _("The base URL must start with http:// or https://."), code=codes.SETTINGS_BASE_URL
        )
    if row.proxy and not _is_http(row.proxy):
        raise UserError(_("Give the proxy as http://host:port."), code=codes.SETTINGS_PROXY)


def _check_registry_path(url: str) -> None:
    """Refuse a registry URL that already ends in ``/registry``: every call adds
    ``/registry/…``, so it would ask for ``/registry/registry/…`` and get 404s."""
    path = urlsplit(url).path.rstrip("/")
    if path.endswith("/registry"):
        raise UserError(
            gettext_noop(
                "Give the registry's address without the final /registry "
                "(%(suggestion)s): the toolkit adds /registry/… to every call, so this URL "
                "would ask for /registry/registry/…."
            ),
            params={"suggestion": url.rstrip("/")[: -len("/registry")]},
            code=codes.SETTINGS_REGISTRY_URL,
        )


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def contact_email_problem(address: str) -> str:
    """Why the GBIF registry would refuse ``address`` as a contact's e-mail ("" if it would
    not): it applies Apache Commons EmailValidator and answers 400 (``core.emails``)."""
    reason, tld = email_problem(address)
    if reason == TLD:
        return _(
            "The e-mail address ends in .%(tld)s, a top-level domain that does not exist on "
            "the internet (reserved names such as .local, .example, .test or .invalid): GBIF's "
            "registry refuses it. Give an address people can write to."
        ) % {"tld": tld}
    if reason:
        return _("Enter a valid e-mail address, such as name@institution.org.")
    return ""
