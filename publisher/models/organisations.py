"""Organisations of the GBIF registry that publish through this installation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.alias or self.name
