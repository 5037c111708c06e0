"""schema.org ``Dataset`` JSON-LD of a published version (for search engines' dataset
search), and the escaping that makes it safe inside an HTML ``<script>`` element."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from metadata.eml.citation import citation_authors, identifier_url
from metadata.eml.model import Agent, Document

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass
class Published:
    """Where and when a version was published."""

    url: str
    version: str
    date_published: str  # yyyy-mm-dd
    archive_url: str = ""
    eml_url: str = ""
    publisher: str = ""  # the publishing organisation, never the installation
    citation: str = ""


def _person(agent: Agent) -> dict[str, Any]:
    if agent.sur_name.strip() and agent.given_name.strip():
        found: dict[str, Any] = {
            "@type": "Person",
            "name": " ".join((agent.given_name + " " + agent.sur_name).split()),
            "givenName": agent.given_name.strip(),
            "familyName": agent.sur_name.strip(),
        }
        orcid = [u.identifier for u in agent.user_ids if "orcid" in u.directory.lower()]
        if orcid:
            found["identifier"] = orcid[0]
        return found
    return {"@type": "Organization", "name": agent.organization.strip()}


def _spatial(doc: Document) -> list[dict[str, Any]]:
    shapes = []
    for coverage in doc.geographic_coverages:
        box = coverage.bbox
        if all((box.south, box.west, box.north, box.east)):
            shapes.append(
                {
                    "@type": "Place",
                    "geo": {
                        "@type": "GeoShape",
                        "box": "%s %s %s %s" % (box.south, box.west, box.north, box.east),
                    },
                }
            )
    return shapes


def _temporal(doc: Document) -> str:
    for coverage in doc.temporal_coverages:
        if coverage.kind == "range" and coverage.start and coverage.end:
            return "%s/%s" % (coverage.start, coverage.end)
        if coverage.kind == "single" and coverage.start:
            return coverage.start
    return ""


def dataset_jsonld(doc: Document, published: Published) -> dict[str, Any]:
    """The ``Dataset`` node: name, description, creators, licence, keywords, coverages,
    version, distribution (archive and EML) and identifier."""
    keywords = [k for kws in doc.keyword_sets for k in kws.keywords if k.strip()]
    distribution = [
        {"@type": "DataDownload", "encodingFormat": fmt, "contentUrl": url}
        for fmt, url in (
            ("application/zip", published.archive_url),
            ("application/xml", published.eml_url),
        )
        if url
    ]
    found: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": published.url,
        "url": published.url,
        "name": doc.title,
        "description": "\n\n".join(p for p in doc.abstract if p.strip()),
        "version": published.version,
        "datePublished": published.date_published,
        "inLanguage": doc.language,
        "creator": [_person(a) for a in citation_authors(doc)],
        "keywords": keywords,
        "license": doc.licence.url,
        "identifier": identifier_url(doc.citation.identifier) if doc.citation.identifier else "",
        "citation": published.citation,
        "spatialCoverage": _spatial(doc),
        "temporalCoverage": _temporal(doc),
        "distribution": distribution,
        "publisher": {"@type": "Organization", "name": published.publisher}
        if published.publisher
        else None,
    }
    return {key: value for key, value in found.items() if value}


def script_json(data: Any) -> str:
    """JSON that cannot end its ``<script>`` element early (``<``, ``>``, ``&`` escaped)."""
    return json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES)
