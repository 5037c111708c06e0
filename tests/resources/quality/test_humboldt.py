"""Checks of the Humboldt (Ecological Inventory) extension (resources.quality.humboldt)."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from catalogue import definitions as cat
from catalogue.definitions.builtin import builtin_vocabularies
from resources.dwca.model import ArchiveFile, Part
from resources.quality.declarations import CHECKS, message_of
from resources.quality.humboldt import (
    BOOLEANS,
    COUNTS,
    DECIMALS,
    HUMBOLDT,
    PAIRS,
    as_boolean,
    humboldt_consistency,
)
from resources.quality.humboldt.agreement import ANNOUNCED, SCOPES
from tests.conftest import HUMBOLDT as HUMBOLDT_XML
from tests.conftest import TEST_DATA

ECO = "http://rs.tdwg.org/eco/terms/"
DWC = "http://rs.tdwg.org/dwc/terms/"
SAMPLE = (
    TEST_DATA
    / "datasets"
    / "extension-samples"
    / "humboldt-broke-west-fish"
    / "2024-05-14_humboldt.txt"
)
ROW_CODES = (
    "humboldt-unit-missing",
    "humboldt-value-missing",
    "humboldt-number-invalid",
    "humboldt-count-invalid",
    "humboldt-boolean-invalid",
    "humboldt-list-contradicted",
    "humboldt-scope-excluded",
    "humboldt-area-smaller",
)
BOOLEAN_LINK = "vocabulary/basic/boolean"


def official():
    return cat.parse_extension(HUMBOLDT_XML.read_bytes())


def term(name: str) -> str:
    return name if ":" in name else (DWC if name in DWC_NAMES else ECO) + name


DWC_NAMES = {
    "eventType",
    "occurrenceStatus",
    "organismQuantity",
    "individualCount",
    "scientificName",
    "kingdom",
    "family",
    "genus",
    "parentEventID",
}


def humboldt_file(names, rows=(), *, source="humboldt.csv", **extra) -> ArchiveFile:
    """A Humboldt file mapping ``names``; ``rows`` are (event, {name: value}) in order."""
    return data_file(HUMBOLDT, "humboldt.txt", names, rows, source=source, **extra)


def data_file(row_type, filename, names, rows, *, source="source.csv", core=False, **extra):
    terms = [term(n) for n in names]
    cells = [
        (line, event, [values.get(n, "") for n in names])
        for line, (event, values) in enumerate(rows, 2)
    ]
    part = Part(source=source, rows=lambda: iter(cells))
    return ArchiveFile(row_type, filename, terms, [part], core=core, **extra)


def row_findings(code: str, file: ArchiveFile, rows: list[dict[str, str]]):
    """(term name, value, suggestion) of each finding of the row check ``code``."""
    found = []
    for use in CHECKS[code].uses(file):
        for values in rows:
            read = [values.get(t, "") for t in use.terms]
            if not use.on_empty and not any(read):
                continue  # the engine does not run a test on empty values
            finding = use.test(*read)
            if finding is not None:
                where = finding.term or use.terms[0]
                found.append((where.rsplit("/", 1)[1], finding.value, finding.suggestion))
    return found


def one_row(code: str, **values: str):
    file = humboldt_file(list(values))
    return row_findings(code, file, [{term(k): v for k, v in values.items()}])


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


# --- the Humboldt sample --------------------------------------------------------------------


def sample_file() -> tuple[ArchiveFile, list[dict[str, str]]]:
    """The BROKE-West sample as a publisher would map it: each column named after a property
    of the extension goes to that term (``ecoiri:…``, ``samplingProtocol`` and the misspelt
    ``compilationType``/``protocolDescription`` map to nothing)."""
    properties = {p.name: p.qual_name for p in official().properties}
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, data = rows[0], rows[1:]
    mapped = [(i, properties[name]) for i, name in enumerate(header) if name in properties]
    terms = [qual for _i, qual in mapped]
    cells = [(line, row[0], [row[i] for i, _q in mapped]) for line, row in enumerate(data, 2)]
    part = Part(source=SAMPLE.name, rows=lambda: iter(cells))
    values = [dict(zip(terms, c, strict=True)) for _line, _id, c in cells]
    return ArchiveFile(HUMBOLDT, "humboldt.txt", terms, [part]), values


def test_the_sample_maps_29_terms_of_the_extension():
    file, values = sample_file()
    assert len(file.terms) == 29 and len(values) == 1376
    assert ECO + "eventDurationUnit" in file.terms
    assert ECO + "eventDurationValue" not in file.terms


def test_the_sample_has_only_its_duration_unit_without_a_value():
    file, values = sample_file()
    found = Counter()
    for code in ROW_CODES:
        for where, value, _suggestion in row_findings(code, file, values):
            found[(code, where, value)] += 1
    assert found == {("humboldt-value-missing", "eventDurationUnit", "minutes"): 1375}


def test_the_sample_without_occurrences_gets_no_consistency_findings():
    file, _values = sample_file()
    found = []
    humboldt_consistency([file], lambda **kw: found.append(kw))
    assert found == []


def test_the_sample_flags_occurrences_outside_the_scope_of_a_closed_event():
    file, _values = sample_file()
    occurrences = data_file(
        DWC + "Occurrence",
        "occurrence.txt",
        ["scientificName", "family", "occurrenceStatus"],
        [
            # RMT_002 says hasNonTargetTaxa false; its scope is the 6 fish families.
            (
                "BROKE_WEST_RMT_002",
                {"scientificName": "Electrona antarctica", "family": "Myctophidae"},
            ),
            (
                "BROKE_WEST_RMT_002",
                {"scientificName": "Galiteuthis glacialis", "family": "Cranchiidae"},
            ),
            # RMT_001 says hasNonTargetTaxa true: its squid is declared.
            (
                "BROKE_WEST_RMT_001",
                {"scientificName": "Galiteuthis glacialis", "family": "Cranchiidae"},
            ),
        ],
    )
    found = []
    humboldt_consistency([file, occurrences], lambda **kw: found.append(kw))
    # 55 events say isAbundanceReported true; these occurrences carry no counts.
    assert Counter(kw["check"] for kw in found) == {
        "humboldt-abundance-unreported": 55,
        "humboldt-non-target-taxon": 1,
    }
    outside = [kw for kw in found if kw["check"] == "humboldt-non-target-taxon"]
    assert outside == [
        {
            "file": "occurrence.txt",
            "source": "source.csv",
            "line": 3,
            "check": "humboldt-non-target-taxon",
            "value": "Galiteuthis glacialis",
            "term": DWC + "scientificName",
        }
    ]


# --- consistency with the occurrences, hand-made cases ---------------------------------------


def occurrence_file(rows, names=("occurrenceStatus", "individualCount", "scientificName")):
    return data_file(DWC + "Occurrence", "occurrence.txt", list(names), rows)


def consistency(*files):
    found = []
    humboldt_consistency(list(files), lambda **kw: found.append(kw))
    return [(kw["file"], kw["line"], kw["check"], kw["value"], kw["term"]) for kw in found]


def test_absence_reported_without_an_absent_occurrence_warns_once_per_event():
    inventory = humboldt_file(
        ["isAbsenceReported"],
        [("e1", {"isAbsenceReported": "false"}), ("e1", {"isAbsenceReported": "true"})],
    )
    occurrences = occurrence_file([("e1", {"occurrenceStatus": "present"})])
    assert consistency(inventory, occurrences) == [
        ("humboldt.txt", 3, "humboldt-absence-unreported", "e1", ECO + "isAbsenceReported")
    ]
    assert (
        message_of("humboldt-absence-unreported", "e1")
        == 'Event "e1" says isAbsenceReported true, but none of its occurrences has '
        "occurrenceStatus absent. Publish the absences as occurrences with occurrenceStatus "
        "absent, or set isAbsenceReported to false."
    )


def test_absence_reported_with_an_absent_occurrence_passes():
    inventory = humboldt_file(["isAbsenceReported"], [("e1", {"isAbsenceReported": "true"})])
    occurrences = occurrence_file(
        [("e1", {"occurrenceStatus": "present"}), ("e1", {"occurrenceStatus": "Absent"})]
    )
    assert consistency(inventory, occurrences) == []


def test_absence_reported_for_an_event_without_occurrences_warns():
    inventory = humboldt_file(["isAbsenceReported"], [("e2", {"isAbsenceReported": "yes"})])
    occurrences = occurrence_file([("e1", {"occurrenceStatus": "absent"})])
    assert consistency(inventory, occurrences) == [
        ("humboldt.txt", 2, "humboldt-absence-unreported", "e2", ECO + "isAbsenceReported")
    ]


def test_abundance_reported_without_quantities_warns():
    inventory = humboldt_file(
        ["isAbundanceReported"],
        [("e1", {"isAbundanceReported": "true"}), ("e2", {"isAbundanceReported": "true"})],
    )
    occurrences = occurrence_file(
        [("e1", {"scientificName": "Aa"}), ("e2", {"individualCount": "3"})]
    )
    assert consistency(inventory, occurrences) == [
        ("humboldt.txt", 2, "humboldt-abundance-unreported", "e1", ECO + "isAbundanceReported")
    ]


def test_abundance_reported_counts_organism_quantity_too():
    inventory = humboldt_file(["isAbundanceReported"], [("e1", {"isAbundanceReported": "true"})])
    occurrences = occurrence_file(
        [("e1", {"organismQuantity": "12"})], names=("organismQuantity", "scientificName")
    )
    assert consistency(inventory, occurrences) == []


def test_abundance_reported_without_a_quantity_term_mapped_warns():
    inventory = humboldt_file(["isAbundanceReported"], [("e1", {"isAbundanceReported": "true"})])
    occurrences = occurrence_file([("e1", {"scientificName": "Aa"})], names=("scientificName",))
    assert [c[2] for c in consistency(inventory, occurrences)] == ["humboldt-abundance-unreported"]


def closed_inventory(scope: str, has_non_target: str = "false", event: str = "e1"):
    return humboldt_file(
        ["targetTaxonomicScope", "hasNonTargetTaxa"],
        [(event, {"targetTaxonomicScope": scope, "hasNonTargetTaxa": has_non_target})],
    )


TAXON_TERMS = ("kingdom", "family", "genus", "scientificName")


def test_an_occurrence_outside_a_closed_scope_warns_with_its_most_specific_name():
    occurrences = occurrence_file(
        [
            ("e1", {"kingdom": "Animalia", "family": "Cranchiidae", "scientificName": ""}),
            ("e1", {"family": "Myctophidae", "scientificName": "Electrona antarctica"}),
            ("e1", {"genus": "Pleuragramma", "scientificName": "Pleuragramma antarctica"}),
        ],
        names=TAXON_TERMS,
    )
    assert consistency(closed_inventory("Myctophidae | Pleuragramma antarctica"), occurrences) == [
        ("occurrence.txt", 2, "humboldt-non-target-taxon", "Cranchiidae", DWC + "family")
    ]


def test_a_species_scope_covers_names_with_authorship_and_any_case():
    occurrences = occurrence_file(
        [("e1", {"scientificName": "galiteuthis glacialis Chun, 1906"})], names=TAXON_TERMS
    )
    assert consistency(closed_inventory("Galiteuthis glacialis"), occurrences) == []


def test_a_kingdom_scope_covers_every_occurrence_of_that_kingdom():
    occurrences = occurrence_file(
        [("e1", {"kingdom": "Plantae", "scientificName": "Quercus robur"})], names=TAXON_TERMS
    )
    assert consistency(closed_inventory("Plantae"), occurrences) == []


def test_the_scope_is_not_closed_when_non_target_taxa_are_declared_or_not_said():
    occurrences = occurrence_file([("e1", {"family": "Cranchiidae"})], names=TAXON_TERMS)
    assert consistency(closed_inventory("Myctophidae", "true"), occurrences) == []
    assert consistency(closed_inventory("Myctophidae", ""), occurrences) == []


def test_occurrences_without_a_classification_are_not_compared():
    occurrences = occurrence_file([("e1", {"family": ""})], names=TAXON_TERMS)
    assert consistency(closed_inventory("Myctophidae"), occurrences) == []


def test_an_inventory_of_a_parent_event_covers_the_occurrences_of_its_children():
    core = data_file(
        DWC + "Event",
        "event.txt",
        ["parentEventID"],
        [("survey", {}), ("visit", {"parentEventID": "survey"}), ("other", {})],
        core=True,
    )
    inventory = humboldt_file(
        ["isAbsenceReported", "targetTaxonomicScope", "hasNonTargetTaxa"],
        [
            (
                "survey",
                {
                    "isAbsenceReported": "true",
                    "targetTaxonomicScope": "Aves",
                    "hasNonTargetTaxa": "false",
                },
            )
        ],
    )
    occurrences = occurrence_file(
        [
            ("visit", {"occurrenceStatus": "absent", "scientificName": "Aves"}),
            ("visit", {"scientificName": "Rattus rattus"}),
            ("other", {"scientificName": "Mus musculus"}),
        ],
        names=("occurrenceStatus", "scientificName"),
    )
    assert consistency(core, inventory, occurrences) == [
        ("occurrence.txt", 3, "humboldt-non-target-taxon", "Rattus rattus", DWC + "scientificName")
    ]


def test_nothing_is_compared_without_an_occurrence_file():
    inventory = humboldt_file(["isAbsenceReported"], [("e1", {"isAbsenceReported": "true"})])
    core = data_file(DWC + "Event", "event.txt", ["eventType"], [("e1", {})], core=True)
    assert consistency(core, inventory) == []


def test_the_consistency_checks_are_archive_checks():
    for code in (
        "humboldt-absence-unreported",
        "humboldt-abundance-unreported",
        "humboldt-non-target-taxon",
    ):
        assert CHECKS[code].scope == "archive"


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
