"""Darwin Core event dates: ISO 8601 dates, date-times and intervals reduced to the days they
cover, and whether year/month/day agree with them.

Django-free and regex-free: these run on cache misses of the per-row checks, so they are
written for clarity first, but avoid needless work.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date

Days = tuple[int, int]  # first and last day covered, as proleptic Gregorian ordinals

_SECONDS_PER_DAY = 86_400
# Without a year, month and day are tried in the interval's first years; 8 years always
# include a 29 February except across 1900 or 2100, which no event date needs.
_YEARS_TRIED = 8


class _Point:
    """One end of an eventDate: the date fields as written (for shorthand ends), the days it
    covers and, for a date-time, the time of day in seconds and the UTC offset if given."""

    __slots__ = ("fields", "first", "last", "seconds", "offset")

    def __init__(
        self, fields: list[str], first: int, last: int, seconds: int | None, offset: int | None
    ) -> None:
        self.fields, self.first, self.last = fields, first, last
        self.seconds, self.offset = seconds, offset


def event_date_days(value: str) -> Days | None:
    """The first and last day an eventDate covers, or None when it is not valid ISO 8601.

    Accepted: ``2020``, ``2020-05``, ``2020-05-01``, ``20200501``, ordinal ``2020-122``,
    date-times with ``T``, ``hh[:mm[:ss[.f]]]`` (or basic ``hhmm[ss]``) and an optional ``Z``
    or ``±hh[:mm]`` offset, and intervals ``start/end`` whose end may be shortened by its
    leading parts (``2020-01-01/05``, ``2020-01-30/02-02``, ``2020-01-01T10:00/12:00``).
    Impossible calendar dates or times, and intervals ending before they start, are None.
    Durations (``P3D``) and open ends (``..``) are not accepted.
    """
    text = value.strip()
    if text.count("/") == 0:
        point = _parse_point(text)
        return None if point is None else (point.first, point.last)
    if text.count("/") > 1:
        return None
    start_text, _, end_text = text.partition("/")
    start = _parse_point(start_text)
    if start is None:
        return None
    end = _parse_end(end_text, start)
    if end is None or _ends_before(start, end):
        return None
    return start.first, end.last


def parts_agree(days: Days, year: str, month: str, day: str) -> bool:
    """Whether the period named by the non-empty ones of year, month and day overlaps the
    days of an eventDate (so for an interval the parts must fall inside it). A part that is
    not a whole number, or a month or day out of range, never agrees."""
    numbers = [_whole(part) for part in (year, month, day)]
    if any(n == -1 for n in numbers):
        return False
    y, m, d = numbers
    if (m is not None and not 1 <= m <= 12) or (d is not None and not 1 <= d <= 31):
        return False
    first, last = days
    years = [y] if y is not None else _years_of(first, last)
    months = [m] if m is not None else range(1, 13)
    return any(_overlaps(yy, mm, d, first, last) for yy in years for mm in months)


def _whole(part: str) -> int | None:
    """None for an empty part, -1 for one that is not a whole number."""
    part = part.strip()
    if not part:
        return None
    return int(part) if _digits(part) else -1


def _years_of(first: int, last: int) -> range:
    start = date.fromordinal(first).year
    return range(start, min(date.fromordinal(last).year, start + _YEARS_TRIED) + 1)


def _overlaps(year: int, month: int, day: int | None, first: int, last: int) -> bool:
    if not 1 <= year <= 9999:
        return False
    days_in_month = monthrange(year, month)[1]
    if day is None:
        lo = date(year, month, 1).toordinal()
        return lo <= last and lo + days_in_month - 1 >= first
    return day <= days_in_month and first <= date(year, month, day).toordinal() <= last


def _parse_point(text: str) -> _Point | None:
    date_text, has_time, time_text = text.partition("T")
    fields = _date_fields(date_text)
    if fields is None:
        return None
    return _point(fields, time_text if has_time else None)


def _parse_end(text: str, start: _Point) -> _Point | None:
    """The end of an interval; leading date fields it leaves out come from the start."""
    date_text, has_time, time_text = text.partition("T")
    if not has_time and ":" in text and start.seconds is not None:
        date_text, time_text, has_time = "", text, "T"  # 2020-01-01T10:00/12:00
    if not date_text:
        fields = start.fields if has_time else None
    else:
        fields = _date_fields(date_text, start.fields)
    if fields is None:
        return None
    return _point(fields, time_text if has_time else None)


def _date_fields(text: str, start: list[str] | None = None) -> list[str] | None:
    if len(text) == 8 and "-" not in text:
        text = "%s-%s-%s" % (text[:4], text[4:6], text[6:])  # basic format 20200501
    fields = text.split("-")
    if start is not None and len(fields) < len(start) and len(fields[0]) != 4:
        fields = start[: len(start) - len(fields)] + fields
    if not all(_digits(f) for f in fields):
        return None
    return fields


def _point(fields: list[str], time_text: str | None) -> _Point | None:
    days = _days(fields)
    if days is None:
        return None
    if time_text is None:
        return _Point(fields, days[0], days[1], None, None)
    if days[0] != days[1]:
        return None  # a time needs a complete date
    parsed = _parse_time(time_text)
    if parsed is None:
        return None
    return _Point(fields, days[0], days[1], parsed[0], parsed[1])


def _days(fields: list[str]) -> Days | None:
    lengths = [len(f) for f in fields]
    if lengths[0] != 4 or int(fields[0]) == 0:
        return None
    year = int(fields[0])
    if lengths == [4]:
        return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    if lengths == [4, 3]:
        return _ordinal_day(year, int(fields[1]))
    if lengths == [4, 2]:
        return _month_days(year, int(fields[1]))
    if lengths == [4, 2, 2]:
        return _day(year, int(fields[1]), int(fields[2]))
    return None


def _ordinal_day(year: int, day_of_year: int) -> Days | None:
    first = date(year, 1, 1).toordinal()
    if not 1 <= day_of_year <= date(year, 12, 31).toordinal() - first + 1:
        return None
    return first + day_of_year - 1, first + day_of_year - 1


def _month_days(year: int, month: int) -> Days | None:
    if not 1 <= month <= 12:
        return None
    first = date(year, month, 1).toordinal()
    return first, first + monthrange(year, month)[1] - 1


def _day(year: int, month: int, day: int) -> Days | None:
    if not 1 <= month <= 12 or not 1 <= day <= monthrange(year, month)[1]:
        return None
    ordinal = date(year, month, day).toordinal()
    return ordinal, ordinal


def _parse_time(text: str) -> tuple[int, int | None] | None:
    """Seconds since midnight and the UTC offset in seconds (None when not given)."""
    body, offset = _split_offset(text)
    if body is None:
        return None
    whole, dot, fraction = body.replace(",", ".").partition(".")
    if dot and not _digits(fraction):
        return None
    # hh:mm:ss, or the basic format hhmmss
    pairs = [whole[i : i + 2] for i in range(0, len(whole), 2)]
    parts = whole.split(":") if ":" in whole else pairs
    if not 1 <= len(parts) <= 3 or not all(len(p) == 2 and _digits(p) for p in parts):
        return None
    hh, mm, ss = (int(p) for p in parts + ["00"] * (3 - len(parts)))
    if hh > 23 or mm > 59 or ss > 59:
        return None
    return hh * 3600 + mm * 60 + ss, offset


def _split_offset(text: str) -> tuple[str | None, int | None]:
    if text.endswith("Z"):
        return text[:-1], 0
    sign_at = max(text.rfind("+"), text.rfind("-"))
    if sign_at < 0:
        return text, None
    zone = text[sign_at + 1 :].replace(":", "")
    if len(zone) not in (2, 4) or not _digits(zone):
        return None, None
    hours, minutes = int(zone[:2]), int(zone[2:] or 0)
    if hours > 14 or minutes > 59:
        return None, None
    sign = -1 if text[sign_at] == "-" else 1
    return text[:sign_at], sign * (hours * 3600 + minutes * 60)


def _ends_before(start: _Point, end: _Point) -> bool:
    if start.seconds is None or end.seconds is None:
        return end.last < start.first
    start_at = start.first * _SECONDS_PER_DAY + start.seconds
    end_at = end.first * _SECONDS_PER_DAY + end.seconds
    if start.offset is not None and end.offset is not None:
        start_at, end_at = start_at - start.offset, end_at - end.offset
    return end_at < start_at


def _digits(text: str) -> bool:
    # ISO 8601 digits are ASCII; str.isdigit alone also takes superscripts and other scripts.
    return text.isascii() and text.isdigit()
