"""What a landing page shows of a version: the context for ``portal/resource.html``.

The same template shows a published version (from its EML, with downloads) and the
managers' preview of the next one (from the working metadata, without).
"""

from __future__ import annotations

from metadata.eml.citation import (
    citation_data,
    generate_citation,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from metadata.eml.model import Document
from resources.models import Resource, Version, Visibility
from resources.services.logo import resource_logo_path

from . import links
from .documents import version_summary
from .feeds.jsonld import Published, dataset_jsonld, script_json
from .figures import chart_data, map_data, map_tiles
from .selectors import Viewing

CITATION_FORMATS = {
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib", "BibTeX"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris", "RIS"),
    "csl": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json", "CSL-JSON"),
}


def version_publisher(version: Version) -> str:
    """The publishing organisation of ``version``: the one recorded at its publication, else
    (versions from before it was recorded) the resource's organisation; "" for none. Never
    the installation's name: the installation publishes on behalf of the organisation."""
    if version.publisher is not None:
        return version.publisher
    organisation = version.resource.organisation
    return organisation.name if organisation is not None else ""


def citation_text(doc: Document, *, version: str, publisher: str, year: int, url: str) -> str:
    """The citation published with the version, else one generated as the IPT would (without
    a publisher when ``publisher`` is "")."""
    if doc.citation.text.strip():
        return doc.citation.text
    return generate_citation(
        doc,
        version=version,
        publisher=publisher,
        year=year,
        identifier=doc.citation.identifier or url,
    )


def citation_export(doc: Document, *, resource: Resource, version: Version, fmt: str) -> str:
    """The version's citation as BibTeX, RIS or CSL-JSON."""
    import json

    data = citation_data(
        doc,
        version=version.label,
        publisher=version_publisher(version),
        year=version.published_at.year,
        url=links.landing(resource.shortname, version.label),
        identifier=doc.citation.identifier,
    )
    if fmt == "bibtex":
        return to_bibtex(data, resource.shortname)
    if fmt == "ris":
        return to_ris(data)
    return json.dumps([to_csl_json(data)], ensure_ascii=False, indent=1)


def _files(version: Version, row_types: dict[str, str]) -> list[dict]:
    """The version's data files with their rowType: as its meta.xml declares it, else (for
    versions published before it was recorded) as the installed extensions name the file."""
    declared = version.row_types or {}
    return [
        {"name": name, "row_type": declared.get(name) or row_types.get(name, ""), "records": count}
        for name, count in version.counts.items()
    ]


def _notices(viewing: Viewing, version: Version | None) -> list[str]:
    """What a manager should know that the public does not see."""
    resource = viewing.resource
    found = []
    if resource.visibility == Visibility.DELETED:
        found.append("deleted")
    elif resource.visibility == Visibility.PRIVATE:
        found.append("private")
    if version is not None and version.visibility not in (Visibility.PUBLIC, Visibility.REGISTERED):
        found.append("version-private")
    if resource.visibility_pending:
        found.append("pending")
    return found


def published_context(
    viewing: Viewing, version: Version, doc: Document, row_types: dict[str, str]
) -> dict:
    """Context of the landing page of a published ``version``."""
    resource = viewing.resource
    shortname, label = resource.shortname, version.label
    url = links.landing(shortname, label)
    publisher = version_publisher(version)
    citation = citation_text(
        doc, version=label, publisher=publisher, year=version.published_at.year, url=url
    )
    summary = version_summary(version, build=False)
    published = Published(
        url=links.landing(shortname),
        version=label,
        date_published=version.published_at.date().isoformat(),
        archive_url=links.absolute("archive.do", shortname, label) if version.has_archive else "",
        eml_url=links.absolute("eml.do", shortname, label),
        publisher=publisher,
        citation=citation,
        gbif_key=str(resource.gbif_key or ""),
    )
    key = getattr(resource, "gbif_key", None)
    return {
        **_common(viewing, doc),
        "version": version,
        "versions": list(viewing.versions()),
        "citation": citation,
        "exports": [
            (fmt, spec[2], links.relative("resource/citation", shortname, label, format=fmt))
            for fmt, spec in CITATION_FORMATS.items()
        ],
        "downloads": _downloads(shortname, version),
        "files": _files(version, row_types),
        "map": map_data(doc, summary, tiles=map_tiles()),
        "charts": chart_data(summary),
        "gbif_url": "https://www.gbif.org/dataset/%s" % key if key else "",
        "jsonld": script_json(dataset_jsonld(doc, published)),
        "notices": _notices(viewing, version) if viewing.manager else [],
    }


def _downloads(shortname: str, version: Version) -> dict:
    label = version.label
    return {
        "archive": links.relative("archive.do", shortname, label) if version.has_archive else "",
        "archive_size": version.archive_size,
        "eml": links.relative("eml.do", shortname, label),
        "rtf": links.relative("rtf.do", shortname, label),
        "log": links.relative("publicationlog.do", shortname, label),
    }


def logo_address(resource: Resource) -> str:
    """The logo a landing page shows: the one kept in the resource folder, through
    ``/logo.do``; "" without one. A logo kept elsewhere is not shown: the pages' Content
    Security Policy loads images from this installation only."""
    return links.relative("logo.do", resource.shortname) if resource_logo_path(resource) else ""


def _common(viewing: Viewing, doc: Document) -> dict:
    return {
        "logo_url": logo_address(viewing.resource),
        "resource": viewing.resource,
        "manager": viewing.manager,
        "doc": doc,
        "title": doc.title or viewing.resource.shortname,  # the shown document's title only
        "keywords": [k for s in doc.keyword_sets for k in s.keywords if k.strip()],
        "people": [
            (label, agents)
            for label, agents in (
                ("creators", doc.creators),
                ("contacts", doc.contacts),
                ("metadata_providers", doc.metadata_providers),
                ("associated_parties", doc.associated_parties),
            )
            if agents
        ],
    }


def preview_context(viewing: Viewing, doc: Document, *, label: str, citation: str) -> dict:
    """Context of the managers' preview of the next version, from the working metadata."""
    return {
        **_common(viewing, doc),
        "preview": True,
        "preview_label": label,
        "version": None,
        "versions": list(viewing.versions()),
        "citation": citation,
        "map": map_data(doc, None, tiles=map_tiles()),
        "notices": _notices(viewing, None),
    }
