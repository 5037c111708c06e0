"""Importing archives written by other tools (resources.services.importing.dwca): GBIF
downloads, tar archives, EML with leading whitespace, and the notes an import leaves."""

from __future__ import annotations

import pytest

from publisher.models import Role
from resources.models import ResourceType
from resources.services.mappings import mapping_definition
from tests.factories import UserFactory

from .test_dwca_import import DWC, import_, make_zip

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
