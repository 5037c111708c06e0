"""A flat table (one row per species per visit) published as events derived from it."""

from __future__ import annotations

import zipfile

import pytest
from dwca.read import DwCAReader

from core.models import JobStatus
from resources.models import Resource, Version
from resources.services.derive import derive_apply, derive_suggest, split_from
from resources.services.resources import resource_create, resource_dir
from tests.conftest import TEST_DATA

from ..publication.conftest import add_sources, publish_inline, valid_metadata

pytestmark = pytest.mark.django_db

FLAT = TEST_DATA / "datasets" / "flat" / "pond-survey-flat.csv"
DWC = "http://rs.tdwg.org/dwc/terms/"


def flat_resource(manager, data: bytes | None = None) -> Resource:
    resource = resource_create(shortname="flat", creator=manager, title="Flat pond survey")
    add_sources(resource, {"survey.csv": data if data is not None else FLAT.read_bytes()})
    valid_metadata(resource)
    return resource


def test_the_suggestion_keys_events_by_site_and_date_under_site_parents(manager_user, data_dir):
    resource = flat_resource(manager_user)
    proposal = derive_suggest(resource.sources.get())

    split = proposal["split"]
    assert split["key"] == ["site", "eventDate"]
    assert split["parent_key"] == ["site"]
    # the place is constant per site: it goes to the parent; effort and protocol per visit
    assert set(split["parent"]) >= {"site", "locality", "decimalLatitude", "decimalLongitude"}
    assert {"samplingProtocol", "sampleSizeValue", "eventDate"} <= set(split["event"])
    assert {"scientificName", "individualCount"} <= set(split["occurrence"])
    assert not {"locality", "samplingProtocol"} & set(split["occurrence"])
    assert split["occurrence_id"] == "{site}:{eventDate}:{scientificName}"
    counts = proposal["counts"]
    assert (counts["events"], counts["parents"], counts["occurrences"]) == (6, 2, 24)
    assert counts["conflicts"] == 0


def test_the_split_publishes_a_two_level_hierarchy_with_every_occurrence_under_its_visit(
    manager_user, data_dir
):
    resource = flat_resource(manager_user)
    source = resource.sources.get()
    split = split_from(derive_suggest(source)["split"])
    derive_apply(resource=resource, source=source, split=split)

    job = publish_inline(resource, manager_user)

    assert job.status == JobStatus.SUCCEEDED, job.error_message
    version = Version.objects.get(resource=resource)
    assert version.report["ok"], version.report
    archive = resource_dir(resource) / "dwca-1.0.zip"
    with DwCAReader(str(archive)) as dwca:
        events = {row.id: row for row in dwca}
        visits = {":".join(line.split(",")[:2]) for line in FLAT.read_text().splitlines()[1:]}
        assert len(visits) == 6
        assert set(events) == visits | {"POND-A", "POND-B"}
        parents = {i: r.data.get(DWC + "parentEventID", "") for i, r in events.items()}
        assert [i for i, p in parents.items() if not p] == ["POND-A", "POND-B"]
        assert all(parents[i] == i.split(":")[0] for i in events if ":" in i)
        assert events["POND-A"].data[DWC + "decimalLatitude"] == "52.5123"
        occurrences = [
            (row.id, ext.data[DWC + "scientificName"], ext.data[DWC + "eventID"])
            for row in events.values()
            for ext in row.extensions
        ]
    assert len(occurrences) == 24
    assert all(core_id == event_id for core_id, _name, event_id in occurrences)
    flat = FLAT.read_text().splitlines()[1:]
    expected = sorted((line.split(",")[0] + ":" + line.split(",")[1]) for line in flat)
    assert sorted(core_id for core_id, _n, _e in occurrences) == expected
    with zipfile.ZipFile(archive) as zf:
        assert zf.read("event.txt").decode().count("\n") == 1 + 8
