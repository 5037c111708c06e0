"""sitemap.xml (sitemaps.org 0.9): the public pages and every public landing page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from lxml import etree

from .rss import xml_text

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000  # the protocol's limit per file


@dataclass
class SitemapEntry:
    location: str
    last_modified: str = ""  # W3C date (yyyy-mm-dd)


def build_sitemap(entries: list[SitemapEntry]) -> bytes:
    """A ``urlset`` of at most ``MAX_URLS`` entries, UTF-8 with an XML declaration."""
    urlset = etree.Element("{%s}urlset" % SITEMAP, nsmap={None: SITEMAP})
    for entry in entries[:MAX_URLS]:
        url = etree.SubElement(urlset, "{%s}url" % SITEMAP)
        etree.SubElement(url, "{%s}loc" % SITEMAP).text = xml_text(entry.location)
        if entry.last_modified:
            etree.SubElement(url, "{%s}lastmod" % SITEMAP).text = entry.last_modified
    return cast(
        bytes, etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    )
