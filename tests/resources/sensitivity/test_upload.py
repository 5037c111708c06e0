"""Uploaded and typed lists of sensitive taxa."""

from __future__ import annotations

import pytest

from core.errors import UserError
from resources.sensitivity.policy import COORDINATES, IDENTIFICATION, WITHHOLD, Action, Taxon
from resources.services.sensitivity import taxa_as_lines, taxa_from_lines, taxa_parse
from tests.resources.sources.workbooks import write_xlsx


def test_csv_with_ranks_synonyms_and_actions():
    data = (
        b"scientificName,taxonRank,synonyms,action,grid,toRank\n"
        b"Lynx lynx,species,Felis lynx|Lynx vulgaris,coordinates,10km,\n"
        b"\n"
        b"Ursus arctos,,,identification,,family\n"
        b"Aquila chrysaetos,species,,,,\n"
    )
    taxa = taxa_parse(data, "red.csv")
    assert taxa == [
        Taxon("Lynx lynx", "species", ("Felis lynx", "Lynx vulgaris"), Action(COORDINATES, "10km")),
        Taxon("Ursus arctos", action=Action(IDENTIFICATION, rank="family")),
        Taxon("Aquila chrysaetos", "species"),
    ]


def test_tsv_with_short_headers():
    data = b"Name\tRank\nLynx lynx\tspecies\n"
    assert taxa_parse(data, "list.tsv") == [Taxon("Lynx lynx", "species")]


def test_xlsx_made_here(tmp_path):
    rows: list[list[object]] = [
        ["scientific_name", "action", "fields"],
        ["Lynx lynx", "fields", "locality|recordedBy"],
        ["Ursus arctos", "withhold", ""],
    ]
    path = write_xlsx(tmp_path / "red.xlsx", {"Red list": rows})
    taxa = taxa_parse(path.read_bytes(), "red.xlsx")
    assert taxa[0].action is not None
    assert taxa[0].action.fields == (
        "http://rs.tdwg.org/dwc/terms/locality",
        "http://rs.tdwg.org/dwc/terms/recordedBy",
    )
    assert taxa[1] == Taxon("Ursus arctos", action=Action(WITHHOLD))


def test_a_bad_row_names_file_line_and_column():
    data = b"scientificName,action,grid\nLynx lynx,coordinates,0.1\nUrsus arctos,coordinates,7\n"
    with pytest.raises(UserError) as caught:
        taxa_parse(data, "red.csv")
    assert caught.value.code == "sensitivity:file"
    assert caught.value.details == {"file": "red.csv", "line": 3, "column": 3}
    assert caught.value.message.startswith("red.csv, line 3, column 3: Unknown grid")


def test_an_empty_name_names_its_column():
    data = b"rank,scientificName\nspecies,Lynx lynx\nspecies,\n"
    with pytest.raises(UserError) as caught:
        taxa_parse(data, "red.csv")
    assert caught.value.details == {"file": "red.csv", "line": 3, "column": 2}


def test_a_table_without_a_name_column_is_refused():
    with pytest.raises(UserError) as caught:
        taxa_parse(b"species,count\nLynx lynx,3\n", "counts.csv")
    assert caught.value.code == "sensitivity:file"
    assert "scientificName" in caught.value.message
    assert caught.value.details["line"] == 1


def test_limits(monkeypatch):
    from resources.services import sensitivity_files

    with pytest.raises(UserError) as caught:
        taxa_parse(b"  \n", "empty.csv")
    assert "empty" in caught.value.message
    monkeypatch.setattr(sensitivity_files, "MAX_ROWS", 2)
    with pytest.raises(UserError) as caught:
        taxa_parse(b"name\nA a\nB b\nC c\n", "long.csv")
    assert caught.value.details["line"] == 4
    monkeypatch.setattr(sensitivity_files, "MAX_BYTES", 10)
    with pytest.raises(UserError) as caught:
        taxa_parse(b"name\nLynx lynx\n", "big.csv")
    assert "larger" in caught.value.message


def test_typed_lines_round_trip_and_keep_actions():
    kept = [Taxon("Lynx lynx", action=Action(WITHHOLD))]
    text = "Lynx lynx | species | Felis lynx\n\nUrsus arctos\n"
    taxa = taxa_from_lines(text, keep=kept)
    assert taxa == [
        Taxon("Lynx lynx", "species", ("Felis lynx",), Action(WITHHOLD)),
        Taxon("Ursus arctos"),
    ]
    assert taxa_from_lines(taxa_as_lines(taxa), keep=kept) == taxa


def test_a_typed_line_without_name_names_its_line():
    with pytest.raises(UserError) as caught:
        taxa_from_lines("Lynx lynx\n | species\n")
    assert caught.value.message.startswith("line 2, column 1:")
