"""The registry's list of published extension definitions (``/registry/extensions.json``)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from .errors import CatalogueError, gettext_noop


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
        try:
            return date.fromisoformat(self.issued[:10])
        except ValueError:
            return None

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
