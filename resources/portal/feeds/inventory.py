"""The IPT's inventory JSON: ``inventory/dataset`` (v1) and ``inventory/v2/dataset``.

Keys come in the order the IPT's JSON serialiser writes them (v1: declaration order; v2:
alphabetical), v1 keeps nulls and v2 leaves them out, and ``version`` is a JSON number
written exactly as the label (``1.10``, never ``1.1``), as the IPT's BigDecimal is.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

_LABEL = re.compile(r"^\d+\.\d+$")

# The IPT's core types (lower case) by the toolkit's resource types.
CORE_TYPES = {
    "sampling-event": "samplingevent",
    "occurrence": "occurrence",
    "checklist": "checklist",
    "metadata": "metadata",
}


@dataclass
class InventoryItem:
    """The latest version of one resource, as the inventory lists it."""

    shortname: str
    title: str
    resource_type: str
    version: str
    last_published: str  # yyyy-MM-dd
    records: int
    eml_url: str
    archive_url: str  # "" when no archive is served: then listed as metadata only
    gbif_key: str | None = None
    records_by_extension: dict[str, int] = field(default_factory=dict)
    datapackage_url: str = ""  # the Darwin Core Data Package beside the archive; "" for none

    @property
    def core_type(self) -> str:
        return CORE_TYPES.get(self.resource_type, "other")

    @property
    def is_metadata_only(self) -> bool:
        return self.resource_type == "metadata" or not self.archive_url


class _Numbers:
    """Version labels stand in the JSON as strings carrying a random mark until they are
    written as numbers (no title can forge the mark)."""

    def __init__(self) -> None:
        self.mark = "version-%s:" % secrets.token_hex(12)

    def __call__(self, label: str) -> str:
        if not _LABEL.match(label):
            raise ValueError("not a version label: %r" % label)
        return self.mark + label

    def dump(self, data: dict[str, Any]) -> bytes:
        text = json.dumps(data, ensure_ascii=False)
        pattern = re.compile('"%s(\\d+\\.\\d+)"' % re.escape(self.mark))
        return pattern.sub(r"\1", text).encode("utf-8")


def inventory_v1(items: list[InventoryItem]) -> bytes:
    """``{"registeredResources": [...]}``: title, type, records, lastPublished, gbifKey,
    eml, dwca, version, recordsByExtension (rowType -> count, core included)."""
    number = _Numbers()
    listed = [
        {
            "title": item.title.strip() or None,
            "type": item.core_type,
            "records": item.records,
            "lastPublished": item.last_published,
            "gbifKey": item.gbif_key,
            "eml": item.eml_url,
            "dwca": item.archive_url or None,
            "version": number(item.version),
            "recordsByExtension": dict(item.records_by_extension),
        }
        for item in items
    ]
    return number.dump({"registeredResources": listed})


def _archives(item: InventoryItem) -> list[dict[str, str]]:
    """The archive, then the Darwin Core Data Package published beside it (``DWC_DP``)."""
    found = [{"type": "DWCA", "url": item.archive_url}]
    if item.datapackage_url:
        found.append({"type": "DWC_DP", "url": item.datapackage_url})
    return found


def _v2_item(item: InventoryItem, number: _Numbers) -> dict[str, Any]:
    metadata_only = item.is_metadata_only
    found = {
        "additionalProperties": {}
        if metadata_only
        else {"core": item.core_type, "recordsByExtension": dict(item.records_by_extension)},
        "archive": [] if metadata_only else _archives(item),
        "format": "METADATA" if metadata_only else "DWCA",
        "gbifKey": item.gbif_key,
        "id": item.shortname,
        "lastPublished": item.last_published,
        "metadata": [{"type": "EML", "url": item.eml_url}],
        "records": item.records,
        "title": item.title.strip() or None,
        "version": number(item.version),
    }
    return {key: value for key, value in found.items() if value is not None}


def inventory_v2(items: list[InventoryItem]) -> bytes:
    """``{"resources": [...]}`` with id, gbifKey, title, format, version, lastPublished,
    records, archive (the DWCA, then a DWC_DP when one is published beside it), metadata and
    additionalProperties; null values left out."""
    number = _Numbers()
    return number.dump({"resources": [_v2_item(item, number) for item in items]})
