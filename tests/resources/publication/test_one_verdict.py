"""One value, one verdict: the same values go to every caller of the value rules — the row
checks themselves, the mapping checks of the API ``…/checks``, a validation run and a
publication — and each names the same rows with the same checks.

Among them the three date strings two validators once disagreed on: ``2024-W20`` (a week
date), ``2024-123`` (an ordinal date) and ``2024-05-01/03`` (an interval with a shortened end)
are all valid ISO 8601; GBIF's date parser reads the last two but not the week date, so that
one gets the same warning everywhere."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from catalogue.models import Extension
from core.jobs.executor import execute
from resources.models import Validation
from resources.quality.rows import RowChecks
from resources.services.mappings import mapping_create
from resources.services.publication.archive import mapping_archive_file
from resources.services.publication.start import validation_start
from resources.services.resources import resource_create

from .conftest import EVENT, add_sources, publish_inline, valid_metadata

# (eventDate, locality, decimalLatitude, decimalLongitude) -> the checks the row breaks.
TABLE = [
    (("2024-W20", "Pond", "59.1", "17.1"), {"event-date-not-read-by-gbif"}),
    (("2024-123", "Pond", "59.1", "17.1"), set()),
    (("2024-05-01/03", "Pond", "59.1", "17.1"), set()),
    (("2024-13-01", "Pond", "59.1", "17.1"), {"event-date-invalid"}),
    (("2024-02-30", "Pond", "59.1", "17.1"), {"event-date-invalid"}),
    (("21/04/2024", "Pond", "59.1", "17.1"), {"event-date-invalid"}),
    (("2024-05-01", "NULL", "59.1", "17.1"), {"null-token"}),
    (("2024-05-01", "Pond", "95", "17.1"), {"coordinates-out-of-range"}),
    (("2024-05-01", "Pond", "0", "0"), {"coordinates-zero"}),
    (("2024-05-01", "Pond", "59.1", ""), {"coordinate-missing-pair"}),
]
HEADER = "eventID,eventDate,locality,decimalLatitude,decimalLongitude\n"
# Line n + 2 of the file holds row n of the table (line 1 is the header).
EXPECTED = {(n + 2, code) for n, (_values, codes) in enumerate(TABLE) for code in codes}


@pytest.fixture
def dated(manager, data_dir):
    resource = resource_create(shortname="dated", creator=manager, title="Dated ponds")
    text = HEADER + "".join(
        "E%d,%s\n" % (n, ",".join(values)) for n, (values, _codes) in enumerate(TABLE)
    )
    add_sources(resource, {"events.csv": text.encode()})
    mapping = mapping_create(
        resource=resource,
        source=resource.sources.get(name="events"),
        extension=Extension.objects.get(row_type=EVENT),
    )
    valid_metadata(resource)
    return resource, mapping


def _engine(mapping) -> set[tuple[int, str]]:
    file = mapping_archive_file(mapping)
    checks = RowChecks(file)
    return {
        (line, flag.check)
        for part in file.parts
        for line, _id, cells in part.rows()
        for flag in checks.check_cells(cells)
    }


def _api(resource, mapping, manager) -> set[tuple[int, str]]:
    cache.clear()
    api = APIClient()
    api.force_authenticate(manager)
    url = "/api/v1/resources/%s/mappings/%d/checks" % (resource.shortname, mapping.pk)
    body = api.get(url).json()
    return {
        (example["line"], entry["check"])
        for entries in body["terms"].values()
        for entry in entries
        for example in entry["examples"]
    }


def _report_rows(report: dict) -> set[tuple[int, str]]:
    return {
        (sample["line"], entry["check"])
        for entry in report["checks"]
        for sample in entry["samples"]
        if entry["severity"] != "info"
    }


def _validation(resource, manager) -> set[tuple[int, str]]:
    job = validation_start(resource=resource, user=manager, enqueue=False)
    execute(str(job.pk))
    return _report_rows(Validation.objects.get(resource=resource).report)


def _publication(resource, manager) -> set[tuple[int, str]]:
    publish_inline(resource, manager)
    return _report_rows(resource.versions.get().report)


def test_every_caller_gives_each_value_the_same_verdict(dated, manager):
    resource, mapping = dated
    found = {
        "row checks": _engine(mapping),
        "API checks": _api(resource, mapping, manager),
        "validation": _validation(resource, manager),
        "publication": _publication(resource, manager),
    }
    for caller, verdicts in found.items():
        assert verdicts == EXPECTED, caller
