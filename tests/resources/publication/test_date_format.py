"""A source's date format: mapped dates are published as ISO 8601 and the report counts them."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

from core.models import JobStatus
from resources.models import Version
from resources.services.demo import DEMO_DIR
from resources.services.resources import resource_dir
from resources.services.sources import source_date_format_set, source_date_formats_detected

from .conftest import publish_inline
from .test_services import replace_source

pytestmark = pytest.mark.django_db


def day_first(text: str) -> bytes:
    """The demo events with their single dates written DD/MM/YYYY (intervals stay ISO)."""
    return re.sub(r",(\d{4})-(\d\d)-(\d\d),", r",\3/\2/\1,", text).encode()


def event_dates(resource, label: str) -> list[str]:
    with zipfile.ZipFile(resource_dir(resource) / ("dwca-%s.zip" % label)) as zf:
        rows = csv.reader(io.StringIO(zf.read("event.txt").decode()), delimiter="\t")
        header = next(rows)
        column = header.index("eventDate")
        return [row[column] for row in rows]


def test_dates_in_the_source_format_are_published_as_iso_and_counted(resource, manager):
    original = (DEMO_DIR / "event.csv").read_text()
    local = day_first(original)
    converted = local.decode().count("/2024,")
    assert converted > 0
    replace_source(resource, "event", local)
    source = resource.sources.get(name="event")
    assert source_date_formats_detected(source)["eventDate"] == "DD/MM/YYYY"
    source_date_format_set(source=source, date_format="DD/MM/YYYY")

    job = publish_inline(resource, manager)

    assert job.status == JobStatus.SUCCEEDED, job.error_message
    dates = event_dates(resource, "1.0")
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d(/\d{4}-\d\d-\d\d)?", d) for d in dates), dates
    report = Version.objects.get(resource=resource).report
    (entry,) = [c for c in report["checks"] if c["check"] == "date-converted"]
    assert (entry["severity"], entry["file"], entry["count"]) == ("info", "event.txt", converted)
    assert entry["message"] == (
        "%d eventDate values were converted from DD/MM/YYYY to ISO 8601." % converted
    )
    assert not [c for c in report["checks"] if c["check"] == "event-date-invalid" and c["count"]]


def test_without_a_date_format_the_dates_are_published_as_written(resource, manager):
    replace_source(resource, "event", day_first((DEMO_DIR / "event.csv").read_text()))

    job = publish_inline(resource, manager)

    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert "12/04/2024" in event_dates(resource, "1.0")
    report = Version.objects.get(resource=resource).report
    assert not [c for c in report["checks"] if c["check"] == "date-converted"]
