"""Each data check, end to end: a source with one kind of fault added to the pond survey.

Blocking faults fail the publication with the right report entry and leave version 1.0
served byte for byte; warnings publish version 1.1 with the right report entry.
"""

from __future__ import annotations

import pytest

from catalogue.models import Extension
from core.models import JobStatus
from resources.services.mappings import mapping_create
from resources.services.resources import resource_dir

from .conftest import EVENT, OCCURRENCE, add_sources, publish_inline

EVENT_HEADER = (
    "eventID,parentEventID,eventDate,year,sampleSizeValue,sampleSizeUnit,"
    "decimalLatitude,decimalLongitude\n"
)
OCC_HEADER = (
    "occurrenceID,eventID,scientificName,basisOfRecord,organismQuantity,"
    "organismQuantityType,occurrenceStatus\n"
)
GOOD_EVENT = "X-{n},POND-A,2024-05-01,2024,30,minute,52.5,13.4\n"
GOOD_OCC = "X-{n},POND-A-V1,Bufo bufo,HumanObservation,2,individuals,present\n"


def _events(*rows: str) -> tuple[str, str]:
    return EVENT, EVENT_HEADER + "".join(rows)


def _occurrences(*rows: str) -> tuple[str, str]:
    return OCCURRENCE, OCC_HEADER + "".join(rows)


BLOCKING = {
    "core-id-duplicate": _events("POND-A,,2024-05-01,2024,30,minute,52.5,13.4\n"),
    "core-id-missing": _events(",POND-A,2024-05-01,2024,30,minute,52.5,13.4\n"),
    "parent-event-self": _events("X-1,X-1,2024-05-01,2024,30,minute,52.5,13.4\n"),
    "parent-event-cycle": _events(
        "X-1,X-2,2024-05-01,2024,30,minute,52.5,13.4\n",
        "X-2,X-1,2024-05-01,2024,30,minute,52.5,13.4\n",
    ),
    "extension-id-missing": _occurrences("X-1,,Bufo bufo,HumanObservation,2,individuals,present\n"),
    "orphan-row": _occurrences("X-1,NOPE,Bufo bufo,HumanObservation,2,individuals,present\n"),
    "occurrence-id-duplicate": _occurrences(
        "POND-A-V1:RANATEMP,POND-A-V1,Rana temporaria,HumanObservation,1,individuals,present\n"
    ),
    # Neither occurrenceID nor catalogue triplets identify this occurrence: GBIF would refuse.
    "occurrence-ids-refused": _occurrences(
        ",POND-A-V1,Bufo bufo,HumanObservation,2,individuals,present\n"
    ),
    "basis-of-record-missing": _occurrences("X-1,POND-A-V1,Bufo bufo,,2,individuals,present\n"),
    "basis-of-record-unknown": _occurrences(
        "X-1,POND-A-V1,Bufo bufo,Photograph,2,individuals,present\n"
    ),
}

# Findings about a whole file, without rows to name.
WHOLE_FILE = {"occurrence-ids-refused"}

WARNINGS = {
    "parent-event-unknown": _events("X-1,GHOST,2024-05-01,2024,30,minute,52.5,13.4\n"),
    "core-id-case-duplicate": _events("pond-a,,2024-05-01,2024,30,minute,52.5,13.4\n"),
    "occurrence-id-case-duplicate": _occurrences(
        "pond-a-v1:ranatemp,POND-A-V1,Rana temporaria,HumanObservation,1,individuals,present\n"
    ),
    "sample-size-unit-missing": _events("X-1,POND-A,2024-05-01,2024,30,,52.5,13.4\n"),
    "sample-size-value-missing": _events("X-1,POND-A,2024-05-01,2024,,minute,52.5,13.4\n"),
    "sample-size-not-number": _events("X-1,POND-A,2024-05-01,2024,many,minute,52.5,13.4\n"),
    "event-date-invalid": _events("X-1,POND-A,2024-02-30,2024,30,minute,52.5,13.4\n"),
    "event-date-disagrees": _events("X-1,POND-A,2024-05-01,2023,30,minute,52.5,13.4\n"),
    "coordinates-out-of-range": _events("X-1,POND-A,2024-05-01,2024,30,minute,95,13.4\n"),
    "coordinates-zero": _events("X-1,POND-A,2024-05-01,2024,30,minute,0,0\n"),
    "coordinate-missing-pair": _events("X-1,POND-A,2024-05-01,2024,30,minute,52.5,\n"),
    "organism-quantity-type-missing": _occurrences(
        "X-1,POND-A-V1,Bufo bufo,HumanObservation,2,,present\n"
    ),
    "organism-quantity-missing": _occurrences(
        "X-1,POND-A-V1,Bufo bufo,HumanObservation,,individuals,present\n"
    ),
    "vocabulary-value": _occurrences(
        "X-1,POND-A-V1,Bufo bufo,HumanObservation,2,individuals,perhaps\n"
    ),
}


def _add_fault(resource, row_type: str, text: str) -> None:
    add_sources(resource, {"fault.csv": text.encode()})
    mapping_create(
        resource=resource,
        source=resource.sources.get(name="fault"),
        extension=Extension.objects.get(row_type=row_type),
    )


def _entry(job, check: str) -> dict | None:
    checks = (job.result or {}).get("report", {}).get("checks", [])
    return next((c for c in checks if c["check"] == check and c["count"]), None)


@pytest.mark.parametrize(("check", "fault"), BLOCKING.items(), ids=list(BLOCKING))
def test_blocking_fault_fails_and_keeps_the_served_version(resource, manager, check, fault):
    assert publish_inline(resource, manager).status == JobStatus.SUCCEEDED
    archive = resource_dir(resource) / "dwca-1.0.zip"
    before = archive.read_bytes()
    _add_fault(resource, *fault)

    job = publish_inline(resource, manager)

    assert (job.status, job.error_code) == (JobStatus.FAILED, "publication:checks")
    entry = _entry(job, check)
    assert entry is not None, job.result
    assert entry["severity"] == "error"
    if check not in WHOLE_FILE:
        assert any(s["source"] == "fault" and s["line"] >= 2 for s in entry["samples"]), entry
    assert archive.read_bytes() == before
    assert list(resource.versions.values_list("label", flat=True)) == ["1.0"]


@pytest.mark.parametrize(("check", "fault"), WARNINGS.items(), ids=list(WARNINGS))
def test_warning_publishes_with_the_report_entry(resource, manager, check, fault):
    _add_fault(resource, *fault)

    job = publish_inline(resource, manager)

    assert job.status == JobStatus.SUCCEEDED, (job.error_code, job.error_message)
    version = resource.versions.get()
    entry = next((c for c in version.report["checks"] if c["check"] == check and c["count"]), None)
    assert entry is not None, [c["check"] for c in version.report["checks"] if c["count"]]
    assert entry["severity"] == "warning"
    assert any(s["source"] == "fault" for s in entry["samples"]), entry["samples"]
