"""Parsing XML from outside without the classic XML attacks.

Refused before parsing: documents larger than the limit, and any DOCTYPE or ENTITY
declaration (billion laughs, external entities, external DTDs). The parser itself resolves
no entities, loads no DTD and makes no network access.
"""

from __future__ import annotations

import re

from lxml import etree

from .errors import CatalogueError

MAX_BYTES = 20 * 1024 * 1024
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _scan_text(data: bytes) -> bytes:
    """The document as bytes in which a declaration would be visible to the regex."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace").encode("utf-8")
    return data


def parse_xml(data: bytes, *, source: str, code: str, max_bytes: int = MAX_BYTES):
    """Parse ``data`` and return the root element, or raise ``CatalogueError``."""
    if len(data) > max_bytes:
        raise CatalogueError(
            "the file is %d bytes; at most %d are accepted" % (len(data), max_bytes),
            code=code + ":too-large", source=source,
        )
    if _DECLARATION.search(_scan_text(data)):
        raise CatalogueError(
            "DOCTYPE and ENTITY declarations are not accepted (they can expand without "
            "limit or read other files)", code=code + ":hostile", source=source,
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True,
    )
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise CatalogueError(
            "not well-formed XML: %s" % (exc.msg or "syntax error"), code=code + ":xml",
            source=source, line=exc.lineno or None, column=exc.offset or None,
        ) from exc
