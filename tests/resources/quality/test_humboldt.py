"""The row checks of the Humboldt extension (resources.quality.humboldt)."""

from __future__ import annotations

import pytest

from catalogue import definitions as cat
from catalogue.definitions.builtin import builtin_vocabularies
from resources.quality.declarations import CHECKS, message_of
from resources.quality.humboldt import (
    BOOLEANS,
    COUNTS,
    DECIMALS,
    PAIRS,
    as_boolean,
)
from resources.quality.humboldt.agreement import ANNOUNCED, SCOPES
from tests.resources.quality.humboldt_files import (
    BOOLEAN_LINK,
    DWC,
    ECO,
    ROW_CODES,
    data_file,
    humboldt_file,
    official,
    one_row,
    row_findings,
    term,
)

# --- the declarations agree with the extension ---------------------------------------------------


def test_the_value_unit_pairs_are_those_of_the_extension():
    names = {p.qual_name for p in official().properties}
    pairs = {
        (name, name.removesuffix("Value") + "Unit")
        for name in names
        if name.endswith("Value") and name.removesuffix("Value") + "Unit" in names
    }
    assert {(value, unit) for value, unit, _issue in PAIRS} == pairs
    assert len(pairs) == 4
    assert set(DECIMALS) == {value for value, _unit in pairs}


def test_the_booleans_are_the_properties_linked_to_the_boolean_vocabulary():
    linked = {p.qual_name for p in official().properties if BOOLEAN_LINK in p.thesaurus}
    assert set(BOOLEANS) == linked
    assert len(BOOLEANS) == 15


def test_the_counts_are_properties_of_the_extension():
    names = {p.qual_name for p in official().properties}
    assert set(COUNTS) <= names


def test_every_thesaurus_link_of_the_extension_resolves_to_a_builtin_vocabulary():
    builtin = {cat.link_key(source) for _v, source in builtin_vocabularies().values()}
    links = {p.thesaurus for p in official().properties if p.thesaurus}
    unresolved = sorted(link for link in links if cat.link_key(link) not in builtin)
    assert links == {"https://rs.gbif.org/vocabulary/basic/boolean.xml"}
    assert unresolved == []


def test_every_humboldt_check_is_a_warning_with_a_rule():
    codes = [code for code in CHECKS if code.startswith("humboldt-")]
    assert len(codes) == 11
    for code in codes:
        check = CHECKS[code]
        assert check.severity == "warning", code
        assert check.rule and "%(" not in check.title, code
    assert {CHECKS[c].scope for c in ROW_CODES} == {"row"}


# --- row checks ----------------------------------------------------------------------------------


def test_a_value_without_its_unit_warns():
    assert one_row("humboldt-unit-missing", samplingEffortValue="40", samplingEffortUnit="") == [
        ("samplingEffortValue", "40", None)
    ]
    assert (
        message_of("humboldt-unit-missing", "40", ECO + "samplingEffortValue", unit="X")
        == 'samplingEffortValue "40" has no X. Give the unit, such as km² or hours, or leave '
        "both empty."
    )


def test_a_value_with_its_unit_passes():
    assert one_row("humboldt-unit-missing", eventDurationValue="30", eventDurationUnit="min") == []
    assert one_row("humboldt-value-missing", eventDurationValue="30", eventDurationUnit="min") == []


def test_a_value_whose_unit_term_is_unmapped_warns():
    assert one_row("humboldt-unit-missing", totalAreaSampledValue="0.8") == [
        ("totalAreaSampledValue", "0.8", None)
    ]


def test_a_unit_without_its_value_warns_on_the_unit():
    assert one_row("humboldt-value-missing", geospatialScopeAreaUnit="km²") == [
        ("geospatialScopeAreaUnit", "km²", None)
    ]
    file = humboldt_file(["geospatialScopeAreaUnit"])
    (use,) = CHECKS["humboldt-value-missing"].uses(file)
    finding = use.test("", "km²")
    assert finding.params == {"other": "geospatialScopeAreaValue"}


def test_pair_checks_run_only_on_humboldt_files():
    event_core = data_file(DWC + "Event", "event.txt", ["samplingEffortValue"], [])
    assert list(CHECKS["humboldt-unit-missing"].uses(event_core)) == []


@pytest.mark.parametrize("value", ["abc", "4,5", "-1", "nan", "inf", "10 km"])
def test_a_value_that_is_not_a_number_of_zero_or_more_warns(value):
    assert one_row("humboldt-number-invalid", samplingEffortValue=value) == [
        ("samplingEffortValue", value, None)
    ]


@pytest.mark.parametrize("value", ["0", "4.5", "1900", "5e2", " 3 "])
def test_a_number_of_zero_or_more_passes(value):
    assert one_row("humboldt-number-invalid", eventDurationValue=value) == []


@pytest.mark.parametrize(
    ("value", "bad"), [("15", False), ("0", False), ("1.5", True), ("-2", True)]
)
def test_counts_are_whole_numbers_of_zero_or_more(value, bad):
    found = one_row("humboldt-count-invalid", siteCount=value)
    assert found == ([("siteCount", value, None)] if bad else [])


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [
        ("Y", "true"),
        ("yes", "true"),
        ("1", "true"),
        ("TRUE", "true"),
        ("N", "false"),
        ("No", "false"),
        ("0", "false"),
        ("False", "false"),
        ("maybe", None),
    ],
)
def test_a_boolean_not_written_true_or_false_warns_with_a_suggestion(value, suggestion):
    assert one_row("humboldt-boolean-invalid", isAbsenceReported=value) == [
        ("isAbsenceReported", value, suggestion)
    ]


def test_true_and_false_pass_on_every_boolean_term():
    names = [b.rsplit("/", 1)[1] for b in BOOLEANS]
    file = humboldt_file(names)
    assert row_findings("humboldt-boolean-invalid", file, [dict.fromkeys(BOOLEANS, "true")]) == []
    assert row_findings("humboldt-boolean-invalid", file, [dict.fromkeys(BOOLEANS, "false")]) == []
    assert len(row_findings("humboldt-boolean-invalid", file, [dict.fromkeys(BOOLEANS, "T")])) == 15


@pytest.mark.parametrize(
    "code", ["humboldt-number-invalid", "humboldt-count-invalid", "humboldt-boolean-invalid"]
)
def test_whitespace_only_counts_as_empty(code):
    file = humboldt_file(["samplingEffortValue", "siteCount", "hasVouchers"])
    for use in CHECKS[code].uses(file):
        assert use.test("  ") is None


def test_as_boolean_reads_the_usual_spellings():
    assert [as_boolean(v) for v in ("true", " Yes ", "n", "0", "", "x")] == [
        True,
        True,
        False,
        False,
        None,
        None,
    ]


def test_the_target_excluded_pairs_are_those_of_the_extension():
    names = {p.name for p in official().properties}
    pairs = {
        (ECO + name, ECO + "excluded" + name.removeprefix("target"))
        for name in names
        if name.startswith("target") and "excluded" + name.removeprefix("target") in names
    }
    assert {(target, excluded) for target, excluded, _issue in SCOPES} == pairs
    assert len(pairs) == 5


def test_the_announced_lists_are_terms_of_the_extension():
    names = {p.qual_name for p in official().properties}
    assert {term for flag, items, _issue in ANNOUNCED for term in (flag, items)} <= names


@pytest.mark.parametrize(
    ("flag", "items", "values", "found"),
    [
        ("hasNonTargetTaxa", "nonTargetTaxa", ("false", "Teuthida"), True),
        ("hasNonTargetTaxa", "nonTargetTaxa", ("no", "Teuthida"), True),
        ("hasNonTargetTaxa", "nonTargetTaxa", ("true", "Teuthida"), False),
        ("hasNonTargetTaxa", "nonTargetTaxa", ("false", ""), False),
        ("hasMaterialSamples", "materialSampleTypes", ("false", "tissue"), True),
        ("hasMaterialSamples", "materialSampleTypes", ("", "tissue"), False),
    ],
)
def test_a_list_its_yes_no_term_denies_warns(flag, items, values, found):
    result = one_row("humboldt-list-contradicted", **{flag: values[0], items: values[1]})
    assert result == ([(items, values[1], None)] if found else [])


def test_a_list_without_its_yes_no_term_mapped_is_not_checked():
    assert one_row("humboldt-list-contradicted", nonTargetTaxa="Teuthida") == []


def test_a_scope_that_excludes_what_it_targets_warns_on_the_excluded_term():
    assert one_row(
        "humboldt-scope-excluded",
        targetLifeStageScope="larvae | Adult",
        excludedLifeStageScope="adult",
    ) == [("excludedLifeStageScope", "adult", None)]
    assert (
        one_row(
            "humboldt-scope-excluded",
            targetHabitatScope="pelagic zone",
            excludedHabitatScope="benthic zone",
        )
        == []
    )


@pytest.mark.parametrize(
    ("scope", "scope_unit", "sampled", "sampled_unit", "found"),
    [
        ("0.5", "km²", "0.8", "km²", True),
        ("0.5", "km²", "0.8", "KM²", True),
        ("25", "km²", "0.8", "km²", False),
        ("0.5", "km²", "800", "m²", False),  # different units: not compared, as GBIF does
        ("0.5", "", "0.8", "", False),
        ("abc", "km²", "0.8", "km²", False),
    ],
)
def test_a_scope_area_smaller_than_the_area_sampled_warns(
    scope, scope_unit, sampled, sampled_unit, found
):
    result = one_row(
        "humboldt-area-smaller",
        geospatialScopeAreaValue=scope,
        geospatialScopeAreaUnit=scope_unit,
        totalAreaSampledValue=sampled,
        totalAreaSampledUnit=sampled_unit,
    )
    assert result == ([("geospatialScopeAreaValue", scope, None)] if found else [])


BAD_ROW = {
    "samplingEffortValue": "abc",
    "eventDurationUnit": "min",
    "siteCount": "1.5",
    "isAbsenceReported": "Y",
    "hasNonTargetTaxa": "false",
    "nonTargetTaxa": "Teuthida",
    "targetTaxonomicScope": "Teuthida",
    "excludedTaxonomicScope": "teuthida",
    "geospatialScopeAreaValue": "1",
    "geospatialScopeAreaUnit": "km²",
    "totalAreaSampledValue": "2",
    "totalAreaSampledUnit": "km²",
}


@pytest.mark.parametrize("code", ROW_CODES)
def test_each_row_check_finds_the_bad_row_and_fills_in_its_message(code):
    file = humboldt_file(list(BAD_ROW))
    values = {term(k): v for k, v in BAD_ROW.items()}
    messages = []
    for use in CHECKS[code].uses(file):
        finding = use.test(*(values.get(t, "") for t in use.terms))
        if finding is not None:
            where = finding.term or use.terms[0]
            text = message_of(code, finding.value, where, **finding.params)
            messages.append((text, finding.value))
    assert messages, code
    for text, value in messages:
        assert "%(" not in text and '"%s"' % value in text
