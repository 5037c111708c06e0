"""Sensitive species: a resource's sensitivity policy and the shared lists admins keep.

Taxa are kept as JSON (``Taxon.to_json()`` dicts of ``resources.sensitivity.policy``): a
policy may hold thousands of names, and one row per policy reads in one query. What the
JSON means, and how it is checked, is the engine's business; writes go through
``resources.services.sensitivity``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .resource import Resource


def new_secret() -> str:
    """A random token; it keys the ids of generated events and is never shown."""
    return secrets.token_hex(32)


class TaxonList(models.Model):
    """A list of sensitive taxa that installation admins maintain (a national red list, say)
    and that resources' policies subscribe to."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    taxa = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SensitivityPolicy(models.Model):
    """What publication does to a resource's sensitive records: its own taxa, the shared
    lists it subscribes to, the default action and whether sensitive occurrences go under a
    generated event. ``secret`` is made once and never shown."""

    resource = models.OneToOneField(Resource, on_delete=models.CASCADE, related_name="sensitivity")
    taxa = models.JSONField(default=list, blank=True)
    default_action = models.JSONField(default=dict)
    separate_events = models.BooleanField(default=False)
    lists = models.ManyToManyField(TaxonList, blank=True, related_name="policies")
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    modified = models.DateTimeField(auto_now=True)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return "sensitivity of %s" % self.resource
