"""What the landing page's map and charts show, as plain data for ``json_script``.

The browser draws them (``static/js/landing-map.js`` and ``landing-charts.js``); the page
also shows the same numbers as text and tables, so they are readable without JavaScript.
"""

from __future__ import annotations

import math
from collections import Counter

from django.conf import settings
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from metadata.eml.model import Document

from .feeds.summary import RANKS, ArchiveSummary

MAX_YEAR_BARS = 120  # a longer span is shown per decade
TOP_TAXA = 12  # names shown at one rank; the rest are summed as "others"
CLUSTER_ABOVE = 100  # more locations than this are clustered on the map
RANK_LABELS = {
    "kingdom": _("Kingdom"),
    "phylum": _("Phylum"),
    "class": _("Class"),
    "order": _("Order"),
    "family": _("Family"),
}

Box = list[float]  # [west, south, east, north]


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def coverage_boxes(doc: Document) -> list[Box]:
    """The EML bounding boxes that make sense, as [west, south, east, north].

    A box whose west is east of its east crosses the antimeridian: its east gets 360° more,
    so that it is drawn as one box."""
    boxes = []
    for coverage in doc.geographic_coverages:
        bbox = coverage.bbox
        box = [_float(v) for v in (bbox.west, bbox.south, bbox.east, bbox.north)]
        west, south, east, north = box
        if west is None or south is None or east is None or north is None:
            continue
        if south > north or south < -90 or north > 90:
            continue
        if not (-180 <= west <= 180 and -180 <= east <= 180):
            continue
        boxes.append([west, south, east + 360 if west > east else east, north])
    return boxes


def union(boxes: list[Box]) -> Box | None:
    """The smallest box holding all ``boxes``, or None when there are none."""
    if not boxes:
        return None
    return [
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    ]


def map_tiles() -> dict[str, str] | None:
    """The tile layer the installation configured for maps (``MAP_TILE_URL``), if any."""
    if not settings.MAP_TILE_URL:
        return None
    return {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


def map_data(
    doc: Document, summary: ArchiveSummary | None, *, tiles: dict[str, str] | None = None
) -> dict | None:
    """What the map shows: the extent to fit (the data's exact extent, else the EML
    bounding boxes'), the boxes, the data's rounded locations as [latitude, longitude] and
    the optional tile layer; None when there is nothing to place on a map."""
    boxes = coverage_boxes(doc)
    located = bool(summary and summary.extent)
    extent = summary.extent if summary and summary.extent else union(boxes)
    if extent is None:
        return None
    points = [[lat, lon] for lon, lat in summary.points] if summary else []
    return {
        "extent": extent,
        "located": located,
        "boxes": boxes,
        "points": points,
        "truncated": bool(summary and summary.truncated),
        "cluster": len(points) > CLUSTER_ABOVE,
        "tiles": tiles,
    }


def chart_file(summary: ArchiveSummary) -> str:
    """The data file the time charts count: the occurrences when dated, else the first
    dated file (the core comes first)."""
    names = [name for name, years in summary.years.items() if years]
    if not names:
        return ""
    return next((n for n in names if n.startswith("occurrence")), names[0])


def year_series(years: dict[int, int]) -> dict:
    """Records per year from the first to the last year (gaps as 0), or per decade when the
    span is longer than ``MAX_YEAR_BARS`` years: the bars' labels and counts, and the rows
    of the table (the bars with records)."""
    first, last = min(years), max(years)
    if last - first < MAX_YEAR_BARS:
        unit, starts, counts = "year", range(first, last + 1), years
        labels = [str(y) for y in starts]
    else:
        decades: Counter[int] = Counter()
        for year, count in years.items():
            decades[year // 10 * 10] += count
        unit, starts, counts = "decade", range(first // 10 * 10, last // 10 * 10 + 1, 10), decades
        labels = ["%d–%d" % (d, d + 9) for d in starts]
    values = [counts.get(s, 0) for s in starts]
    return {
        "unit": unit,
        "labels": labels,
        "counts": values,
        "rows": [[label, n] for label, n in zip(labels, values, strict=True) if n],
    }


def month_counts(months: dict[int, int]) -> list[int] | None:
    """Records in each month, January first; None when no record has a month."""
    counts = [months.get(m, 0) for m in range(1, 13)]
    return counts if any(counts) else None


def taxa_at_rank(taxa: list[tuple[str, str, str, str, str, int]], rank: str) -> dict | None:
    """The ``TOP_TAXA`` names with most records at ``rank`` and the records of all other
    names together; None when no record names a taxon at that rank."""
    index = RANKS.index(rank)
    counts: Counter[str] = Counter()
    for *names, rows in taxa:
        if names[index]:
            counts[str(names[index])] += int(rows)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return {
        "rank": rank,
        "label": RANK_LABELS[rank],
        "names": len(ranked),
        "bars": [[name, n] for name, n in ranked[:TOP_TAXA]],
        "others": sum(n for _name, n in ranked[TOP_TAXA:]),
    }


def _first_varied(ranks: list[dict]) -> str:
    """The highest rank with more than one name (else the lowest one): the chart shown first."""
    return next((r["rank"] for r in ranks if r["names"] > 1), ranks[-1]["rank"])


def chart_data(summary: ArchiveSummary | None) -> dict | None:
    """Records per year and per month of one data file and records per taxon at each rank;
    None when the summary has neither dates nor taxa."""
    if summary is None:
        return None
    name = chart_file(summary)
    ranks = [found for rank in RANKS if (found := taxa_at_rank(summary.taxa, rank))]
    if not name and not ranks:
        return None
    months = month_counts(summary.months.get(name, {})) if name else None
    return {
        "file": name,
        "years": year_series(summary.years[name]) if name else None,
        "months": months,
        "month_rows": [(MONTHS[m + 1], n) for m, n in enumerate(months or []) if n],
        "taxa": ranks,
        "rank": _first_varied(ranks) if ranks else "",
    }
