"""RSS 2.0 of the published resources, with the IPT's ``ipt:`` elements.

GBIF and IPT-aware readers take ``ipt:eml`` and ``ipt:dwca`` from each item; ``guid`` is the
EML packageId of the version, so that a new version is a new item. ``ipt:dwcdp``, this
publisher's own, gives the Darwin Core Data Package published beside the archive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from typing import cast
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

IPT = "http://ipt.gbif.org/"
ATOM = "http://www.w3.org/2005/Atom"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
NSMAP = {"ipt": IPT, "atom": ATOM, "geo": GEO}
# The qualified names of the IPT's item elements, as the text of a stored item writes them.
IPT_EML, IPT_DWCA, IPT_DWCDP = ("%s:%s" % ("ipt", name) for name in ("eml", "dwca", "dwcdp"))
TTL_MINUTES = "15"
_MARK = "items"


@dataclass
class Channel:
    """The installation."""

    title: str
    base_url: str
    generator: str
    identifier: str = ""  # the installation's registry key, once registered
    webmaster: str = ""
    created: datetime | None = None


@dataclass
class RssItem:
    """The latest public version of one resource."""

    title: str
    version: str
    link: str
    description: str
    eml_url: str
    archive_url: str  # "" when the version has no records (metadata only)
    published: datetime
    guid: str = ""
    author: str = ""  # "e-mail (name)"
    datapackage_url: str = ""  # the Darwin Core Data Package beside the archive; "" for none


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_text(text: str) -> str:
    """XML 1.0 cannot hold most control characters, whatever the escaping."""
    return _CONTROL.sub("", text)


def _add(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    element.text = xml_text(text)
    return element


def _channel(rss: etree._Element, channel: Channel, last: datetime | None) -> etree._Element:
    head = etree.SubElement(rss, "channel")
    _add(head, "title", channel.title)
    _add(head, "link", channel.base_url)
    etree.SubElement(
        head,
        "{%s}link" % ATOM,
        href=channel.base_url + "/rss.do",
        rel="self",
        type="application/rss+xml",
    )
    _add(head, "description", "Resource metadata of " + channel.title)
    _add(head, "language", "en-us")
    if channel.created:
        _add(head, "pubDate", format_datetime(channel.created))
    if last is not None:
        _add(head, "lastBuildDate", format_datetime(last))
    if channel.identifier:
        _add(head, "{%s}identifier" % IPT, channel.identifier)
    _add(head, "generator", channel.generator)
    if channel.webmaster:
        _add(head, "webMaster", channel.webmaster)
    _add(head, "docs", "https://www.rssboard.org/rss-specification")
    _add(head, "ttl", TTL_MINUTES)
    return head


def _text(tag: str, text: str, indent: str = "      ", **attributes: str) -> str:
    attrs = "".join(" %s=%s" % (k, quoteattr(v)) for k, v in attributes.items())
    return "%s<%s%s>%s</%s>\n" % (indent, tag, attrs, escape(xml_text(text), {"\r": "&#13;"}), tag)


def rss_item_xml(item: RssItem) -> str:
    """The ``<item>`` of one version as text, to be stored and later joined into a feed by
    :func:`build_rss_from_items` (the ``ipt:`` prefix is declared by the feed)."""
    parts = ["    <item>\n", _text("title", "%s - Version %s" % (item.title, item.version))]
    parts.append(_text("link", item.link))
    parts.append(_text("description", item.description))
    if item.author:
        parts.append(_text("author", item.author))
    parts.append(_text(IPT_EML, item.eml_url))
    if item.archive_url:
        parts.append(_text(IPT_DWCA, item.archive_url))
    if item.datapackage_url:
        parts.append(_text(IPT_DWCDP, item.datapackage_url))
    parts.append(_text("pubDate", format_datetime(item.published)))
    if item.guid:
        parts.append(_text("guid", item.guid, isPermaLink="false"))
    parts.append("    </item>\n")
    return "".join(parts)


def build_rss_from_items(channel: Channel, items: list[str], last: datetime | None) -> bytes:
    """The feed from items rendered by :func:`rss_item_xml`, newest first as given; ``last``
    is the newest item's publication (the feed's ``lastBuildDate``)."""
    rss = etree.Element("rss", nsmap=NSMAP, version="2.0")
    head = _channel(rss, channel, last)
    head.append(etree.Comment(_MARK))
    text = etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    before, after = cast(bytes, text).split(("    <!--%s-->\n" % _MARK).encode(), 1)
    return before + "".join(items).encode("utf-8") + after


def build_rss(channel: Channel, items: list[RssItem]) -> bytes:
    """The feed, newest item first as given; UTF-8 bytes with an XML declaration."""
    last = items[0].published if items else None
    return build_rss_from_items(channel, [rss_item_xml(i) for i in items], last)
