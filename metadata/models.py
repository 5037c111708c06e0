"""The working metadata of each resource and the instance's shared contacts."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import TextChoices


class CoverageMode(TextChoices):
    ENTERED = "entered", _("As entered")
    INFERRED = "inferred", _("Inferred from the data")


# Each coverage has its own mode, in the field ``<part>_coverage_mode``.
COVERAGE_PARTS = ("geographic", "temporal", "taxonomic")


def _mode_field(label: str) -> models.CharField:
    return models.CharField(
        label, max_length=16, choices=CoverageMode.choices, default=CoverageMode.ENTERED
    )


class ResourceMetadata(models.Model):
    """The working (unpublished) EML of a resource, as the JSON of ``metadata.eml.model``.

    ``citation_auto`` asks for the IPT-style generated citation at publication;
    ``geographic_coverage_mode``, ``temporal_coverage_mode`` and ``taxonomic_coverage_mode``
    choose, each for its coverage, whether the entered or the inferred one is published;
    ``inferred`` caches the last coverage inference (``{"computed_at", "geographic", ...}``);
    ``package_id`` is the stable identifier written as the EML ``packageId``.
    """

    resource = models.OneToOneField(
        "resources.Resource", on_delete=models.CASCADE, related_name="metadata_record"
    )
    document = models.JSONField(default=dict)
    citation_auto = models.BooleanField(_("generate the citation"), default=True)
    geographic_coverage_mode = _mode_field(_("published geographic coverage"))
    temporal_coverage_mode = _mode_field(_("published temporal coverage"))
    taxonomic_coverage_mode = _mode_field(_("published taxonomic coverage"))
    inferred = models.JSONField(default=dict, blank=True)
    package_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    modified = models.DateTimeField(auto_now=True)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"metadata of {self.resource_id}"


class ContactKind(TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class SharedContact(models.Model):
    """A person or organisation entered once and offered in every resource's editor.

    ``agent`` is the JSON of a ``metadata.eml.model.Agent`` (without role, with only valid
    identifiers of its kind); ``key`` is a normalised identity (ORCID/ROR, else e-mail, else
    name + organisation; people's and organisations' keys differ) so that saving the same
    person twice updates one entry. ``search`` is the lower-cased text the editor's
    suggestions match (label, e-mails, organisation, identifiers). ``resources`` are those
    whose working metadata named the contact, ``published_in`` those that published it in a
    version: they decide who may see the contact (``metadata.selectors``).
    """

    kind = models.CharField(max_length=16, choices=ContactKind.choices)
    key = models.CharField(max_length=300, unique=True)
    label = models.CharField(max_length=300)
    agent = models.JSONField(default=dict)
    search = models.TextField(default="", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    modified = models.DateTimeField(auto_now=True)
    resources = models.ManyToManyField("resources.Resource", blank=True, related_name="+")
    published_in = models.ManyToManyField("resources.Resource", blank=True, related_name="+")

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class ContactCopy(models.Model):
    """What one origin said about a shared contact: the fields as entered in a resource's
    working metadata (``published`` false), as published in its public versions
    (``published`` true), or, without a resource, as entered by ``entered_by``.

    The shared contact holds every origin's fields merged (for admins); other users are shown
    only the merge of the copies they may see (``metadata.selectors``), so a value typed only
    in someone else's private resource never reaches them.
    """

    contact = models.ForeignKey(SharedContact, on_delete=models.CASCADE, related_name="copies")
    resource = models.ForeignKey(
        "resources.Resource", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    published = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agent = models.JSONField(default=dict)
    search = models.TextField(default="", blank=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["modified", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "resource", "published"], name="contact_copy_per_origin"
            )
        ]

    def __str__(self) -> str:
        return "%s (%s)" % (self.contact_id, self.resource_id)
