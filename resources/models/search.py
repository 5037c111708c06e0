"""What the portal's search knows of a published version."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models

from .publication import Version

FACTS_SHAPE = 1  # bump when what the facts hold changes: ``portal_reindex`` rebuilds them


class VersionFacts(models.Model):
    """The searchable text and the filter fields of one published version, computed once at
    publication from its EML and its archive's summary (never from the working data).

    ``text`` is lower-cased: title, short name, abstract, keywords, taxon names, people,
    organisations and countries. ``countries`` holds ISO 3166-1 alpha-2 codes separated and
    surrounded by spaces (`` DK SE ``) so that one code matches with a plain ``contains``;
    ``licence`` a short code such as ``CC-BY-4.0``. Only the selectors decide whose facts
    anyone may see: a row says nothing about the version's visibility.
    """

    version = models.OneToOneField(
        Version, on_delete=models.CASCADE, primary_key=True, related_name="facts"
    )
    text = models.TextField(blank=True)
    organisation = models.CharField(max_length=500, blank=True)
    licence = models.CharField(max_length=100, blank=True)
    countries = models.CharField(max_length=2000, blank=True)
    first_year = models.SmallIntegerField(null=True, blank=True)
    last_year = models.SmallIntegerField(null=True, blank=True)
    shape = models.PositiveSmallIntegerField(default=FACTS_SHAPE)
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "version facts"
        indexes = [
            # Created on PostgreSQL only (see the migration); the same expression as the
            # search's, so that full-text queries use it.
            GinIndex(SearchVector("text", config="simple"), name="version_facts_text_fts"),
        ]

    def __str__(self) -> str:
        return "facts of version %s" % self.version_id

    @property
    def country_codes(self) -> list[str]:
        return self.countries.split()
