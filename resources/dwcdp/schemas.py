"""The DwC-DP profile and table schemas, read from the copies shipped in this package."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

VERSION = "1.0"
HERE = Path(__file__).parent / "schemas"
PROFILE_URL = "http://rs.tdwg.org/dwc-dp/1.0/dwc-dp-profile.json"
PROFILE_PATH = HERE / VERSION / "dwc-dp-profile.json"
TABLES = HERE / VERSION / "table-schemas"
DATA_PACKAGE_V1_URL = "https://specs.frictionlessdata.io/schemas/data-package.json"
DATA_PACKAGE_V1_PATH = HERE / "frictionless-v1" / "data-package.json"

# What a validator may ask for, by URL (either scheme), and the shipped copy it gets.
LOCAL_COPIES: dict[str, Path] = {
    "rs.tdwg.org/dwc-dp/1.0/dwc-dp-profile.json": PROFILE_PATH,
    "specs.frictionlessdata.io/schemas/data-package.json": DATA_PACKAGE_V1_PATH,
}


def local_copy(url: str) -> Path | None:
    """The shipped copy of ``url`` (http or https), or None."""
    for scheme in ("http://", "https://"):
        if url.startswith(scheme):
            return LOCAL_COPIES.get(url[len(scheme) :])
    return None


@cache
def table_schema(name: str) -> dict[str, Any]:
    """The TDWG table schema of DwC-DP table ``name`` (e.g. ``event``)."""
    found: dict[str, Any] = json.loads((TABLES / (name + ".json")).read_text(encoding="utf-8"))
    return found


@cache
def table_names() -> frozenset[str]:
    """The tables whose schemas are shipped."""
    return frozenset(p.stem for p in TABLES.glob("*.json"))


def field_of(table: str, name: str) -> dict[str, Any] | None:
    return next((f for f in table_schema(table)["fields"] if f["name"] == name), None)


def is_key(name: str) -> bool:
    """Whether a field is one of the keys the builder fills (``event_pk``, ``event_fk``)."""
    return name.endswith(("_pk", "_fk"))


def primary_key(table: str) -> str | None:
    key = table_schema(table).get("primaryKey")
    return key if isinstance(key, str) or key is None else key[0]


def foreign_key(table: str, target: str) -> str | None:
    """The field of ``table`` whose foreign key references ``target``'s primary key."""
    for fk in table_schema(table).get("foreignKeys", []):
        if (fk["reference"]["resource"] or table) == target:  # "": the table itself
            fields = fk["fields"]
            return fields if isinstance(fields, str) else fields[0]
    return None
