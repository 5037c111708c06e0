"""Source data of a resource: an uploaded file, a URL or an SQL query."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import TextChoices
from resources.quality.date_formats import DATE_FORMATS, date_format_example

from .resource import Resource


class SourceKind(TextChoices):
    FILE = "file", _("File")
    URL = "url", _("URL")
    SQL = "sql", _("SQL query")
    # Kept from an import without its data (an IPT SQL source on a database system not read
    # here): its columns and mappings are known; publication waits for a file or connection.
    AWAITING = "awaiting", _("Awaiting replacement")


DATE_FORMAT_CHOICES = [(fmt, "%s (%s)" % (fmt, date_format_example(fmt))) for fmt in DATE_FORMATS]


class Source(models.Model):
    """One table of source data and what its analysis found.

    ``spec`` holds the reading options (format, encoding, delimiter, quote, header, sheet);
    ``analysis`` the columns, row count, per-column counts, samples and problems. The SQL
    connection URL is stored encrypted (``sql_url_encrypted``) and shown only redacted. A
    download ``url`` is stored with its password masked (``https://user:***@host/...``); the
    password itself is in ``url_password_encrypted``. ``date_format``, when set, is how the
    source writes dates: mapped date-typed terms are then published as ISO 8601.
    """

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(max_length=8, choices=SourceKind.choices)
    filename = models.CharField(max_length=255, blank=True)
    path = models.CharField(max_length=500, blank=True)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    spec = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("URL"), max_length=1000, blank=True)
    keep_cached = models.BooleanField(
        _("keep the cached copy"),
        default=False,
        help_text=_("Otherwise the file is downloaded again before each publication."),
    )
    url_password_encrypted = models.TextField(blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    sql_url_encrypted = models.TextField(blank=True)
    sql_url_redacted = models.CharField(max_length=1000, blank=True)
    sql_query = models.TextField(
        _("SQL query"), blank=True, help_text=_("A single SELECT statement.")
    )
    date_format = models.CharField(
        _("date format"),
        max_length=16,
        blank=True,
        choices=DATE_FORMAT_CHOICES,
        help_text=_(
            "How the dates in this source are written. Mapped date terms (eventDate, "
            "dateIdentified, modified, …) are then published as ISO 8601 (YYYY-MM-DD); "
            "values already in ISO 8601 stay as they are."
        ),
    )
    analysis = models.JSONField(default=dict, blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    column_changes = models.JSONField(default=dict, blank=True)
    log = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["resource", "name"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "name"], name="unique_source_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def columns(self) -> list[str]:
        return list(self.analysis.get("columns", []))

    @property
    def row_count(self) -> int | None:
        return self.analysis.get("row_count")
