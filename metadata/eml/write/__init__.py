"""Write a :class:`Document` as EML 2.2.0 in the GBIF metadata profile 1.3 shape.

Elements are emitted in the order the profile XSD demands and blank values are left out, so
a document that passes :func:`metadata.eml.validate.validate` is also XSD-valid.

Not written, because profile 1.3 has no place for them (they live only in the database):
``Document.date_created`` (the gbif block allows only dateStamp, and the IPT's "date
created" is that dateStamp) and a related project's fields other than title, identifier,
personnel and description.
"""

from __future__ import annotations

from typing import cast

from lxml import etree

from ..model import Document
from .dataset import write_dataset
from .gbif import write_gbif
from .xml import XML_LANG

EML_NS = "https://eml.ecoinformatics.org/eml-2.2.0"
SCHEMA_LOCATION = f"{EML_NS} https://rs.gbif.org/schema/eml-gbif-profile/1.3/eml.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP = {"eml": EML_NS, "dc": "http://purl.org/dc/terms/", "xsi": XSI}

__all__ = ["EML_NS", "SCHEMA_LOCATION", "write_eml"]


def write_eml(doc: Document, *, package_id: str, version: str = "1.3") -> bytes:
    """Serialise ``doc`` as UTF-8 EML 2.2.0 (GBIF profile ``version``, only 1.3 is supported)."""
    if version != "1.3":
        raise ValueError(f"unsupported GBIF profile version {version!r}; only 1.3 is written")
    root = etree.Element(f"{{{EML_NS}}}eml", nsmap=NSMAP)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    root.set("packageId", package_id)
    root.set("system", "http://gbif.org")
    root.set("scope", "system")
    if doc.metadata_language:
        root.set(XML_LANG, doc.metadata_language)
    write_dataset(etree.SubElement(root, "dataset"), doc)
    write_gbif(root, doc)
    return cast(
        bytes, etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    )
