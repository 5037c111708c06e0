"""Checks of one Humboldt row whose terms must agree with each other, as GBIF's
``HumboldtInterpreter`` compares them after reading the row (EventIssue, INFO): a list given
while its yes/no term says false, a scope that includes what it excludes, a geospatial scope
smaller than the area sampled in it.
"""

from __future__ import annotations

from .. import values
from ..declarations import (
    WARNING,
    Check,
    Finding,
    RowTest,
    declare,
    gettext_noop,
    term_name,
    together,
)
from .rows import ECO, HUMBOLDT, as_boolean, pairs_uses, scope_names

# A yes/no term and the list it announces, with the EventIssue GBIF raises when the list is
# given and the yes/no term says false.
ANNOUNCED: tuple[tuple[str, str, str], ...] = (
    (ECO + "hasNonTargetTaxa", ECO + "nonTargetTaxa", "HAS_NON_TARGET_TAXA_MISMATCH"),
    (ECO + "hasMaterialSamples", ECO + "materialSampleTypes", "HAS_MATERIAL_SAMPLES_MISMATCH"),
)
# Every targetX/excludedX pair of the extension (a test compares with the file) and its issue.
SCOPES: tuple[tuple[str, str, str], ...] = tuple(
    (ECO + "target" + name, ECO + "excluded" + name, issue)
    for name, issue in (
        ("TaxonomicScope", "TARGET_TAXONOMIC_SCOPE_EXCLUDED"),
        ("HabitatScope", "TARGET_HABITAT_SCOPE_EXCLUDED"),
        ("LifeStageScope", "TARGET_LIFE_STAGE_SCOPE_EXCLUDED"),
        ("DegreeOfEstablishmentScope", "TARGET_DEGREE_OF_ESTABLISHMENT_EXCLUDED"),
        ("GrowthFormScope", "TARGET_GROWTH_FORM_EXCLUDED"),
    )
)
AREAS = tuple(
    ECO + name
    for name in (
        "geospatialScopeAreaValue",
        "geospatialScopeAreaUnit",
        "totalAreaSampledValue",
        "totalAreaSampledUnit",
    )
)


def _announced(flag_term: str, list_term: str) -> RowTest:
    flag_name = term_name(flag_term)

    def test(flag: str, items: str) -> Finding | None:
        if not items.strip() or as_boolean(flag) is not False:
            return None
        return Finding(items, term=list_term, params={"flag": flag_name})

    return test


def _excluded(target_term: str, excluded_term: str) -> RowTest:
    target_name = term_name(target_term)

    def test(target: str, excluded: str) -> Finding | None:
        if not set(scope_names(target)).intersection(scope_names(excluded)):
            return None
        return Finding(excluded, term=excluded_term, params={"target": target_name})

    return test


def area_finding(scope: str, scope_unit: str, sampled: str, sampled_unit: str) -> Finding | None:
    """A geospatial scope area smaller than the total area sampled, both numbers in the same
    unit (GBIF compares only then: it does not convert units)."""
    low, high = values.number(scope), values.number(sampled)
    if low is None or high is None or not scope_unit.strip():
        return None
    if scope_unit.strip().lower() != sampled_unit.strip().lower() or low >= high:
        return None
    return Finding(scope, params={"sampled": sampled})


declare(
    Check(
        "humboldt-list-contradicted",
        severity=WARNING,
        title=gettext_noop("A Humboldt list is given while its yes/no term says false."),
        message=gettext_noop(
            '%(term)s "%(value)s" is given, but %(flag)s is false. Set %(flag)s to true, or '
            "leave %(term)s empty."
        ),
        rule=gettext_noop(
            "GBIF flags HAS_NON_TARGET_TAXA_MISMATCH and HAS_MATERIAL_SAMPLES_MISMATCH "
            "(EventIssue, INFO)."
        ),
        uses=pairs_uses(ANNOUNCED, _announced, both=True),
    )
)
declare(
    Check(
        "humboldt-scope-excluded",
        severity=WARNING,
        title=gettext_noop("A Humboldt scope excludes what it targets."),
        message=gettext_noop(
            '%(term)s "%(value)s" names what %(target)s includes. Remove it from one of them.'
        ),
        rule=gettext_noop(
            "GBIF flags TARGET_TAXONOMIC_SCOPE_EXCLUDED, TARGET_HABITAT_SCOPE_EXCLUDED, "
            "TARGET_LIFE_STAGE_SCOPE_EXCLUDED, TARGET_DEGREE_OF_ESTABLISHMENT_EXCLUDED and "
            "TARGET_GROWTH_FORM_EXCLUDED (EventIssue, INFO)."
        ),
        uses=pairs_uses(SCOPES, _excluded, both=True),
    )
)
declare(
    Check(
        "humboldt-area-smaller",
        severity=WARNING,
        title=gettext_noop("A geospatial scope is smaller than the area sampled in it."),
        message=gettext_noop(
            'geospatialScopeAreaValue "%(value)s" is smaller than totalAreaSampledValue '
            "%(sampled)s in the same unit, yet the area sampled lies within the scope. Check "
            "both values."
        ),
        rule=gettext_noop(
            "GBIF flags GEOSPATIAL_SCOPE_AREA_LOWER_THAN_TOTAL_AREA_SAMPLED (EventIssue, INFO) "
            "when both areas have the same unit."
        ),
        uses=together(AREAS, area_finding, row_types=(HUMBOLDT,), requires=AREAS[::2]),
    )
)
