"""Read GBIF-profile EML (1.1 / 1.2 = EML 2.1.1, 1.3 = EML 2.2.0) into a :class:`Document`.

Parsing is hardened: no DTDs, no entities, no network, and a size limit, because EML is
uploaded by users.
"""

from __future__ import annotations

import re

from lxml import etree

from .model import (
    Agent,
    BoundingBox,
    Citation,
    Collection,
    Document,
    GeographicCoverage,
    KeywordSet,
    Licence,
    Maintenance,
    Methods,
    PhysicalData,
    Project,
    Taxon,
    TaxonomicCoverage,
    TemporalCoverage,
    Title,
    UserId,
)

MAX_BYTES = 20 * 1024 * 1024
EML_NAMESPACES = (
    "eml://ecoinformatics.org/eml-2.1.1",
    "eml://ecoinformatics.org/eml-2.1.0",
    "https://eml.ecoinformatics.org/eml-2.2.0",
)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


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


def parse_eml(data: bytes, *, source: str = "eml.xml") -> Document:
    """Parse EML bytes into a Document; raises :class:`EmlError` for unsafe or non-EML input."""
    root = _safe_root(data, source)
    doc = Document(package_id=root.get("packageId", ""), metadata_language=root.get(XML_LANG, ""))
    dataset = root.find("dataset")
    if dataset is None:
        raise EmlError(
            f"{source}: the EML document has no <dataset> element.", code="eml:no-dataset"
        )
    _read_dataset(dataset, doc)
    gbif = root.find("additionalMetadata/metadata/gbif")
    if gbif is not None:
        _read_gbif(gbif, doc)
    return doc


def _safe_root(data: bytes, source: str) -> etree._Element:
    if len(data) > MAX_BYTES:
        raise EmlError(
            f"{source} is larger than 20 MB; EML documents must be smaller.", code="eml:too-large"
        )
    if _DECLARATION.search(data):
        raise EmlError(
            f"{source} contains a DOCTYPE or ENTITY declaration, which is not allowed.",
            code="eml:doctype",
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
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


def _text(el: etree._Element | None) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def _texts(parent: etree._Element, path: str) -> list[str]:
    return [t for t in (_text(el) for el in parent.findall(path)) if t]


def _paras(el: etree._Element | None) -> list[str]:
    """Paragraph texts of a TextType / description element (bare text counts as one)."""
    if el is None:
        return []
    paras = _texts(el, ".//para")
    return paras or ([_text(el)] if _text(el) else [])


def _joined(el: etree._Element | None) -> list[str]:
    """Paragraphs of an element the profile limits to one <para>, as one paragraph."""
    paras = _paras(el)
    return ["\n\n".join(paras)] if paras else []


def _agent(el: etree._Element) -> Agent:
    return Agent(
        given_name=_text(el.find("individualName/givenName")),
        sur_name=_text(el.find("individualName/surName")),
        organization=_text(el.find("organizationName")),
        position=_text(el.find("positionName")),
        delivery_points=_texts(el, "address/deliveryPoint"),
        city=_text(el.find("address/city")),
        administrative_area=_text(el.find("address/administrativeArea")),
        postal_code=_text(el.find("address/postalCode")),
        country=_text(el.find("address/country")),
        phones=_texts(el, "phone"),
        emails=_texts(el, "electronicMailAddress"),
        online_urls=_texts(el, "onlineUrl"),
        user_ids=[UserId(u.get("directory", ""), _text(u)) for u in el.findall("userId")],
        role=_text(el.find("role")),
    )


def _read_dataset(ds: etree._Element, doc: Document) -> None:
    doc.alternate_identifiers = _texts(ds, "alternateIdentifier")
    doc.short_name = _text(ds.find("shortName"))
    doc.titles = [Title(_text(t), t.get(XML_LANG, "")) for t in ds.findall("title") if _text(t)]
    doc.creators = [_agent(a) for a in ds.findall("creator")]
    doc.metadata_providers = [_agent(a) for a in ds.findall("metadataProvider")]
    doc.associated_parties = [_agent(a) for a in ds.findall("associatedParty")]
    doc.contacts = [_agent(a) for a in ds.findall("contact")]
    doc.pub_date = _text(ds.find("pubDate"))
    doc.language = _text(ds.find("language"))
    doc.abstract = _paras(ds.find("abstract"))
    doc.keyword_sets = [
        KeywordSet(_texts(k, "keyword"), _text(k.find("keywordThesaurus")))
        for k in ds.findall("keywordSet")
    ]
    doc.additional_info = _joined(ds.find("additionalInfo"))
    ulink = ds.find("intellectualRights//ulink")
    if ulink is not None:
        doc.licence = Licence(_text(ulink.find("citetitle")) or _text(ulink), ulink.get("url", ""))
    doc.distribution_url = _text(ds.find("distribution/online/url"))
    _read_coverage(ds.find("coverage"), doc)
    for name in ("purpose", "introduction", "acknowledgements"):
        setattr(doc, name, _paras(ds.find(name)))
    doc.getting_started = _paras(ds.find("gettingStarted"))
    doc.maintenance = Maintenance(
        _paras(ds.find("maintenance/description")),
        _text(ds.find("maintenance/maintenanceUpdateFrequency")),
    )
    doc.methods = _methods(ds.find("methods"))
    doc.project = _project(ds.find("project"))


def _read_coverage(cov: etree._Element | None, doc: Document) -> None:
    if cov is None:
        return
    for geo in cov.findall("geographicCoverage"):
        box = geo.find("boundingCoordinates")
        doc.geographic_coverages.append(
            GeographicCoverage(
                _text(geo.find("geographicDescription")),
                BoundingBox(
                    *(
                        _text(box.find(f"{side}BoundingCoordinate")) if box is not None else ""
                        for side in ("west", "east", "north", "south")
                    )
                ),
            )
        )
    for tc in cov.findall("temporalCoverage"):
        single = tc.find("singleDateTime/calendarDate")
        if single is not None:
            doc.temporal_coverages.append(TemporalCoverage("single", start=_text(single)))
        elif tc.find("rangeOfDates") is not None:
            doc.temporal_coverages.append(
                TemporalCoverage(
                    "range",
                    start=_text(tc.find("rangeOfDates/beginDate/calendarDate")),
                    end=_text(tc.find("rangeOfDates/endDate/calendarDate")),
                )
            )
    for tax in cov.findall("taxonomicCoverage"):
        taxa = [
            Taxon(
                _text(t.find("taxonRankValue")),
                _text(t.find("taxonRankName")),
                _text(t.find("commonName")),
            )
            for t in tax.findall("taxonomicClassification")
        ]
        doc.taxonomic_coverages.append(
            TaxonomicCoverage(_text(tax.find("generalTaxonomicCoverage")), taxa)
        )


def _methods(el: etree._Element | None) -> Methods:
    if el is None:
        return Methods()
    steps = [p for step in el.findall("methodStep") for p in _paras(step.find("description"))]
    return Methods(
        steps=steps,
        study_extent=[
            p for s in el.findall("sampling/studyExtent") for p in _paras(s.find("description"))
        ],
        sampling_description=_joined(el.find("sampling/samplingDescription")),
        quality_control=[
            p for q in el.findall("qualityControl") for p in _paras(q.find("description"))
        ],
    )


def _project(el: etree._Element | None) -> Project:
    if el is None:
        return Project()
    return Project(
        title=_text(el.find("title")),
        identifier=el.get("id", ""),
        personnel=[_agent(p) for p in el.findall("personnel")],
        description=_paras(el.find("abstract")),
        funding=_joined(el.find("funding")),
        study_area=_text(el.find("studyAreaDescription/descriptor/descriptorValue")),
        design=_paras(el.find("designDescription/description")),
    )


def _citation(el: etree._Element | None) -> Citation:
    return Citation(_text(el), el.get("identifier", "")) if el is not None else Citation()


def _read_gbif(gbif: etree._Element, doc: Document) -> None:
    doc.date_stamp = _text(gbif.find("dateStamp"))
    doc.hierarchy_level = _text(gbif.find("hierarchyLevel"))
    doc.citation = _citation(gbif.find("citation"))
    doc.bibliography = [_citation(c) for c in gbif.findall("bibliography/citation") if _text(c)]
    doc.physical_data = [
        PhysicalData(
            name=_text(p.find("objectName")),
            charset=_text(p.find("characterEncoding")),
            format_name=_text(p.find("dataFormat/externallyDefinedFormat/formatName")),
            format_version=_text(p.find("dataFormat/externallyDefinedFormat/formatVersion")),
            url=_text(p.find("distribution/online/url")),
        )
        for p in gbif.findall("physical")
    ]
    doc.resource_logo_url = _text(gbif.find("resourceLogoUrl"))
    doc.collections = [
        Collection(
            _text(c.find("collectionName")),
            _text(c.find("collectionIdentifier")),
            _text(c.find("parentCollectionIdentifier")),
        )
        for c in gbif.findall("collection")
    ]
    doc.temporal_coverages += [
        TemporalCoverage("formation", period=p) for p in _texts(gbif, "formationPeriod")
    ]
    doc.temporal_coverages += [
        TemporalCoverage("living", period=p) for p in _texts(gbif, "livingTimePeriod")
    ]
    doc.specimen_preservation_methods = _texts(gbif, "specimenPreservationMethod")
