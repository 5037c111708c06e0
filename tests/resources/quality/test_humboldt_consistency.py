"""Humboldt claims against the occurrences of the same event, and the BROKE-West sample
(resources.quality.humboldt)."""

from __future__ import annotations

from collections import Counter

from resources.quality.declarations import CHECKS, message_of
from resources.quality.humboldt import humboldt_consistency
from tests.resources.quality.humboldt_files import (
    DWC,
    ECO,
    ROW_CODES,
    data_file,
    humboldt_file,
    row_findings,
    sample_file,
)

# --- the Humboldt sample --------------------------------------------------------------------


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
