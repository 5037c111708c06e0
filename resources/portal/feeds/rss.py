"""RSS 2.0 of the published resources, with the IPT's ``ipt:`` elements.

GBIF and IPT-aware readers take ``ipt:eml`` and ``ipt:dwca`` from each item; ``guid`` is the
EML packageId of the version, so that a new version is a new item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from typing import cast

from lxml import etree

IPT = "http://ipt.gbif.org/"
ATOM = "http://www.w3.org/2005/Atom"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
NSMAP = {"ipt": IPT, "atom": ATOM, "geo": GEO}
TTL_MINUTES = "15"


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


def xml_text(text: str) -> str:
    """XML 1.0 cannot hold most control characters, whatever the escaping."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


def _add(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    element.text = xml_text(text)
    return element


def _channel(rss: etree._Element, channel: Channel, items: list[RssItem]) -> etree._Element:
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
    if items:
        _add(head, "lastBuildDate", format_datetime(items[0].published))
    if channel.identifier:
        _add(head, "{%s}identifier" % IPT, channel.identifier)
    _add(head, "generator", channel.generator)
    if channel.webmaster:
        _add(head, "webMaster", channel.webmaster)
    _add(head, "docs", "https://www.rssboard.org/rss-specification")
    _add(head, "ttl", TTL_MINUTES)
    return head


def _item(head: etree._Element, item: RssItem) -> None:
    element = etree.SubElement(head, "item")
    _add(element, "title", "%s - Version %s" % (item.title, item.version))
    _add(element, "link", item.link)
    _add(element, "description", item.description)
    if item.author:
        _add(element, "author", item.author)
    _add(element, "{%s}eml" % IPT, item.eml_url)
    if item.archive_url:
        _add(element, "{%s}dwca" % IPT, item.archive_url)
    _add(element, "pubDate", format_datetime(item.published))
    if item.guid:
        _add(element, "guid", item.guid, isPermaLink="false")


def build_rss(channel: Channel, items: list[RssItem]) -> bytes:
    """The feed, newest item first as given; UTF-8 bytes with an XML declaration."""
    rss = etree.Element("rss", nsmap=NSMAP, version="2.0")
    head = _channel(rss, channel, items)
    for item in items:
        _item(head, item)
    return cast(
        bytes, etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    )
