"""The installation's own settings and its registration with the GBIF registry."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import TextChoices


class ArchivalMode(TextChoices):
    ALL = "all", _("Keep the archives of all versions")
    LAST_N = "last_n", _("Keep the archives of the newest versions")
    LATEST = "latest", _("Keep only the latest archive")


class RegistryEnvironment(TextChoices):
    """Which GBIF registry the installation talks to (the IPT's test or production mode)."""

    UAT = "uat", _("GBIF test registry (UAT)")
    PRODUCTION = "production", _("GBIF production registry")
    CUSTOM = "custom", _("Another registry (give its URL)")


# The legacy registry ("GBRDS") and the portal that shows registered datasets.
REGISTRY_URLS = {
    RegistryEnvironment.UAT: "https://gbrds.gbif-uat.org",
    RegistryEnvironment.PRODUCTION: "https://gbrds.gbif.org",
}
# GBIF API v1, read to look a registration up after a register call lost its reply (§A.1).
API_URLS = {
    RegistryEnvironment.UAT: "https://api.gbif-uat.org/v1",
    RegistryEnvironment.PRODUCTION: "https://api.gbif.org/v1",
}
PORTAL_URLS: dict[str, str] = {
    RegistryEnvironment.UAT: "https://www.gbif-uat.org",
    RegistryEnvironment.PRODUCTION: "https://www.gbif.org",
}


class InstallationSettings(models.Model):
    """The one row (pk 1) of settings an admin edits in the browser.

    Empty values fall back to the environment settings (``BASE_URL``, ``LANGUAGE_CODE``).
    The registration fields (``registry_key`` onwards) are written only by the registry
    services once the registry has accepted the installation; ``registry_password`` (the
    IPT's ``wsPassword``) is stored encrypted. Read it through
    ``publisher.services.installation.installation_settings``.
    """

    base_url = models.URLField(_("public base URL"), max_length=300, blank=True)
    registry_environment = models.CharField(
        _("GBIF registry"),
        max_length=16,
        choices=RegistryEnvironment.choices,
        default=RegistryEnvironment.UAT,
    )
    registry_custom_url = models.URLField(_("registry URL"), max_length=300, blank=True)
    registry_api_custom_url = models.URLField(
        _("GBIF API v1 URL"),
        max_length=300,
        blank=True,
        help_text=_("Only for another registry. Empty: the registry URL followed by /v1."),
    )
    default_language = models.CharField(
        _("default language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    archival_mode = models.CharField(
        _("archival mode of new resources"),
        max_length=16,
        choices=ArchivalMode.choices,
        default=ArchivalMode.ALL,
    )
    archival_limit = models.PositiveIntegerField(_("archives kept (newest versions)"), default=5)
    email = models.EmailField(_("administrator e-mail"), blank=True)
    proxy = models.CharField(_("HTTP proxy"), max_length=300, blank=True)

    registry_key = models.UUIDField(_("GBIF installation key"), null=True, blank=True)
    registry_password = models.TextField(blank=True)
    hosting_organisation = models.ForeignKey(
        "publisher.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("installation title"), max_length=300, blank=True)
    description = models.TextField(_("installation description"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=300, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    registered_at = models.DateTimeField(null=True, blank=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("installation settings")
        verbose_name_plural = _("installation settings")

    def __str__(self) -> str:
        return "installation settings"
