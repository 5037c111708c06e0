"""The ``<dataset>`` element in the order the profile 1.3 XSD demands."""

from __future__ import annotations

from lxml import etree

from ..model import Document, KeywordSet, TemporalCoverage
from ..vocab import (
    THESAURUS_DATASET_SUBTYPE,
    THESAURUS_DATASET_TYPE,
    subtype_from_keyword,
    subtype_keyword,
    type_from_keyword,
    type_keyword,
)
from .agents import write_agent
from .project import write_methods, write_project
from .xml import XML_LANG, filled, opt, paras, single_para, sub

# The IPT's wording: CC0 is a waiver, not a licence.
CC0_URL = "creativecommons.org/publicdomain/zero/"
CC0_HEAD = (
    "To the extent possible under law, the publisher has waived all rights to these data and "
    "has dedicated them to the "
)
CC0_TAIL = (
    ". Users may copy, modify, distribute and use the work, including for commercial purposes, "
    "without restriction."
)
LICENSED_HEAD = "This work is licensed under a "


def write_dataset(ds: etree._Element, doc: Document) -> None:
    """Fill the ``<dataset>`` element from ``doc``."""
    for identifier in filled(doc.alternate_identifiers):
        sub(ds, "alternateIdentifier", identifier)
    opt(ds, "shortName", doc.short_name)
    _titles(ds, doc)
    for tag, agents in (("creator", doc.creators), ("metadataProvider", doc.metadata_providers)):
        for agent in agents:
            write_agent(ds, tag, agent)
    for agent in doc.associated_parties:
        write_agent(ds, "associatedParty", agent, with_role=True)
    sub(ds, "pubDate", doc.pub_date)
    opt(ds, "language", doc.language)
    _abstract(ds, doc)
    _keywords(ds, doc)
    single_para(ds, "additionalInfo", doc.additional_info)
    _rights(ds, doc)
    if doc.distribution_url.strip():
        online = sub(sub(ds, "distribution", scope="document"), "online")
        sub(online, "url", doc.distribution_url, function="information")
    _coverage(ds, doc)
    paras(ds, "purpose", doc.purpose)
    paras(ds, "introduction", doc.introduction)
    paras(ds, "gettingStarted", doc.getting_started)
    paras(ds, "acknowledgements", doc.acknowledgements)
    _maintenance(ds, doc)
    for agent in doc.contacts:
        write_agent(ds, "contact", agent)
    write_methods(ds, doc.methods)
    write_project(ds, doc.project)


def _titles(ds: etree._Element, doc: Document) -> None:
    """Titles, the metadata language's first (title is an i18nString: xml:lang allowed)."""
    ordered = sorted(doc.titles, key=lambda t: not doc.is_default_language(t.lang))
    for title in ordered:
        el = sub(ds, "title", title.text)
        if title.lang:
            el.set(XML_LANG, title.lang)


def _abstract(ds: etree._Element, doc: Document) -> None:
    """The abstract's paragraphs, then each translation as a ``<section xml:lang>``.

    TextType allows xml:lang on section and para; a section keeps a translation's paragraphs
    together, and readers that take ``abstract/para`` (as GBIF's do) see the default language.
    """
    el = sub(ds, "abstract")
    for para in filled(doc.abstract) or [""]:
        sub(el, "para", para)
    for translation in doc.abstract_translations:
        section = sub(el, "section")
        section.set(XML_LANG, translation.lang)
        for para in filled(translation.paras):
            sub(section, "para", para)


def _keyword_set(ds: etree._Element, keywords: list[str], thesaurus: str) -> None:
    el = sub(ds, "keywordSet")
    for keyword in keywords:
        sub(el, "keyword", keyword)
    sub(el, "keywordThesaurus", thesaurus if thesaurus.strip() else "N/A")


def _is_type_set(kws: KeywordSet) -> bool:
    """Sets the parser lifts into dataset_type/subtype: those fields supersede them."""
    keywords = filled(kws.keywords)
    return bool(
        type_from_keyword(kws.thesaurus, keywords) or subtype_from_keyword(kws.thesaurus, keywords)
    )


def _keywords(ds: etree._Element, doc: Document) -> None:
    """Keyword sets in their order, then the dataset type and subtype sets; a set without
    thesaurus gets "N/A", as the IPT writes."""
    sets = [k for k in doc.keyword_sets if filled(k.keywords) and not _is_type_set(k)]
    for kws in sets:
        _keyword_set(ds, filled(kws.keywords), kws.thesaurus)
    if doc.dataset_type.strip():
        _keyword_set(ds, [type_keyword(doc.dataset_type)], THESAURUS_DATASET_TYPE)
    if doc.dataset_subtype.strip():
        _keyword_set(ds, [subtype_keyword(doc.dataset_subtype)], THESAURUS_DATASET_SUBTYPE)


def _rights(ds: etree._Element, doc: Document) -> None:
    """Licence as ``para/ulink/@url`` + ``citetitle``: the form GBIF's registry reads, in the
    IPT's sentence (CC0 "dedicated to the public domain", others "licensed under")."""
    name, url = doc.licence.name.strip(), doc.licence.url.strip()
    if not (name or url):
        return
    waiver = CC0_URL in url
    para = sub(sub(ds, "intellectualRights"), "para", CC0_HEAD if waiver else LICENSED_HEAD)
    ulink = sub(para, "ulink", url=url or name)
    sub(ulink, "citetitle", name or url)
    ulink.tail = CC0_TAIL if waiver else "."


def _date(parent: etree._Element, tag: str, value: str) -> None:
    sub(sub(parent, tag), "calendarDate", value)


def _temporal(cov: etree._Element, tc: TemporalCoverage) -> None:
    el = sub(cov, "temporalCoverage")
    if tc.kind == "range":
        rng = sub(el, "rangeOfDates")
        _date(rng, "beginDate", tc.start)
        _date(rng, "endDate", tc.end)
    else:
        _date(el, "singleDateTime", tc.start)


def _coverage(ds: etree._Element, doc: Document) -> None:
    temporals = [t for t in doc.temporal_coverages if t.kind not in ("formation", "living")]
    if not (doc.geographic_coverages or temporals or doc.taxonomic_coverages):
        return
    cov = sub(ds, "coverage")
    for geo in doc.geographic_coverages:
        el = sub(cov, "geographicCoverage")
        sub(el, "geographicDescription", geo.description)
        box = sub(el, "boundingCoordinates")
        for side in ("west", "east", "north", "south"):
            sub(box, f"{side}BoundingCoordinate", getattr(geo.bbox, side))
    for tc in temporals:
        _temporal(cov, tc)
    for tax in doc.taxonomic_coverages:
        el = sub(cov, "taxonomicCoverage")
        opt(el, "generalTaxonomicCoverage", tax.description)
        for taxon in tax.taxa:
            cls = sub(el, "taxonomicClassification")
            opt(cls, "taxonRankName", taxon.rank)
            sub(cls, "taxonRankValue", taxon.scientific_name)
            opt(cls, "commonName", taxon.common_name)


def _maintenance(ds: etree._Element, doc: Document) -> None:
    maintenance = doc.maintenance
    if not (filled(maintenance.description) or maintenance.update_frequency.strip()):
        return
    el = sub(ds, "maintenance")
    desc = sub(el, "description")
    for para in filled(maintenance.description) or [""]:
        sub(desc, "para", para)
    sub(el, "maintenanceUpdateFrequency", maintenance.update_frequency or "unknown")
