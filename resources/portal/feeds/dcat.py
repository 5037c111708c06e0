"""DCAT in Turtle, as the IPT's ``/dcat`` serves it: one catalogue, a ``dcat:Dataset`` and a
``dcat:Distribution`` (the archive) per public resource whose licence is machine-readable.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from .languages import iso639_1

PREFIXES = {
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "http://schema.org/",
    "adms": "http://www.w3.org/ns/adms#",
    "locn": "http://www.w3.org/ns/locn#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
THEME_TAXONOMY = "http://eurovoc.europa.eu/218403"
THEME = "http://eurovoc.europa.eu/5463"  # biodiversity
CATALOG_LICENCE = "https://creativecommons.org/publicdomain/zero/1.0/"
LANGUAGE = "http://id.loc.gov/vocabulary/iso639-1/"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
GEOJSON = MEDIA_TYPES + "application/vnd.geo+json"
ZIP = MEDIA_TYPES + "application/zip"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@dataclass
class Contact:
    name: str
    email: str = ""


@dataclass
class DcatDataset:
    """The latest public version of one resource; its publisher is the resource's publishing
    organisation (none without one: never the installation)."""

    title: str
    description: str
    landing_page: str
    archive_url: str
    licence_url: str
    version: str
    issued: datetime
    modified: datetime
    version_notes: str = ""
    keywords: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    gbif_key: str = ""
    language: str = ""
    has_archive: bool = True
    publisher_key: str = ""  # the publishing organisation's GBIF key
    publisher_name: str = ""


@dataclass
class Catalog:
    title: str
    description: str
    base_url: str
    issued: datetime | None = None
    modified: datetime | None = None
    publisher_key: str = ""  # the hosting organisation's GBIF key
    publisher_name: str = ""


def literal(text: str) -> str:
    """A Turtle string literal; control characters other than tab and line breaks dropped."""
    text = _CONTROL.sub("", text)
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return '"%s"' % escaped


def iri(value: str) -> str:
    """An IRI reference; characters Turtle forbids in IRIs are percent-encoded."""
    return "<%s>" % _IRI_UNSAFE.sub(lambda m: quote(m.group(0), safe=""), value)


def _when(value: datetime) -> str:
    """A valid ``xsd:dateTime`` (seconds are not optional), with its offset."""
    return literal(value.replace(microsecond=0).isoformat()) + "^^xsd:dateTime"


def language_iri(code: str) -> str:
    """The ISO 639-1 IRI of a language code (``eng`` or ``en``); "" when it has none."""
    code = iso639_1(code)
    return iri(LANGUAGE + code) if code else ""


def _statements(subject: str, kind: str, pairs: list[tuple[str, str]]) -> str:
    lines = ["%s a %s" % (subject, kind)] + ["    %s %s" % pair for pair in pairs if pair[1]]
    return " ;\n".join(lines) + " .\n"


def _catalog(catalog: Catalog, landing_pages: list[str]) -> str:
    base = catalog.base_url
    pairs = [
        ("dct:title", literal(catalog.title)),
        ("dct:description", literal(catalog.description)),
        ("foaf:homepage", iri(base)),
        ("dct:issued", _when(catalog.issued) if catalog.issued else ""),
        ("dct:modified", _when(catalog.modified) if catalog.modified else ""),
        ("dcat:themeTaxonomy", iri(THEME_TAXONOMY)),
        ("dct:license", iri(CATALOG_LICENCE)),
        ("dct:language", language_iri("en")),
    ]
    if catalog.publisher_key:
        org = "https://www.gbif.org/publisher/%s#Organization" % catalog.publisher_key
        pairs.append(("dct:publisher", iri(org)))
    if landing_pages:
        pairs.append(("dcat:dataset", ", ".join(iri(p + "#Dataset") for p in landing_pages)))
    return _statements(iri(base + "#Catalog"), "dcat:Catalog", pairs)


def _spatial(bbox: tuple[float, float, float, float] | None) -> str:
    if bbox is None:
        return ""
    west, south, east, north = bbox
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    geometry = json.dumps({"type": "Polygon", "coordinates": [ring]})
    return "[ a dct:Location ; locn:geometry %s^^%s ]" % (literal(geometry), iri(GEOJSON))


def _contact(contact: Contact) -> str:
    parts = ["a vcard:Individual", "vcard:fn " + literal(contact.name)]
    if contact.email:
        parts.append("vcard:hasEmail " + iri("mailto:" + contact.email))
    return "[ " + " ; ".join(parts) + " ]"


def organisation_iri(key: str) -> str:
    """The GBIF publisher page of an organisation, as the IPT names it in DCAT."""
    return "https://www.gbif.org/publisher/%s#Organization" % key


def _organisation(key: str, name: str) -> str:
    pairs = [("foaf:name", literal(name or key))]
    return _statements(iri(organisation_iri(key)), "foaf:Agent", pairs)


def _dataset(dataset: DcatDataset) -> str:
    gbif = "https://www.gbif.org/dataset/%s" % dataset.gbif_key if dataset.gbif_key else ""
    publisher = iri(organisation_iri(dataset.publisher_key)) if dataset.publisher_key else ""
    pairs = [
        ("dct:title", literal(dataset.title)),
        ("dct:description", literal(dataset.description)),
        ("dcat:keyword", ", ".join(literal(k) for k in dataset.keywords)),
        ("dcat:theme", iri(THEME)),
        ("dcat:contactPoint", ", ".join(_contact(c) for c in dataset.contacts if c.name)),
        ("dct:issued", _when(dataset.issued)),
        ("dct:modified", _when(dataset.modified)),
        ("dct:spatial", _spatial(dataset.bbox)),
        ("adms:versionInfo", literal(dataset.version)),
        ("adms:versionNotes", literal(dataset.version_notes) if dataset.version_notes else ""),
        ("dcat:landingPage", iri(dataset.landing_page)),
        ("foaf:homepage", iri(dataset.landing_page)),
        ("dct:identifier", literal(gbif) if gbif else ""),
        ("dct:publisher", publisher),
        ("dcat:distribution", iri(dataset.archive_url) if dataset.has_archive else ""),
        ("dct:language", language_iri(dataset.language)),
    ]
    return _statements(iri(dataset.landing_page + "#Dataset"), "dcat:Dataset", pairs)


def _distribution(dataset: DcatDataset) -> str:
    pairs = [
        ("dct:title", literal(dataset.title)),
        ("dct:description", literal("Darwin Core Archive")),
        ("dct:license", iri(dataset.licence_url)),
        ("dct:format", literal("dwc-a")),
        ("dcat:mediaType", iri(ZIP)),
        ("dcat:downloadURL", iri(dataset.archive_url)),
        ("dcat:accessURL", iri(dataset.archive_url)),
    ]
    return _statements(iri(dataset.archive_url), "dcat:Distribution", pairs)


def _themes() -> str:
    concept = _statements(
        iri(THEME),
        "skos:Concept",
        [
            ("skos:prefLabel", literal("Biodiversity") + "@en"),
            ("skos:inScheme", iri(THEME_TAXONOMY)),
        ],
    )
    scheme = _statements(
        iri(THEME_TAXONOMY),
        "skos:ConceptScheme",
        [
            ("skos:prefLabel", literal("EuroVoc") + "@en"),
            ("dct:title", literal("EuroVoc") + "@en"),
        ],
    )
    return concept + "\n" + scheme


@dataclass
class DcatEntry:
    """A dataset rendered by :func:`dataset_turtle`, with what the catalogue says of it."""

    landing_page: str
    turtle: str
    publisher_key: str = ""
    publisher_name: str = ""


def dcat_listed(dataset: DcatDataset) -> bool:
    """DCAT lists only datasets whose licence is machine-readable."""
    return dataset.licence_url.startswith(("http://", "https://"))


def dataset_turtle(dataset: DcatDataset) -> str:
    """The ``dcat:Dataset`` of one version, with its distribution when it has an archive
    (to be stored, and later joined into a catalogue by :func:`build_dcat_from_entries`)."""
    parts = [_dataset(dataset)]
    if dataset.has_archive:
        parts.append(_distribution(dataset))
    return "\n".join(parts)


def build_dcat_from_entries(catalog: Catalog, entries: list[DcatEntry]) -> str:
    """The whole Turtle document from datasets rendered by :func:`dataset_turtle`."""
    parts = ["@prefix %s: <%s> ." % item for item in PREFIXES.items()]
    parts.append("")
    parts.append(_catalog(catalog, [e.landing_page for e in entries]))
    parts.extend(e.turtle for e in entries)
    agents = {e.publisher_key: e.publisher_name for e in entries if e.publisher_key}
    if catalog.publisher_key:
        agents.setdefault(catalog.publisher_key, catalog.publisher_name)
    for key, name in agents.items():
        parts.append(_organisation(key, name))
    parts.append(_themes())
    return "\n".join(parts)


def dcat_entry(dataset: DcatDataset) -> DcatEntry:
    return DcatEntry(
        dataset.landing_page,
        dataset_turtle(dataset),
        dataset.publisher_key,
        dataset.publisher_name,
    )


def build_dcat(catalog: Catalog, datasets: list[DcatDataset]) -> str:
    """The whole Turtle document; datasets without a licence URL are left out."""
    entries = [dcat_entry(d) for d in datasets if dcat_listed(d)]
    return build_dcat_from_entries(catalog, entries)
