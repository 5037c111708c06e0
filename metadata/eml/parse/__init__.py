"""Read GBIF-profile EML (1.1 / 1.2 = EML 2.1.1, 1.3 = EML 2.2.0) into a :class:`Document`.

Parsing is hardened: no DTDs, no entities, no network, and a size limit, because EML is
uploaded by users. ``Document.date_created`` is never read: no profile has a place for it.
"""

from __future__ import annotations

from ..model import Document
from .dataset import read_dataset
from .gbif import read_gbif
from .root import EML_NAMESPACES, MAX_BYTES, EmlError, safe_root, strip_leading
from .text import XML_LANG

__all__ = [
    "EML_NAMESPACES",
    "MAX_BYTES",
    "XML_LANG",
    "EmlError",
    "parse_eml",
    "safe_root",
    "strip_leading",
]


def parse_eml(data: bytes, *, source: str = "eml.xml") -> Document:
    """Parse EML bytes into a Document; raises :class:`EmlError` for unsafe or non-EML input."""
    root = safe_root(data, source)
    doc = Document(package_id=root.get("packageId", ""), metadata_language=root.get(XML_LANG, ""))
    dataset = root.find("dataset")
    if dataset is None:
        raise EmlError(
            f"{source}: the EML document has no <dataset> element.", code="eml:no-dataset"
        )
    read_dataset(dataset, doc)
    gbif = root.find("additionalMetadata/metadata/gbif")
    if gbif is not None:
        read_gbif(gbif, doc)
    return doc
