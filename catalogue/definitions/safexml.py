"""Parsing catalogue XML (extensions, vocabularies) through ``core.xmlsafe``, with the
catalogue's own error."""

from __future__ import annotations

from lxml import etree

from core.xmlsafe import UnsafeXml, parse_untrusted

from .errors import CatalogueError

MAX_BYTES = 20 * 1024 * 1024
# The code of each refusal of core.xmlsafe (too-large, hostile, xml) per kind of definition.
XML_CODES = {
    "extension": {
        "too-large": "extension:too-large",
        "hostile": "extension:hostile",
        "xml": "extension:xml",
    },
    "vocabulary": {
        "too-large": "vocabulary:too-large",
        "hostile": "vocabulary:hostile",
        "xml": "vocabulary:xml",
    },
}


def parse_xml(data: bytes, *, source: str, kind: str, max_bytes: int = MAX_BYTES) -> etree._Element:
    """Parse ``data`` and return the root element, or raise ``CatalogueError`` with a code of
    ``XML_CODES[kind]`` (``kind`` is ``extension`` or ``vocabulary``)."""
    try:
        return parse_untrusted(data, max_bytes=max_bytes)
    except UnsafeXml as exc:
        raise CatalogueError(
            exc.message,
            code=XML_CODES[kind][exc.kind],
            source=source,
            line=exc.line,
            column=exc.column,
        ) from exc
