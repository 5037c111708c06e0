"""Per-row publication checks (resources.quality.rows) and event dates (resources.quality.dates)."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from resources.dwca.model import ArchiveFile
from resources.quality import rows as checks_module
from resources.quality.dates import event_date_days, gbif_reads_date, parts_agree
from resources.quality.rows import (
    BASIS_OF_RECORD_VALUES,
    CHECKS,
    DWC,
    EVENT,
    OCCURRENCE,
    Flag,
    RowChecks,
    make_flag,
)
from tests.conftest import VOCABULARIES

ROOT = Path(__file__).resolve().parents[3]
BASIS_OF_RECORD_XML = VOCABULARIES / "dwc" / "basis_of_record_2024-02-19.xml"
MOF = "http://rs.iobis.org/obis/terms/ExtendedMeasurementOrFact"
BLOCKING = {
    "basis-of-record-unmapped",
    "basis-of-record-missing",
    "basis-of-record-unknown",
    "parent-event-self",
}


def uri(name: str) -> str:
    return name if ":" in name else DWC + name


def archive_file(*names: str, row_type: str = OCCURRENCE, **extra) -> ArchiveFile:
    return ArchiveFile(row_type, "data.txt", [uri(n) for n in names], [], **extra)


def row_checks(*names: str, row_type: str = OCCURRENCE, **extra) -> RowChecks:
    return RowChecks(archive_file(*names, row_type=row_type, **extra))


def row(**values: str) -> dict[str, str]:
    return {uri(name): value for name, value in values.items()}


def codes(flags) -> list[str]:
    return [flag.check for flag in flags]


OCCURRENCE_TERMS = ("occurrenceID", "basisOfRecord")
EVENT_TERMS = ("eventID", "parentEventID", "eventDate", "year", "month", "day")


def occurrence_checks(*names: str, **extra) -> RowChecks:
    return row_checks(*OCCURRENCE_TERMS, *names, **extra)


def occurrence_row(**values: str) -> dict[str, str]:
    return row(**{"occurrenceID": "occ-1", "basisOfRecord": "HumanObservation", **values})


def event_checks(*names: str, **extra) -> RowChecks:
    return row_checks(*names, row_type=EVENT, **extra)


# --- the check table ------------------------------------------------------------------------


class _Params(dict):
    def __missing__(self, key):
        return key.upper()


ROW_AND_FILE = [c for c in CHECKS.values() if c.scope != "archive"]


def test_every_check_has_a_severity_a_title_and_a_message_that_formats():
    for check in CHECKS.values():
        assert check.severity in ("error", "warning", "info"), check.code
        assert "%(" not in check.title and check.title.endswith("."), check.code
        text = check.message % _Params(value="V", term="T")
        assert "%(" not in text and text.rstrip("…").endswith("."), check.code
        assert check.rule.strip(), check.code


def test_exactly_the_blocking_row_and_file_checks_are_errors():
    assert {c.code for c in ROW_AND_FILE if c.severity == "error"} == BLOCKING


def test_codes_are_stable_kebab_case():
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)+", code) for code in CHECKS)


def test_flag_is_frozen_and_slotted():
    flag = make_flag("basis-of-record-missing", uri("basisOfRecord"), "")
    with pytest.raises(dataclasses.FrozenInstanceError):
        flag.value = "x"  # type: ignore[misc]
    assert not hasattr(flag, "__dict__")


def test_flag_message_names_the_value_and_the_term():
    flag = make_flag("vocabulary-value", uri("occurrenceStatus"), "presnt")
    assert flag == Flag(
        "vocabulary-value", "warning", uri("occurrenceStatus"), "presnt", flag.message
    )
    assert '"presnt"' in flag.message and flag.message.startswith("occurrenceStatus ")


def test_basis_of_record_values_are_those_of_the_gbif_vocabulary():
    text = BASIS_OF_RECORD_XML.read_text(encoding="utf-8")
    assert set(re.findall(r"dc:identifier='([^']+)'", text)) == set(BASIS_OF_RECORD_VALUES)


def test_the_checks_import_no_web_framework():
    guard = (
        "import importlib.abc, sys\n"
        "class Refuse(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('django', 'rest_framework', 'celery'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Refuse())\n"
        "import resources.quality.rows, resources.quality.dates\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", guard], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


STATUS = {uri("occurrenceStatus"): frozenset({"present", "absent"})}


# --- clean rows and which checks run --------------------------------------------------------

EVERYTHING = (
    *EVENT_TERMS,
    "decimalLatitude",
    "decimalLongitude",
    "sampleSizeValue",
    "sampleSizeUnit",
    "organismQuantity",
    "organismQuantityType",
    "occurrenceStatus",
    "scientificName",
)
CLEAN = dict(
    eventID="E1",
    parentEventID="E0",
    eventDate="2020-05-01T10:00:00+02:00",
    year="2020",
    month="5",
    day="1",
    decimalLatitude="55.6761",
    decimalLongitude="12.5683",
    sampleSizeValue="10",
    sampleSizeUnit="square metre",
    organismQuantity="3",
    organismQuantityType="individuals",
    occurrenceStatus="present",
    scientificName="Aus bus",
)


@pytest.mark.parametrize("row_type", [OCCURRENCE, EVENT])
def test_a_clean_row_gets_the_shared_empty_result(row_type):
    checks = row_checks(
        *OCCURRENCE_TERMS,
        *EVERYTHING,
        row_type=row_type,
        vocabularies={uri("occurrenceStatus"): frozenset({"present", "absent"})},
        required=frozenset({uri("scientificName"), uri("eventDate")}),
    )
    values = occurrence_row(**CLEAN)
    first, second = checks.check(values), checks.check(dict(values))
    assert first == () and first is second
    assert checks.file_flags() == []


def test_active_lists_every_check_that_runs_on_an_occurrence_file():
    checks = occurrence_checks(
        *EVERYTHING,
        vocabularies={uri("occurrenceStatus"): frozenset({"present"})},
        required=frozenset({uri("scientificName")}),
    )
    expected = [
        "basis-of-record-unmapped",
        "basis-of-record-missing",
        "basis-of-record-unknown",
        "basis-of-record-case",
        "event-date-invalid",
        "event-date-not-read-by-gbif",
        "event-date-disagrees",
        "coordinates-out-of-range",
        "coordinates-zero",
        "coordinate-missing-pair",
        "sample-size-not-number",
        "sample-size-unit-missing",
        "sample-size-value-missing",
        "organism-quantity-type-missing",
        "organism-quantity-missing",
        "vocabulary-value",
        "required-unmapped",
        "required-empty",
        "null-token",
    ]
    assert checks.active == expected


def test_active_lists_the_event_checks_in_table_order():
    checks = event_checks(*EVENT_TERMS)
    assert checks.active == [
        "parent-event-self",
        "event-date-invalid",
        "event-date-not-read-by-gbif",
        "event-date-disagrees",
        "null-token",
    ]


def test_no_check_runs_on_a_file_without_the_terms():
    checks = row_checks("measurementType", "measurementValue", row_type=MOF)
    assert checks.active == ["null-token"]  # every value is looked at for placeholders
    assert checks.check(row(measurementType="length", measurementValue="x")) == ()
    assert checks.file_flags() == []


def test_terms_read_are_the_terms_the_running_checks_need():
    checks = event_checks(
        *EVENT_TERMS,
        "decimalLatitude",
        "locality",
        "countryCode",
        "sampleSizeUnit",
        vocabularies={uri("countryCode"): frozenset({"dk"}), uri("sex"): frozenset({"male"})},
        required=frozenset({uri("eventID"), uri("footprintWKT")}),
    )
    # Null placeholders are looked for in every value, so every mapped term is read.
    expected = {*EVENT_TERMS, "decimalLatitude", "locality", "countryCode", "sampleSizeUnit"}
    assert checks.terms_read == {uri(name) for name in expected}


def test_a_row_of_only_the_terms_read_gets_the_same_flags():
    checks = occurrence_checks(
        *EVERYTHING,
        "locality",
        vocabularies=STATUS,
        required=frozenset({uri("scientificName")}),
    )
    rows = [
        occurrence_row(**CLEAN, locality="x"),
        row(**CLEAN, locality="", basisOfRecord="bad", occurrenceID=""),
        occurrence_row(**CLEAN | {"eventDate": "2020-02-30", "decimalLatitude": "0"}),
        occurrence_row(**CLEAN | {"year": "1999", "sampleSizeUnit": "", "scientificName": ""}),
    ]
    for values in rows:
        read = {term: value for term, value in values.items() if term in checks.terms_read}
        assert list(checks.check(read)) == list(checks.check(values))


@pytest.mark.parametrize(
    "values",
    [
        CLEAN,
        CLEAN | {"decimalLatitude": "95", "year": "1999", "sampleSizeUnit": ""},
        CLEAN | {"eventDate": "2020-13", "organismQuantityType": "", "occurrenceStatus": "x"},
        {"occurrenceID": "", "basisOfRecord": "", "scientificName": ""},
    ],
)
def test_cells_in_term_order_get_the_same_flags_as_a_row(values):
    checks = occurrence_checks(
        *EVERYTHING, vocabularies=STATUS, required=frozenset({uri("scientificName")})
    )
    values = row(**{"occurrenceID": "o1", "basisOfRecord": "HumanObservation", **values})
    cells = tuple(values.get(term, "") for term in checks.file.terms)
    assert list(checks.check_cells(cells)) == list(checks.check(values))
    if values == occurrence_row(**CLEAN):
        assert checks.check_cells(cells) is checks.check(values) == ()


def test_cells_of_a_file_lacking_one_term_of_a_pair():
    checks = event_checks("sampleSizeUnit", "decimalLongitude", "organismQuantity", "eventDate")
    flags = checks.check_cells(["m2", "10", "3", "2020-05-01"])
    assert codes(flags) == [
        "coordinate-missing-pair",
        "sample-size-value-missing",
        "organism-quantity-type-missing",
    ]


def test_the_flags_of_one_row_add_up():
    checks = occurrence_checks("eventDate", "decimalLatitude", "decimalLongitude")
    flags = checks.check(
        row(occurrenceID="", basisOfRecord="Specimen", eventDate="2021-02-30", decimalLatitude="0")
    )
    assert codes(flags) == [
        "basis-of-record-unknown",
        "event-date-invalid",
        "coordinate-missing-pair",
    ]
    assert [f.severity for f in flags] == ["error", "warning", "warning"]


# --- file-level flags -----------------------------------------------------------------------


@pytest.mark.parametrize("core", [True, False])
def test_an_occurrence_file_without_basis_of_record_fails_once(core):
    checks = RowChecks(ArchiveFile(OCCURRENCE, "o.txt", [uri("occurrenceID")], [], core=core))
    (flag,) = checks.file_flags()
    assert (flag.check, flag.severity, flag.term) == (
        "basis-of-record-unmapped",
        "error",
        uri("basisOfRecord"),
    )
    assert checks.check(row(occurrenceID="o1")) == ()
    assert "basis-of-record-missing" not in checks.active


def test_an_occurrence_file_mapping_neither_gets_the_basis_of_record_flag_only():
    # Identifiers are judged across rows by the archive builder (GBIF's identifier rule).
    assert codes(row_checks("scientificName").file_flags()) == ["basis-of-record-unmapped"]


def test_event_files_need_neither_basis_of_record_nor_occurrence_id():
    assert event_checks("eventID").file_flags() == []


def test_required_terms_that_are_not_mapped_are_reported_once():
    checks = event_checks("eventID", required=frozenset({uri("eventDate"), uri("eventID")}))
    flags = checks.file_flags()
    assert [(f.check, f.severity, f.term) for f in flags] == [
        ("required-unmapped", "warning", uri("eventDate"))
    ]
    assert "required-empty" in checks.active


def test_unmapped_basis_of_record_is_not_also_reported_as_a_required_term():
    checks = row_checks(
        "occurrenceID", required=frozenset({uri("basisOfRecord"), uri("occurrenceID")})
    )
    assert codes(checks.file_flags()) == ["basis-of-record-unmapped"]


# --- basisOfRecord --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "HumanObservation",
        "humanobservation",
        "HUMANOBSERVATION",
        "HUMAN_OBSERVATION",
        "human_observation",
        " PreservedSpecimen ",
        "FossilSpecimen",
        "LivingSpecimen",
        "MachineObservation",
        "MATERIAL_SAMPLE",
        "MaterialEntity",
        "MaterialCitation",
        "Occurrence",
    ],
)
def test_basis_of_record_accepts_the_vocabulary_in_any_case_and_snake_case(value):
    # Accepted as the IPT and GBIF accept it; the vocabulary's spelling is offered.
    flags = occurrence_checks().check(occurrence_row(basisOfRecord=value))
    if value.strip() in BASIS_OF_RECORD_VALUES:
        assert flags == ()
        return
    (flag,) = flags
    assert (flag.check, flag.severity, flag.suggestion) == (
        "basis-of-record-case",
        "warning",
        "MaterialSample" if "sample" in value.lower() else "HumanObservation",
    )


def test_basis_of_record_in_the_vocabularys_spelling_passes():
    assert occurrence_checks().check(occurrence_row(basisOfRecord="HumanObservation")) == ()


@pytest.mark.parametrize(
    "value", ["Observation", "Specimen", "Event", "Taxon", "Human Observation", "HumanObs", "-"]
)
def test_basis_of_record_outside_the_vocabulary_blocks(value):
    flag, *placeholder = occurrence_checks().check(occurrence_row(basisOfRecord=value))
    assert [f.check for f in placeholder] == (["null-token"] if value == "-" else [])
    assert (flag.check, flag.severity, flag.term, flag.value) == (
        "basis-of-record-unknown",
        "error",
        uri("basisOfRecord"),
        value,
    )
    assert "HumanObservation" in flag.message


@pytest.mark.parametrize("value", ["", "  ", "\t"])
def test_empty_basis_of_record_blocks(value):
    assert codes(occurrence_checks().check(occurrence_row(basisOfRecord=value))) == [
        "basis-of-record-missing"
    ]


def test_a_row_without_basis_of_record_counts_as_empty():
    # A file concatenates parts; a part may not map every term of the file.
    assert codes(occurrence_checks().check(row(occurrenceID="o1"))) == ["basis-of-record-missing"]


def test_basis_of_record_is_checked_on_occurrence_extensions():
    file = ArchiveFile(OCCURRENCE, "occurrence.txt", [uri(t) for t in OCCURRENCE_TERMS], [])
    assert codes(RowChecks(file).check(occurrence_row(basisOfRecord="Observed"))) == [
        "basis-of-record-unknown"
    ]


def test_basis_of_record_is_not_checked_on_event_files():
    checks = event_checks("basisOfRecord")
    assert checks.check(row(basisOfRecord="Whatever")) == ()


def test_basis_of_record_is_not_checked_twice_when_given_as_a_vocabulary():
    checks = occurrence_checks(
        vocabularies={uri("basisOfRecord"): frozenset(v.lower() for v in BASIS_OF_RECORD_VALUES)}
    )
    assert codes(checks.check(occurrence_row(basisOfRecord="HUMAN_OBSERVATION"))) == [
        "basis-of-record-case"
    ]
    assert codes(checks.check(occurrence_row(basisOfRecord="x"))) == ["basis-of-record-unknown"]


def test_repeated_basis_of_record_values_keep_their_verdict():
    checks = occurrence_checks()
    for _ in range(3):
        assert codes(checks.check(occurrence_row(basisOfRecord="bad"))) == [
            "basis-of-record-unknown"
        ]
        assert checks.check(occurrence_row()) == ()


# --- occurrenceID and parentEventID ---------------------------------------------------------


@pytest.mark.parametrize("value", ["", " ", "\t ", "urn:catalog:X:1", "1", "occ 1"])
def test_occurrence_ids_are_judged_across_rows_not_per_row(value):
    assert occurrence_checks().check(occurrence_row() | row(occurrenceID=value)) == ()


def test_occurrence_id_is_not_required_of_event_rows():
    assert event_checks("occurrenceID").check(row(occurrenceID="")) == ()


def test_an_event_that_is_its_own_parent_blocks():
    (flag,) = event_checks(*EVENT_TERMS).check(row(eventID="E1", parentEventID="E1"))
    assert (flag.check, flag.severity, flag.term, flag.value) == (
        "parent-event-self",
        "error",
        uri("parentEventID"),
        "E1",
    )


@pytest.mark.parametrize(
    ("event_id", "parent"), [("E1", "E0"), ("E1", ""), ("", ""), ("e1", "E1"), ("E1", "E1 ")]
)
def test_an_event_with_another_or_no_parent_passes(event_id, parent):
    assert event_checks(*EVENT_TERMS).check(row(eventID=event_id, parentEventID=parent)) == ()


def test_parent_event_self_only_runs_on_event_files_mapping_both_terms():
    assert event_checks("parentEventID").check(row(parentEventID="E1")) == ()
    values = occurrence_row(eventID="E1", parentEventID="E1")
    assert occurrence_checks("eventID", "parentEventID").check(values) == ()


# --- sample size and organism quantity ------------------------------------------------------

SAMPLE_CASES = [
    ("10", "square metre", []),
    ("0.5", "minute", []),
    ("1e3", "m2", []),
    (" 25 ", "m2", []),
    ("", "", []),
    (" ", " ", []),
    ("10", "", ["sample-size-unit-missing"]),
    ("10", "  ", ["sample-size-unit-missing"]),
    ("", "m2", ["sample-size-value-missing"]),
    (" ", "m2", ["sample-size-value-missing"]),
    ("ten", "m2", ["sample-size-not-number"]),
    ("10 m2", "m2", ["sample-size-not-number"]),
    ("0", "m2", ["sample-size-not-number"]),
    ("-3", "m2", ["sample-size-not-number"]),
    ("nan", "m2", ["sample-size-not-number"]),
    ("inf", "m2", ["sample-size-not-number"]),
    ("ten", "", ["sample-size-not-number", "sample-size-unit-missing"]),
]


@pytest.mark.parametrize(("value", "unit", "expected"), SAMPLE_CASES)
def test_sample_size_value_and_unit(value, unit, expected):
    checks = event_checks("sampleSizeValue", "sampleSizeUnit")
    flags = checks.check(row(sampleSizeValue=value, sampleSizeUnit=unit))
    assert codes(flags) == expected
    assert all(f.severity == "warning" for f in flags)


def test_sample_size_flags_name_the_term_that_is_present():
    checks = event_checks("sampleSizeValue", "sampleSizeUnit")
    (unit_missing,) = checks.check(row(sampleSizeValue="10", sampleSizeUnit=""))
    (value_missing,) = checks.check(row(sampleSizeValue="", sampleSizeUnit="m2"))
    assert (unit_missing.term, unit_missing.value) == (uri("sampleSizeValue"), "10")
    assert (value_missing.term, value_missing.value) == (uri("sampleSizeUnit"), "m2")


def test_sample_size_runs_when_only_the_unit_is_mapped():
    checks = event_checks("sampleSizeUnit")
    assert codes(checks.check(row(sampleSizeUnit="m2"))) == ["sample-size-value-missing"]


@pytest.mark.parametrize(
    ("amount", "kind", "expected"),
    [
        ("3", "individuals", []),
        ("r", "Braun-Blanquet scale", []),  # not necessarily a number
        ("", "", []),
        (" ", "", []),
        ("3", "", ["organism-quantity-type-missing"]),
        ("3", " ", ["organism-quantity-type-missing"]),
        ("", "individuals", ["organism-quantity-missing"]),
        ("  ", "individuals", ["organism-quantity-missing"]),
    ],
)
def test_organism_quantity_and_type(amount, kind, expected):
    checks = occurrence_checks("organismQuantity", "organismQuantityType")
    flags = checks.check(occurrence_row(organismQuantity=amount, organismQuantityType=kind))
    assert codes(flags) == expected


# --- event dates ----------------------------------------------------------------------------

VALID_DATES = [
    "2020",
    "2020-05",
    "2020-05-01",
    "20200501",
    "2020-122",
    "2020-02-29",
    "2020-05-01T10:00:00+02:00",
    "2020-05-01T10:00:00Z",
    "2020-05-01T10:00Z",
    "2020-05-01T10:00",
    "2020-05-01T10",
    "2020-05-01T10:00:00.123Z",
    "2020-05-01T10:00:00,5-03:30",
    "2020-05-01T100000Z",
    "1963-03-08T14:07-0600",
    "2020-05-01T10:00:00-06",
    " 2020-05-01 ",
    "2020-01-01/2020-01-05",
    "2020-01-01/05",
    "2007-11-13/15",
    "2020-01-30/02-02",
    "2020-05/2020-06",
    "2020-05/06",
    "1900/1909",
    "2020-01-01/2021",
    "2020-01-01/2020-01-01",
    "2020-01-01T10:00/12:00",
    "2009-02-20T08:40Z/T09:10Z",
    "2007-03-01T13:00:00Z/2008-05-11T15:30:00Z",
    "2020-01-01T10:00+02:00/2020-01-01T09:30Z",
]
INVALID_DATES = [
    "2021-02-29",
    "2021-02-30",
    "2021-04-31",
    "2021-13-01",
    "2021-00",
    "2021-05-00",
    "2021-366",
    "0000",
    "20-05-01",
    "2020-5-1",
    "01/05/2020",
    "05.01.2020",
    "2020/01/01",
    "May 2020",
    "abc",
    "2020-01-01 10:00",
    "2020-01-01T",
    "2020-05T10:00",
    "2020T10:00",
    "2020-01-01T24:00",
    "2020-01-01T10:60",
    "2020-01-01T10:00:61",
    "2020-01-01T10:00+25:00",
    "2020-01-01T10:00+0",
    "2020-01-01T10:00:00.Z",
    "2020-01-01T1:00",
    "2020-01-05/2020-01-01",
    "2020-01-05/01",
    "2020-06/05",
    "2021/2020",
    "2020-01-01T10:00/09:00",
    "2020-01-01T10:00Z/2020-01-01T11:00+02:00",
    "2020-01-01/",
    "/2020-01-01",
    "2020-01-01/P3D",
    "2020-01-01/..",
    "２０２０",
    "2020-0²-01",
]


@pytest.mark.parametrize("value", VALID_DATES)
def test_iso_dates_date_times_and_intervals_pass(value):
    # Valid ISO 8601; a form GBIF's date parser does not read gets that warning instead.
    flags = event_checks("eventDate").check(row(eventDate=value))
    expected = [] if gbif_reads_date(value) else ["event-date-not-read-by-gbif"]
    assert codes(flags) == expected


@pytest.mark.parametrize("value", INVALID_DATES)
def test_invalid_or_impossible_event_dates_are_flagged(value):
    (flag,) = event_checks("eventDate").check(row(eventDate=value))
    assert (flag.check, flag.severity, flag.term, flag.value) == (
        "event-date-invalid",
        "warning",
        uri("eventDate"),
        value,
    )


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_event_date_is_not_checked(value):
    assert event_checks(*EVENT_TERMS).check(row(eventDate=value, year="1999")) == ()


def ordinal(text: str) -> int:
    return date.fromisoformat(text).toordinal()


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2020", "2020-01-01", "2020-12-31"),
        ("2020-02", "2020-02-01", "2020-02-29"),
        ("2021-02", "2021-02-01", "2021-02-28"),
        ("2020-05-01", "2020-05-01", "2020-05-01"),
        ("2020-032", "2020-02-01", "2020-02-01"),
        ("2020-05-01T23:30:00-05:00", "2020-05-01", "2020-05-01"),
        ("2020-01-01/05", "2020-01-01", "2020-01-05"),
        ("2020-01-30/02-02", "2020-01-30", "2020-02-02"),
        ("2020-05/07", "2020-05-01", "2020-07-31"),
        ("2019-12-30/2020", "2019-12-30", "2020-12-31"),
        ("2020-01-01T22:00/23:00", "2020-01-01", "2020-01-01"),
    ],
)
def test_event_date_days_cover_the_whole_period(value, first, last):
    assert event_date_days(value) == (ordinal(first), ordinal(last))


DATE_PARTS = [
    ("2020-05-01", "2020", "5", "1", True),
    ("2020-05-01", "2020", "05", "01", True),
    ("2020-05-01", " 2020 ", "", "", True),
    ("2020-05-01", "2020", "", "", True),
    ("2020-05-01", "", "5", "", True),
    ("2020-05-01", "2021", "", "", False),
    ("2020-05-01", "2020", "6", "", False),
    ("2020-05-01", "2020", "5", "2", False),
    ("2020-05-01", "", "", "2", False),
    ("2020-05-01", "abc", "", "", False),
    ("2020-05-01", "2020.0", "", "", False),
    ("2020-05-01", "2020", "13", "", False),
    ("2020-05-01", "2020", "5", "0", False),
    ("2020-05", "2020", "5", "17", True),
    ("2021-02", "2021", "2", "29", False),
    ("2020", "2020", "11", "30", True),
    ("2020", "2020", "11", "31", False),
    ("2020-05-01T23:30:00-05:00", "2020", "5", "1", True),
    ("2020-01-01/05", "2020", "1", "3", True),
    ("2020-01-01/05", "2020", "1", "5", True),
    ("2020-01-01/05", "2020", "1", "6", False),
    ("2019-12-30/2020-01-02", "2019", "", "", True),
    ("2019-12-30/2020-01-02", "2020", "1", "", True),
    ("2019-12-30/2020-01-02", "2020", "2", "", False),
    ("2019-12-30/2020-01-02", "2018", "", "", False),
    ("2020-02-01/2020-03-31", "", "2", "30", False),
    ("2020-02-01/2020-03-31", "", "3", "30", True),
    ("2020-02-01/2020-03-31", "", "", "30", True),
    ("2019-01-01/2021-12-31", "", "2", "29", True),
    ("2021-01-01/2021-12-31", "", "2", "29", False),
]


@pytest.mark.parametrize(("value", "year", "month", "day", "agrees"), DATE_PARTS)
def test_year_month_and_day_must_fall_inside_the_event_date(value, year, month, day, agrees):
    flags = event_checks(*EVENT_TERMS).check(row(eventDate=value, year=year, month=month, day=day))
    assert codes(flags) == ([] if agrees else ["event-date-disagrees"])


@pytest.mark.parametrize(("value", "year", "month", "day", "agrees"), DATE_PARTS)
def test_parts_agree_directly(value, year, month, day, agrees):
    assert parts_agree(event_date_days(value), year, month, day) is agrees


def test_a_disagreement_names_the_parts():
    (flag,) = event_checks(*EVENT_TERMS).check(
        row(eventDate="2020-05-01", year="2020", month="6", day="")
    )
    assert (flag.term, flag.value) == (uri("eventDate"), "2020-05-01")
    assert "year 2020, month 6" in flag.message


def test_an_invalid_event_date_is_not_also_said_to_disagree():
    flags = event_checks(*EVENT_TERMS).check(row(eventDate="2021-02-30", year="1999"))
    assert codes(flags) == ["event-date-invalid"]


def test_the_same_event_date_with_other_parts_is_judged_again():
    checks = event_checks(*EVENT_TERMS)
    for year, agrees in [("2020", True), ("2021", False), ("2020", True), ("2021", False)]:
        flags = checks.check(row(eventDate="2020-05-01", year=year, month="5", day="1"))
        assert codes(flags) == ([] if agrees else ["event-date-disagrees"])


def test_rows_alternating_parts_under_one_event_date_are_each_judged():
    checks = event_checks(*EVENT_TERMS)
    for day in [1, 2, 31, 1, 2, 31] * 2:
        values = row(eventDate="2020-01-01/2020-01-30", year="2020", month="1", day=str(day))
        assert codes(checks.check(values)) == ([] if day != 31 else ["event-date-disagrees"])


def test_parts_are_only_compared_when_the_file_maps_them():
    checks = event_checks("eventDate")
    assert "event-date-disagrees" not in checks.active
    assert checks.check(row(eventDate="2020-05-01", year="1999")) == ()


def test_a_file_mapping_only_the_year_compares_the_year():
    checks = event_checks("eventDate", "year")
    assert checks.check(row(eventDate="2020-05-01", year="2020")) == ()
    assert codes(checks.check(row(eventDate="2020-05-01", year="2019"))) == ["event-date-disagrees"]


# --- coordinates ----------------------------------------------------------------------------

LAT, LON = uri("decimalLatitude"), uri("decimalLongitude")


@pytest.mark.parametrize(
    ("latitude", "longitude", "expected"),
    [
        ("55.6761", "12.5683", []),
        ("-90", "180", []),
        ("90.0", "-180.0", []),
        ("0", "12", []),
        ("12", "0", []),
        ("", "", []),
        ("  ", "", []),
        ("91", "10", [("coordinates-out-of-range", LAT)]),
        ("-90.0001", "10", [("coordinates-out-of-range", LAT)]),
        ("10", "180.5", [("coordinates-out-of-range", LON)]),
        ("10", "-181", [("coordinates-out-of-range", LON)]),
        ("95", "200", [("coordinates-out-of-range", LAT), ("coordinates-out-of-range", LON)]),
        ("abc", "10", [("coordinates-out-of-range", LAT)]),
        ("45,3", "10", [("coordinates-out-of-range", LAT)]),
        ("45°N", "10", [("coordinates-out-of-range", LAT)]),
        ("nan", "10", [("coordinates-out-of-range", LAT)]),
        ("10", "inf", [("coordinates-out-of-range", LON)]),
        ("0", "0", [("coordinates-zero", "")]),
        ("0.0", "-0", [("coordinates-zero", "")]),
        ("45", "", [("coordinate-missing-pair", LAT)]),
        ("", "10", [("coordinate-missing-pair", LON)]),
        ("45", " ", [("coordinate-missing-pair", LAT)]),
        ("0", "", [("coordinate-missing-pair", LAT)]),
        ("95", "", [("coordinates-out-of-range", LAT), ("coordinate-missing-pair", LAT)]),
    ],
)
def test_coordinates(latitude, longitude, expected):
    checks = event_checks("decimalLatitude", "decimalLongitude")
    flags = checks.check(row(decimalLatitude=latitude, decimalLongitude=longitude))
    assert [(f.check, f.term) for f in flags] == expected
    assert all(f.severity == "warning" for f in flags)


def test_an_out_of_range_flag_gives_the_range_and_the_value():
    (flag,) = event_checks("decimalLatitude", "decimalLongitude").check(
        row(decimalLatitude="91", decimalLongitude="0")
    )
    assert flag.value == "91" and "-90 to 90" in flag.message


def test_zero_coordinates_show_both_values():
    (flag,) = event_checks("decimalLatitude", "decimalLongitude").check(
        row(decimalLatitude="0.0", decimalLongitude="0")
    )
    assert flag.value == "0.0, 0"


def test_a_file_mapping_only_latitude_flags_the_missing_longitude():
    checks = event_checks("decimalLatitude")
    assert codes(checks.check(row(decimalLatitude="45"))) == ["coordinate-missing-pair"]
    assert checks.check(row(decimalLatitude="")) == ()


# --- vocabularies and required terms --------------------------------------------------------


@pytest.mark.parametrize("value", ["present", "PRESENT", " Absent ", ""])
def test_vocabulary_values_match_ignoring_case(value):
    checks = occurrence_checks("occurrenceStatus", vocabularies=STATUS)
    assert checks.check(occurrence_row(occurrenceStatus=value)) == ()


@pytest.mark.parametrize("value", ["presnt", "present?", "1", "  x "])
def test_a_value_outside_the_vocabulary_is_flagged(value):
    checks = occurrence_checks("occurrenceStatus", vocabularies=STATUS)
    (flag,) = checks.check(occurrence_row(occurrenceStatus=value))
    assert (flag.check, flag.severity, flag.term, flag.value) == (
        "vocabulary-value",
        "warning",
        uri("occurrenceStatus"),
        value,
    )


def test_each_part_of_a_multi_value_term_is_checked():
    checks = occurrence_checks(
        "typeStatus",
        vocabularies={uri("typeStatus"): frozenset({"holotype", "paratype"})},
        delimiters={uri("typeStatus"): "|"},
    )
    assert checks.check(occurrence_row(typeStatus="Holotype | paratype")) == ()
    assert checks.check(occurrence_row(typeStatus="holotype||")) == ()
    assert codes(checks.check(occurrence_row(typeStatus="holotype|foo"))) == ["vocabulary-value"]


def test_every_vocabulary_term_is_checked_once():
    checks = event_checks(
        "countryCode",
        "sex",
        "eventType",
        vocabularies={
            uri("countryCode"): frozenset({"dk"}),
            uri("sex"): frozenset({"male"}),
            uri("eventType"): frozenset({"survey"}),
        },
    )
    flags = checks.check(row(countryCode="XX", sex="boy", eventType="Walk"))
    # eventType has a check of its own (GBIF's EventType vocabulary).
    assert [(f.check, f.value) for f in flags] == [
        ("vocabulary-value", "XX"),
        ("vocabulary-value", "boy"),
        ("event-type-unknown", "Walk"),
    ]


def test_a_vocabulary_of_an_unmapped_term_does_not_run():
    checks = event_checks("eventID", vocabularies=STATUS)
    assert "vocabulary-value" not in checks.active
    assert checks.check(row(eventID="E1", occurrenceStatus="x")) == ()


@pytest.mark.parametrize(("value", "flagged"), [("Aus bus", False), ("", True), ("  ", True)])
def test_required_terms_must_have_a_value(value, flagged):
    checks = occurrence_checks("scientificName", required=frozenset({uri("scientificName")}))
    flags = checks.check(occurrence_row(scientificName=value))
    assert [(f.check, f.severity, f.term) for f in flags] == (
        [("required-empty", "warning", uri("scientificName"))] if flagged else []
    )


def test_a_required_term_missing_from_the_row_is_empty():
    checks = event_checks("eventID", "eventDate", required=frozenset({uri("eventDate")}))
    assert codes(checks.check(row(eventID="E1"))) == ["required-empty"]


def test_basis_of_record_and_occurrence_id_are_not_flagged_twice_as_required():
    checks = occurrence_checks(required=frozenset({uri("basisOfRecord"), uri("occurrenceID")}))
    flags = checks.check(row(basisOfRecord="", occurrenceID=""))
    assert codes(flags) == ["basis-of-record-missing"]


# --- caches ---------------------------------------------------------------------------------


def test_caches_stay_bounded_and_right_when_full(monkeypatch):
    monkeypatch.setattr(checks_module, "CACHE_SIZE", 3)
    checks = occurrence_checks(
        *EVENT_TERMS,
        "sampleSizeValue",
        "sampleSizeUnit",
        "occurrenceStatus",
        vocabularies=STATUS,
    )
    for i in range(1, 29):
        good = occurrence_row(
            eventDate="2020-01-%02d" % i,
            year="2020",
            sampleSizeValue=str(i),
            sampleSizeUnit="m2",
            occurrenceStatus="present" if i % 2 else "Absent",
        )
        assert checks.check(good) == ()
        bad = good | row(eventDate="2020-02-%02d" % (i + 1), year="2019", occurrenceStatus="x")
        assert codes(checks.check(bad)) == ["event-date-disagrees", "vocabulary-value"]
    assert len(checks.caches) >= 6 and all(len(cache) <= 3 for cache in checks.caches)
