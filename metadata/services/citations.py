"""The resource citation: generated IPT-style when asked for, in text and reference formats."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from metadata.eml.citation import citation_data, generate_citation, to_bibtex, to_csl_json, to_ris
from metadata.eml.model import Document
from publisher.services.installation import installation_base_url
from resources.models import Resource

from .documents import metadata_get, metadata_record, published_dataset_type

FORMATS = ("text", "bibtex", "ris", "csl")
FIRST_VERSION = "1.0"


@dataclass(frozen=True)
class CitationContext:
    """What a citation needs besides the document: version, publisher, year and landing URL."""

    version: str
    publisher: str
    year: int
    url: str


def resource_url(resource: Resource) -> str:
    """The resource's public landing page (the IPT's ``resource?r=<shortname>``)."""
    return f"{installation_base_url()}/resource?r={resource.shortname}"


def citation_context(resource: Resource, *, today: date | None = None) -> CitationContext:
    """The context of the next publication of ``resource``: the publisher is its publishing
    organisation ("" without one, never the installation's name).

    Version history arrives with publication; until then the next version is the first one.
    """
    today = today or timezone.localdate()
    organisation = resource.organisation
    publisher = organisation.name if organisation is not None else ""
    return CitationContext(FIRST_VERSION, publisher, today.year, resource_url(resource))


def citation_apply(
    resource: Resource, doc: Document, *, context: CitationContext | None = None
) -> Document:
    """A copy of ``doc`` whose citation text is generated when the resource asks for it
    (``citation_auto``); otherwise ``doc`` unchanged. The identifier is never touched."""
    if not metadata_record(resource).citation_auto:
        return doc
    context = context or citation_context(resource)
    doc = copy.deepcopy(doc)
    doc.citation.text = generate_citation(
        doc,
        version=context.version,
        publisher=context.publisher,
        year=context.year,
        identifier=doc.citation.identifier or context.url,
    )
    return doc


def citation_render(resource: Resource, *, fmt: str = "text") -> str | list[dict]:
    """The citation of the working metadata as plain text, BibTeX, RIS or CSL-JSON (a list
    holding one item).

    The dataset type is the one publication writes (``published_dataset_type``). Plain text
    is the generated citation, or the entered one when automatic citations are
    off (the generated one if nothing was entered); the reference formats are always built
    from the document's fields.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown citation format {fmt!r}")
    context = citation_context(resource)
    doc = metadata_get(resource)
    doc.dataset_type = published_dataset_type(resource)  # as publication will write it
    if fmt == "text":
        applied = citation_apply(resource, doc, context=context)
        if applied.citation.text:
            return applied.citation.text
        return generate_citation(
            doc,
            version=context.version,
            publisher=context.publisher,
            year=context.year,
            identifier=doc.citation.identifier or context.url,
        )
    data = citation_data(
        doc,
        version=context.version,
        publisher=context.publisher,
        year=context.year,
        url=context.url,
        identifier=doc.citation.identifier,
    )
    if fmt == "bibtex":
        return to_bibtex(data, resource.shortname)
    if fmt == "ris":
        return to_ris(data)
    return [to_csl_json(data)]  # CSL-JSON input is a list of items
