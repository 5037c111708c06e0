"""`manage.py mapping_automap`: every unmapped source, or the ones named."""

from __future__ import annotations

from resources.models import ExtensionMapping

from .conftest import add_source, cli

DWC = "http://rs.tdwg.org/dwc/terms/"


def test_every_unmapped_source_is_mapped_to_the_extension_its_name_names(
    ponds_with_sources, manager
):
    result = cli("mapping_automap", "ponds", "--user", manager.email, "--json")
    assert result.status == 0, result.err
    body = result.body
    assert body["ok"] is True and body["skipped"] == []
    made = {m["source"]: m for m in body["mappings"]}
    assert made["event"]["row_type"] == DWC + "Event"
    assert made["occurrence"]["row_type"] == DWC + "Occurrence"
    assert made["event"]["id_column"] == "eventID"
    assert made["occurrence"]["mapped"]["scientificName"] == DWC + "scientificName"
    assert ExtensionMapping.objects.filter(resource=ponds_with_sources).count() == 2


def test_a_second_run_finds_nothing_left_to_map(ponds_with_sources, manager):
    cli("mapping_automap", "ponds", "--user", manager.email)
    result = cli("mapping_automap", "ponds", "--user", manager.email)
    assert result.status == 0 and "nothing to do" in result.out
    assert ExtensionMapping.objects.count() == 2


def test_human_output_lists_what_was_mapped_and_the_columns_left(ponds, manager):
    add_source(ponds, "visits.csv", "eventID,weather,observerMood\nE1,sunny,good\n")
    result = cli("mapping_automap", "ponds", "--user", manager.email)
    assert result.status == 0, result.err
    assert "visits -> Darwin Core Event: 1 of 3 columns mapped, id column eventID." in result.out
    assert "left unmapped: weather, observerMood" in result.out


def test_a_named_source_goes_to_the_named_extension(ponds_with_sources, manager):
    result = cli(
        "mapping_automap",
        "ponds",
        "--source",
        "occurrence",
        "--extension",
        "Occurrence",
        "--user",
        manager.email,
        "--json",
    )
    assert result.status == 0, result.err
    assert [m["source"] for m in result.body["mappings"]] == ["occurrence"]
    assert result.body["mappings"][0]["extension"] == "Darwin Core Occurrence"


def test_a_source_matching_nothing_is_skipped_or_refused_when_named(ponds, manager):
    add_source(ponds, "notes.csv", "colour,mood\nred,good\n")
    result = cli("mapping_automap", "ponds", "--user", manager.email, "--json")
    assert result.status == 0
    assert result.body["mappings"] == []
    assert result.body["skipped"][0]["source"] == "notes"
    assert result.body["skipped"][0]["code"] == "mapping:no-match"
    named = cli("mapping_automap", "ponds", "--source", "notes", "--user", manager.email, "--json")
    assert named.status == 1 and named.body["code"] == "mapping:no-match"


def test_unknown_source_or_extension_is_not_found(ponds_with_sources, manager):
    result = cli(
        "mapping_automap", "ponds", "--source", "visits", "--user", manager.email, "--json"
    )
    assert result.status == 1 and result.body["details"] == {"source": "visits"}
    result = cli(
        "mapping_automap", "ponds", "--extension", "Plankton", "--user", manager.email, "--json"
    )
    assert result.status == 1 and result.body["details"] == {"extension": "Plankton"}
    assert not ExtensionMapping.objects.exists()


def test_a_manager_of_other_resources_is_refused(ponds_with_sources, outsider):
    result = cli("mapping_automap", "ponds", "--user", outsider.email, "--json")
    assert result.status == 1 and result.body["code"] == "auth:forbidden"
