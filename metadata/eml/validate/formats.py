"""Value formats the profile XSD enforces (and a few the IPT adds), as predicates.

Each predicate is at least as strict as the XSD type it stands for, so a value it accepts is
always schema-valid. Digits are ASCII on purpose: XSD numbers and dates are.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_INTEGER = re.compile(r"[0-9]+")
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")
_PHONE = re.compile(r"[\w ()/+\-.]+", re.ASCII)  # the IPT's pattern
# RFC 3986 characters (unreserved, sub-delims, gen-delims but "[" "]"), %XX, and non-ASCII.
_URL_CHARS = re.compile(r"([A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-Fa-f]{2}|[^\x00-\x7f\s])*")
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MAX_OFFSET = timedelta(hours=14)


def blank(value: str) -> bool:
    """True for "" and whitespace only: the writer leaves such values out."""
    return not value.strip()


def is_year_date(value: str) -> bool:
    """``YYYY`` or ``YYYY-MM-DD`` (a real day): the profile's yearDate."""
    value = value.strip()
    if _YEAR.fullmatch(value):
        return value != "0000"
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def year_bounds(value: str) -> tuple[date, date]:
    """First and last day a valid yearDate stands for (to compare ranges)."""
    value = value.strip()
    if len(value) == 4:
        return date(int(value), 1, 1), date(int(value), 12, 31)
    day = date.fromisoformat(value)
    return day, day


def is_datetime(value: str) -> bool:
    """An xs:dateTime such as ``2024-05-01T12:00:00Z`` or ``...T12:00:00.123+02:00``."""
    value = value.strip()
    if not _DATETIME.fullmatch(value):
        return False
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return False
    offset = parsed.utcoffset()
    return offset is None or abs(offset) <= _MAX_OFFSET


def is_decimal(value: str) -> bool:
    """An xs:decimal (no exponent, no NaN or infinity)."""
    return bool(_DECIMAL.fullmatch(value.strip()))


def decimal_in(value: str, low: int, high: int) -> bool:
    """A decimal between ``low`` and ``high`` inclusive."""
    return is_decimal(value) and low <= Decimal(value.strip()) <= high


def is_count(value: str) -> bool:
    """A whole number of zero or more (xs:integer, without sign)."""
    return bool(_INTEGER.fullmatch(value.strip()))


def is_language(value: str) -> bool:
    """A language code that xml:lang accepts (``en``, ``fra``, ``pt-BR``)."""
    return bool(_LANGUAGE.fullmatch(value.strip()))


def is_phone(value: str) -> bool:
    """Digits, letters, spaces and ``( ) / + - .`` as the IPT allows."""
    return bool(_PHONE.fullmatch(value.strip()))


def is_http_url(value: str) -> bool:
    """An absolute http(s) URL with a host, made of characters an xs:anyURI accepts."""
    value = value.strip()
    if not _URL_CHARS.fullmatch(value) or value.count("#") > 1:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def xml_safe(value: str) -> bool:
    """True when XML 1.0 can hold every character of ``value``."""
    return not _XML_ILLEGAL.search(value)
