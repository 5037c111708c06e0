"""Running accumulators for coverage inference: constant memory whatever the row count.

Plain Python (no models): each accumulator takes one mapped row's values at a time and keeps
only running minima/maxima and capped counters.
"""

from __future__ import annotations

import calendar
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

DWC = "http://rs.tdwg.org/dwc/terms/"
LATITUDE, LONGITUDE = DWC + "decimalLatitude", DWC + "decimalLongitude"
EVENT_DATE, YEAR, MONTH, DAY = DWC + "eventDate", DWC + "year", DWC + "month", DWC + "day"
SCIENTIFIC_NAME, TAXON_RANK = DWC + "scientificName", DWC + "taxonRank"
RANKS = ("kingdom", "phylum", "class", "order", "family", "genus")
RANK_LIMIT = 100  # taxa kept per rank (the IPT's limit)
TAXA_LIMIT = 200  # taxa kept in all
TRACK_LIMIT = 1000  # distinct values counted per rank; further new values are not counted
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except (AttributeError, ValueError):
        return None
    return value if math.isfinite(value) else None


@dataclass
class BoxScan:
    """Bounding box of the valid coordinate pairs seen (out-of-range ones are ignored)."""

    count: int = 0
    south: float = 90.0
    north: float = -90.0
    west: float = 180.0
    east: float = -180.0

    def add(self, latitude: str, longitude: str) -> None:
        lat, lon = _number(latitude), _number(longitude)
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return
        self.count += 1
        self.south, self.north = min(self.south, lat), max(self.north, lat)
        self.west, self.east = min(self.west, lon), max(self.east, lon)


def _span(text: str) -> tuple[date, date] | None:
    """First and last day an ISO date (``2024``, ``2024-05``, ``2024-05-01T10:00``) covers."""
    match = _DATE.match(re.split(r"[T ]", text.strip(), maxsplit=1)[0])
    if not match:
        return None
    year, month, day = (int(g) if g else 0 for g in match.groups())
    try:
        if not month:
            return date(year, 1, 1), date(year, 12, 31)
        if not day:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        found = date(year, month, day)
    except ValueError:
        return None
    return found, found


def date_span(text: str) -> tuple[date, date] | None:
    """The days an eventDate covers: a date or an ISO interval ``a/b`` (``b`` may be
    abbreviated, as in ``2024-04-12/14``); None when unparsable or reversed."""
    if "/" not in text:
        return _span(text)
    first, last = (part.strip() for part in text.split("/", 1))
    head = first.split("T")[0].split("-")
    tail = last.split("T")[0].split("-")
    if last and len(tail) < len(head) and len(tail[0]) < 4:
        last = "-".join(head[: len(head) - len(tail)] + [last])
    start, end = _span(first), _span(last)
    if start is None or end is None or start[0] > end[1]:
        return None
    return start[0], end[1]


def _ymd_span(year: str, month: str, day: str) -> tuple[date, date] | None:
    parts = [p.strip() for p in (year, month, day)]
    if not parts[0].isdigit():
        return None
    text = parts[0].zfill(4)
    for part in parts[1:]:
        if not part.isdigit():
            break
        text += "-" + part.zfill(2)
    return _span(text)


@dataclass
class DateScan:
    """Earliest and latest day covered by eventDate (else year/month/day) of the rows."""

    count: int = 0
    start: date | None = None
    end: date | None = None

    def add(self, values: dict[str, str]) -> None:
        event_date = values.get(EVENT_DATE, "").strip()
        if event_date:
            span = date_span(event_date)
        else:
            span = _ymd_span(values.get(YEAR, ""), values.get(MONTH, ""), values.get(DAY, ""))
        if span is None:
            return
        self.count += 1
        self.start = min(self.start, span[0]) if self.start else span[0]
        self.end = max(self.end, span[1]) if self.end else span[1]


@dataclass
class TaxaScan:
    """How often each higher taxon and each scientific name (with its rank) occurs.

    Counting stops taking new values past ``TRACK_LIMIT`` per rank, so memory stays bounded;
    ``overflow`` names the ranks with more distinct values than ``RANK_LIMIT``.
    """

    ranks: dict[str, Counter] = field(default_factory=lambda: {r: Counter() for r in RANKS})
    names: Counter = field(default_factory=Counter)
    overflow: set[str] = field(default_factory=set)

    def _count(self, counter: Counter, key, rank: str) -> None:
        if key in counter or len(counter) < TRACK_LIMIT:
            counter[key] += 1
        if len(counter) > RANK_LIMIT:
            self.overflow.add(rank)

    def add(self, values: dict[str, str]) -> None:
        for rank in RANKS:
            if name := values.get(DWC + rank, "").strip():
                self._count(self.ranks[rank], name, rank)
        if name := values.get(SCIENTIFIC_NAME, "").strip():
            rank = values.get(TAXON_RANK, "").strip().lower()
            self._count(self.names, (name, rank), "scientificName")

    def top(self) -> list[tuple[str, str, int]]:
        """(name, rank, rows) of the most frequent taxa: ``RANK_LIMIT`` per rank, kingdom
        first, ``TAXA_LIMIT`` in all."""
        found: list[tuple[str, str, int]] = []
        for rank in RANKS:
            ordered = sorted(self.ranks[rank].items(), key=lambda kv: (-kv[1], kv[0]))
            found += [(name, rank, n) for name, n in ordered[:RANK_LIMIT]]
        ordered_names = sorted(self.names.items(), key=lambda kv: (-kv[1], kv[0]))
        found += [(name, rank, n) for (name, rank), n in ordered_names[:RANK_LIMIT]]
        return found[:TAXA_LIMIT]
