"""Dates written in a local format (``31/12/2024``, ``12/31/2024``, ``2024/12/31``,
``31.12.2024``, ``31-12-2024``): which format a column likely uses, and the same dates in
ISO 8601.

A source's "date format" reading option names one of ``DATE_FORMATS``; the mapping engine
then writes the values of date-typed terms that fit it as ``YYYY-MM-DD`` (an interval
``a/b`` as ``YYYY-MM-DD/YYYY-MM-DD``). Day and month may have one or two digits, the year
has four. Django-free.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .dates import event_date_days

_DWC = "http://rs.tdwg.org/dwc/terms/"
# Terms whose values are dates even where an extension does not declare ``type="date"``
# (the Event and Occurrence cores leave eventDate untyped).
DATE_TERMS = frozenset(
    [
        _DWC + "eventDate",
        _DWC + "dateIdentified",
        _DWC + "georeferencedDate",
        _DWC + "measurementDeterminedDate",
        _DWC + "relationshipEstablishedDate",
        "http://purl.org/dc/terms/modified",
    ]
)

# Format: (separator, order of the fields, an example of 31 December 2024)
DATE_FORMATS: dict[str, tuple[str, str, str]] = {
    "DD/MM/YYYY": ("/", "DMY", "31/12/2024"),
    "MM/DD/YYYY": ("/", "MDY", "12/31/2024"),
    "YYYY/M/D": ("/", "YMD", "2024/12/31"),
    "D.M.YYYY": (".", "DMY", "31.12.2024"),
    "DD-MM-YYYY": ("-", "DMY", "31-12-2024"),
    "MM-DD-YYYY": ("-", "MDY", "12-31-2024"),
}


def date_format_example(fmt: str) -> str:
    """How 31 December 2024 is written in ``fmt``."""
    return DATE_FORMATS[fmt][2]


def date_convert(value: str, fmt: str) -> str | None:
    """``value`` written in ``fmt`` as ISO 8601 ``YYYY-MM-DD``, or an interval of two such
    dates as ``YYYY-MM-DD/YYYY-MM-DD``; None when it does not fit the format, is not a real
    date, or the interval ends before it starts. Surrounding blanks are ignored."""
    separator = DATE_FORMATS[fmt][0]
    parts = value.strip().split("/") if separator == "/" else value.strip().split("/", 2)
    per_date = 3 if separator == "/" else 1
    if len(parts) == per_date:
        return _convert_one(separator.join(parts), fmt)
    if len(parts) != 2 * per_date:
        return None
    start = _convert_one(separator.join(parts[:per_date]), fmt)
    end = _convert_one(separator.join(parts[per_date:]), fmt)
    if start is None or end is None or end < start:
        return None
    return start if start == end else "%s/%s" % (start, end)


def date_format_detect(values: Iterable[str]) -> str | None:
    """The format most of the non-empty ``values`` are written in, or None: when they are
    mostly ISO 8601 already, when no format fits more than half of them, or when two
    formats fit equally well (``01/02/2024`` alone could be either day or month first; a
    first field over 12 means the day comes first, a second one over 12 the month)."""
    texts = [v.strip() for v in values if v.strip()]
    if not texts or 2 * sum(event_date_days(t) is not None for t in texts) >= len(texts):
        return None
    fits = {fmt: sum(date_convert(t, fmt) is not None for t in texts) for fmt in DATE_FORMATS}
    best = max(fits.values())
    winners = [fmt for fmt, count in fits.items() if count == best]
    if 2 * best <= len(texts) or len(winners) > 1:
        return None
    return winners[0]


def _convert_one(text: str, fmt: str) -> str | None:
    separator, order, _example = DATE_FORMATS[fmt]
    fields = text.split(separator)
    if len(fields) != 3 or not all(f.isascii() and f.isdigit() for f in fields):
        return None
    by_part = dict(zip(order, fields, strict=True))
    year, month, day = by_part["Y"], by_part["M"], by_part["D"]
    if len(year) != 4 or not 1 <= len(month) <= 2 or not 1 <= len(day) <= 2:
        return None
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
