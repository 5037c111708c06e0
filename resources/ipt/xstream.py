"""Reading XStream XML safely: no DOCTYPE or entities, and ``reference`` attributes resolved.

XStream writes an object it has written before as an empty element whose ``reference``
attribute is an XPath, relative to that element (``../../../sources/filesource[2]``) or
absolute, to the first occurrence. The accessors here follow such references, so callers
read the element as if the value were repeated in place.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from lxml import etree

from core.xmlsafe import UnsafeXml, parse_untrusted

from .model import IptError

MAX_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 32
# The code of each refusal of core.xmlsafe.
_XML_CODES = {"too-large": "ipt:too-large", "hostile": "ipt:hostile", "xml": "ipt:xml"}
# XStream's DateConverter: "yyyy-MM-dd HH:mm:ss.S z", milliseconds written unpadded.
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,3}))?(?: (\S+))?$")


def parse(data: bytes, *, source: str) -> etree._Element:
    """The root element of ``data``; raises ``IptError`` (``ipt:too-large``, ``ipt:hostile``
    for DOCTYPE or ENTITY declarations, ``ipt:xml`` for malformed XML). Comments and
    processing instructions are dropped (they are not counted by XStream's paths)."""
    try:
        return parse_untrusted(data, max_bytes=MAX_BYTES)
    except UnsafeXml as exc:
        raise IptError(
            "%s: %s" % (source, exc.message), code=_XML_CODES[exc.kind], file=source
        ) from exc


def deref(element: etree._Element | None) -> etree._Element | None:
    """The element ``element`` stands for: itself, or the target of its ``reference``
    (followed through chains of references); None when a reference leads nowhere."""
    for _step in range(MAX_DEPTH):
        if element is None:
            return None
        path = element.get("reference")
        if not path:
            return element
        try:
            found = element.xpath(path)
        except etree.XPathError:
            return None
        element = found[0] if found and isinstance(found[0], etree._Element) else None
    return None


def child(element: etree._Element | None, name: str) -> etree._Element | None:
    """The first child called ``name``, references resolved."""
    if element is None:
        return None
    return deref(element.find(name))


def children(element: etree._Element | None, name: str | None = None) -> list[etree._Element]:
    """The element children (all, or those called ``name``), references resolved."""
    if element is None:
        return []
    found = element.iterchildren(tag=name) if name else element.iterchildren(tag=etree.Element)
    return [e for e in (deref(c) for c in found) if e is not None]


def text(element: etree._Element | None, name: str, default: str = "") -> str:
    """The text of the child ``name`` (references resolved), ``default`` when absent."""
    found = child(element, name)
    if found is None:
        return default
    return found.text or ""


def integer(element: etree._Element | None, name: str) -> int | None:
    value = text(element, name).strip()
    try:
        return int(value) if value else None
    except ValueError:
        return None


def boolean(element: etree._Element | None, name: str) -> bool | None:
    value = text(element, name).strip().lower()
    return {"true": True, "false": False}.get(value)


def date(element: etree._Element | None, name: str) -> datetime | None:
    """A date as XStream writes it (``2015-09-03 15:19:06.487 UTC``), in UTC; other zone
    names are read as UTC too. None when absent or unreadable."""
    return parse_date(text(element, name).strip())


def parse_date(value: str) -> datetime | None:
    match = _DATE.match(value)
    if not match:
        return None
    day, clock, millis, _zone = match.groups()
    try:
        stamp = datetime.strptime(day + " " + clock, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return stamp.replace(microsecond=int(millis or 0) * 1000, tzinfo=UTC)


def format_date(value: datetime | None) -> str:
    """``value`` as XStream writes dates (UTC, milliseconds unpadded)."""
    if value is None:
        return ""
    value = value.astimezone(UTC)
    return "%s.%d UTC" % (value.strftime("%Y-%m-%d %H:%M:%S"), value.microsecond // 1000)


def string_map(element: etree._Element | None) -> dict[str, str]:
    """A map of strings in any of XStream's shapes: ``<entry><string>k</string><string>v
    </string></entry>`` (HashMap, TreeMap with or without ``<no-comparator/>``) or
    ``<entry><key>k</key><value>v</value></entry>``."""
    found: dict[str, str] = {}
    for entry in children(element, "entry"):
        parts = children(entry)
        tags = [p.tag for p in parts]
        if "key" in tags:
            key = _leaf(child(entry, "key"))
            value = _leaf(child(entry, "value"))
        elif len(parts) >= 2:
            key, value = _leaf(parts[0]), _leaf(parts[1])
        else:
            continue
        if key is not None:
            found[key] = value or ""
    return found


def _leaf(element: etree._Element | None) -> str | None:
    """The text of a ``<key>``/``<value>`` that may wrap its value in ``<string>``."""
    if element is None:
        return None
    inner = children(element)
    return (inner[0].text if inner else element.text) or ""
