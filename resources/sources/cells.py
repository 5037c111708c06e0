"""Spreadsheet cell values as text, the way a data publisher expects to see them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal


def cell_text(value: object) -> str:
    """ISO 8601 for dates and times, ``true``/``false``, numbers without exponent and
    without a ``.0`` when integral, ``""`` for an empty cell."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    return _temporal_text(value)


def number_text(value: float) -> str:
    """``42.0`` -> ``42``, ``1e5`` -> ``100000``, ``1.5e-7`` -> ``0.00000015``; the shortest
    decimal that reads back as the same float (``repr``), never in exponent notation."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def _temporal_text(value: object) -> str:
    if isinstance(value, datetime):
        return _round_seconds(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, timedelta):
        seconds = round(value.total_seconds())
        sign = "-" if seconds < 0 else ""
        hours, rest = divmod(abs(seconds), 3600)
        return "%s%d:%02d:%02d" % (sign, hours, rest // 60, rest % 60)
    return str(value)


def _round_seconds(value: datetime) -> datetime:
    """Excel stores times as fractions of a day; 14:29:59.9999 is meant as 14:30:00."""
    if value.microsecond >= 500_000:
        value += timedelta(seconds=1)
    return value.replace(microsecond=0)
