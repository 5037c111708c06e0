"""The GBIF ``additionalMetadata`` element in the profile 1.3 order."""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from ..model import Citation, CuratorialUnit, Document, PhysicalData
from .xml import filled, opt, sub

DC_REPLACES = "{http://purl.org/dc/terms/}replaces"


def _citation(parent: etree._Element, citation: Citation) -> None:
    sub(parent, "citation", citation.text, identifier=citation.identifier)


def _physical(gbif: etree._Element, phys: PhysicalData) -> None:
    el = sub(gbif, "physical")
    sub(el, "objectName", phys.name)
    opt(el, "characterEncoding", phys.charset)
    fmt = sub(sub(el, "dataFormat"), "externallyDefinedFormat")
    sub(fmt, "formatName", phys.format_name)
    opt(fmt, "formatVersion", phys.format_version)
    sub(sub(sub(el, "distribution"), "online"), "url", phys.url, function="download")


def _curatorial_unit(gbif: etree._Element, unit: CuratorialUnit) -> None:
    """A range when either end is given, else a count with its uncertainty (XSD choice)."""
    el = sub(gbif, "jgtiCuratorialUnit")
    sub(el, "jgtiUnitType", unit.unit_type)
    if unit.start.strip() or unit.end.strip():
        rng = sub(el, "jgtiUnitRange")
        sub(rng, "beginRange", unit.start)
        sub(rng, "endRange", unit.end)
    else:
        units = sub(el, "jgtiUnits", unit.count)
        units.set("uncertaintyMeasure", unit.uncertainty)


def write_gbif(root: etree._Element, doc: Document) -> None:
    """``additionalMetadata/metadata/gbif``; the dateStamp defaults to now."""
    gbif = sub(sub(sub(root, "additionalMetadata"), "metadata"), "gbif")
    sub(gbif, "dateStamp", doc.date_stamp or datetime.now(UTC).isoformat(timespec="seconds"))
    opt(gbif, "hierarchyLevel", doc.hierarchy_level)
    if doc.citation.text.strip():
        _citation(gbif, doc.citation)
    if doc.bibliography:
        bib = sub(gbif, "bibliography")
        for citation in doc.bibliography:
            _citation(bib, citation)
    for phys in doc.physical_data:
        _physical(gbif, phys)
    opt(gbif, "resourceLogoUrl", doc.resource_logo_url)
    for coll in doc.collections:
        el = sub(gbif, "collection")
        opt(el, "parentCollectionIdentifier", coll.parent_identifier)
        opt(el, "collectionIdentifier", coll.identifier)
        sub(el, "collectionName", coll.name)
    for tc in doc.temporal_coverages:
        if tc.kind == "formation":
            sub(gbif, "formationPeriod", tc.period)
    for method in filled(doc.specimen_preservation_methods):
        sub(gbif, "specimenPreservationMethod", method)
    for tc in doc.temporal_coverages:
        if tc.kind == "living":
            sub(gbif, "livingTimePeriod", tc.period)
    for unit in doc.curatorial_units:
        _curatorial_unit(gbif, unit)
    opt(gbif, DC_REPLACES, doc.replaces)
