"""What a landing page, its map, its charts and the portal's search know of a published
archive's data: where the records are (rounded locations, capped, and their exact extent),
how many records each data file has per year and per month, the taxonomic breakdown
(kingdom to family), the taxon names and the countries.

Reads the archive once, row by row (constant memory but for the core's id -> date map and
the capped name sets); extension rows without their own date take their core row's date.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

DWC = "http://rs.tdwg.org/dwc/terms/"
LATITUDE, LONGITUDE = DWC + "decimalLatitude", DWC + "decimalLongitude"
EVENT_DATE, YEAR, MONTH = DWC + "eventDate", DWC + "year", DWC + "month"
RANKS = ("kingdom", "phylum", "class", "order", "family")
NAME_TERMS = tuple(DWC + t for t in (*RANKS, "genus", "scientificName", "vernacularName"))
COUNTRY_TERMS = (DWC + "countryCode", DWC + "country")
MAX_POINTS = 5_000
MAX_CORE_IDS = 2_000_000
MAX_NAMES, MAX_COUNTRIES, MAX_TAXA = 10_000, 300, 2_000
SHAPE = 2  # bump when the summary's keys change: kept summaries are then rebuilt
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?")
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass
class DataFile:
    """One data file as meta.xml describes it."""

    location: str
    row_type: str
    core: bool
    id_index: int
    terms: dict[str, int]
    header_lines: int = 1


@dataclass
class ArchiveSummary:
    points: list[tuple[float, float]] = field(default_factory=list)  # (longitude, latitude)
    years: dict[str, dict[int, int]] = field(default_factory=dict)  # file -> year -> rows
    months: dict[str, dict[int, int]] = field(default_factory=dict)  # file -> 1..12 -> rows
    truncated: bool = False  # more locations than kept
    # [west, south, east, north] of every valid coordinate (not rounded), or None
    extent: list[float] | None = None
    # (kingdom, phylum, class, order, family, rows), most rows first; blank ranks are ""
    taxa: list[tuple[str, str, str, str, str, int]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # taxon names at any rank, sorted
    countries: list[str] = field(default_factory=list)  # country codes and names, sorted
    shape: int = SHAPE

    def to_dict(self) -> dict[str, Any]:
        return {
            "shape": self.shape,
            "points": [list(p) for p in self.points],
            "years": _keyed(self.years),
            "months": _keyed(self.months),
            "truncated": self.truncated,
            "extent": self.extent,
            "taxa": [list(t) for t in self.taxa],
            "names": self.names,
            "countries": self.countries,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArchiveSummary:
        extent = data.get("extent")
        return cls(
            points=[(float(x), float(y)) for x, y in data.get("points", [])],
            years=_unkeyed(data.get("years", {})),
            months=_unkeyed(data.get("months", {})),
            truncated=bool(data.get("truncated")),
            extent=[float(v) for v in extent] if extent else None,
            taxa=[
                (str(k), str(p), str(c), str(o), str(f), int(n))
                for k, p, c, o, f, n in (data.get("taxa", []))
            ],
            names=[str(n) for n in data.get("names", [])],
            countries=[str(c) for c in data.get("countries", [])],
            shape=int(data.get("shape", 1)),
        )


def _keyed(counts: dict[str, dict[int, int]]) -> dict[str, dict[str, int]]:
    return {name: {str(k): n for k, n in c.items()} for name, c in counts.items()}


def _unkeyed(counts: dict[str, dict[str, int]]) -> dict[str, dict[int, int]]:
    return {name: {int(k): int(n) for k, n in c.items()} for name, c in counts.items()}


def read_meta(data: bytes) -> list[DataFile]:
    """The data files of a meta.xml, core first (elements matched by local name)."""
    root = etree.fromstring(data, _SAFE)
    found = []
    for element in root:
        kind = etree.QName(element).localname.lower()
        if kind not in ("core", "extension"):
            continue
        location = next(
            (el.text or "" for el in element.iter() if etree.QName(el).localname == "location"), ""
        )
        ids = [el for el in element if etree.QName(el).localname in ("id", "coreid")]
        terms = {
            el.get("term", ""): int(el.get("index", "-1"))
            for el in element
            if etree.QName(el).localname == "field" and el.get("index")
        }
        found.append(
            DataFile(
                location=location.strip(),
                row_type=element.get("rowType", ""),
                core=kind == "core",
                id_index=int(ids[0].get("index", "0")) if ids else 0,
                terms=terms,
                header_lines=int(element.get("ignoreHeaderLines", "0") or 0),
            )
        )
    return sorted(found, key=lambda f: not f.core)


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and 0 <= index < len(cells) else ""


def _date(cells: list[str], file: DataFile) -> tuple[int, int] | None:
    """(year, month) of a row from dwc:year/dwc:month, else dwc:eventDate; month 0 if unknown."""
    match = _DATE.match(_cell(cells, file.terms.get(YEAR)))
    if match:
        month = _cell(cells, file.terms.get(MONTH)).strip()
        return int(match.group(1)), int(month) if month.isdigit() else 0
    match = _DATE.match(_cell(cells, file.terms.get(EVENT_DATE)))
    if match:
        return int(match.group(1)), int(match.group(2) or 0)
    return None


class _Places:
    """Rounded, capped locations and the exact extent of all valid coordinates."""

    def __init__(self) -> None:
        self.seen: set[tuple[float, float]] = set()
        self.truncated = False
        self.extent: list[float] | None = None

    def add(self, latitude: str, longitude: str) -> None:
        try:
            lat, lon = float(latitude), float(longitude)
        except ValueError:
            return
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return
        self._extend(lon, lat)
        point = (round(lon, 1), round(lat, 1))
        if point in self.seen:
            return
        if len(self.seen) >= MAX_POINTS:
            self.truncated = True
            return
        self.seen.add(point)

    def _extend(self, lon: float, lat: float) -> None:
        box = self.extent
        if box is None:
            self.extent = [lon, lat, lon, lat]
            return
        box[0], box[1] = min(box[0], lon), min(box[1], lat)
        box[2], box[3] = max(box[2], lon), max(box[3], lat)


class _Taxa:
    """Rows per (kingdom .. family) path, taxon names and countries, each capped."""

    def __init__(self) -> None:
        self.paths: Counter[tuple[str, ...]] = Counter()
        self.names: set[str] = set()
        self.countries: set[str] = set()

    def add(self, cells: list[str], file: DataFile) -> None:
        ranks = tuple(_cell(cells, file.terms.get(DWC + r)).strip() for r in RANKS)
        if any(ranks) and (ranks in self.paths or len(self.paths) < MAX_TAXA):
            self.paths[ranks] += 1
        for term in NAME_TERMS:
            self._keep(self.names, _cell(cells, file.terms.get(term)), MAX_NAMES)
        for term in COUNTRY_TERMS:
            self._keep(self.countries, _cell(cells, file.terms.get(term)), MAX_COUNTRIES)

    @staticmethod
    def _keep(found: set[str], value: str, cap: int) -> None:
        value = " ".join(value.split())
        if value and len(found) < cap:
            found.add(value)

    def taxa(self) -> list[tuple[str, str, str, str, str, int]]:
        return [(*path, n) for path, n in self.paths.most_common()]  # type: ignore[misc]


def _rows(archive: zipfile.ZipFile, file: DataFile) -> Iterator[list[str]]:
    with archive.open(file.location) as raw:
        lines = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n")
        for number, line in enumerate(lines):
            if number >= file.header_lines:
                yield line.rstrip("\n").rstrip("\r").split("\t")


def _describes_taxa(file: DataFile) -> bool:
    return any(term in file.terms for term in (*NAME_TERMS, *COUNTRY_TERMS))


def _scan(
    archive: zipfile.ZipFile,
    file: DataFile,
    found: tuple[_Places, _Taxa],
    core_dates: dict[str, tuple[int, int]],
) -> tuple[Counter[int], Counter[int]]:
    years: Counter[int] = Counter()
    months: Counter[int] = Counter()
    places, taxa = found
    lat, lon = file.terms.get(LATITUDE), file.terms.get(LONGITUDE)
    keep, describes = file.core, _describes_taxa(file)
    for cells in _rows(archive, file):
        if lat is not None and lon is not None:
            places.add(_cell(cells, lat), _cell(cells, lon))
        if describes:
            taxa.add(cells, file)
        date = _date(cells, file)
        if date is None and not file.core and core_dates:
            date = core_dates.get(_cell(cells, file.id_index))
        if date is None:
            continue
        years[date[0]] += 1
        if 1 <= date[1] <= 12:
            months[date[1]] += 1
        if keep and len(core_dates) < MAX_CORE_IDS:
            core_dates[_cell(cells, file.id_index)] = date
    return years, months


def summarise_archive(path: str | os.PathLike[str]) -> ArchiveSummary:
    """What the archive at ``path`` (a DwC-A zip) holds, as :class:`ArchiveSummary` says."""
    summary = ArchiveSummary()
    places, taxa = _Places(), _Taxa()
    with zipfile.ZipFile(path) as archive:
        if "meta.xml" not in archive.namelist():
            return summary
        files = read_meta(archive.read("meta.xml"))
        core_dates: dict[str, tuple[int, int]] = {}
        for file in files:
            if file.location not in archive.namelist():
                continue
            years, months = _scan(archive, file, (places, taxa), core_dates)
            summary.years[file.location] = dict(sorted(years.items()))
            summary.months[file.location] = dict(sorted(months.items()))
    summary.points = sorted(places.seen)
    summary.truncated = places.truncated
    summary.extent = places.extent
    summary.taxa = taxa.taxa()
    summary.names = sorted(taxa.names)
    summary.countries = sorted(taxa.countries)
    return summary
