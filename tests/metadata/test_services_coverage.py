"""Coverage inferred from mapped data, and the document prepared for publication."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from catalogue.definitions.offer import EVENT, OCCURRENCE
from catalogue.models import Extension
from core.errors import UserError
from core.jobs.executor import execute
from core.models import Job, JobStatus
from metadata.eml.model import GeographicCoverage, Taxon, TaxonomicCoverage, TemporalCoverage
from metadata.models import CoverageMode, ResourceMetadata
from metadata.services.coverage import (
    InferredCoverage,
    coverage_infer,
    coverage_infer_start,
    coverage_last,
    metadata_for_publication,
    metadata_settings_update,
)
from metadata.services.coverage_scan import RANK_LIMIT, TAXA_LIMIT, TaxaScan, date_span
from metadata.services.documents import metadata_get, metadata_save
from resources.services.mappings import mapping_create
from resources.services.resources import resource_create
from resources.services.sources import sources_ingest

DWC = "http://rs.tdwg.org/dwc/terms/"
EVENTS = (
    b"eventID,eventDate,decimalLatitude,decimalLongitude\n"
    b"E1,2024-05-01,50.1,4.2\n"
    b"E2,2024-04-12/05-10,50.2,-3.5\n"
    b"E3,,95.0,4.4\n"  # latitude out of range, no date
    b"E4,not a date,abc,4.5\n"  # nothing usable
    b"E5,2023-11,48.0,5.0\n"
)
OCCURRENCES = (
    b"occurrenceID,eventID,scientificName,taxonRank,kingdom,family,genus,basisOfRecord,"
    b"decimalLatitude,decimalLongitude,year,month\n"
    b"O1,E1,Rana temporaria,species,Animalia,Ranidae,Rana,HumanObservation,,,,\n"
    b"O2,E2,Rana temporaria,species,Animalia,Ranidae,Rana,HumanObservation,,,,\n"
    b"O3,E2,Bufo bufo,species,Animalia,Bufonidae,Bufo,HumanObservation,-10.5,20.25,,\n"
    b"O4,E5,,,,,,HumanObservation,,,2022,3\n"
)

pytestmark = pytest.mark.django_db


def mapped_resource(creator, data_dir: Path, shortname: str = "ponds", files=None):
    """A sampling-event resource with an events source (Event core) and an occurrences
    source (Occurrence extension), both auto-mapped."""
    (data_dir / "tmp").mkdir(parents=True, exist_ok=True)
    resource = resource_create(shortname=shortname, creator=creator)
    folder = data_dir / "tmp" / ("stage-" + shortname)
    folder.mkdir()
    staged = []
    for name, data in files or (("events.csv", EVENTS), ("occurrences.csv", OCCURRENCES)):
        (folder / name).write_bytes(data)
        staged.append({"path": str(folder / name), "filename": name})
    sources = sources_ingest(resource=resource, staged={"folder": str(folder), "files": staged})
    by_name = {s.name: s for s in sources}
    for name, row_type in (("events", EVENT), ("occurrences", OCCURRENCE)):
        if name in by_name:
            mapping_create(
                resource=resource,
                source=by_name[name],
                extension=Extension.objects.get(row_type=row_type),
            )
    return resource


@pytest.fixture
def resource(manager_user, tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    return mapped_resource(manager_user, settings.DATA_DIR)


def test_inference_reads_box_dates_and_taxa_from_all_mapped_row_types(resource):
    inferred = coverage_infer(resource)

    assert inferred.bbox == {"west": -3.5, "east": 20.25, "north": 50.2, "south": -10.5}
    assert (inferred.start, inferred.end) == ("2022-03-01", "2024-05-10")
    assert inferred.rows == {EVENT: 5, OCCURRENCE: 4}
    assert inferred.coordinates == 4  # E1, E2, E5 and O3; E3 and E4 are ignored
    assert inferred.dates == 4  # E1, E2, E5 and O4 (year/month)
    taxa = [(t["scientific_name"], t["rank"], t["rows"]) for t in inferred.taxa]
    assert taxa == [
        ("Animalia", "kingdom", 3),
        ("Ranidae", "family", 2),
        ("Bufonidae", "family", 1),
        ("Rana", "genus", 2),
        ("Bufo", "genus", 1),
        ("Rana temporaria", "species", 2),
        ("Bufo bufo", "species", 1),
    ]
    assert inferred.notes == []


def test_inference_is_stored_with_its_time_and_read_back(resource):
    inferred = coverage_infer(resource)

    stored = ResourceMetadata.objects.get(resource=resource).inferred
    assert stored["computed_at"] == inferred.computed_at != ""
    assert coverage_last(resource) == inferred


def test_inference_without_mappings_says_so(manager_user):
    resource = resource_create(shortname="empty", creator=manager_user)

    inferred = coverage_infer(resource)

    assert inferred.notes == ["mappings:none"]
    assert inferred.bbox is None and inferred.taxa == []


def test_inference_notes_unmapped_coordinates_and_taxa(manager_user, tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    events = b"eventID,eventDate\nE1,2020\n"
    resource = mapped_resource(manager_user, settings.DATA_DIR, files=[("events.csv", events)])

    inferred = coverage_infer(resource)

    assert inferred.notes == ["geographic:not-mapped", "taxonomic:not-mapped"]
    assert (inferred.start, inferred.end) == ("2020-01-01", "2020-12-31")


def test_never_inferred_reads_back_empty(manager_user):
    resource = resource_create(shortname="fresh", creator=manager_user)
    assert coverage_last(resource) == InferredCoverage()


@pytest.mark.parametrize(
    "text, span",
    [
        ("2024-05-01", ("2024-05-01", "2024-05-01")),
        ("2024-05-01T10:30:00Z", ("2024-05-01", "2024-05-01")),
        ("2024-02", ("2024-02-01", "2024-02-29")),
        ("1998", ("1998-01-01", "1998-12-31")),
        ("2024-04-12/14", ("2024-04-12", "2024-04-14")),
        ("2024-04-12/05-10", ("2024-04-12", "2024-05-10")),
        ("2023-12-30/2024-01-02", ("2023-12-30", "2024-01-02")),
        ("2024/2025", ("2024-01-01", "2025-12-31")),
        ("2024-13-01", None),
        ("2024-02-30", None),
        ("2024-05-10/2024-05-01", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_event_dates_cover_the_days_they_name(text, span):
    found = date_span(text)
    assert (tuple(d.isoformat() for d in found) if found else None) == span


def test_taxa_are_capped_per_rank_and_in_all_with_a_note():
    scan = TaxaScan()
    for i in range(RANK_LIMIT + 50):
        values = {DWC + "family": "Family%03d" % i, DWC + "genus": "Genus%03d" % i}
        for _repeat in range(1 + (i == 7)):  # Family007 is the most frequent
            scan.add(values)

    top = scan.top()

    assert len(top) == TAXA_LIMIT
    assert top[0] == ("Family007", "family", 2)
    assert sum(1 for t in top if t[1] == "family") == RANK_LIMIT
    assert scan.overflow == {"family", "genus"}


def test_inference_job_stores_and_returns_the_coverage(resource, manager_user):
    job = coverage_infer_start(resource=resource, user=manager_user)
    assert job.kind == "metadata-infer"

    execute(str(job.pk))

    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert job.result["start"] == "2022-03-01"
    assert coverage_last(resource).start == "2022-03-01"


def test_publication_document_uses_inferred_coverage_only_when_asked(resource, manager_user):
    doc = metadata_get(resource)
    doc.geographic_coverages = [GeographicCoverage("Ponds in Flanders")]
    doc.temporal_coverages = [TemporalCoverage("single", start="1999-01-01")]
    doc.taxonomic_coverages = [TaxonomicCoverage("Amphibians", [Taxon("Amphibia", "class")])]
    metadata_save(resource, doc, user=manager_user)
    publish = dict(
        version="1.4", publisher="Pond Society", url="https://x.org/r", pub_date=date(2025, 3, 1)
    )

    entered = metadata_for_publication(resource, **publish)
    assert entered.temporal_coverages[0].start == "1999-01-01"
    assert entered.pub_date == "2025-03-01"

    metadata_settings_update(resource, coverage_mode=CoverageMode.INFERRED, user=manager_user)
    inferred = metadata_for_publication(resource, **publish)

    geo = inferred.geographic_coverages[0]
    assert geo.description == "Ponds in Flanders"
    assert (geo.bbox.west, geo.bbox.north) == ("-3.5", "50.2")
    assert inferred.temporal_coverages == [TemporalCoverage("range", "2022-03-01", "2024-05-10")]
    assert inferred.taxonomic_coverages[0].description == "Amphibians"
    assert Taxon("Rana temporaria", "species") in inferred.taxonomic_coverages[0].taxa
    assert inferred.package_id.endswith("/v1.4")
    # the working document keeps what was entered
    assert metadata_get(resource).temporal_coverages[0].start == "1999-01-01"


def test_only_the_coverage_set_to_inferred_is_replaced_at_publication(resource, manager_user):
    doc = metadata_get(resource)
    doc.geographic_coverages = [GeographicCoverage("Ponds in Flanders")]
    doc.temporal_coverages = [TemporalCoverage("single", start="1999-01-01")]
    doc.taxonomic_coverages = [TaxonomicCoverage("Amphibians", [Taxon("Amphibia", "class")])]
    metadata_save(resource, doc, user=manager_user)
    metadata_settings_update(
        resource, taxonomic_coverage_mode=CoverageMode.INFERRED, user=manager_user
    )

    published = metadata_for_publication(
        resource, version="1.0", publisher="", url="https://x.org/r", pub_date=date(2025, 3, 1)
    )

    assert Taxon("Rana temporaria", "species") in published.taxonomic_coverages[0].taxa
    assert published.temporal_coverages == [TemporalCoverage("single", start="1999-01-01")]
    assert published.geographic_coverages == [GeographicCoverage("Ponds in Flanders")]


def test_settings_refuse_an_unknown_coverage_mode(resource, manager_user):
    with pytest.raises(UserError) as err:
        metadata_settings_update(resource, temporal_coverage_mode="guessed", user=manager_user)
    assert err.value.code == "metadata:settings"
    assert err.value.details["field"] == "temporal_coverage_mode"


def test_inference_refuses_broken_source_and_keeps_the_previous_result(resource, settings):
    first = coverage_infer(resource)
    source = resource.sources.get(name="occurrences")
    (settings.DATA_DIR / source.path).write_bytes(b"occurrenceID,eventID\nO1,E1,extra\n\xff\xfe")

    with pytest.raises(UserError):
        coverage_infer(resource)

    assert coverage_last(resource) == first
