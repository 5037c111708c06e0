"""The feed entries of a published version, rendered once."""

from __future__ import annotations

from django.db import models

from .publication import Version


class VersionFragments(models.Model):
    """The RSS ``<item>`` and the DCAT dataset (with its distribution) of one published
    version, rendered at its publication (or on the first feed that needs them, for versions
    published before) so that a feed is a concatenation of stored text.

    They hold no translated text (dates as RFC 822 and ISO 8601). Besides the version, they
    show a few things of its resource and installation that may change (the base URL, the
    organisation, the GBIF key, ...): ``key`` is a digest of those, and a feed renders the
    fragments again when it no longer matches. ``dcat`` is "" for a version that DCAT leaves
    out (no machine-readable licence).
    """

    version = models.OneToOneField(
        Version, on_delete=models.CASCADE, primary_key=True, related_name="fragments"
    )
    key = models.CharField(max_length=64)
    rss = models.TextField()
    dcat = models.TextField(blank=True)
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "version fragments"

    def __str__(self) -> str:
        return "feed entries of version %s" % self.version_id
