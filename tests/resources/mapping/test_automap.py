"""Auto-mapping of column names to terms, and the choice of the id column."""

from __future__ import annotations

import pytest

from catalogue.definitions.builtin import builtin_extensions
from resources.mapping import automap

DWC = "http://rs.tdwg.org/dwc/terms/"
DC_TERMS = "http://purl.org/dc/terms/"
DC_ELEMENTS = "http://purl.org/dc/elements/1.1/"


def extension(key):
    return builtin_extensions()[key][0]


@pytest.mark.parametrize(
    "column",
    [
        "eventID",
        "EVENTID",
        "event_id",
        "Event ID",
        "event-id",
        " eventID ",
        "dwc:eventID",
        "DWC:event_id",
        "http://rs.tdwg.org/dwc/terms/eventID",
    ],
)
def test_column_names_match_ignoring_case_punctuation_and_prefixes(column):
    found = automap([column], extension("event"))
    assert found.mapped == {column: DWC + "eventID"}
    assert found.unmapped == []
    assert found.fields[0].term == DWC + "eventID"
    assert found.fields[0].column == column


@pytest.mark.parametrize(
    ("column", "term"),
    [
        ("dc:license", DC_TERMS + "license"),
        ("dcterms:rightsHolder", DC_TERMS + "rightsHolder"),
        ("http://purl.org/dc/terms/license", DC_TERMS + "license"),
        # The Event core defines type in the elements namespace; dc terms URIs still find it.
        ("http://purl.org/dc/terms/type", DC_ELEMENTS + "type"),
        ("dc:type", DC_ELEMENTS + "type"),
    ],
)
def test_dublin_core_prefixes_and_uris_are_recognised(column, term):
    assert automap([column], extension("event")).mapped == {column: term}


def test_a_uri_picks_its_own_namespace_when_an_extension_has_both():
    found = automap(
        ["http://purl.org/dc/terms/type", "http://purl.org/dc/elements/1.1/type"],
        extension("audiovisual"),
    )
    assert found.mapped == {
        "http://purl.org/dc/terms/type": DC_TERMS + "type",
        "http://purl.org/dc/elements/1.1/type": DC_ELEMENTS + "type",
    }


@pytest.mark.parametrize("column", ["abc:eventID", "http://example.org/terms/eventID", "event"])
def test_other_namespaces_and_unknown_names_stay_unmapped(column):
    found = automap([column], extension("event"))
    assert found.mapped == {}
    assert found.unmapped == [column]


def test_unmapped_columns_are_listed_in_source_order():
    found = automap(["siteCode", "eventDate", "TrapCode", "locality"], extension("event"))
    assert found.mapped == {"eventDate": DWC + "eventDate", "locality": DWC + "locality"}
    assert found.unmapped == ["siteCode", "TrapCode"]


def test_a_term_takes_one_column_and_the_exact_spelling_wins():
    found = automap(["event_date", "eventDate"], extension("event"))
    assert found.mapped == {"eventDate": DWC + "eventDate"}
    assert found.unmapped == ["event_date"]


@pytest.mark.parametrize(
    ("key", "columns", "expected"),
    [
        ("event", ["occurrenceID", "eventID"], "eventID"),
        ("occurrence", ["eventID", "occurrenceID"], "occurrenceID"),
        ("taxon", ["scientificName", "taxon_id"], "taxon_id"),
        ("event", ["id", "locality"], "id"),
        ("event", ["locality"], None),
    ],
)
def test_id_column_of_a_core_names_its_id_term(key, columns, expected):
    assert automap(columns, extension(key)).id_column == expected


def test_id_column_of_an_extension_is_the_core_id_column():
    columns = ["occurrenceID", "dwc:eventID", "scientificName"]
    found = automap(columns, extension("occurrence"), core_row_type=DWC + "Event")
    assert found.id_column == "dwc:eventID"
    assert found.mapped["dwc:eventID"] == DWC + "eventID"


def test_id_column_of_a_non_core_extension_is_the_core_id_when_present():
    found = automap(["measurementType", "eventID"], extension("measurement_or_fact"))
    assert found.id_column == "eventID"
    assert (
        automap(["measurementType", "coreid"], extension("measurement_or_fact")).id_column
        == "coreid"
    )
