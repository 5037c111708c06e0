"""schema.org ``Dataset`` JSON-LD of a published version (for search engines' dataset
search), and the escaping that makes it safe inside an HTML ``<script>`` element."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from metadata.eml.citation import citation_authors, doi_of, identifier_url
from metadata.eml.identifiers import (
    ORCID_DIRECTORY,
    ROR_DIRECTORY,
    doi_url,
    is_orcid_directory,
    is_ror_directory,
    normalise_orcid,
    normalise_ror,
)
from metadata.eml.model import Agent, Document

from .languages import bcp47

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
    gbif_key: str = ""  # the GBIF dataset key, once registered
    doi: str = ""  # the DOI the version carries (issue #23), without https://doi.org/


def _orcid(agent: Agent) -> str:
    """The ORCID iD URL of the agent, "" without a valid one."""
    for user_id in agent.user_ids:
        if is_orcid_directory(user_id.directory) and (orcid := normalise_orcid(user_id.identifier)):
            return ORCID_DIRECTORY + orcid
    return ""


def _ror(agent: Agent) -> str:
    """The ROR URL of the agent's organisation, "" without a valid one."""
    for user_id in agent.user_ids:
        if is_ror_directory(user_id.directory) and (ror := normalise_ror(user_id.identifier)):
            return ROR_DIRECTORY + ror
    return ""


def _organisation(name: str, ror: str) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "Organization", "name": name}
    return {"@id": ror, **found} if ror else found


def _person(agent: Agent) -> dict[str, Any]:
    """A Person (with an ORCID ``@id`` and their organisation, with its ROR ``@id``) or,
    for an agent without a person's name, an Organization."""
    if not (agent.sur_name.strip() and agent.given_name.strip()):
        return _organisation(agent.organization.strip(), _ror(agent))
    found: dict[str, Any] = {
        "@type": "Person",
        "name": " ".join((agent.given_name + " " + agent.sur_name).split()),
        "givenName": agent.given_name.strip(),
        "familyName": agent.sur_name.strip(),
    }
    orcid = _orcid(agent)
    if orcid:
        found = {"@id": orcid, **found, "identifier": orcid}
    if agent.organization.strip():
        found["affiliation"] = _organisation(agent.organization.strip(), _ror(agent))
    return found


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


def _temporal(doc: Document) -> str | list[str]:
    """Every dated coverage: ranges as ``start/end`` intervals, single dates as they are."""
    found = []
    for coverage in doc.temporal_coverages:
        if coverage.kind == "range" and coverage.start and coverage.end:
            found.append("%s/%s" % (coverage.start, coverage.end))
        elif coverage.kind == "single" and coverage.start:
            found.append(coverage.start)
    return found[0] if len(found) == 1 else found


def _identifiers(doc: Document, published: Published) -> list[str]:
    """The version's DOI, the citation's identifier (a DOI as its URL), DOIs among the
    alternative identifiers, and the GBIF dataset page once registered; each once."""
    found = [doi_url(published.doi)] if published.doi else []
    if doc.citation.identifier.strip():
        found.append(identifier_url(doc.citation.identifier))
    found += [doi_url(doi_of(i)) for i in doc.alternate_identifiers if doi_of(i)]
    if published.gbif_key:
        found.append("https://www.gbif.org/dataset/" + published.gbif_key)
    return list(dict.fromkeys(found))


def dataset_jsonld(doc: Document, published: Published) -> dict[str, Any]:
    """The ``Dataset`` node: name, description, creators (ORCID and ROR ``@id`` when
    known), licence, keywords, language (BCP 47), coverages (every dated one), version,
    distribution (archive and EML) and identifiers (DOI, GBIF dataset page)."""
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
        "inLanguage": bcp47(doc.language),
        "creator": [_person(a) for a in citation_authors(doc)],
        "keywords": keywords,
        "license": doc.licence.url,
        "identifier": _identifiers(doc, published),
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
