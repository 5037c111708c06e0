"""NEON fish (a real survey): its Darwin Core Archive files, published through the normal
mapping path, give a DwC-DP compared table by table with the one mapped by hand.

The fixture is GBIF's dwc-dp-examples NEON-fish ``input_data/dwcav1`` files made publishable as
an Event-core archive (``tests/data/PROVENANCE.md``): ``NA`` read as empty, and the event of each
occurrence-level fact and DNA row filled in from its occurrence. ``expected-dwc-dp.json`` holds
the row counts, eventIDs and occurrenceIDs of the hand-made package (``output_data``, DwC-DP of
2025-06-10). The differences that come from the spec version or the hand mapping's other sources
are named in ``DIFFERENCES`` and checked, so that a change in them is seen.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.test import Client

from catalogue.models import Extension
from core.models import JobStatus
from resources.dwcdp.validate import validate_package
from resources.models import Visibility
from resources.services.mappings import mapping_create
from resources.services.resources import resource_create, resource_dir
from resources.services.visibility import resource_visibility_change
from tests.conftest import TEST_DATA
from tests.resources.publication.conftest import add_sources, publish_inline, valid_metadata

NEON = TEST_DATA / "datasets" / "dwc-dp" / "neon-fish"
DWC = "http://rs.tdwg.org/dwc/terms/"
FILES = {
    "event.csv": [DWC + "Event", "http://rs.tdwg.org/eco/terms/Event"],
    "occurrence.csv": [DWC + "Occurrence"],
    "extendedMeasurementOrFact.csv": ["http://rs.iobis.org/obis/terms/ExtendedMeasurementOrFact"],
    "dnaDerivedData.csv": ["http://rs.gbif.org/terms/1.0/DNADerivedData"],
}
# Rows of the hand-made package (DwC-DP 2025-06-10) that ours has differently, and why.
DIFFERENCES = {
    # The hand mapping took event facts from NEON's own tables (fsh_perPass, fsh_fieldData):
    # 1 030 assertions; the archive's extended MeasurementOrFact holds 304.
    "event-assertion": (1030, 304),
    # One fact fewer by hand: 2 027 against the archive's 2 028 about occurrences.
    "occurrence-assertion": (2027, 2028),
    # The hand mapping made one identification per occurrence with a taxon (705 rows, some
    # occurrences identified twice from NEON's tables); ours one per occurrence.
    "identification": (705, 676),
    # Vouchers are material entities by hand, from NEON's tables; the archive has none.
    "material": (29, None),
    # One protocol for all sequences by hand; ours one per DNA row, as the archive repeats
    # the protocol on each row and has no protocol id.
    "molecular-protocol": (1, 11),
}


def _publish(manager):
    installed = set(Extension.objects.values_list("row_type", flat=True))
    missing = [t for types in FILES.values() for t in types if t not in installed]
    if missing:
        pytest.skip(f"extension not built in: {missing}")
    resource = resource_create(shortname="neon-fish", creator=manager, title="NEON fish")
    add_sources(resource, {name: (NEON / name).read_bytes() for name in FILES})
    sources = {s.filename: s for s in resource.sources.all()}
    for name, row_types in FILES.items():
        for row_type in row_types:
            mapping_create(
                resource=resource,
                source=sources[name],
                extension=Extension.objects.get(row_type=row_type),
            )
    valid_metadata(resource)
    resource_visibility_change(resource=resource, user=manager, visibility=Visibility.PUBLIC)
    return publish_inline(resource, manager), resource


def test_neon_fish_compares_table_by_table_with_the_hand_made_package(manager_user, data_dir):
    job, resource = _publish(manager_user)
    assert job.status == JobStatus.SUCCEEDED, (job.error_code, job.error_message)
    version = resource.versions.get()
    assert version.has_datapackage, version.report["datapackage"]
    package = resource_dir(resource) / version.datapackage_name
    assert validate_package(package, keys=True) == []
    expected = json.loads((NEON / "expected-dwc-dp.json").read_text())
    ours = version.report["datapackage"]["tables"]
    for table, count in expected["tables"].items():
        if table in DIFFERENCES:
            hand, mine = DIFFERENCES[table]
            assert (count, ours.get(table)) == (hand, mine), table
        else:
            assert ours.get(table) == count, table
    with zipfile.ZipFile(package) as zf:
        events = _rows(zf, "event.csv")
        occurrences = _rows(zf, "occurrence.csv")
        surveys = _rows(zf, "survey.csv")
        analyses = _rows(zf, "nucleotide-analysis.csv")
    assert sorted(e["eventID"] for e in events) == expected["eventIDs"]
    assert sorted(o["occurrenceID"] for o in occurrences) == expected["occurrenceIDs"]
    assert {s["event_fk"] for s in surveys} == {e["event_pk"] for e in events}
    assert len(analyses) == 11
    assert {o["event_fk"] for o in occurrences} <= {e["event_pk"] for e in events}


def test_the_downloaded_package_validates_offline_beside_the_archive(
    manager_user, data_dir, tmp_path
):
    job, resource = _publish(manager_user)
    assert job.status == JobStatus.SUCCEEDED, (job.error_code, job.error_message)
    client = Client()  # anyone: the resource is public
    archive = client.get("/archive.do", {"r": "neon-fish"})
    response = client.get("/datapackage.do", {"r": "neon-fish", "v": "1.0"})
    assert archive.status_code == 200 and response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="dwc-dp-neon-fish-v1.0.zip"' in response["Content-Disposition"]
    downloaded = tmp_path / "dwc-dp-neon-fish-v1.0.zip"
    downloaded.write_bytes(b"".join(response.streaming_content))
    assert validate_package(downloaded, keys=True) == []
    with zipfile.ZipFile(downloaded) as zf:
        assert {"datapackage.json", "eml.xml", "event.csv", "occurrence.csv"} <= set(zf.namelist())


def _rows(zf: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(zf.read(name).decode("utf-8"), newline="")))
