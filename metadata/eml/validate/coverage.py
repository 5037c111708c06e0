"""Checks of geographic, temporal and taxonomic coverage (types and ranges the XSD enforces)."""

from __future__ import annotations

from decimal import Decimal

from ..model import TEMPORAL_KINDS, BoundingBox, Document, TemporalCoverage
from .base import Issues, gettext_noop
from .basic import YEAR_DATE_FORMAT
from .formats import blank, decimal_in, is_decimal, is_year_date, year_bounds

_LIMITS = {"west": 180, "east": 180, "north": 90, "south": 90}
_MESSAGES = {
    "west": gettext_noop("Enter the west longitude, a decimal number from -180 to 180."),
    "east": gettext_noop("Enter the east longitude, a decimal number from -180 to 180."),
    "north": gettext_noop("Enter the north latitude, a decimal number from -90 to 90."),
    "south": gettext_noop("Enter the south latitude, a decimal number from -90 to 90."),
}


def _bbox(issues: Issues, path: str, bbox: BoundingBox) -> None:
    """All four sides, in range, north not south of south (the XSD requires all four)."""
    for side, limit in _LIMITS.items():
        if not decimal_in(getattr(bbox, side), -limit, limit):
            issues.add(f"{path}.{side}", _MESSAGES[side])
    both = is_decimal(bbox.north) and is_decimal(bbox.south)
    if both and Decimal(bbox.north.strip()) < Decimal(bbox.south.strip()):
        issues.add(
            path + ".north",
            gettext_noop("The north latitude must not be south of the south latitude."),
        )


def _date(issues: Issues, path: str, value: str, required: str) -> bool:
    if blank(value):
        issues.add(path, required)
        return False
    if not is_year_date(value):
        issues.add(path, YEAR_DATE_FORMAT)
        return False
    return True


def _temporal(issues: Issues, path: str, tc: TemporalCoverage) -> None:
    if tc.kind not in TEMPORAL_KINDS:
        issues.add(
            path + ".kind",
            gettext_noop("Choose single date, date range, formation period or living time period."),
        )
    elif tc.kind in ("formation", "living"):
        if blank(tc.period):
            issues.add(path + ".period", gettext_noop("Describe the period."))
        return
    start_ok = _date(issues, path + ".start", tc.start, gettext_noop("Enter the start date."))
    if tc.kind != "range":
        return
    end_ok = _date(issues, path + ".end", tc.end, gettext_noop("Enter the end date."))
    if start_ok and end_ok and year_bounds(tc.start)[0] > year_bounds(tc.end)[1]:
        issues.add(path + ".end", gettext_noop("The end date must not be before the start date."))


def check_coverage(issues: Issues, doc: Document) -> None:
    """Geographic, temporal and taxonomic coverage."""
    for index, geo in enumerate(doc.geographic_coverages):
        path = f"geographic_coverages[{index}]"
        if blank(geo.description):
            issues.add(path + ".description", gettext_noop("A geographic description is required."))
        _bbox(issues, path + ".bbox", geo.bbox)
    for index, tc in enumerate(doc.temporal_coverages):
        _temporal(issues, f"temporal_coverages[{index}]", tc)
    for index, tax in enumerate(doc.taxonomic_coverages):
        path = f"taxonomic_coverages[{index}]"
        if not tax.taxa:
            issues.add(path + ".taxa", gettext_noop("Add at least one taxon."))
        for number, taxon in enumerate(tax.taxa):
            if blank(taxon.scientific_name):
                issues.add(
                    f"{path}.taxa[{number}].scientific_name",
                    gettext_noop("A scientific name is required."),
                )
