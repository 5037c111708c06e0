"""``meta.xml``: the archive descriptor of the Darwin Core text guide."""

from __future__ import annotations

from typing import cast

from lxml import etree

from .model import ArchiveFile

DWC_TEXT = "http://rs.tdwg.org/dwc/text/"
SCHEMA = "http://rs.tdwg.org/dwc/text/ http://rs.tdwg.org/dwc/text/tdwg_dwc_text.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# The DwC terms the IPT writes with delimitedBy (GenerateDwca.DWC_MULTI_VALUE_TERMS).
MULTI_VALUE_TERMS = frozenset(
    "http://rs.tdwg.org/dwc/terms/" + name
    for name in (
        "recordedBy",
        "recordedByID",
        "identifiedBy",
        "identifiedByID",
        "associatedMedia",
        "associatedSequences",
        "associatedTaxa",
        "associatedOccurrences",
        "associatedOrganisms",
        "associatedReferences",
        "otherCatalogNumbers",
        "preparations",
        "typeStatus",
        "higherClassification",
        "georeferencedBy",
        "georeferenceSources",
        "previousIdentifications",
        "dynamicProperties",
    )
)


def meta_xml(files: list[ArchiveFile], *, metadata: str = "eml.xml") -> bytes:
    """The descriptor of ``files`` (core first): UTF-8, tab, ``\\n``, no quotes, one header
    line, column 0 the id / core id, then the terms in order."""
    root = etree.Element(f"{{{DWC_TEXT}}}archive", nsmap={None: DWC_TEXT, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA)
    root.set("metadata", metadata)
    for file in sorted(files, key=lambda f: not f.core):
        el = etree.SubElement(
            root,
            "core" if file.core else "extension",
            {
                "encoding": "UTF-8",
                "fieldsTerminatedBy": "\\t",
                "linesTerminatedBy": "\\n",
                "fieldsEnclosedBy": "",
                "ignoreHeaderLines": "1",
                "rowType": file.row_type,
            },
        )
        files_el = etree.SubElement(el, "files")
        etree.SubElement(files_el, "location").text = file.filename
        etree.SubElement(el, "id" if file.core else "coreid", index="0")
        for index, term in enumerate(file.terms, start=1):
            field = etree.SubElement(el, "field", index=str(index), term=term)
            delimiter = file.delimiters.get(term)
            if delimiter and term in MULTI_VALUE_TERMS:
                field.set("delimitedBy", delimiter)
    return cast(
        bytes, etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    )


def header_line(file: ArchiveFile) -> str:
    """The header row: ``id`` (or ``coreid``... the IPT writes ``id`` for both) and the
    terms' simple names."""
    return "\t".join(["id"] + [_simple_name(t) for t in file.terms])


def _simple_name(term: str) -> str:
    for sep in ("#", "/", ":"):
        if sep in term:
            term = term.rsplit(sep, 1)[1]
    return term
