"""Darwin Core event dates: ISO 8601 dates, date-times and intervals reduced to the days they
cover, whether year/month/day agree with them, and whether GBIF's date parser reads them.

Django-free and regex-free: these run on cache misses of the per-row checks, so they are
written for clarity first, but avoid needless work.

How GBIF reads an eventDate (read in gbif/parsers, the library GBIF's pipelines call through
their TemporalInterpreter, and checked against java.time on JDK 17):

- ``TemporalRangeParser`` splits the value in two with ``DelimiterUtils.splitPeriod`` and
  parses each half on its own; when exactly one half fails the whole value fails (the record
  gets RECORDED_DATE_MISMATCH and no date). ``splitPeriod`` first completes three reduced
  ends, by regular expressions: ``YYYY-MM-DD/DD``, ``YYYY-MM/MM`` and ``YYYY-MM-DD/MM-DD``
  (its comment says the basic ``19000101/12`` is not supported). Any other reduced end is
  parsed alone and fails, so ``2024-05-01/03`` and ``2024-05/06`` are read, while
  ``2024-05-01T10:00/12:00`` is not (``12:00`` is not a date). ``TemporalRangeParserTest``
  shows ``1930-01-02/15`` and ``1930-01-02/02-01`` read as whole days.
- Each half goes through ``TextDateParser`` to ``ThreeTenNumericalDateParser``, whose list of
  java.time patterns (``BASE_PARSER_LIST``, resolved strictly) holds ``uuuuMMdd``,
  ``uuuu-M-d``, date-times with ``T`` (hour, optional minutes and seconds, fractions of 1, 2,
  3, 6 or 7 digits; with a zone ``Z``/``±hh``/``±hhmm``/``±hh:mm`` the minutes are required
  and a fraction has 3 or 6 digits), ``uuuu-M``, ``uuuu``, ``YYYY-'W'ww`` and ``uuuu-DDD``.
- The ordinal pattern ``uuuu-DDD`` reads ``2024-123`` as 2024-05-02 (``uuuu-M`` before it
  fails strictly on month 123). There is no basic ordinal (``2024123``).
- The week pattern ``YYYY-'W'ww`` is asked for a LocalDate with no day of the week; java.time
  resolves a week-based date only with a day of the week (no ``parseDefaulting`` in
  ``DateTimeParserBuilder``), so ``2024-W20`` fails, as ``DateTimeFormatter.ofPattern(
  "YYYY-'W'ww").parse("2024-W20", LocalDate::from)`` does on JDK 17. No pattern has
  ``-D`` after the week or the basic ``2024W20``: GBIF reads no week date.
- ``MultiinputTemporalParser`` also refuses years before 1500 and dates after tomorrow; that is
  plausibility, not form, and is left to other checks.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

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


# Several checks of one row ask about the same eventDate (valid? read by GBIF? agreeing with
# year, month and day?): a small cache parses each value once even when every value differs.
@lru_cache(maxsize=256)
def event_date_days(value: str) -> Days | None:
    """The first and last day an eventDate covers, or None when it is not valid ISO 8601.

    Accepted: ``2020``, ``2020-05``, ``2020-05-01``, ``20200501``, ordinal ``2020-122`` (or
    ``2020122``), week ``2020-W18`` and ``2020-W18-5`` (or ``2020W18``, ``2020W185``),
    date-times with ``T``, ``hh[:mm[:ss[.f]]]`` (or basic ``hhmm[ss]``) and an optional ``Z``
    or ``±hh[:mm]`` offset, and intervals ``start/end`` whose end may be shortened by its
    leading parts (``2020-01-01/05``, ``2020-01-30/02-02``, ``2020-01-01T10:00/12:00``).
    Impossible calendar dates or times, and intervals ending before they start, are None.
    Durations (``P3D``) and open ends (``..``) are not accepted.
    """
    text = value.strip()
    fast = _COMMON.match(text)
    if fast is not None:
        return _common_days(fast)
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


# The forms most data use: a calendar date, or a date-time to the minute or second without
# offset or fraction, alone or as an interval of two complete ones. Parsed in one match;
# anything else goes through the general parser, which gives the same answer for these.
_POINT = r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?"
_COMMON = re.compile(r"%s(?:/%s)?\Z" % (_POINT, _POINT), re.ASCII)


def _common_days(found: re.Match[str]) -> Days | None:
    groups = found.groups()
    start = _common_point(groups[:6])
    if start is None or groups[6] is None:
        return None if start is None else (start[0], start[0])
    end = _common_point(groups[6:])
    if end is None:
        return None
    if start[1] is None or end[1] is None:  # compared by day, as the general parser does
        return None if end[0] < start[0] else (start[0], end[0])
    if end[0] * _SECONDS_PER_DAY + end[1] < start[0] * _SECONDS_PER_DAY + start[1]:
        return None
    return start[0], end[0]


def _common_point(groups: tuple[str | Any, ...]) -> tuple[int, int | None] | None:
    """(day ordinal, seconds or None) of a matched date[-time], None when impossible."""
    year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
    if year == 0 or not 1 <= month <= 12 or not 1 <= day <= _days_in_month(year, month):
        return None
    ordinal = date(year, month, day).toordinal()
    if groups[3] is None:
        return ordinal, None
    hh, mm, ss = int(groups[3]), int(groups[4]), int(groups[5] or 0)
    if hh > 23 or mm > 59 or ss > 59:
        return None
    return ordinal, hh * 3600 + mm * 60 + ss


def gbif_reads_date(value: str) -> bool:
    """Whether GBIF's date parser interprets this eventDate (see the module docstring).

    Exact for dates, ordinal and week dates and the reduced interval ends GBIF completes
    (``2024-05-01/03``, ``2024-05/06``, ``2024-05-01/06-03``); for date-times it answers True
    only for the forms GBIF's patterns list, so it may say False of a form GBIF also reads.
    A value that is not valid ISO 8601 (see ``event_date_days``) is never said to be read.
    """
    text = value.strip()
    if event_date_days(text) is None:
        return False
    if _COMMON.match(text):  # dates and date-times without zone or fraction: GBIF reads them
        return True
    start, slash, end = text.partition("/")
    if not slash:
        return _gbif_reads_point(start)
    if _gbif_completes_end(start, end):
        return True
    return _gbif_reads_point(start) and _gbif_reads_point(end)


# The date shapes GBIF's patterns read (field lengths; no week dates, no basic ordinal).
_GBIF_DATE_SHAPES = frozenset({"4", "4-2", "4-2-2", "4-3", "8"})
# Fraction-of-second digits GBIF's patterns take, without and with a time zone.
_GBIF_FRACTIONS = frozenset({0, 1, 2, 3, 6, 7})
_GBIF_FRACTIONS_ZONED = frozenset({0, 3, 6})


def _gbif_completes_end(start: str, end: str) -> bool:
    """Whether GBIF's period splitter completes this reduced end from the start."""
    start_shape, end_shape = _shape(start), _shape(end)
    return (start_shape, end_shape) in {("4-2-2", "2"), ("4-2", "2"), ("4-2-2", "2-2")}


def _gbif_reads_point(text: str) -> bool:
    date_text, has_time, time_text = text.partition("T")
    shape = _shape(date_text)
    if not has_time:
        return shape in _GBIF_DATE_SHAPES
    return shape == "4-2-2" and _gbif_reads_time(time_text)


def _gbif_reads_time(text: str) -> bool:
    zoned = text.endswith("Z") or "+" in text or "-" in text
    body = text.rstrip("Z").split("+")[0].split("-")[0]
    whole, dot, fraction = body.partition(".")
    digits = len(whole.replace(":", ""))
    if "," in body or (zoned and digits < 4):
        return False
    allowed = _GBIF_FRACTIONS_ZONED if zoned else _GBIF_FRACTIONS
    return len(fraction) in allowed and (not dot or digits == 6)


def _shape(text: str) -> str:
    return "-".join(str(len(f)) if _digits(f) else "?" for f in text.split("-"))


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    """The days of a month (1-12) of a proleptic Gregorian year (``calendar.monthrange``
    without working out the weekday)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month]


def parts_agree(days: Days, year: str, month: str, day: str) -> bool:
    """Whether the period named by the non-empty ones of year, month and day overlaps the
    days of an eventDate (so for an interval the parts must fall inside it). A part that is
    not a whole number, or a month or day out of range, never agrees."""
    y, m, d = _whole(year), _whole(month), _whole(day)
    if y == -1 or m == -1 or d == -1:
        return False
    if (m is not None and not 1 <= m <= 12) or (d is not None and not 1 <= d <= 31):
        return False
    first, last = days
    if y is not None and (m is not None or d is None):  # one period: compare it at once
        if m is not None:
            return _overlaps(y, m, d, first, last)
        if not 1 <= y <= 9999:
            return False
        return date(y, 1, 1).toordinal() <= last and date(y, 12, 31).toordinal() >= first
    years = [y] if y is not None else _years_of(first, last)
    months = [m] if m is not None else range(1, 13)
    return any(_overlaps(yy, mm, d, first, last) for yy in years for mm in months)


def _whole(part: str) -> int | None:
    """None for an empty part, -1 for one that is not a whole number."""
    if not part:
        return None
    if part.isdigit() and part.isascii():  # the usual part, at once
        return int(part)
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
    days_in_month = _days_in_month(year, month)
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
    if "-" not in text and len(text) in (7, 8):
        text = _extended(text)
    fields = text.split("-")
    if start is not None and len(fields) < len(start) and len(fields[0]) != 4:
        fields = start[: len(start) - len(fields)] + fields
    if not all(_digits(f[1:] if i == 1 and f[:1] == "W" else f) for i, f in enumerate(fields)):
        return None
    return fields


def _extended(text: str) -> str:
    """The extended form of a basic date: 20200501, 2020122, 2020W18 or 2020W185."""
    if text[4:5] == "W":
        return "-".join(filter(None, (text[:4], text[4:7], text[7:])))
    if len(text) == 7:
        return "%s-%s" % (text[:4], text[4:])
    return "%s-%s-%s" % (text[:4], text[4:6], text[6:])


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
    shape = "-".join(f[0] + str(len(f) - 1) if f[0] == "W" else str(len(f)) for f in fields)
    if not shape.startswith("4") or int(fields[0]) == 0:
        return None
    year, numbers = int(fields[0]), [int(f.lstrip("W")) for f in fields[1:]]
    if shape == "4":
        return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    if shape == "4-3":
        return _ordinal_day(year, numbers[0])
    if shape == "4-2":
        return _month_days(year, numbers[0])
    if shape == "4-2-2":
        return _day(year, numbers[0], numbers[1])
    if shape == "4-W2":
        return _week_days(year, numbers[0], 1, 7)
    if shape == "4-W2-1":
        return _week_days(year, numbers[0], numbers[1], numbers[1])
    return None


def _week_days(year: int, week: int, first: int, last: int) -> Days | None:
    """Days first to last (1 = Monday) of an ISO week; None for a week the year lacks."""
    try:
        monday = date.fromisocalendar(year, week, 1).toordinal()
    except ValueError:
        return None
    if not 1 <= first <= last <= 7:
        return None
    return monday + first - 1, monday + last - 1


def _ordinal_day(year: int, day_of_year: int) -> Days | None:
    first = date(year, 1, 1).toordinal()
    if not 1 <= day_of_year <= date(year, 12, 31).toordinal() - first + 1:
        return None
    return first + day_of_year - 1, first + day_of_year - 1


def _month_days(year: int, month: int) -> Days | None:
    if not 1 <= month <= 12:
        return None
    first = date(year, month, 1).toordinal()
    return first, first + _days_in_month(year, month) - 1


def _day(year: int, month: int, day: int) -> Days | None:
    if not 1 <= month <= 12 or not 1 <= day <= _days_in_month(year, month):
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
