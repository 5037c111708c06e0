"""A DataCite record (Metadata Schema 4.5) built from a resource's EML document.

The record is assembled as DataCite's JSON (the attributes of its REST API) and written as
XML by the ``datacite`` package (inveniosoftware/datacite), which also checks the JSON
against DataCite's JSON schema; the XML is then validated against the shipped XSD. Any
problem raises :class:`DataCiteMetadataError` naming the field to correct, so an invalid
record never reaches DataCite. The mapping follows the IPT's (its ``datacite-mappings``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from metadata.eml.identifiers import normalise_doi
from metadata.eml.model import Document

from . import agents, parts
from .errors import DataCiteMetadataError
from .messages import (
    BAD_YEAR,
    JSON_PROPERTIES,
    NO_CREATOR,
    NO_PUBLISHER,
    NO_TITLE,
    NO_YEAR,
    NOT_A_DOI,
    NOT_A_RELATED_DOI,
    PROPERTY_ERRORS,
    UNEXPECTED,
    XML_CHARACTERS,
)
from .validate import validate_datacite

SCHEMA_VERSION = "http://datacite.org/schema/kernel-4"


@cache
def _schema45() -> ModuleType:
    """The datacite package's 4.5 module, imported on first use: with its dependencies it
    takes most of a second to load, which no process that never builds a record should pay."""
    from datacite import schema45

    module: ModuleType = schema45  # the package has no type hints
    return module


@dataclass(frozen=True)
class Related:
    """A work related to the resource, e.g. ``Related("10.21373/abc", "DOI",
    "IsNewVersionOf")`` for the DOI an earlier version had. ``identifier_type`` is a DataCite
    relatedIdentifierType (DOI, URL…), ``relation`` a relationType."""

    identifier: str
    identifier_type: str
    relation: str


# The list properties, each built from the document with the source of every item.
LIST_PARTS: dict[str, Callable[[Document], list[agents.Item]]] = {
    "creators": agents.creators,
    "titles": parts.titles,
    "subjects": parts.subjects,
    "contributors": agents.contributors,
    "dates": parts.dates,
    "rightsList": parts.rights,
    "descriptions": parts.descriptions,
    "geoLocations": parts.geo_locations,
    "fundingReferences": parts.funding_references,
}
# "resource/geoLocations/geoLocation[2]/…" -> the property and the 1-based item index.
_XSD_PATH = re.compile(r"^resource/(?P<property>[A-Za-z]+)(?:/[A-Za-z]+(?:\[(?P<index>\d+)\])?)?")
# What XML 1.0 cannot hold: control characters but tab and line ends, surrogates, U+FFFE/F.
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_XSD_LINE = re.compile(r"^line \d+: (?P<path>[^:]*): (?P<message>.*)$", re.S)


def _require(doc: Document, doi: str, publisher: str, publication_year: int | None) -> str:
    """The bare DOI, once the properties DataCite requires are known to be there."""
    normalised = normalise_doi(doi)
    missing = [
        (normalised is None, NOT_A_DOI, {"doi": doi}, "doi"),
        (not any(title.text.strip() for title in doc.titles), NO_TITLE, None, "titles"),
        (not agents.creators(doc), NO_CREATOR, None, "creators"),
        (not publisher.strip(), NO_PUBLISHER, None, "publisher"),
        (not publication_year, NO_YEAR, None, "publication_year"),
        (
            not 1000 <= (publication_year or 1000) <= 9999,
            BAD_YEAR,
            {"year": publication_year},
            "publication_year",
        ),
    ]
    for failed, template, params, field in missing:
        if failed:
            raise DataCiteMetadataError(template, params, field)
    assert normalised is not None  # checked first above
    return normalised


def _related(related: Sequence[Related]) -> list[agents.Item]:
    found: list[agents.Item] = []
    for index, item in enumerate(related):
        identifier = item.identifier.strip()
        if item.identifier_type == "DOI":
            doi = normalise_doi(identifier)
            if doi is None:
                raise DataCiteMetadataError(
                    NOT_A_RELATED_DOI, {"identifier": identifier}, "related[%d]" % index
                )
            identifier = doi
        value = {
            "relatedIdentifier": identifier,
            "relatedIdentifierType": item.identifier_type,
            "relationType": item.relation,
        }
        found.append((value, "related[%d]" % index))
    return found


@dataclass(frozen=True)
class _Arguments:
    doi: str
    publisher: str
    publication_year: int
    version: str
    url: str
    related: Sequence[Related]
    gbif_dataset_url: str


def _lists(doc: Document, args: _Arguments) -> dict[str, list[agents.Item]]:
    lists = {name: build(doc) for name, build in LIST_PARTS.items()}
    lists["alternateIdentifiers"] = parts.alternate_identifiers(
        doc, url=args.url, gbif_dataset_url=args.gbif_dataset_url, doi=args.doi
    )
    lists["relatedIdentifiers"] = _related(args.related) + parts.bibliography_identifiers(doc)
    return lists


def _unique(items: list[agents.Item]) -> list[agents.Item]:
    """The items without repeats (DataCite's JSON schema wants each value once)."""
    seen: set[str] = set()
    kept = []
    for value, origin in items:
        key = json.dumps(value, sort_keys=True)
        if key not in seen:
            seen.add(key)
            kept.append((value, origin))
    return kept


def _record(doc: Document, args: _Arguments) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The JSON record and, per list property, the source of each item."""
    record: dict[str, Any] = {
        "doi": args.doi,
        "publisher": {"name": args.publisher.strip()},
        "publicationYear": str(args.publication_year),
        "types": parts.resource_type(doc),
        "schemaVersion": SCHEMA_VERSION,
    }
    language = parts.language_tag(doc.language)
    optional = {"language": language, "version": args.version.strip(), "url": args.url.strip()}
    record.update({key: value for key, value in optional.items() if value})
    lists = {name: _unique(items) for name, items in _lists(doc, args).items()}
    record.update({name: [value for value, _ in items] for name, items in lists.items() if items})
    return record, {name: [origin for _, origin in items] for name, items in lists.items()}


def _error(
    prop: str, index: int | None, detail: str, origins: dict[str, list[str]], details: list[str]
) -> DataCiteMetadataError:
    prop = JSON_PROPERTIES.get(prop, prop)
    field, template = PROPERTY_ERRORS.get(prop, ("", UNEXPECTED))
    sources = origins.get(prop, [])
    if index is not None and 0 <= index < len(sources):
        field = sources[index]
    return DataCiteMetadataError(template, {"detail": detail}, field, details=details)


def _json_error(record: dict[str, Any], origins: dict[str, list[str]]) -> None:
    errors = sorted(_schema45().validator.iter_errors(record), key=lambda e: str(e.absolute_path))
    if errors:
        path = list(errors[0].absolute_path)
        prop = str(path[0]) if path else ""
        index = path[1] if len(path) > 1 and isinstance(path[1], int) else None
        details = [str(error.message) for error in errors]
        raise _error(prop, index, details[0], origins, details)


def _xsd_error(errors: list[str], origins: dict[str, list[str]]) -> DataCiteMetadataError:
    line = _XSD_LINE.match(errors[0])
    match = _XSD_PATH.match(line.group("path")) if line else None
    if not line or not match:
        return _error("", None, errors[0], origins, errors)
    item = match.group(0).count("/") == 2
    index = int(match.group("index") or 1) - 1 if item else None
    return _error(match.group("property"), index, line.group("message"), origins, errors)


def _strings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(JSON path, text) of every string in ``value``."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _characters_error(record: dict[str, Any], origins: dict[str, list[str]]) -> None:
    """Refuses text XML 1.0 cannot hold (lxml would fail on it), naming its field."""
    for path, text in _strings(record):
        if _NOT_XML.search(text):
            prop = JSON_PROPERTIES.get(str(path[0]), str(path[0]))
            field = PROPERTY_ERRORS.get(prop, ("", ""))[0]
            sources = origins.get(prop, [])
            if len(path) > 1 and isinstance(path[1], int) and path[1] < len(sources):
                field = sources[path[1]]
            raise DataCiteMetadataError(XML_CHARACTERS, None, field, details=[repr(text)])


def _checked_record(doc: Document, args: _Arguments) -> tuple[dict[str, Any], dict[str, list[str]]]:
    record, origins = _record(doc, args)
    _characters_error(record, origins)
    _json_error(record, origins)
    return record, origins


def _arguments(
    doc: Document,
    doi: str,
    publisher: str,
    publication_year: int | None,
    version: str,
    url: str,
    related: Sequence[Related],
    gbif_dataset_url: str,
) -> _Arguments:
    bare = _require(doc, doi, publisher, publication_year)
    year = int(publication_year or 0)
    return _Arguments(bare, publisher, year, version, url, tuple(related), gbif_dataset_url)


def datacite_metadata(
    doc: Document,
    *,
    doi: str,
    publisher: str,
    publication_year: int | None,
    version: str,
    url: str,
    related: Sequence[Related] = (),
    gbif_dataset_url: str = "",
) -> dict[str, Any]:
    """The DataCite record of ``doc`` as DataCite's JSON (schema 4.5; the ``attributes`` of
    its REST API, ``url`` included), checked against DataCite's JSON schema.

    Arguments as for :func:`datacite_xml`. Raises :class:`DataCiteMetadataError`.
    """
    args = _arguments(
        doc, doi, publisher, publication_year, version, url, related, gbif_dataset_url
    )
    return _checked_record(doc, args)[0]


def datacite_xml(
    doc: Document,
    *,
    doi: str,
    publisher: str,
    publication_year: int | None,
    version: str,
    url: str,
    related: Sequence[Related] = (),
    gbif_dataset_url: str = "",
) -> bytes:
    """The DataCite XML (Metadata Schema 4.5, UTF-8) of ``doc``, valid against the XSD.

    ``doi`` is the resource's DOI in any form :func:`normalise_doi` accepts; ``publisher``
    the publishing organisation's name; ``publication_year`` the year the resource was
    first published; ``version`` the version the record describes; ``url`` the resource's
    address (an alternateIdentifier of type URL); ``related`` works related by DOI or URL
    (an earlier DOI as IsNewVersionOf); ``gbif_dataset_url`` the dataset's page on GBIF.org
    (an alternateIdentifier of type URL, as the IPT writes it).

    Raises :class:`DataCiteMetadataError` when a required property is missing or the record
    would not be valid; nothing is sent in that case.
    """
    args = _arguments(
        doc, doi, publisher, publication_year, version, url, related, gbif_dataset_url
    )
    record, origins = _checked_record(doc, args)
    try:
        xml: bytes = _schema45().tostring(record).encode("utf-8")
    except ValueError as exc:  # lxml refuses strings XML cannot hold
        raise DataCiteMetadataError(XML_CHARACTERS, None, "", details=[str(exc)]) from exc
    errors = validate_datacite(xml)
    if errors:
        raise _xsd_error(errors, origins)
    return xml
