"""Write a :class:`Document` as EML 2.2.0 in the GBIF metadata profile 1.3 shape.

Elements are emitted in the order the profile XSD demands; empty values are left out, so a
document that passes :func:`metadata.eml.validate.validate` is also XSD-valid.
"""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from .model import Agent, Citation, Document, Methods, Project, TemporalCoverage

EML_NS = "https://eml.ecoinformatics.org/eml-2.2.0"
SCHEMA_LOCATION = f"{EML_NS} https://rs.gbif.org/schema/eml-gbif-profile/1.3/eml.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
JOIN = "\n\n"  # profile allows a single <para> in these elements
NSMAP = {"eml": EML_NS, "dc": "http://purl.org/dc/terms/", "xsi": XSI}


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
    _dataset(etree.SubElement(root, "dataset"), doc)
    _gbif(root, doc)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sub(parent: etree._Element, tag: str, text: str = "", **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v})
    if text:
        el.text = text
    return el


def _opt(parent: etree._Element, tag: str, text: str) -> None:
    if text:
        _sub(parent, tag, text)


def _paras(parent: etree._Element, tag: str, paras: list[str]) -> None:
    """A TextType element with one <para> per paragraph (left out when empty)."""
    if paras:
        el = _sub(parent, tag)
        for para in paras:
            _sub(el, "para", para)


def _description(parent: etree._Element, tag: str, paras: list[str]) -> etree._Element:
    wrapper = _sub(parent, tag)
    _paras(wrapper, "description", paras or [""])
    return wrapper


def _agent(parent: etree._Element, tag: str, agent: Agent, *, with_role: bool = False) -> None:
    el = _sub(parent, tag)
    if agent.sur_name:
        name = _sub(el, "individualName")
        _opt(name, "givenName", agent.given_name)
        _sub(name, "surName", agent.sur_name)
    _opt(el, "organizationName", agent.organization)
    _opt(el, "positionName", agent.position)
    address = [agent.city, agent.administrative_area, agent.postal_code, agent.country]
    if agent.delivery_points or any(address):
        addr = _sub(el, "address")
        for point in agent.delivery_points:
            _sub(addr, "deliveryPoint", point)
        for tag_name, value in zip(
            ("city", "administrativeArea", "postalCode", "country"), address, strict=True
        ):
            _opt(addr, tag_name, value)
    for tag_name, values in (
        ("phone", agent.phones),
        ("electronicMailAddress", agent.emails),
        ("onlineUrl", agent.online_urls),
    ):
        for value in values:
            _sub(el, tag_name, value)
    for uid in agent.user_ids:
        _sub(el, "userId", uid.identifier, directory=uid.directory)
    if with_role:
        _sub(el, "role", agent.role)


def _dataset(ds: etree._Element, doc: Document) -> None:
    for identifier in doc.alternate_identifiers:
        _sub(ds, "alternateIdentifier", identifier)
    _opt(ds, "shortName", doc.short_name)
    for title in doc.titles:
        el = _sub(ds, "title", title.text)
        if title.lang:
            el.set(XML_LANG, title.lang)
    for tag, agents in (("creator", doc.creators), ("metadataProvider", doc.metadata_providers)):
        for agent in agents:
            _agent(ds, tag, agent)
    for agent in doc.associated_parties:
        _agent(ds, "associatedParty", agent, with_role=True)
    _sub(ds, "pubDate", doc.pub_date)
    _opt(ds, "language", doc.language)
    _paras(ds, "abstract", doc.abstract or [""])
    for kws in doc.keyword_sets:
        kw_set = _sub(ds, "keywordSet")
        for keyword in kws.keywords:
            _sub(kw_set, "keyword", keyword)
        _sub(kw_set, "keywordThesaurus", kws.thesaurus)
    if doc.additional_info:
        _sub(_sub(ds, "additionalInfo"), "para", JOIN.join(doc.additional_info))
    _rights(ds, doc)
    if doc.distribution_url:
        online = _sub(_sub(ds, "distribution", scope="document"), "online")
        _sub(online, "url", doc.distribution_url, function="information")
    _coverage(ds, doc)
    for tag, paras in (
        ("purpose", doc.purpose),
        ("introduction", doc.introduction),
        ("gettingStarted", doc.getting_started),
        ("acknowledgements", doc.acknowledgements),
    ):
        _paras(ds, tag, paras)
    if doc.maintenance.description or doc.maintenance.update_frequency:
        maint = _sub(ds, "maintenance")
        _paras(maint, "description", doc.maintenance.description or [""])
        _sub(maint, "maintenanceUpdateFrequency", doc.maintenance.update_frequency or "unknown")
    for agent in doc.contacts:
        _agent(ds, "contact", agent)
    _methods(ds, doc.methods)
    _project(ds, doc.project)


def _rights(ds: etree._Element, doc: Document) -> None:
    """Licence as ``para/ulink/@url`` + ``citetitle``: the form GBIF's registry reads."""
    if not (doc.licence.name or doc.licence.url):
        return
    para = _sub(_sub(ds, "intellectualRights"), "para", "This work is licensed under a ")
    ulink = _sub(para, "ulink", url=doc.licence.url or doc.licence.name)
    _sub(ulink, "citetitle", doc.licence.name or doc.licence.url)
    ulink.tail = "."


def _date(parent: etree._Element, tag: str, value: str) -> None:
    _sub(_sub(parent, tag), "calendarDate", value)


def _temporal(cov: etree._Element, tc: TemporalCoverage) -> None:
    el = _sub(cov, "temporalCoverage")
    if tc.kind == "range":
        rng = _sub(el, "rangeOfDates")
        _date(rng, "beginDate", tc.start)
        _date(rng, "endDate", tc.end)
    else:
        _date(el, "singleDateTime", tc.start)


def _coverage(ds: etree._Element, doc: Document) -> None:
    temporals = [t for t in doc.temporal_coverages if t.kind in ("single", "range")]
    if not (doc.geographic_coverages or temporals or doc.taxonomic_coverages):
        return
    cov = _sub(ds, "coverage")
    for geo in doc.geographic_coverages:
        el = _sub(cov, "geographicCoverage")
        _sub(el, "geographicDescription", geo.description)
        box = _sub(el, "boundingCoordinates")
        for side in ("west", "east", "north", "south"):
            _sub(box, f"{side}BoundingCoordinate", getattr(geo.bbox, side))
    for tc in temporals:
        _temporal(cov, tc)
    for tax in doc.taxonomic_coverages:
        el = _sub(cov, "taxonomicCoverage")
        _opt(el, "generalTaxonomicCoverage", tax.description)
        for taxon in tax.taxa:
            cls = _sub(el, "taxonomicClassification")
            _opt(cls, "taxonRankName", taxon.rank)
            _sub(cls, "taxonRankValue", taxon.scientific_name)
            _opt(cls, "commonName", taxon.common_name)


def _methods(ds: etree._Element, methods: Methods) -> None:
    if methods.is_empty():
        return
    el = _sub(ds, "methods")
    for step in methods.steps or [""]:
        _description(el, "methodStep", [step])
    if methods.study_extent or methods.sampling_description:
        sampling = _sub(el, "sampling")
        _description(sampling, "studyExtent", methods.study_extent)
        _paras(sampling, "samplingDescription", [JOIN.join(methods.sampling_description)])
    for qc in methods.quality_control:
        _description(el, "qualityControl", [qc])


def _project(ds: etree._Element, project: Project) -> None:
    if project.is_empty():
        return
    el = _sub(ds, "project", id=project.identifier)
    _sub(el, "title", project.title)
    for person in project.personnel:
        _agent(el, "personnel", person, with_role=True)
    _paras(el, "abstract", project.description)
    if project.funding:
        _sub(_sub(el, "funding"), "para", JOIN.join(project.funding))
    if project.study_area:
        area = _sub(el, "studyAreaDescription")
        desc = _sub(area, "descriptor", name="generic", citableClassificationSystem="false")
        _sub(desc, "descriptorValue", project.study_area)
    if project.design:
        _description(el, "designDescription", project.design)


def _citation(parent: etree._Element, citation: Citation) -> None:
    _sub(parent, "citation", citation.text, identifier=citation.identifier)


def _gbif(root: etree._Element, doc: Document) -> None:
    gbif = _sub(_sub(_sub(root, "additionalMetadata"), "metadata"), "gbif")
    _sub(gbif, "dateStamp", doc.date_stamp or datetime.now(UTC).isoformat(timespec="seconds"))
    _opt(gbif, "hierarchyLevel", doc.hierarchy_level)
    if doc.citation.text:
        _citation(gbif, doc.citation)
    if doc.bibliography:
        bib = _sub(gbif, "bibliography")
        for citation in doc.bibliography:
            _citation(bib, citation)
    for phys in doc.physical_data:
        el = _sub(gbif, "physical")
        _sub(el, "objectName", phys.name)
        _opt(el, "characterEncoding", phys.charset)
        fmt = _sub(
            _sub(_sub(el, "dataFormat"), "externallyDefinedFormat"), "formatName", phys.format_name
        )
        _opt(fmt.getparent(), "formatVersion", phys.format_version)
        _sub(_sub(_sub(el, "distribution"), "online"), "url", phys.url, function="download")
    _opt(gbif, "resourceLogoUrl", doc.resource_logo_url)
    for coll in doc.collections:
        el = _sub(gbif, "collection")
        _sub(el, "parentCollectionIdentifier", coll.parent_identifier or "NA")
        _sub(el, "collectionIdentifier", coll.identifier or "NA")
        _sub(el, "collectionName", coll.name)
    for kind, tag in (("formation", "formationPeriod"),):
        for tc in doc.temporal_coverages:
            if tc.kind == kind:
                _sub(gbif, tag, tc.period)
    for method in doc.specimen_preservation_methods:
        _sub(gbif, "specimenPreservationMethod", method)
    for tc in doc.temporal_coverages:
        if tc.kind == "living":
            _sub(gbif, "livingTimePeriod", tc.period)
