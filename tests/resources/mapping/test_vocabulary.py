"""Value translations: automatic matching to vocabularies, and distinct source values."""

from __future__ import annotations

from catalogue.definitions.builtin import builtin_vocabularies
from catalogue.definitions.model import Concept, Vocabulary
from resources.mapping import distinct_values, match_vocabulary
from resources.sources.model import Row


def basis_of_record():
    return next(
        v for v, _ in builtin_vocabularies().values() if v.uri == "http://rs.tdwg.org/dwc/dwctype/"
    )


def test_basis_of_record_variants_match_and_unknown_values_stay_listed():
    values = [
        "Preserved Specimen",
        "preservedspecimen",
        "PRESERVED_SPECIMEN",
        "dead fish",
        "Human-Observation",
        "dead fish",
        "",
        "Spécimen en collection",
        "保存標本",
    ]
    found = match_vocabulary(values, basis_of_record())
    assert found.matched == {
        "Preserved Specimen": "PreservedSpecimen",
        "preservedspecimen": "PreservedSpecimen",
        "PRESERVED_SPECIMEN": "PreservedSpecimen",
        "Human-Observation": "HumanObservation",
        "Spécimen en collection": "PreservedSpecimen",
        "保存標本": "PreservedSpecimen",
    }
    assert found.unmatched == ["dead fish"]


def test_alternative_labels_match_and_identifiers_win_over_labels():
    vocabulary = Vocabulary(
        uri="urn:x",
        title="Sex",
        concepts=(
            Concept("male", labels={"en": "Male"}, alternatives={"en": ("m", "female?")}),
            Concept("female", labels={"en": "Female"}, alternatives={"fr": ("femelle",)}),
        ),
    )
    found = match_vocabulary(["M", "Femelle", "FEMALE?", "female"], vocabulary)
    assert found.matched == {
        "M": "male",
        "Femelle": "female",
        "FEMALE?": "female",
        "female": "female",
    }


def test_distinct_values_are_counted_most_frequent_first():
    rows = [Row(i, (v,)) for i, v in enumerate(["b", "a", "b", "", "c", "a", "b", " "])]
    assert distinct_values(rows, 0) == [("b", 3), ("a", 2), ("c", 1)]


def test_distinct_values_keep_at_most_cap_values():
    rows = (Row(i, ("v%d" % (i % 5000), "x")) for i in range(20000))
    found = distinct_values(rows, 0, cap=10)
    assert len(found) == 10
    assert all(count == 4 for _, count in found)


def test_distinct_values_of_a_missing_cell_are_ignored():
    assert distinct_values([Row(1, ("a",)), Row(2, ("a", "b"))], 1) == [("b", 1)]
