"""Parsing catalogue XML (extensions, vocabularies) through ``core.xmlsafe``, with the
catalogue's own error."""

from __future__ import annotations

from lxml import etree

from core.xmlsafe import UnsafeXml, parse_untrusted

from .errors import CatalogueError

MAX_BYTES = 20 * 1024 * 1024


def parse_xml(data: bytes, *, source: str, code: str, max_bytes: int = MAX_BYTES) -> etree._Element:
    """Parse ``data`` and return the root element, or raise ``CatalogueError``."""
    try:
        return parse_untrusted(data, max_bytes=max_bytes)
    except UnsafeXml as exc:
        raise CatalogueError(
            exc.message,
            code="%s:%s" % (code, exc.kind),
            source=source,
            line=exc.line,
            column=exc.column,
        ) from exc
