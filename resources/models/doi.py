"""DOIs of a resource, minted through the installation's DataCite account (issue #23)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choices import TextChoices
from metadata.eml.identifiers import doi_url

from .resource import Resource


class DoiStatus(TextChoices):
    """Where a DOI of this resource stands here (DataCite's own state is ``datacite_state``).

    A DOI is *reserving* while the job creating its draft at DataCite runs, *reserved* once
    DataCite holds the draft, *deleting* while the draft is being deleted, and *registered*
    once a published version carries it (from then on it is never deleted, only hidden
    while the resource is deleted)."""

    RESERVING = "reserving", pgettext_lazy("DOI status", "Being reserved")
    RESERVED = "reserved", pgettext_lazy("DOI status", "Reserved")
    DELETING = "deleting", pgettext_lazy("DOI status", "Being deleted")
    REGISTERED = "registered", pgettext_lazy("DOI status", "Registered")


class Doi(models.Model):
    """A DOI of a resource. At most one is reserved (not yet registered) at a time; the
    registered DOI of the newest version that carries one is the resource's current DOI.

    ``organisation`` is the DataCite account it was minted under. ``datacite_state``
    (draft, registered, findable; "" before DataCite confirmed) and ``target_url`` are what
    DataCite last answered, written only by the DOI jobs.
    """

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="dois")
    doi = models.CharField(_("DOI"), max_length=200, unique=True)
    organisation = models.ForeignKey(
        "publisher.Organisation", on_delete=models.PROTECT, related_name="dois"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DoiStatus.choices, default=DoiStatus.RESERVING
    )
    datacite_state = models.CharField(_("state at DataCite"), max_length=16, blank=True)
    target_url = models.URLField(_("resolves to"), max_length=500, blank=True)
    reserved_at = models.DateTimeField(_("reserved"), auto_now_add=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["resource", "-reserved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource"],
                condition=~models.Q(status="registered"),
                name="one_unregistered_doi_per_resource",
            ),
        ]

    def __str__(self) -> str:
        return self.doi

    @property
    def url(self) -> str:
        return doi_url(self.doi)
