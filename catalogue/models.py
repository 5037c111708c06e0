"""Installed extensions and vocabularies of this instance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import TextChoices


class Origin(TextChoices):
    BUILTIN = "builtin", _("Built-in")
    REGISTRY = "registry", _("GBIF registry")
    URL = "url", _("URL")
    FILE = "file", _("Uploaded file")


class Extension(models.Model):
    """An installed core or extension definition; one version per row type.

    Written only by the catalogue services; ``latest_*`` are set by the periodic check
    against the registry and drive the "update available" notice.
    """

    row_type = models.CharField(_("row type"), max_length=255, unique=True)
    title = models.CharField(_("title"), max_length=255)
    name = models.CharField(_("name"), max_length=100)
    namespace = models.CharField(_("namespace"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    link = models.CharField(max_length=500, blank=True)
    issued = models.DateField(_("issued"), null=True, blank=True)
    subjects = models.JSONField(default=list, blank=True)
    extra_cores = models.JSONField(default=list, blank=True)
    is_core = models.BooleanField(default=False)
    origin = models.CharField(max_length=16, choices=Origin.choices)
    source_url = models.CharField(_("source"), max_length=500, blank=True)
    latest_issued = models.DateField(null=True, blank=True)
    latest_url = models.CharField(max_length=500, blank=True)
    last_update_report = models.JSONField(default=dict, blank=True)
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    installed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "resources_extension"  # the name it had in resources
        ordering = ["-is_core", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def update_available(self) -> bool:
        return bool(self.latest_issued and (not self.issued or self.latest_issued > self.issued))


class ExtensionProperty(models.Model):
    """One term of an installed extension, in definition order."""

    extension = models.ForeignKey(Extension, on_delete=models.CASCADE, related_name="properties")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=100)
    namespace = models.CharField(max_length=255)
    qual_name = models.CharField(max_length=255)
    group = models.CharField(max_length=100, blank=True)
    type = models.CharField(max_length=32, default="string")
    required = models.BooleanField(default=False)
    thesaurus = models.CharField(max_length=500, blank=True)
    label = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    comments = models.TextField(blank=True)
    examples = models.TextField(blank=True)
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "resources_extensionproperty"  # the name it had in resources
        ordering = ["extension", "position"]
        constraints = [
            models.UniqueConstraint(fields=["extension", "qual_name"], name="unique_term"),
        ]

    def __str__(self) -> str:
        return self.qual_name


class Vocabulary(models.Model):
    """An installed thesaurus. Extensions link to it by ``source_url`` (or ``uri``).

    ``latest_*`` are set by the periodic check against the registry: the newer version's
    issued date and URL, and ``latest_preview`` its concepts (or the error met reading them),
    so that the admin sees which mappings an update affects before applying it.
    """

    uri = models.CharField(max_length=500, unique=True)
    source_url = models.CharField(max_length=500, blank=True, db_index=True)
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    issued = models.DateField(null=True, blank=True)
    origin = models.CharField(max_length=16, choices=Origin.choices)
    installed_at = models.DateTimeField(auto_now_add=True)
    latest_issued = models.DateField(null=True, blank=True)
    latest_url = models.CharField(max_length=500, blank=True)
    latest_preview = models.JSONField(default=dict, blank=True)
    last_update_report = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "resources_vocabulary"  # the name it had in resources
        ordering = ["title"]
        verbose_name_plural = "vocabularies"

    def __str__(self) -> str:
        return self.title

    @property
    def update_available(self) -> bool:
        return bool(self.latest_issued and (not self.issued or self.latest_issued > self.issued))


class Concept(models.Model):
    """A vocabulary concept; ``labels`` is {lang: label}, ``alternatives`` {lang: [labels]}."""

    vocabulary = models.ForeignKey(Vocabulary, on_delete=models.CASCADE, related_name="concepts")
    position = models.PositiveIntegerField()
    identifier = models.CharField(max_length=255)
    uri = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    labels = models.JSONField(default=dict, blank=True)
    alternatives = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "resources_concept"  # the name it had in resources
        ordering = ["vocabulary", "position"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "identifier"], name="unique_concept"),
        ]

    def __str__(self) -> str:
        return self.identifier

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.identifier


class RegistryListing(models.Model):
    """The last list of extensions, or of vocabularies, fetched from the registry (kept
    between checks); ``kind`` says which."""

    kind = models.CharField(max_length=32, unique=True)
    entries = models.JSONField(default=list, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        db_table = "resources_registrylisting"  # the name it had in resources

    def __str__(self) -> str:
        return self.kind
