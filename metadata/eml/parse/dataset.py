"""The ``<dataset>`` part of an EML document."""

from __future__ import annotations

from lxml import etree

from ..model import (
    Agent,
    BoundingBox,
    Document,
    GeographicCoverage,
    KeywordSet,
    Licence,
    Maintenance,
    Taxon,
    TaxonomicCoverage,
    TemporalCoverage,
    Title,
    UserId,
)
from ..vocab import subtype_from_keyword, type_from_keyword
from .project import read_methods, read_project
from .text import XML_LANG, joined, localised_paras, paras, text, texts


def read_agent(el: etree._Element) -> Agent:
    """One agent (creator, contact, personnel...)."""
    return Agent(
        salutation=text(el.find("individualName/salutation")),
        given_name=text(el.find("individualName/givenName")),
        sur_name=text(el.find("individualName/surName")),
        organization=text(el.find("organizationName")),
        position=text(el.find("positionName")),
        delivery_points=texts(el, "address/deliveryPoint"),
        city=text(el.find("address/city")),
        administrative_area=text(el.find("address/administrativeArea")),
        postal_code=text(el.find("address/postalCode")),
        country=text(el.find("address/country")),
        phones=texts(el, "phone"),
        emails=texts(el, "electronicMailAddress"),
        online_urls=texts(el, "onlineUrl"),
        user_ids=[UserId(u.get("directory", ""), text(u)) for u in el.findall("userId")],
        role=text(el.find("role")),
    )


def read_dataset(ds: etree._Element, doc: Document) -> None:
    """Fill ``doc`` from the ``<dataset>`` element."""
    doc.alternate_identifiers = texts(ds, "alternateIdentifier")
    doc.short_name = text(ds.find("shortName"))
    doc.titles = [Title(text(t), t.get(XML_LANG, "")) for t in ds.findall("title") if text(t)]
    doc.creators = [read_agent(a) for a in ds.findall("creator")]
    doc.metadata_providers = [read_agent(a) for a in ds.findall("metadataProvider")]
    doc.associated_parties = [read_agent(a) for a in ds.findall("associatedParty")]
    doc.contacts = [read_agent(a) for a in ds.findall("contact")]
    doc.pub_date = text(ds.find("pubDate"))
    doc.language = text(ds.find("language"))
    doc.abstract, doc.abstract_translations = localised_paras(ds.find("abstract"))
    _read_keywords(ds, doc)
    doc.additional_info = joined(ds.find("additionalInfo"))
    ulink = ds.find("intellectualRights//ulink")
    if ulink is not None:
        doc.licence = Licence(text(ulink.find("citetitle")) or text(ulink), ulink.get("url", ""))
    doc.distribution_url = text(ds.find("distribution/online/url"))
    _read_coverage(ds.find("coverage"), doc)
    for name in ("purpose", "introduction", "acknowledgements"):
        setattr(doc, name, paras(ds.find(name)))
    doc.getting_started = paras(ds.find("gettingStarted"))
    doc.maintenance = Maintenance(
        paras(ds.find("maintenance/description")),
        text(ds.find("maintenance/maintenanceUpdateFrequency")),
    )
    doc.methods = read_methods(ds.find("methods"))
    doc.project = read_project(ds.find("project"), read_agent)


def _read_keywords(ds: etree._Element, doc: Document) -> None:
    """Keyword sets; the GBIF dataset type and subtype sets are lifted into their fields."""
    for el in ds.findall("keywordSet"):
        kws = KeywordSet(texts(el, "keyword"), text(el.find("keywordThesaurus")))
        dataset_type = type_from_keyword(kws.thesaurus, kws.keywords)
        subtype = subtype_from_keyword(kws.thesaurus, kws.keywords)
        if dataset_type:
            doc.dataset_type = doc.dataset_type or dataset_type
        elif subtype:
            doc.dataset_subtype = doc.dataset_subtype or subtype
        else:
            doc.keyword_sets.append(kws)


def _bbox(geo: etree._Element) -> BoundingBox:
    box = geo.find("boundingCoordinates")
    sides = ("west", "east", "north", "south")
    if box is None:
        return BoundingBox()
    return BoundingBox(*(text(box.find(f"{side}BoundingCoordinate")) for side in sides))


def _temporal(tc: etree._Element) -> TemporalCoverage | None:
    single = tc.find("singleDateTime/calendarDate")
    if single is not None:
        return TemporalCoverage("single", start=text(single))
    if tc.find("rangeOfDates") is not None:
        return TemporalCoverage(
            "range",
            start=text(tc.find("rangeOfDates/beginDate/calendarDate")),
            end=text(tc.find("rangeOfDates/endDate/calendarDate")),
        )
    return None


def _taxonomic(tax: etree._Element) -> TaxonomicCoverage:
    taxa = [
        Taxon(
            text(t.find("taxonRankValue")),
            text(t.find("taxonRankName")),
            text(t.find("commonName")),
        )
        for t in tax.findall("taxonomicClassification")
    ]
    return TaxonomicCoverage(text(tax.find("generalTaxonomicCoverage")), taxa)


def _read_coverage(cov: etree._Element | None, doc: Document) -> None:
    if cov is None:
        return
    doc.geographic_coverages = [
        GeographicCoverage(text(geo.find("geographicDescription")), _bbox(geo))
        for geo in cov.findall("geographicCoverage")
    ]
    temporals = (_temporal(tc) for tc in cov.findall("temporalCoverage"))
    doc.temporal_coverages = [tc for tc in temporals if tc is not None]
    doc.taxonomic_coverages = [_taxonomic(tax) for tax in cov.findall("taxonomicCoverage")]
