"""eventType against GBIF's EventType vocabulary (resources.quality.event_types)."""

from __future__ import annotations

import pytest

from catalogue.definitions.builtin import builtin_vocabularies
from resources.dwca.model import ArchiveFile
from resources.quality.declarations import CHECKS, message_of
from resources.quality.event_types import (
    BUNDLED,
    EVENT_TYPE,
    EVENT_TYPE_VOCABULARY,
    EVENT_TYPES,
)

DWC = "http://rs.tdwg.org/dwc/terms/"


def event_file(**extra) -> ArchiveFile:
    return ArchiveFile(DWC + "Event", "event.txt", [DWC + "eventID", EVENT_TYPE], [], **extra)


def verdict(value: str, file: ArchiveFile | None = None):
    """(value, suggestion) of the finding on ``value``, or None."""
    (use,) = CHECKS["event-type-unknown"].uses(file or event_file())
    assert use.terms == (EVENT_TYPE,)
    finding = use.test(value)
    return None if finding is None else (finding.value, finding.suggestion)


def catalogue_values() -> frozenset[str]:
    """The allowed values the publication gives for a vocabulary: lower-cased identifiers,
    URIs and labels of the installed concepts."""
    vocabulary, _source = builtin_vocabularies()["gbif__event_type"]
    values = set()
    for concept in vocabulary.concepts:
        values.update(v.lower() for v in (concept.identifier, concept.uri) if v)
        values.update(label.lower() for label in concept.labels.values())
    return frozenset(values)


def test_the_bundled_list_agrees_with_the_builtin_catalogue_vocabulary():
    vocabulary, _source = builtin_vocabularies()["gbif__event_type"]
    expected = {
        concept.identifier: tuple(
            label for _lang, label in sorted(concept.labels.items()) if label != concept.identifier
        )
        + tuple(alt for _lang, alts in sorted(concept.alternatives.items()) for alt in alts)
        for concept in vocabulary.concepts
    }
    assert vocabulary.uri == EVENT_TYPE_VOCABULARY
    assert list(EVENT_TYPES) == list(expected)
    assert dict(EVENT_TYPES) == expected


def test_event_type_unknown_is_a_warning_that_runs_on_any_file_mapping_event_type():
    check = CHECKS["event-type-unknown"]
    assert check.severity == "warning" and check.scope == "row"
    occurrence = ArchiveFile(DWC + "Occurrence", "occurrence.txt", [EVENT_TYPE], [])
    assert len(list(check.uses(occurrence))) == 1
    assert list(check.uses(ArchiveFile(DWC + "Event", "event.txt", [DWC + "eventID"], []))) == []


@pytest.mark.parametrize("value", ["Survey", "SiteVisit", "Site Visit", "OccurenceObservation"])
def test_concept_names_and_labels_pass(value):
    assert verdict(value) is None


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [
        ("survey", "Survey"),
        ("SURVEY", "Survey"),
        ("site visit", "SiteVisit"),
        ("site_visit", "SiteVisit"),
        ("Occurrence-Observation", "OccurenceObservation"),
        ("Bioblitz", None),
        ("transect", None),
    ],
)
def test_other_values_warn_suggesting_the_concept_of_a_case_variant(value, suggestion):
    assert verdict(value) == (value, suggestion)


def test_whitespace_only_counts_as_empty():
    assert verdict(" ") is None


def test_the_message_names_the_value():
    assert message_of("event-type-unknown", "transect", EVENT_TYPE).startswith(
        'eventType "transect" is not a concept of GBIF\'s EventType vocabulary.'
    )


def test_the_values_the_catalogue_gives_are_read_instead_of_the_bundled_list():
    allowed = catalogue_values()
    file = event_file(vocabularies={EVENT_TYPE: allowed})
    assert verdict("Survey", file) is None
    assert verdict("survey", file) == ("survey", "Survey")
    # The catalogue's own narrower or wider vocabulary is the one that counts.
    narrower = event_file(vocabularies={EVENT_TYPE: frozenset({"survey", "sample"})})
    assert verdict("SiteVisit", narrower) == ("SiteVisit", None)
    wider = event_file(vocabularies={EVENT_TYPE: allowed | {"bioblitz"}})
    assert verdict("Bioblitz", wider) is None


def test_the_bundled_set_accepts_every_concept_name():
    assert all(BUNDLED.finding(name) is None for name in EVENT_TYPES)
    assert len(EVENT_TYPES) == 26
