"""What a landing page shows of a version: the context for ``portal/resource.html``.

The same template shows a published version (from its EML, with downloads) and the
managers' preview of the next one (from the working metadata, without).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils.translation import get_language

from metadata.eml.citation import (
    citation_data,
    generate_citation,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from metadata.eml.model import Document
from publisher.services.installation import installation_base_url
from resources.models import Resource, Version, Visibility
from resources.services.logo import resource_logo_path

from . import links
from .documents import version_summary, version_summary_ready
from .feeds.jsonld import Published, dataset_jsonld, script_json
from .figures import chart_data, map_data, map_tiles
from .selectors import Viewing

LANDING_SHAPE = 2  # bump when what ``published_parts`` holds changes
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


def published_parts(
    resource: Resource, version: Version, doc: Document, row_types: dict[str, str]
) -> dict:
    """What the landing page of a published ``version`` shows the same to every viewer:
    computed from its EML and archive summary, kept in the shared cache (``landing_key``)."""
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
        doi=version.doi,
    )
    key = getattr(resource, "gbif_key", None)
    return {
        **_document_parts(resource, doc),
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
    }


def landing_key(resource: Resource, version: Version) -> str:
    """The cache key of ``published_parts``: it moves on with anything of the resource, the
    version, the installation or the language they show, and with nothing of any other
    resource (an edit of one resource leaves every other landing page warm)."""
    values = (
        LANDING_SHAPE,
        resource.modified.isoformat(),
        resource.shortname,
        resource.gbif_key,
        resource.organisation_id,
        version.label,
        version.doi,
        version.publisher,
        version.eml_name,
        version.archive_name,
        version.archive_removed_at,
        version.datapackage_name,
        version_summary_ready(version),
        installation_base_url(),
        settings.MAP_TILE_URL,
        get_language(),
    )
    digest = hashlib.sha256(repr(values).encode()).hexdigest()[:24]
    return "portal:landing:%s:%s:%s" % (resource.pk, version.pk, digest)


def published_context(viewing: Viewing, version: Version, parts: dict, versions: list) -> dict:
    """Context of the landing page of a published ``version``: ``published_parts`` and what
    depends on the viewer."""
    return {
        **_viewer_parts(viewing),
        **parts,
        "version": version,
        "versions": versions,
        "notices": _notices(viewing, version) if viewing.manager else [],
    }


def _downloads(shortname: str, version: Version) -> dict:
    label = version.label
    return {
        "archive": links.relative("archive.do", shortname, label) if version.has_archive else "",
        "archive_size": version.archive_size,
        "datapackage": links.relative("datapackage.do", shortname, label)
        if version.has_datapackage
        else "",
        "datapackage_size": version.datapackage_size,
        "eml": links.relative("eml.do", shortname, label),
        "rtf": links.relative("rtf.do", shortname, label),
        "log": links.relative("publicationlog.do", shortname, label),
    }


def logo_address(resource: Resource) -> str:
    """The logo a landing page shows: the one kept in the resource folder, through
    ``/logo.do``; "" without one. A logo kept elsewhere is not shown: the pages' Content
    Security Policy loads images from this installation only."""
    return links.relative("logo.do", resource.shortname) if resource_logo_path(resource) else ""


def _viewer_parts(viewing: Viewing) -> dict:
    return {
        "logo_url": logo_address(viewing.resource),
        "resource": viewing.resource,
        "manager": viewing.manager,
        # issue #24: everyone learns that precise data exist; the companion stays unnamed
        "precise_on_request": Resource.objects.filter(companion_of=viewing.resource).exists(),
    }


def _document_parts(resource: Resource, doc: Document) -> dict:
    return {
        "doc": doc,
        "title": doc.title or resource.shortname,  # the shown document's title only
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


def _common(viewing: Viewing, doc: Document) -> dict:
    return {**_viewer_parts(viewing), **_document_parts(viewing.resource, doc)}


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
