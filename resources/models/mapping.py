"""Mappings of a resource's sources to extension terms, and reusable mapping templates."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from catalogue.models import Extension

from .resource import Resource
from .source import Source


class ExtensionMapping(models.Model):
    """A source of a resource mapped to an installed extension (or core).

    ``id_column`` gives the record id (core) or the core id (extension); ``filters`` is a list
    of ``{"column", "op", "value", "after_translation"}`` combined with AND. ``extension`` is
    protected: an extension cannot be removed while a mapping uses it. Several mappings may
    share a row type; their rows are concatenated in ``position`` order.

    ``id_template`` composes that id from columns instead (``{site}:{date}``). With
    ``derive_events`` the mapping derives events from a flat source: one row per distinct id
    (its first), the rows of one id that disagree on a mapped term being reported, and
    blocking the publication when ``on_conflict`` is "block".
    """

    class OnConflict(models.TextChoices):
        FIRST = "first", "first"
        BLOCK = "block", "block"

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="mappings")
    extension = models.ForeignKey(Extension, on_delete=models.PROTECT, related_name="mappings")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="mappings"
    )
    position = models.PositiveIntegerField(default=0)
    id_column = models.CharField(max_length=255, blank=True)
    filters = models.JSONField(default=list, blank=True)
    id_template = models.TextField(blank=True)
    derive_events = models.BooleanField(default=False)
    on_conflict = models.CharField(
        max_length=8, choices=OnConflict.choices, default=OnConflict.FIRST
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["resource", "position", "pk"]

    def __str__(self) -> str:
        return "%s → %s" % (self.resource, self.extension)


class FieldMapping(models.Model):
    """One term of a mapping: a source ``column``, a ``constant`` or a ``template`` over
    columns, with a ``default`` for empty cells and value ``translations``."""

    mapping = models.ForeignKey(ExtensionMapping, on_delete=models.CASCADE, related_name="fields")
    term = models.CharField(max_length=255)
    column = models.CharField(max_length=255, blank=True)
    constant = models.TextField(blank=True)
    template = models.TextField(blank=True)
    default = models.TextField(blank=True)
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["mapping", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mapping", "term"], name="unique_mapped_term"),
        ]

    def __str__(self) -> str:
        return self.term


class MappingTemplate(models.Model):
    """A named copy of a resource's mappings, to apply to another resource or source.

    ``resource`` is the one it was saved from: who may see the template follows from it
    (``resources.selectors.mapping_template_list_for_user``).
    """

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    mappings = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    resource = models.ForeignKey(
        "resources.Resource", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
