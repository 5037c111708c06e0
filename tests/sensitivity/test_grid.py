"""Generalising coordinates to grid cells: exact boundaries, poles, antimeridian, negative
coordinates, and radii that cover the cell."""

from __future__ import annotations

import math
import random
from decimal import Decimal

import pytest

from resources.sensitivity.grid import generalise, size_metres
from resources.sensitivity.policy import Action, PolicyError


def _distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (a sphere of the equatorial radius: an upper bound
    for the checks here)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(min(1.0, math.sqrt(a)))


@pytest.mark.parametrize(
    ("lat", "lon", "grid", "cell"),
    [
        ("0.3", "0.3", "0.1", ("0.35", "0.35")),  # on a boundary: the cell it starts
        ("0.29999", "0.29999", "0.1", ("0.25", "0.25")),
        ("-0.3", "-0.3", "0.1", ("-0.25", "-0.25")),  # negative, on a boundary
        ("-0.01", "-0.01", "0.1", ("-0.05", "-0.05")),
        ("51.123456", "4.987654", "0.01", ("51.125", "4.985")),
        ("51.5", "4.5", "1", ("51.5", "4.5")),
        ("90", "10", "1", ("89.5", "10.5")),  # the north pole: the last cell
        ("-90", "10", "1", ("-89.5", "10.5")),
        ("10", "180", "1", ("10.5", "-179.5")),  # the antimeridian is -180
        ("10", "-180", "1", ("10.5", "-179.5")),
        ("10", "179.999", "1", ("10.5", "179.5")),
        ("45.12345", "6.78951", "decimals:2", ("45.12", "6.79")),
        ("45.12345", "-6.78951", "decimals:0", ("45", "-7")),
    ],
)
def test_point_falls_in_the_expected_cell(lat, lon, grid, cell):
    found = generalise(lat, lon, grid)
    assert found is not None
    assert (found.latitude, found.longitude) == cell


@pytest.mark.parametrize("value", ["", "abc", "91", "-90.0001", "nan", "inf", "1e400"])
def test_invalid_coordinates_are_not_generalised(value):
    assert generalise(value, "10", "0.1") is None
    assert generalise("10", value if value not in ("91", "-90.0001") else "181", "0.1") is None


@pytest.mark.parametrize("grid", ["0.01", "0.1", "1", "1km", "10km", "100km", "decimals:1"])
def test_the_radius_covers_the_point_from_the_centre(grid):
    rng = random.Random(7)
    for _ in range(2000):
        lat = Decimal(rng.uniform(-90, 90)).quantize(Decimal("0.000001"))
        lon = Decimal(rng.uniform(-180, 180)).quantize(Decimal("0.000001"))
        cell = generalise(str(lat), str(lon), grid)
        assert cell is not None
        distance = _distance(float(lat), float(lon), float(cell.latitude), float(cell.longitude))
        assert distance <= cell.radius, (lat, lon, grid, cell)


def test_km_cells_are_at_least_n_km_wide_and_tile_each_band():
    a = generalise("50.0", "4.0", "10km")
    b = generalise("50.0", "4.001", "10km")
    assert a == b  # neighbours 70 m apart share a cell
    # Near the pole a band is a few kilometres round: it holds only a few cells.
    cells = {generalise("89.999", str(lon), "10km") for lon in range(-180, 180, 5)}
    assert 1 <= len(cells) <= 7


def test_grid_sizes_order_the_grids():
    sizes = [size_metres(g) for g in ("decimals:3", "1km", "0.01", "10km", "0.1", "100km", "1")]
    assert sizes == sorted(sizes)


@pytest.mark.parametrize("grid", ["0.5", "0km", "decimals:9", "km", "12345km", ""])
def test_unknown_grids_are_refused(grid):
    with pytest.raises(PolicyError) as caught:
        Action.from_json({"kind": "coordinates", "grid": grid})
    assert caught.value.field == "action.grid"
