"""The registry's lists of published extensions (``/registry/extensions.json``) and
vocabularies (``/registry/thesauri.json``)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from .errors import CatalogueError, gettext_noop
from .model import link_key


def issued_on(text: str) -> date | None:
    """The date a registry entry's ``issued`` (``2024-05-01`` or a timestamp) names."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class ListingEntry:
    """One definition the registry offers; only the fields we rely on."""

    url: str
    row_type: str
    title: str = ""
    issued: str = ""
    is_latest: bool = True
    description: str = ""

    @property
    def issued_date(self) -> date | None:
        return issued_on(self.issued)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_extension_listing(data: bytes) -> list[ListingEntry]:
    """Parse ``{"extensions": [...]}``; entries without url or rowType are skipped."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CatalogueError(
            gettext_noop("the registry answered with invalid JSON: %(error)s"),
            params={"error": str(exc)},
            code="registry:format",
            source="extensions.json",
        ) from exc
    items = doc.get("extensions") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise CatalogueError(
            gettext_noop("the registry answer has no 'extensions' list"),
            code="registry:format",
            source="extensions.json",
        )
    entries = []
    for item in items:
        if not isinstance(item, dict) or not item.get("url") or not item.get("rowType"):
            continue
        entries.append(
            ListingEntry(
                url=str(item["url"]),
                row_type=str(item["rowType"]),
                title=str(item.get("title") or ""),
                issued=str(item.get("issued") or ""),
                is_latest=item.get("isLatest", True) is not False,
                description=str(item.get("description") or ""),
            )
        )
    return entries


def latest_by_row_type(entries: list[ListingEntry]) -> dict[str, ListingEntry]:
    """The newest entry per row type (by issued date, preferring those marked latest)."""
    best: dict[str, ListingEntry] = {}
    for entry in entries:
        current = best.get(entry.row_type)
        if current is None or _rank(entry) > _rank(current):
            best[entry.row_type] = entry
    return best


def _rank(entry: ListingEntry) -> tuple[bool, date]:
    return (entry.is_latest, entry.issued_date or date.min)


@dataclass(frozen=True)
class VocabularyEntry:
    """One vocabulary (thesaurus) the registry offers: its URI, file URL and issued date."""

    url: str
    uri: str
    title: str = ""
    issued: str = ""
    is_latest: bool = True

    @property
    def issued_date(self) -> date | None:
        return issued_on(self.issued)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_vocabulary_listing(data: bytes) -> list[VocabularyEntry]:
    """Parse the registry's ``{"thesauri": [...]}`` (``/registry/thesauri.json``, also read
    as ``{"vocabularies": [...]}``); entries without url or URI are skipped. The URI is the
    entry's ``identifier`` (the thesaurus ``dc:URI``), else its ``uri``."""
    source = "thesauri.json"
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CatalogueError(
            gettext_noop("the registry answered with invalid JSON: %(error)s"),
            params={"error": str(exc)},
            code="registry:format",
            source=source,
        ) from exc
    items = _listed(doc, ("thesauri", "vocabularies"))
    if items is None:
        raise CatalogueError(
            gettext_noop("the registry answer has no 'thesauri' list"),
            code="registry:format",
            source=source,
        )
    return [entry for item in items if (entry := _vocabulary_entry(item)) is not None]


def _listed(doc: Any, keys: tuple[str, ...]) -> list[Any] | None:
    for key in keys:
        items = doc.get(key) if isinstance(doc, dict) else None
        if isinstance(items, list):
            return items
    return None


def _vocabulary_entry(item: Any) -> VocabularyEntry | None:
    if not isinstance(item, dict):
        return None
    uri = item.get("identifier") or item.get("uri")
    if not item.get("url") or not uri:
        return None
    return VocabularyEntry(
        url=str(item["url"]),
        uri=str(uri),
        title=str(item.get("title") or ""),
        issued=str(item.get("issued") or ""),
        is_latest=item.get("isLatest", True) is not False,
    )


def latest_by_uri(entries: list[VocabularyEntry]) -> dict[str, VocabularyEntry]:
    """The newest entry per vocabulary, keyed by ``link_key`` of its URI (so that
    ``http``/``https`` and a trailing slash agree)."""
    best: dict[str, VocabularyEntry] = {}
    for entry in entries:
        key = link_key(entry.uri)
        current = best.get(key)
        if current is None or _vocabulary_rank(entry) > _vocabulary_rank(current):
            best[key] = entry
    return best


def _vocabulary_rank(entry: VocabularyEntry) -> tuple[bool, date]:
    return (entry.is_latest, entry.issued_date or date.min)
