"""Validation of DataCite XML against the DataCite Metadata Schema 4.5 shipped in ``schema/``.

The schema and everything it includes or imports are local files, so validating never
touches the network; the compiled schema is built once per process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

from core.xmlsafe import UnsafeXml, parse_untrusted

SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "kernel-4.5" / "metadata.xsd"
NAMESPACE = "http://datacite.org/schema/kernel-4"
SCHEMA_LOCATION = "http://schema.datacite.org/meta/kernel-4.5/metadata.xsd"
_CLARK = "{%s}" % NAMESPACE  # dropped from messages: every element is in it
MAX_BYTES = 5 * 1024 * 1024  # DataCite records are a few kB; the REST API refuses large ones


@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))


def _step(element: etree._Element) -> str:
    name = str(etree.QName(element).localname)
    parent = element.getparent()
    if parent is None:
        return name
    same = [child for child in parent if child.tag == element.tag]
    return name if len(same) == 1 else "%s[%d]" % (name, same.index(element) + 1)


def element_path(element: etree._Element) -> str:
    """``resource/creators/creator[2]/creatorName``: local names, 1-based index only where
    an element has siblings of the same name."""
    steps = [_step(node) for node in (element, *element.iterancestors())]
    return "/".join(reversed(steps))


def _readable_path(tree: etree._ElementTree, xpath: str | None) -> str:
    if not xpath:
        return "resource"
    try:
        found = tree.xpath(xpath)
    except etree.XPathError:
        return xpath
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return element_path(found[0])
    return xpath


def validate_datacite(xml: bytes) -> list[str]:
    """The XSD errors of ``xml`` as "line N: <element path>: message"; [] when valid.

    Unsafe or malformed input is reported as one error ("line N: not well-formed XML: …")
    instead of raising.
    """
    try:
        root = parse_untrusted(xml, max_bytes=MAX_BYTES)
    except UnsafeXml as exc:
        return ["line %d: %s" % (exc.line or 1, exc.message)]
    schema = _schema()
    tree = root.getroottree()
    if schema.validate(tree):
        return []
    return [
        "line %d: %s: %s"
        % (error.line, _readable_path(tree, error.path), error.message.replace(_CLARK, ""))
        for error in schema.error_log
    ]
