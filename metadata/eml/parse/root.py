"""Safe reading of uploaded XML: no DTDs, no entities, no network, and a size limit."""

from __future__ import annotations

import re

from lxml import etree

MAX_BYTES = 20 * 1024 * 1024
EML_NAMESPACES = (
    "eml://ecoinformatics.org/eml-2.1.1",
    "eml://ecoinformatics.org/eml-2.1.0",
    "https://eml.ecoinformatics.org/eml-2.2.0",
)
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_LEADING = re.compile(rb"^(?:\xef\xbb\xbf|[ \t\r\n])+")


class EmlError(ValueError):
    """A user error in an EML document; ``code`` is stable, ``message`` says what to fix."""

    def __init__(self, message: str, *, code: str = "eml:invalid", line: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.line = line

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line else ""
        return f"{self.message}{where}"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def strip_leading(data: bytes) -> bytes:
    """``data`` without the blank space and UTF-8 byte order marks before its first markup,
    which XML forbids before a declaration (some GBIF download archives write them)."""
    found = _LEADING.match(data)
    return data[found.end() :] if found else data


def safe_root(data: bytes, source: str) -> etree._Element:
    """The root ``<eml>`` element of ``data`` (leading blank space and byte order marks
    ignored); :class:`EmlError` for unsafe or non-EML input."""
    data = strip_leading(data)
    if len(data) > MAX_BYTES:
        raise EmlError(
            f"{source} is larger than 20 MB; EML documents must be smaller.", code="eml:too-large"
        )
    if _DECLARATION.search(data):
        raise EmlError(
            f"{source} contains a DOCTYPE or ENTITY declaration, which is not allowed.",
            code="eml:doctype",
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise EmlError(
            f"{source} is not well-formed XML: {exc.msg}", code="eml:syntax", line=exc.lineno
        ) from exc
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise EmlError(
            f"{source} contains a DOCTYPE declaration, which is not allowed.", code="eml:doctype"
        )
    qname = etree.QName(root)
    if qname.localname != "eml" or qname.namespace not in EML_NAMESPACES:
        raise EmlError(
            f"{source}: root element {root.tag} is not an EML 2.1.1 or 2.2.0 <eml>.",
            code="eml:not-eml",
            line=root.sourceline,
        )
    return root
