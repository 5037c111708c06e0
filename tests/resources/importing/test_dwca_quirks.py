"""Importing archives written by other tools (resources.services.importing.dwca): GBIF
downloads, tar archives, EML with leading whitespace, and the notes an import leaves."""

from __future__ import annotations

import pytest

from publisher.models import Role
from resources.models import ResourceType
from resources.services.mappings import mapping_definition
from tests.factories import UserFactory

from .test_dwca_import import DWC, EML, import_, make_zip, ponds

OCCURRENCE = DWC + "Occurrence"
GBIF_SIMPLE = (
    "gbifid\tdatasetkey\toccurrenceid\tscientificname\teventdate\n"
    "1\td1\to1\tRana temporaria\t2020-05-01\n"
    "2\td1\to2\tBufo bufo\t2020-05-02\n"
)


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.MANAGER)


def test_gbif_simple_download_with_a_lower_case_id_column_is_an_occurrence_core(
    tmp_path, manager, data_dir
):
    path = make_zip(tmp_path, {"0001234-200101000000000.csv": GBIF_SIMPLE})
    result = import_(path, manager)
    definition = mapping_definition(result.resource.mappings.get())
    assert result.resource.type == ResourceType.OCCURRENCE
    assert definition["id_column"] == "occurrenceid"
    assert {"term": DWC + "occurrenceID", "column": "occurrenceid"} in definition["fields"]
    assert result.counts == {OCCURRENCE: 2}


def test_eml_with_blank_space_and_a_bom_before_its_declaration_is_imported_with_a_note(
    tmp_path, manager, data_dir
):
    eml = b"\r\n  \xef\xbb\xbf" + EML
    result = import_(ponds(tmp_path, **{"eml.xml": eml}), manager)
    assert result.resource.title == "Ponds of the valley"
    assert any("eml.xml has blank space before its XML declaration" in n for n in result.notes)
    assert not any("was not imported" in n for n in result.notes)


def test_eml_starting_with_a_bom_alone_is_imported_without_a_note(tmp_path, manager, data_dir):
    result = import_(ponds(tmp_path, **{"eml.xml": b"\xef\xbb\xbf" + EML}), manager)
    assert result.resource.title == "Ponds of the valley"
    assert not any("eml.xml" in n for n in result.notes)
