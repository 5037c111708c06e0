"""Organisations of the GBIF registry that publish through this installation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import TextChoices


class DataCiteSystem(TextChoices):
    """Which DataCite system an organisation's account belongs to."""

    TEST = "test", _("DataCite test system (api.test.datacite.org)")
    PRODUCTION = "production", _("DataCite production system (api.datacite.org)")


class Organisation(models.Model):
    """A registry organisation associated with the installation, with its shared token.

    The token (the organisation's registry password) is stored encrypted with
    ``core.crypto`` and only ever read by the registry services. ``can_publish`` is
    the IPT's "can publish resources": only such organisations may be chosen as a
    resource's publishing organisation. Name and contact are copied from the registry.
    """

    key = models.UUIDField(_("GBIF key"), unique=True)
    name = models.CharField(_("name"), max_length=500)
    alias = models.CharField(_("alias"), max_length=100, blank=True)
    token = models.TextField()
    can_publish = models.BooleanField(_("can publish resources"), default=True)
    homepage_url = models.URLField(_("home page"), max_length=500, blank=True)
    node_name = models.CharField(_("endorsing node"), max_length=500, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=300, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # The organisation's DataCite account (issue #23); the password is encrypted like the
    # token. Only the account marked ``doi_active`` mints DOIs for this installation.
    doi_repository = models.CharField(_("DataCite repository ID"), max_length=100, blank=True)
    doi_password = models.TextField(blank=True)
    doi_prefix = models.CharField(_("DOI prefix"), max_length=50, blank=True)
    doi_system = models.CharField(
        _("DataCite system"),
        max_length=16,
        choices=DataCiteSystem.choices,
        default=DataCiteSystem.TEST,
    )
    doi_api_url = models.URLField(
        _("DataCite API URL"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty for the chosen system's address; set only for a DataCite proxy."),
    )
    doi_active = models.BooleanField(_("the installation's DOI account"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["doi_active"],
                condition=models.Q(doi_active=True),
                name="one_active_doi_account",
            ),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.alias or self.name

    @property
    def has_doi_account(self) -> bool:
        """True when a DataCite repository, password and prefix are all set."""
        return bool(self.doi_repository and self.doi_password and self.doi_prefix)
