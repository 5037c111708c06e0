"""Checking mapped values against a term's type and vocabulary (used while mapping)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlparse

_DATE_PART = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _is_decimal(value: str) -> bool:
    try:
        Decimal(value)
    except InvalidOperation:
        return False
    return value.strip().lower() not in ("nan", "inf", "-inf", "infinity", "-infinity")


def _is_integer(value: str) -> bool:
    return bool(re.fullmatch(r"[+-]?\d+", value.strip()))


def _is_uri(value: str) -> bool:
    parsed = urlparse(value.strip())
    return bool(parsed.scheme and (parsed.netloc or parsed.scheme in ("urn", "mailto")))


def _is_boolean(value: str) -> bool:
    return value.strip().lower() in ("true", "false", "1", "0", "yes", "no")


def _is_single_date(value: str) -> bool:
    value = value.strip()
    if _DATE_PART.match(value):
        return _valid_calendar(value)
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _valid_calendar(value: str) -> bool:
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _is_date(value: str) -> bool:
    """ISO 8601 dates, date-times and intervals (``2024-05-01/2024-05-03``)."""
    return (
        all(_is_single_date(part) for part in value.split("/")) if value.count("/") <= 1 else False
    )


CHECKS: dict[str, Callable[[str], bool]] = {
    "date": _is_date,
    "decimal": _is_decimal,
    "integer": _is_integer,
    "uri": _is_uri,
    "boolean": _is_boolean,
}


def value_fits_type(term_type: str, value: str) -> bool:
    """Whether a non-empty ``value`` is valid for the extension property type."""
    check = CHECKS.get(term_type)
    return True if check is None or not value else check(value)


def invalid_values(term_type: str, values: Iterable[str], *, limit: int = 20) -> list[str]:
    """Distinct values that do not fit ``term_type`` (at most ``limit``)."""
    bad: list[str] = []
    for value in values:
        if value and value not in bad and not value_fits_type(term_type, value):
            bad.append(value)
            if len(bad) >= limit:
                break
    return bad
