"""The registry's lists of published extensions (``/registry/extensions.json``) and
vocabularies (``/registry/thesauri.json``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, TypeVar

from .errors import CatalogueError, gettext_noop
from .model import link_key


def issued_on(text: str) -> date | None:
    """The date a registry entry's ``issued`` (``2024-05-01`` or a timestamp) names."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


@dataclass(frozen=True, kw_only=True)
class _Offered:
    """What every registry entry has: an issued date and whether it is marked latest."""

    issued: str = ""
    is_latest: bool = True

    @property
    def issued_date(self) -> date | None:
        return issued_on(self.issued)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def rank(self) -> tuple[bool, date]:
        """Those marked latest first, then the newest."""
        return (self.is_latest, self.issued_date or date.min)


E = TypeVar("E", bound=_Offered)


def _newest(entries: list[E], key: Callable[[E], str]) -> dict[str, E]:
    best: dict[str, E] = {}
    for entry in entries:
        current = best.get(key(entry))
        if current is None or entry.rank() > current.rank():
            best[key(entry)] = entry
    return best


def _listing(data: bytes, keys: tuple[str, ...], source: str, missing: str) -> list[Any]:
    """The list under the first of ``keys`` in the registry's JSON answer ``data`` (the
    error ``missing`` when there is none)."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CatalogueError(
            gettext_noop("the registry answered with invalid JSON: %(error)s"),
            params={"error": str(exc)},
            code="registry:format",
            source=source,
        ) from exc
    for key in keys:
        items = doc.get(key) if isinstance(doc, dict) else None
        if isinstance(items, list):
            return items
    raise CatalogueError(missing, code="registry:format", source=source)


@dataclass(frozen=True)
class ListingEntry(_Offered):
    """One definition the registry offers; only the fields we rely on."""

    url: str
    row_type: str
    title: str = ""
    description: str = ""


def parse_extension_listing(data: bytes) -> list[ListingEntry]:
    """Parse ``{"extensions": [...]}``; entries without url or rowType are skipped."""
    entries = []
    missing = gettext_noop("the registry answer has no 'extensions' list")
    for item in _listing(data, ("extensions",), "extensions.json", missing):
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
    return _newest(entries, lambda entry: entry.row_type)


@dataclass(frozen=True)
class VocabularyEntry(_Offered):
    """One vocabulary (thesaurus) the registry offers: its URI, file URL and issued date."""

    url: str
    uri: str
    title: str = ""


def parse_vocabulary_listing(data: bytes) -> list[VocabularyEntry]:
    """Parse the registry's ``{"thesauri": [...]}`` (``/registry/thesauri.json``, also read
    as ``{"vocabularies": [...]}``); entries without url or URI are skipped. The URI is the
    entry's ``identifier`` (the thesaurus ``dc:URI``), else its ``uri``."""
    missing = gettext_noop("the registry answer has no 'thesauri' list")
    items = _listing(data, ("thesauri", "vocabularies"), "thesauri.json", missing)
    return [entry for item in items if (entry := _vocabulary_entry(item)) is not None]


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
    return _newest(entries, lambda entry: link_key(entry.uri))
