"""Guessing the extension of a source and auto-mapping every unmapped source."""

from __future__ import annotations

import pytest

from catalogue.models import Extension
from core.errors import UserError
from publisher.models import Role
from resources.models import ResourceType
from resources.selectors import extension_find
from resources.services.automapping import mapping_extension_guess, sources_automap
from resources.services.resources import resource_create
from resources.services.sources import sources_ingest, staging_dir
from tests.factories import UserFactory

DWC = "http://rs.tdwg.org/dwc/terms/"


@pytest.fixture
def resource(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    (tmp_path / "tmp").mkdir()
    return resource_create(shortname="ponds", creator=UserFactory(role=Role.MANAGER))


def add(resource, filename: str, text: str):
    folder = staging_dir()
    (folder / filename).write_text(text)
    return sources_ingest(
        resource=resource,
        staged={
            "folder": str(folder),
            "files": [{"path": str(folder / filename), "filename": filename}],
        },
    )[0]


def test_a_source_named_after_an_extension_goes_to_it(resource):
    source = add(resource, "measurementorfact.csv", "eventID,measurementType\nE1,depth\n")
    guess = mapping_extension_guess(resource=resource, source=source)
    assert guess.row_type == DWC + "MeasurementOrFact"


def test_otherwise_the_extension_matching_most_columns_wins_and_the_core_wins_a_tie(resource):
    counts = add(resource, "counts.csv", "eventID,scientificName,individualCount\nE1,Rana,2\n")
    sites = add(resource, "sites.csv", "eventID,eventDate,locality\nE1,2024-05-01,Pond\n")
    assert mapping_extension_guess(resource=resource, source=counts).row_type == DWC + "Occurrence"
    assert mapping_extension_guess(resource=resource, source=sites).row_type == DWC + "Event"


def test_nothing_is_guessed_when_no_column_matches(resource):
    source = add(resource, "notes.csv", "colour,mood\nred,good\n")
    assert mapping_extension_guess(resource=resource, source=source) is None


def test_unmapped_sources_are_mapped_and_failures_reported_not_raised(resource):
    add(resource, "event.csv", "eventID,eventDate\nE1,2024-05-01\n")
    add(resource, "notes.csv", "colour,mood\nred,good\n")
    results = {r.source.name: r for r in sources_automap(resource=resource)}
    assert results["event"].mapping.extension.row_type == DWC + "Event"
    assert results["event"].unmapped == []
    assert results["notes"].mapping is None and results["notes"].error.code == "mapping:no-match"
    assert sources_automap(resource=resource)[0].source.name == "notes"  # event is mapped now


def test_explicit_sources_must_map(resource):
    notes = add(resource, "notes.csv", "colour,mood\nred,good\n")
    with pytest.raises(UserError) as exc:
        sources_automap(resource=resource, sources=[notes])
    assert exc.value.code == "mapping:no-match"


def test_a_metadata_only_resource_has_nothing_to_map_to(resource):
    resource.type = ResourceType.METADATA
    source = add(resource, "event.csv", "eventID\nE1\n")
    assert mapping_extension_guess(resource=resource, source=source) is None


@pytest.mark.parametrize(
    "text", [DWC + "Occurrence", "occurrence", "Darwin Core Occurrence", "dwc:Occurrence"]
)
def test_extensions_are_found_by_row_type_name_or_title(db, text):
    assert extension_find(text=text) == Extension.objects.get(row_type=DWC + "Occurrence")


def test_an_unknown_extension_is_none(db):
    assert extension_find(text="Plankton") is None
