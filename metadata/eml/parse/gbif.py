"""The GBIF ``additionalMetadata/metadata/gbif`` part of an EML document."""

from __future__ import annotations

from lxml import etree

from ..model import Citation, Collection, CuratorialUnit, Document, PhysicalData, TemporalCoverage
from .text import text, texts

DC_REPLACES = "{http://purl.org/dc/terms/}replaces"


def _citation(el: etree._Element | None) -> Citation:
    return Citation(text(el), el.get("identifier", "")) if el is not None else Citation()


def _physical(el: etree._Element) -> PhysicalData:
    fmt = "dataFormat/externallyDefinedFormat/"
    return PhysicalData(
        name=text(el.find("objectName")),
        charset=text(el.find("characterEncoding")),
        format_name=text(el.find(fmt + "formatName")),
        format_version=text(el.find(fmt + "formatVersion")),
        url=text(el.find("distribution/online/url")),
    )


def _curatorial_unit(el: etree._Element) -> CuratorialUnit:
    units = el.find("jgtiUnits")
    return CuratorialUnit(
        unit_type=text(el.find("jgtiUnitType")),
        start=text(el.find("jgtiUnitRange/beginRange")),
        end=text(el.find("jgtiUnitRange/endRange")),
        count=text(units),
        uncertainty=units.get("uncertaintyMeasure", "").strip() if units is not None else "",
    )


def read_gbif(gbif: etree._Element, doc: Document) -> None:
    """Fill ``doc`` from the GBIF additional metadata element."""
    doc.date_stamp = text(gbif.find("dateStamp"))
    doc.hierarchy_level = text(gbif.find("hierarchyLevel"))
    doc.citation = _citation(gbif.find("citation"))
    doc.bibliography = [_citation(c) for c in gbif.findall("bibliography/citation") if text(c)]
    doc.physical_data = [_physical(p) for p in gbif.findall("physical")]
    doc.resource_logo_url = text(gbif.find("resourceLogoUrl"))
    doc.collections = [
        Collection(
            text(c.find("collectionName")),
            text(c.find("collectionIdentifier")),
            text(c.find("parentCollectionIdentifier")),
        )
        for c in gbif.findall("collection")
    ]
    doc.temporal_coverages += [
        TemporalCoverage("formation", period=p) for p in texts(gbif, "formationPeriod")
    ]
    doc.temporal_coverages += [
        TemporalCoverage("living", period=p) for p in texts(gbif, "livingTimePeriod")
    ]
    doc.specimen_preservation_methods = texts(gbif, "specimenPreservationMethod")
    doc.curatorial_units = [_curatorial_unit(u) for u in gbif.findall("jgtiCuratorialUnit")]
    doc.replaces = text(gbif.find(DC_REPLACES))
