"""A flat table (one row per species per visit) published as events derived from it."""

from __future__ import annotations

import zipfile

import pytest
from dwca.read import DwCAReader

from core.models import JobStatus
from resources.models import Resource, Version
from resources.services.derive import derive_apply, derive_suggest, derive_tally, split_from
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


def test_the_suggestion_reads_the_source_once(manager_user, data_dir, monkeypatch):
    from resources.services import derive

    resource = flat_resource(manager_user)
    reads = []
    opened = derive.source_table

    def counted(source):
        table = opened(source)
        cells = table.cells

        def counting():
            reads.append(1)
            return cells()

        table.cells = counting
        return table

    monkeypatch.setattr(derive, "source_table", counted)
    proposal = derive_suggest(resource.sources.get())
    assert proposal["counts"]["occurrences"] == 24 and proposal["counts"]["capped"] is False
    assert len(reads) == 1


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


def moved_visit() -> tuple[bytes, int]:
    """The flat table with one row of POND-A's second visit at another latitude; its line."""
    lines = FLAT.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("POND-A,2024-05-10,"))
    lines[at + 1] = lines[at + 1].replace("52.5123", "52.6000")
    return "".join(lines).encode(), at + 2


def latitude_on_the_visits(source, on_conflict: str = "first"):
    """The suggestion, with the latitude made event-level again: it varies within a visit
    now, so the suggestion leaves it on the occurrences."""
    split = split_from({**derive_suggest(source)["split"], "on_conflict": on_conflict})
    assert "decimalLatitude" in split.occurrence
    split.event["decimalLatitude"] = split.occurrence.pop("decimalLatitude")
    split.parent.pop("decimalLatitude", None)
    return split


def derived(manager, on_conflict: str) -> tuple[Resource, int]:
    data, line = moved_visit()
    resource = flat_resource(manager, data)
    source = resource.sources.get()
    split = latitude_on_the_visits(source, on_conflict)
    derive_apply(resource=resource, source=source, split=split)
    return resource, line


def test_conflicting_rows_are_counted_before_saving_with_their_lines(manager_user, data_dir):
    data, line = moved_visit()
    resource = flat_resource(manager_user, data)
    source = resource.sources.get()
    counts = derive_tally(source, latitude_on_the_visits(source))
    assert counts["conflicts"] == 1
    (conflict,) = counts["conflict_lines"]
    assert conflict == {
        "event": "POND-A:2024-05-10",
        "first_line": line - 1,
        "line": line,
        "column": "decimalLatitude",
    }


def test_a_conflict_keeps_the_first_value_and_warns_naming_the_rows(manager_user, data_dir):
    resource, line = derived(manager_user, "first")

    job = publish_inline(resource, manager_user)

    assert job.status == JobStatus.SUCCEEDED, job.error_message
    report = Version.objects.get(resource=resource).report
    (entry,) = [c for c in report["checks"] if c["check"] == "event-conflict-kept"]
    assert (entry["severity"], entry["count"]) == ("warning", 1)
    (sample,) = entry["samples"]
    assert (sample["line"], sample["value"], sample["source"]) == (
        line,
        "POND-A:2024-05-10",
        "survey",
    )
    assert sample["message"] == (
        "This row of event POND-A:2024-05-10 disagrees with the event's first row (line %d) "
        "on decimalLatitude; the first row's values were published." % (line - 1)
    )
    derived_counts = {(d["file"], d["events"]) for d in report["derived_events"]}
    assert derived_counts == {("event.txt", 2), ("event.txt", 6)}
    with DwCAReader(str(resource_dir(resource) / "dwca-1.0.zip")) as dwca:
        visit = next(row for row in dwca if row.id == "POND-A:2024-05-10")
        assert visit.data[DWC + "decimalLatitude"] == "52.5123"


def test_a_conflict_blocks_the_publication_when_the_mapping_says_so(manager_user, data_dir):
    resource, line = derived(manager_user, "block")

    job = publish_inline(resource, manager_user)

    assert job.status == JobStatus.FAILED and job.error_code == "publication:checks"
    assert not Version.objects.filter(resource=resource).exists()
    (entry,) = [c for c in job.result["report"]["checks"] if c["check"] == "event-conflict"]
    assert (entry["severity"], entry["count"]) == ("error", 1)
    assert entry["samples"][0]["line"] == line


def test_no_parent_events_are_proposed_when_some_rows_lack_their_site(manager_user, data_dir):
    lines = FLAT.read_text().splitlines(keepends=True)
    lines[3] = lines[3].replace("POND-A,", ",", 1)  # a row without its site
    resource = flat_resource(manager_user, "".join(lines).encode())
    split = derive_suggest(resource.sources.get())["split"]
    assert split["key"] == ["site", "eventDate"]
    assert split["parent_key"] == [] and split["parent"] == {}


def test_a_split_with_an_unknown_key_is_refused_by_name():
    from core.errors import UserError

    with pytest.raises(UserError) as caught:
        split_from({"key": ["site"], "colour": "red"})
    assert caught.value.code == "mapping:split"
    assert "colour" in str(caught.value.params["error"])
