"""What a landing page shows of a published archive's data: where the records are (rounded
locations, capped) and how many records each data file has per year.

Reads the archive once, row by row (constant memory but for the core's id -> year map,
itself capped); extension rows without their own date take their core row's year.
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
EVENT_DATE, YEAR = DWC + "eventDate", DWC + "year"
MAX_POINTS = 5_000
MAX_CORE_IDS = 2_000_000
_YEAR = re.compile(r"^\s*(\d{4})")
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
    truncated: bool = False  # more locations than kept

    def to_dict(self) -> dict[str, Any]:
        return {
            "points": [list(p) for p in self.points],
            "years": {
                name: {str(y): n for y, n in counts.items()} for name, counts in self.years.items()
            },
            "truncated": self.truncated,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArchiveSummary:
        return cls(
            points=[(float(x), float(y)) for x, y in data.get("points", [])],
            years={
                name: {int(y): int(n) for y, n in counts.items()}
                for name, counts in data.get("years", {}).items()
            },
            truncated=bool(data.get("truncated")),
        )


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


def _year(cells: list[str], file: DataFile) -> int | None:
    for term in (YEAR, EVENT_DATE):
        match = _YEAR.match(_cell(cells, file.terms.get(term)))
        if match:
            return int(match.group(1))
    return None


class _Points:
    def __init__(self) -> None:
        self.seen: set[tuple[float, float]] = set()
        self.truncated = False

    def add(self, latitude: str, longitude: str) -> None:
        try:
            lat, lon = round(float(latitude), 1), round(float(longitude), 1)
        except ValueError:
            return
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lon, lat) in self.seen:
            return
        if len(self.seen) >= MAX_POINTS:
            self.truncated = True
            return
        self.seen.add((lon, lat))


def _rows(archive: zipfile.ZipFile, file: DataFile) -> Iterator[list[str]]:
    with archive.open(file.location) as raw:
        lines = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n")
        for number, line in enumerate(lines):
            if number >= file.header_lines:
                yield line.rstrip("\n").rstrip("\r").split("\t")


def _scan(
    archive: zipfile.ZipFile, file: DataFile, points: _Points, core_years: dict[str, int]
) -> Counter[int]:
    years: Counter[int] = Counter()
    lat, lon = file.terms.get(LATITUDE), file.terms.get(LONGITUDE)
    keep = file.core
    for cells in _rows(archive, file):
        if lat is not None and lon is not None:
            points.add(_cell(cells, lat), _cell(cells, lon))
        year = _year(cells, file)
        if year is None and not file.core and core_years:
            year = core_years.get(_cell(cells, file.id_index))
        if year is not None:
            years[year] += 1
            if keep and len(core_years) < MAX_CORE_IDS:
                core_years[_cell(cells, file.id_index)] = year
    return years


def summarise_archive(path: str | os.PathLike[str]) -> ArchiveSummary:
    """Locations and records per year of the archive at ``path`` (a DwC-A zip)."""
    summary = ArchiveSummary()
    points = _Points()
    with zipfile.ZipFile(path) as archive:
        if "meta.xml" not in archive.namelist():
            return summary
        files = read_meta(archive.read("meta.xml"))
        core_years: dict[str, int] = {}
        for file in files:
            if file.location not in archive.namelist():
                continue
            counts = _scan(archive, file, points, core_years)
            summary.years[file.location] = dict(sorted(counts.items()))
    summary.points = sorted(points.seen)
    summary.truncated = points.truncated
    return summary
