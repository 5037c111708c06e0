"""A manager maps a file whose dates are written DD/MM/YYYY, sees on the mapping page how many
eventDate values break a rule, sets the source's date format, validates and publishes a version
with no date warning (issue 17's journey)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from publisher.models import Role
from resources.models import Validation
from resources.services.resources import resource_create
from tests.e2e.conftest import log_in
from tests.factories import UserFactory
from tests.resources.publication.conftest import valid_metadata

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]
JOB_TIMEOUT = 60_000
EVENTS = (
    "eventID,eventDate,decimalLatitude,decimalLongitude,samplingProtocol\n"
    "E1,21/04/2024,59.85,17.63,pitfall trap\n"
    "E2,22/04/2024,55.70,13.19,pitfall trap\n"
    "E3,30/04/2024,55.71,13.20,pitfall trap\n"
)
OCCURRENCES = (
    "occurrenceID,eventID,scientificName,basisOfRecord,occurrenceStatus\n"
    "O1,E1,Rana temporaria,HumanObservation,present\n"
    "O2,E2,Bufo bufo,HumanObservation,present\n"
    "O3,E3,Pica pica,HumanObservation,present\n"
)


@pytest.fixture
def files(tmp_path):
    events, occurrences = tmp_path / "event.csv", tmp_path / "occurrence.csv"
    events.write_text(EVENTS, encoding="utf-8")
    occurrences.write_text(OCCURRENCES, encoding="utf-8")
    return events, occurrences


def _upload(page, files) -> None:
    page.goto("/manage/resources/ponds/")
    page.get_by_label("Files").set_input_files([str(f) for f in files])
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)
    # the list is drawn when the job's partial reports success; a busy worker may lag
    expect(page.get_by_test_id("source")).to_have_count(2, timeout=JOB_TIMEOUT)


def _map(page, source: str, extension: str) -> str:
    page.goto("/manage/resources/ponds/#mappings")
    page.get_by_test_id("mapping-new").click()
    page.get_by_label("Source").select_option(label=source)
    page.get_by_label("Map to").select_option(label=extension)
    page.get_by_role("button", name="Create mapping").click()
    expect(page).to_have_url(re.compile(r"/mappings/\d+/$"))
    return page.url


def _date_check(page):
    return page.locator('[data-testid="term-check"][data-code="event-date-invalid"]')


def test_bad_dates_are_seen_while_mapping_and_fixed_before_publishing(
    page, celery_worker_process, files
):
    manager = UserFactory(role=Role.MANAGER, email="manager@example.org")
    resource = resource_create(shortname="ponds", creator=manager, title="Pond survey")
    valid_metadata(resource)
    log_in(page, "manager@example.org")
    _upload(page, files)

    # While mapping, before any publication: every eventDate breaks the ISO 8601 rule.
    events_mapping = _map(page, "event", "Darwin Core Event")
    dates = _date_check(page)
    expect(dates).to_have_attribute("data-count", "3")
    expect(dates).to_contain_text('eventDate "21/04/2024" is not a valid ISO 8601 date')
    expect(page.get_by_test_id("checks-scope")).to_contain_text("All 3 rows were checked")
    _map(page, "occurrence", "Darwin Core Occurrence")

    # The source page recognises the format; one click sets it.
    page.goto("/manage/resources/ponds/")
    page.get_by_test_id("source").filter(has_text="event").get_by_role("link").first.click()
    hint = page.get_by_test_id("date-format-hint")
    expect(hint).to_have_attribute("data-format", "DD/MM/YYYY")
    page.get_by_test_id("use-date-format").click()
    expect(page.get_by_test_id("date-format-hint")).to_contain_text("published as ISO 8601")

    # Back on the mapping page the dates pass, and the preview shows them as ISO 8601.
    page.goto(events_mapping)
    expect(_date_check(page)).to_have_count(0)
    page.get_by_test_id("preview-link").click()
    expect(page.get_by_test_id("mapping-preview")).to_contain_text("2024-04-21")

    # Validate: the summary on the overview holds no date warning and nothing blocks.
    page.goto("/manage/resources/ponds/#publication")
    page.get_by_test_id("validate").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)
    summary = page.get_by_test_id("quality-summary")
    expect(summary).to_have_attribute("data-kind", "validation", timeout=JOB_TIMEOUT)
    expect(summary).to_have_attribute("data-errors", "0")
    expect(summary.locator('[data-check^="event-date"]')).to_have_count(0)
    assert resource.versions.count() == 0
    assert Validation.objects.get(resource=resource).report["errors"] == 0

    # Publish: version 1.0, whose report counts the converted dates and no date warning.
    confirm = page.get_by_label(re.compile(r"I have read the \d+ warnings?"))
    if confirm.count():
        confirm.check()
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)
    page.get_by_test_id("job-report-link").click()
    expect(page).to_have_url(re.compile(r"/manage/resources/ponds/versions/1\.0/report/$"))
    expect(page.locator('[data-check="date-converted"]').first).to_be_visible()
    report = resource.versions.get().report
    dated = [c for c in report["checks"] if c["check"].startswith("event-date") and c["count"]]
    assert dated == []
    converted = [c for c in report["checks"] if c["check"] == "date-converted"]
    assert [c["count"] for c in converted] == [3]
