"""The value rules and the new row checks built on them (null tokens, booleans, types,
vocabulary spellings)."""

from __future__ import annotations

import pytest

from resources.dwca.model import ArchiveFile
from resources.quality import values
from resources.quality.rows import DWC, EVENT, OCCURRENCE, RowChecks

ECO = "http://rs.tdwg.org/eco/terms/"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", "true"), ("FALSE", "false"), ("Y", None), ("yes", None), ("1", None), ("", None)],
)
def test_a_boolean_is_true_or_false_in_any_case(value, expected):
    assert values.boolean(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Y", "true"),
        ("n", "false"),
        ("Yes", "true"),
        ("no", "false"),
        ("1", "true"),
        ("0", "false"),
        ("True", "true"),
        ("maybe", None),
    ],
)
def test_boolean_spellings_suggest_the_darwin_core_value(value, expected):
    assert values.boolean_suggestion(value) == expected


@pytest.mark.parametrize("value", ["NULL", "null", "\\N", "NA", "-", "N/A"])
def test_null_tokens_are_recognised(value):
    assert values.is_null_token(value)


def test_na_is_namibia_in_country_code():
    assert not values.is_null_token("NA", DWC + "countryCode")
    assert values.is_null_token("NA", DWC + "locality")


@pytest.mark.parametrize(
    ("value", "fits"),
    [("12.5", True), ("-3", True), ("1,5", False), ("NaN", False), ("inf", False), ("", True)],
)
def test_decimal_values(value, fits):
    assert values.value_fits_type("decimal", value) is fits


def test_case_variants_name_the_identifier():
    assert values.case_variant("Present", ["present", "absent"]) == "present"
    assert values.case_variant("present", ["present", "absent"]) is None
    assert values.case_variant("gone", ["present", "absent"]) is None


def _checks(*terms: str, row_type: str = EVENT, **extra) -> RowChecks:
    return RowChecks(ArchiveFile(row_type, "f.txt", list(terms), [], **extra))


def test_null_tokens_are_flagged_in_any_term_with_an_empty_translation():
    checks = _checks(DWC + "eventID", DWC + "locality", DWC + "countryCode")
    flags = checks.check_cells(["E1", "NULL", "NA"])
    assert [(f.check, f.term, f.value, f.suggestion) for f in flags] == [
        ("null-token", DWC + "locality", "NULL", "")
    ]
    assert 'locality is "NULL"' in flags[0].message


def test_booleans_written_otherwise_are_warned_with_their_translation():
    term = DWC + "someBooleanTerm"
    checks = _checks(term, types={term: "boolean"})
    (flag,) = checks.check_cells(["Y"])
    assert (flag.check, flag.severity, flag.suggestion) == ("boolean-invalid", "warning", "true")
    assert checks.check_cells(["false"]) == ()


@pytest.mark.parametrize(
    ("kind", "good", "bad", "code"),
    [
        ("date", "2020-05-01", "05/01/2020", "date-invalid"),
        ("decimal", "1.5", "1,5", "number-invalid"),
        ("integer", "12", "12.5", "integer-invalid"),
        ("uri", "https://example.org/a", "example.org", "uri-invalid"),
    ],
)
def test_values_are_checked_by_their_property_type(kind, good, bad, code):
    term = DWC + "someTerm"
    checks = _checks(term, types={term: kind})
    assert checks.check_cells([good]) == ()
    assert [f.check for f in checks.check_cells([bad])] == [code]


def test_terms_with_their_own_checks_are_not_checked_twice_by_type():
    checks = _checks(DWC + "eventDate", types={DWC + "eventDate": "date"})
    assert [f.check for f in checks.check_cells(["yesterday"])] == ["event-date-invalid"]


def test_vocabulary_values_get_the_concept_they_probably_mean():
    term = DWC + "occurrenceStatus"
    checks = _checks(
        DWC + "occurrenceID",
        DWC + "basisOfRecord",
        term,
        row_type=OCCURRENCE,
        vocabularies={term: frozenset({"present", "absent"})},
        vocabulary_keys={term: {"present": "present", "absent": "absent"}},
    )
    (case,) = checks.check_cells(["o1", "HumanObservation", "Present"])
    assert (case.check, case.suggestion) == ("vocabulary-case", "present")
    (unknown,) = checks.check_cells(["o2", "HumanObservation", "ab sent"])
    assert (unknown.check, unknown.suggestion) == ("vocabulary-value", "absent")
    assert checks.check_cells(["o3", "HumanObservation", "absent"]) == ()
