"""Parsing XML from outside (archives, IPT folders, catalogues) without the classic attacks.

Refused before parsing: documents larger than a limit, and any DOCTYPE or ENTITY declaration
(billion laughs, external entities, external DTDs), also in UTF-16. The parser itself
resolves no entities, loads no DTD, makes no network access and drops comments and
processing instructions.
"""

from __future__ import annotations

import re

from lxml import etree

DJANGO_FREE = True

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class UnsafeXml(ValueError):
    """Why a document was refused: ``kind`` is ``too-large``, ``hostile`` or ``xml``; for
    ``xml`` the ``line`` and ``column`` of the syntax error when known."""

    def __init__(
        self, kind: str, message: str, *, line: int | None = None, column: int | None = None
    ):
        super().__init__(message)
        self.kind, self.message, self.line, self.column = kind, message, line, column


def _scan_text(data: bytes) -> bytes:
    """The document as bytes in which a declaration would be visible to the regex."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace").encode("utf-8")
    return data


def parse_untrusted(data: bytes, *, max_bytes: int) -> etree._Element:
    """The root element of ``data``, or ``UnsafeXml`` saying why not."""
    if len(data) > max_bytes:
        raise UnsafeXml(
            "too-large", "the file is %d bytes; at most %d are accepted" % (len(data), max_bytes)
        )
    if _DECLARATION.search(_scan_text(data)):
        raise UnsafeXml(
            "hostile",
            "DOCTYPE and ENTITY declarations are not accepted (they "
            "can expand without limit or read other files)",
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise UnsafeXml(
            "xml",
            "not well-formed XML: %s" % (exc.msg or "syntax error"),
            line=exc.lineno or None,
            column=exc.offset or None,
        ) from exc
