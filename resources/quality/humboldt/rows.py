"""The row checks of the Humboldt extension: value/unit pairs, numbers and booleans.

GBIF interprets the extension in ``HumboldtInterpreter`` (gbif/pipelines) and flags problems as
EventIssues of severity INFO (registry-harvest-contract C.5). They are warnings here: GBIF
publishes the event but drops the value it could not read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .. import values
from ..declarations import (
    WARNING,
    Check,
    FileLike,
    Finding,
    RowTest,
    Use,
    UsesFn,
    claim,
    declare,
    each,
    gettext_noop,
    term_name,
    together,
)

ECO = "http://rs.tdwg.org/eco/terms/"
DWC = "http://rs.tdwg.org/dwc/terms/"
HUMBOLDT = ECO + "Event"

# Every XValue/XUnit pair of humboldt_2025-07-10.xml (a test compares with the file), each with
# the EventIssue GBIF raises when the value has no unit.
PAIRS: tuple[tuple[str, str, str], ...] = tuple(
    (ECO + name + "Value", ECO + name + "Unit", issue)
    for name, issue in (
        ("geospatialScopeArea", "GEOSPATIAL_SCOPE_AREA_UNIT_MISSING"),
        ("totalAreaSampled", "TOTAL_AREA_SAMPLED_UNIT_MISSING"),
        ("eventDuration", "EVENT_DURATION_UNIT_MISSING"),
        ("samplingEffort", "SAMPLING_EFFORT_UNIT_MISSING"),
    )
)
# GBIF reads these as numbers of zero or more (interpretDouble) and flags *_VALUE_INVALID.
DECIMALS = tuple(value for value, _unit, _issue in PAIRS)
# GBIF reads these as whole numbers of zero or more (interpretInt): SITE_COUNT_INVALID and
# ABUNDANCE_CAP_INVALID.
COUNTS = (ECO + "siteCount", ECO + "abundanceCap")
# Every property of the extension linked to the boolean vocabulary (a test compares with the
# file); GBIF flags each as <NAME>_INVALID when it cannot read it.
BOOLEANS = tuple(
    ECO + name
    for name in (
        "isTaxonomicScopeFullyReported",
        "isAbsenceReported",
        "hasNonTargetTaxa",
        "areNonTargetTaxaFullyReported",
        "isLifeStageScopeFullyReported",
        "isDegreeOfEstablishmentScopeFullyReported",
        "isGrowthFormScopeFullyReported",
        "hasNonTargetOrganisms",
        "isAbundanceReported",
        "isAbundanceCapReported",
        "isVegetationCoverReported",
        "isLeastSpecificTargetCategoryQuantityInclusive",
        "hasVouchers",
        "hasMaterialSamples",
        "isSamplingEffortReported",
    )
)
claim(*DECIMALS, *COUNTS, *BOOLEANS)
SCOPE_DELIMITER = "|"  # how GBIF splits the items of a scope (extractListValue)
_MEANINGS = {"true": True, "false": False}


def as_boolean(value: str) -> bool | None:
    """What a boolean cell means: True or False for ``true``/``false`` and their usual
    spellings (``Y``/``N``, ``yes``/``no``, ``1``/``0``, ``t``/``f``, any case), else None."""
    return _MEANINGS.get(values.boolean_suggestion(value) or "")


def scope_names(value: str, delimiter: str = "") -> list[str]:
    """The lower-cased items of a scope value, split at ``|`` as GBIF does (and at the term's
    multi-value delimiter, when it has one)."""
    if delimiter:
        value = value.replace(delimiter, SCOPE_DELIMITER)
    return [part.strip().lower() for part in value.split(SCOPE_DELIMITER) if part.strip()]


# --- row checks ------------------------------------------------------------------------------


def pairs_uses(
    pairs: Iterable[tuple[str, str, str]],
    make_test: Callable[[str, str], RowTest],
    *,
    both: bool = False,
) -> UsesFn:
    """Where a test of two terms runs: once per pair (first, second, GBIF issue) of which the
    Humboldt file maps either term (or ``both``), with the test ``make_test(first, second)``."""
    per_pair = [
        together(
            (first, second),
            make_test(first, second),
            row_types=(HUMBOLDT,),
            requires=(first, second) if both else (),
        )
        for first, second, _issue in pairs
    ]

    def uses(file: FileLike) -> Iterable[Use]:
        return [use for pair in per_pair for use in pair(file)]

    return uses


def _unit_missing(_value_term: str, unit_term: str) -> RowTest:
    unit_name = term_name(unit_term)

    def test(value: str, unit: str) -> Finding | None:
        if values.blank(value) or not values.blank(unit):
            return None
        return Finding(value, params={"unit": unit_name})

    return test


def _value_missing(value_term: str, unit_term: str) -> RowTest:
    value_name = term_name(value_term)

    def test(value: str, unit: str) -> Finding | None:
        if values.blank(unit) or not values.blank(value):
            return None
        return Finding(unit, term=unit_term, params={"other": value_name})

    return test


def decimal_finding(value: str) -> Finding | None:
    """A number of zero or more (``0.8``, ``1900``, ``5.5e2``), as GBIF reads the values of
    the value/unit pairs; anything else but blanks is a finding."""
    if values.blank(value):
        return None
    number = values.number(value)
    return None if number is not None and number >= 0 else Finding(value)


def count_finding(value: str) -> Finding | None:
    """A whole number of zero or more (``1``, ``15``), as GBIF reads siteCount and
    abundanceCap; anything else but blanks is a finding."""
    digits = value.strip().removeprefix("+")
    whole = digits.isascii() and digits.isdigit()
    return None if values.blank(value) or whole else Finding(value)


def boolean_finding(value: str) -> Finding | None:
    """``true`` or ``false`` exactly (or blank); usual spellings of them are findings with
    the right word as the suggested translation, anything else a finding without one."""
    if value in ("true", "false") or values.blank(value):
        return None
    meaning = as_boolean(value)
    return Finding(value, suggestion=None if meaning is None else str(meaning).lower())


declare(
    Check(
        "humboldt-unit-missing",
        severity=WARNING,
        title=gettext_noop("A Humboldt value has no unit."),
        message=gettext_noop(
            '%(term)s "%(value)s" has no %(unit)s. Give the unit, such as km² or hours, or '
            "leave both empty."
        ),
        rule=gettext_noop(
            "GBIF flags EVENT_DURATION_UNIT_MISSING, GEOSPATIAL_SCOPE_AREA_UNIT_MISSING, "
            "SAMPLING_EFFORT_UNIT_MISSING and TOTAL_AREA_SAMPLED_UNIT_MISSING (EventIssue, "
            "INFO): the number cannot be compared without its unit."
        ),
        uses=pairs_uses(PAIRS, _unit_missing),
    )
)
declare(
    Check(
        "humboldt-value-missing",
        severity=WARNING,
        title=gettext_noop("A Humboldt unit has no value."),
        message=gettext_noop(
            '%(term)s "%(value)s" has no %(other)s. Give the value, or leave both empty.'
        ),
        rule=gettext_noop(
            "Toolkit choice: GBIF flags only a value without its unit, but a unit alone says "
            "nothing about the inventory and usually means the value column was not mapped."
        ),
        uses=pairs_uses(PAIRS, _value_missing),
    )
)
declare(
    Check(
        "humboldt-number-invalid",
        severity=WARNING,
        title=gettext_noop("A Humboldt value is not a number of zero or more."),
        message=gettext_noop(
            '%(term)s "%(value)s" is not a number of zero or more. Write the number alone, such '
            "as 0.8 or 1900, and its unit in the matching unit term."
        ),
        rule=gettext_noop(
            "GBIF flags GEOSPATIAL_SCOPE_AREA_VALUE_INVALID, TOTAL_AREA_SAMPLED_VALUE_INVALID, "
            "EVENT_DURATION_VALUE_INVALID and SAMPLING_EFFORT_VALUE_INVALID (EventIssue, INFO) "
            "and leaves the value out."
        ),
        uses=each(DECIMALS, decimal_finding, row_types=(HUMBOLDT,)),
    )
)
declare(
    Check(
        "humboldt-count-invalid",
        severity=WARNING,
        title=gettext_noop("A Humboldt count is not a whole number of zero or more."),
        message=gettext_noop(
            '%(term)s "%(value)s" is not a whole number of zero or more. Write the count alone, '
            "such as 1 or 15."
        ),
        rule=gettext_noop(
            "GBIF flags SITE_COUNT_INVALID and ABUNDANCE_CAP_INVALID (EventIssue, INFO) and "
            "leaves the value out."
        ),
        uses=each(COUNTS, count_finding, row_types=(HUMBOLDT,)),
    )
)
declare(
    Check(
        "humboldt-boolean-invalid",
        severity=WARNING,
        title=gettext_noop("A Humboldt yes/no term is not written true or false."),
        message=gettext_noop(
            '%(term)s "%(value)s" is not true or false. Write true or false, or translate the '
            "value in the mapping."
        ),
        rule=gettext_noop(
            "GBIF flags IS_ABSENCE_REPORTED_INVALID, HAS_NON_TARGET_TAXA_INVALID and the other "
            "*_INVALID issues of the extension's booleans (EventIssue, INFO) for values it cannot "
            "read, and reads a value it can (yes, Y, 1) as false unless it is true."
        ),
        uses=each(BOOLEANS, boolean_finding, row_types=(HUMBOLDT,)),
    )
)
