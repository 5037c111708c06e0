"""Generalising a coordinate to the cell of a grid that holds it, exactly: coordinates are
read as decimals, so a point on a cell boundary falls in the cell it starts (``0.3`` is in
``[0.3, 0.4)`` of the 0.1° grid, which binary floating point would put in ``[0.2, 0.3)``).

Grids: ``0.01``, ``0.1`` and ``1`` degree; ``<N>km`` (bands N km high, each cut into cells at
least N km wide at its edge nearest the equator, a whole number of cells around the globe);
``decimals:<k>`` (rounded to k decimals). Latitude 90 belongs to the northernmost cell, and
longitude 180 is -180. The uncertainty given covers the whole cell from its centre, plus the
record's own uncertainty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import lru_cache

METRES_PER_DEGREE_LAT = 111_694.0  # the longest degree of latitude (at the poles), WGS84
METRES_PER_DEGREE_LON = 111_320.0  # a degree of longitude at the equator
_HALF = Decimal("0.5")


@dataclass(frozen=True)
class Cell:
    """A generalised point: the cell's centre as text and the radius (whole metres) of a
    circle around the centre that holds the whole cell."""

    latitude: str
    longitude: str
    radius: int


def parse(latitude: str, longitude: str) -> tuple[Decimal, Decimal] | None:
    """The coordinate as decimals, or None when it is not a valid decimal coordinate."""
    try:
        lat, lon = Decimal(latitude.strip()), Decimal(longitude.strip())
    except (InvalidOperation, AttributeError):
        return None
    if not (lat.is_finite() and lon.is_finite()):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


@lru_cache(maxsize=1 << 16)  # records of one place repeat its coordinates
def generalise(latitude: str, longitude: str, grid: str) -> Cell | None:
    """The cell of ``grid`` holding the point; None when the point is not a valid coordinate."""
    point = parse(latitude, longitude)
    if point is None:
        return None
    lat, lon = point
    if grid.startswith("decimals:"):
        return _rounded(lat, lon, int(grid.split(":", 1)[1]))
    if grid.endswith("km"):
        return _km(lat, lon, int(grid[:-2]))
    return _degrees(lat, lon, Decimal(grid))


def size_metres(grid: str) -> float:
    """A cell's size, to compare grids (the coarser wins when two actions meet)."""
    if grid.startswith("decimals:"):
        return 10.0 ** -int(grid.split(":", 1)[1]) * METRES_PER_DEGREE_LON
    if grid.endswith("km"):
        return int(grid[:-2]) * 1000.0
    return float(grid) * METRES_PER_DEGREE_LON


def _text(value: Decimal, places: int) -> str:
    text = format(value.quantize(Decimal(1).scaleb(-places)), "f")
    return "0" + text[2:] if text.startswith("-0") and not value else text


def _radius(south: float, north: float, height: float, width: float) -> int:
    """Half the diagonal of a cell ``height`` degrees high and ``width`` wide, at its widest
    (the edge nearest the equator)."""
    nearest = 0.0 if south <= 0 <= north else min(abs(south), abs(north))
    dy = height * METRES_PER_DEGREE_LAT
    dx = width * METRES_PER_DEGREE_LON * math.cos(math.radians(nearest))
    return math.ceil(math.hypot(dx, dy) / 2)


def _degrees(lat: Decimal, lon: Decimal, size: Decimal) -> Cell:
    rows = int(180 / size)
    columns = int(360 / size)
    row = min(int(((lat + 90) / size).to_integral_value(ROUND_FLOOR)), rows - 1)
    column = int(((lon + 180) / size).to_integral_value(ROUND_FLOOR)) % columns
    south = row * size - 90
    west = column * size - 180
    places = max(0, -size.as_tuple().exponent) + 1  # type: ignore[operator]
    return Cell(
        latitude=_text(south + size / 2, places),
        longitude=_text(west + size / 2, places),
        radius=_radius(float(south), float(south + size), float(size), float(size)),
    )


def _km(lat: Decimal, lon: Decimal, km: int) -> Cell:
    height = km * 1000.0 / METRES_PER_DEGREE_LAT
    bands = math.ceil(180.0 / height)
    band = min(math.floor((float(lat) + 90.0) / height), bands - 1)
    south = -90.0 + band * height
    north = min(90.0, south + height)
    nearest = 0.0 if south <= 0 <= north else min(abs(south), abs(north))
    around = METRES_PER_DEGREE_LON * math.cos(math.radians(nearest)) * 360.0
    cells = max(1, math.floor(around / (km * 1000.0)))
    width = 360.0 / cells
    column = math.floor((float(lon) + 180.0) / width) % cells
    west = -180.0 + column * width
    return Cell(
        latitude="%.4f" % ((south + north) / 2),
        longitude="%.4f" % (west + width / 2),
        radius=_radius(south, north, north - south, width),
    )


def _rounded(lat: Decimal, lon: Decimal, places: int) -> Cell:
    step = Decimal(1).scaleb(-places)
    new_lat = lat.quantize(step, ROUND_HALF_EVEN)
    new_lon = lon.quantize(step, ROUND_HALF_EVEN)
    if new_lon >= 180 and lon < 180:
        new_lon = Decimal(180)
    size = float(step)
    south = float(new_lat - step * _HALF)
    return Cell(
        latitude=_text(new_lat, places),
        longitude=_text(new_lon, places),
        radius=_radius(max(-90.0, south), min(90.0, south + size), size, size),
    )
