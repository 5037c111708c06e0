"""The mapping checks (API ``…/checks``) count what the publication report counts, for the
same data: a source with a few bad values of different kinds added to the pond survey."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from catalogue.models import Extension
from core.models import JobStatus
from resources.quality.declarations import CHECKS
from resources.services.mappings import mapping_create

from .conftest import EVENT, OCCURRENCE, add_sources, publish_inline

EVENT_HEADER = (
    "eventID,parentEventID,eventDate,year,sampleSizeValue,sampleSizeUnit,"
    "decimalLatitude,decimalLongitude\n"
)
OCC_HEADER = (
    "occurrenceID,eventID,scientificName,basisOfRecord,organismQuantity,"
    "organismQuantityType,occurrenceStatus\n"
)
# Checks of a file as a whole: the API lists them apart from the per-term counts.
CASES = {
    "event values": (
        EVENT,
        EVENT_HEADER
        + "X-1,POND-A,05/01/2024,2024,30,minute,52.5,13.4\n"
        + "X-2,POND-A,2024-02-30,2024,many,minute,95,13.4\n"
        + "X-3,POND-A,05/01/2024,2024,30,,0,0\n"
        + "X-4,POND-A,2024-05-01,2023,30,minute,52.5,\n",
    ),
    "occurrence values": (
        OCCURRENCE,
        OCC_HEADER
        + "X-1,POND-A-V1,Bufo bufo,HumanObservation,2,,perhaps\n"
        + "X-2,POND-A-V1,Bufo bufo,Photograph,,individuals,present\n"
        + "X-3,POND-A-V1,Bufo bufo,HumanObservation,2,individuals,maybe\n"
        + "X-4,POND-A-V1,Bufo bufo,,2,individuals,present\n",
    ),
}


def _report(resource, job) -> dict:
    if job.status == JobStatus.SUCCEEDED:
        return resource.versions.get().report
    return job.result["report"]


def _api_counts(api, resource) -> Counter:
    counts: Counter = Counter()
    for mapping in resource.mappings.all():
        url = "/api/v1/resources/%s/mappings/%d/checks" % (resource.shortname, mapping.pk)
        body = api.get(url).json()
        for found in body["terms"].values():
            counts.update({entry["check"]: entry["count"] for entry in found})
    return counts


@pytest.mark.parametrize(("row_type", "text"), CASES.values(), ids=list(CASES))
def test_mapping_checks_count_what_the_publication_report_counts(resource, manager, row_type, text):
    cache.clear()
    add_sources(resource, {"fault.csv": text.encode()})
    mapping_create(
        resource=resource,
        source=resource.sources.get(name="fault"),
        extension=Extension.objects.get(row_type=row_type),
    )
    api = APIClient()
    api.force_authenticate(manager)
    counts = _api_counts(api, resource)

    report = _report(resource, publish_inline(resource, manager))

    reported: Counter = Counter()
    for entry in report["checks"]:
        declared = CHECKS.get(entry["check"])
        if declared is not None and declared.scope == "row" and entry["count"]:
            reported[entry["check"]] += entry["count"]
    assert len(reported) >= 3, reported  # the case exercises several kinds of check
    assert counts == reported
