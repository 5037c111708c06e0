"""Turning database values into the text the rest of the toolkit reads."""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any


class _BinaryValue(Exception):
    pass


def _decimal_text(value: Decimal) -> str:
    if not value.is_finite():
        return "NaN" if value.is_nan() else ("-Infinity" if value < 0 else "Infinity")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _float_text(value: float) -> str:
    text = repr(value)  # the shortest text that reads back as the same float
    if text.endswith(".0"):
        text = text[:-2]
    elif "e" in text or "n" in text:  # an exponent, inf or nan
        return _decimal_text(Decimal(text))
    return "0" if text == "-0" else text


def _duration_text(value: timedelta) -> str:
    """ISO 8601, as ``P1DT2H3M4.5S``; a negative duration starts with ``-``."""
    if value < timedelta(0):
        return "-" + _duration_text(-value)
    minutes, seconds = divmod(value.seconds, 60)
    hours, minutes = divmod(minutes, 60)
    secs = _decimal_text(Decimal(seconds) + Decimal(value.microseconds).scaleb(-6))
    units = ((hours, "H"), (minutes, "M"), (secs, "S"))
    time_part = "".join("%s%s" % (n, unit) for n, unit in units if n not in (0, "0"))
    day_part = "%dD" % value.days if value.days else ""
    if not (day_part or time_part):
        return "PT0S"
    return "P" + day_part + ("T" + time_part if time_part else "")


def _text(value: Any) -> str:
    """A database value as the file readers give it: text, ``""`` for NULL."""
    convert = FAST.get(type(value))
    return convert(value) if convert else _any_text(value)


def _any_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return _duration_text(value)
    if isinstance(value, bytes | bytearray | memoryview):
        raise _BinaryValue
    if isinstance(value, list | tuple | dict):
        try:
            return json.dumps(value, ensure_ascii=False, default=_text)
        except TypeError:
            return str(value)
    return str(value)


FAST: dict[type, Callable[[Any], str]] = {
    str: str,
    int: str,
    float: _float_text,
    Decimal: _decimal_text,
    date: date.isoformat,
    datetime: datetime.isoformat,
    type(None): lambda _: "",
    bool: _any_text,
}


def _float32_text(value: Any) -> str:
    """A 4-byte float with the fewest digits that read back as the same float."""
    if not isinstance(value, float) or not math.isfinite(value):
        return _text(value)
    for digits in range(1, 10):
        text = "%.*g" % (digits, value)
        if struct.unpack("f", struct.pack("f", float(text)))[0] == value:
            return _decimal_text(Decimal(text))
    return _float_text(value)


def _epoch_text(value: Any) -> str:
    """Microseconds since 1970 (UTC) as an ISO 8601 timestamp with offset."""
    if value is None:
        return ""
    try:
        return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=value)).isoformat()
    except OverflowError:
        return "infinity" if value > 0 else "-infinity"


# --- one connection per run, per database --------------------------------------------------
