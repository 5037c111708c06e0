"""Mappings of a resource's sources to extension terms (the mapping issue fills these in)."""

from __future__ import annotations

from django.db import models

from .catalogue import Extension
from .resource import Resource
from .source import Source


class ExtensionMapping(models.Model):
    """A resource maps one of its sources to an installed extension (or core).

    ``extension`` is protected: an extension cannot be removed while a mapping uses it.
    """

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="mappings")
    extension = models.ForeignKey(Extension, on_delete=models.PROTECT, related_name="mappings")
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="mappings")
    position = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["resource", "position", "pk"]

    def __str__(self) -> str:
        return "%s → %s" % (self.resource, self.extension)


class FieldMapping(models.Model):
    """One term of a mapping: a source column or a constant value."""

    mapping = models.ForeignKey(ExtensionMapping, on_delete=models.CASCADE, related_name="fields")
    term = models.CharField(max_length=255)
    column = models.CharField(max_length=255, blank=True)
    constant = models.TextField(blank=True)

    class Meta:
        ordering = ["mapping", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mapping", "term"], name="unique_mapped_term"),
        ]

    def __str__(self) -> str:
        return self.term
