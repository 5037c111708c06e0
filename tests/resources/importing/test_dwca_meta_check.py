"""meta.xml field indexes checked against the header of the file they describe, with
FORMICA's hand-written meta.xml: its relevé maps index 6 three times."""

from __future__ import annotations

import csv

import pytest

from publisher.models import Role
from resources.dwca.meta_check import header_mismatches, reused_indexes
from resources.dwca.meta_read import FileDescriptor, MetaField, read_meta
from resources.services.importing.dwca import resource_from_dwca
from tests.conftest import TEST_DATA
from tests.factories import UserFactory

FORMICA = TEST_DATA / "datasets" / "event" / "formica-veg-releve"
GBIF = "http://rs.gbif.org/terms/1.0/"
DWC = "http://rs.tdwg.org/dwc/terms/"


def header(name: str) -> list[str]:
    with (FORMICA / name).open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def releve() -> FileDescriptor:
    return read_meta((FORMICA / "meta.xml").read_bytes()).extensions[1]


def test_index_mapped_to_three_terms_is_found():
    [reuse] = reused_indexes(releve(), header("releve.csv"))
    assert (reuse.index, reuse.header) == (6, "coverMossesInPercentage")
    assert reuse.terms == tuple(
        GBIF + t for t in ("coverMossesInPercentage", "mossesIdentified", "lichensIdentified")
    )


def test_columns_whose_header_names_another_term_are_found():
    found = header_mismatches(releve(), header("releve.csv"))
    assert [(m.index, m.header, m.term) for m in found] == [
        (6, "coverMossesInPercentage", GBIF + "mossesIdentified"),
        (6, "coverMossesInPercentage", GBIF + "lichensIdentified"),
    ]


def test_headers_that_name_the_mapped_term_or_no_term_pass():
    descriptor = FileDescriptor(
        row_type=DWC + "Event",
        core=True,
        locations=["e.csv"],
        id_index=0,
        fields=[
            MetaField(0, DWC + "eventID"),
            MetaField(1, DWC + "sampleSizeValue"),
            MetaField(2, "http://rs.tdwg.org/dwc/iri/habitat"),
            MetaField(3, DWC + "locality"),
        ],
    )
    cells = ["dwc:eventID", "samplesizeValue", "habitat", "Plot name"]
    assert header_mismatches(descriptor, cells, [DWC + "country"]) == []
    assert reused_indexes(descriptor, cells) == []


@pytest.mark.django_db
def test_formica_import_notes_the_reused_index_and_wrong_headers(data_dir):
    manager = UserFactory(role=Role.MANAGER)
    result = resource_from_dwca(path=FORMICA, user=manager, shortname="formica")
    notes = "\n".join(result.notes)
    assert (
        "releve.csv: meta.xml maps index 6 (column coverMossesInPercentage) to 3 terms: "
        "coverMossesInPercentage, mossesIdentified, lichensIdentified" in notes
    )
    assert "6 coverMossesInPercentage → mossesIdentified" in notes
