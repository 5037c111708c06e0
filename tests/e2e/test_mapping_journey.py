"""A manager uploads an event and an occurrence file, maps them to the Event core
(auto-mapped) and the Occurrence extension, sets a constant, a filter and a value
translation, and sees them in the preview."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from publisher.models import Role
from resources.models import ExtensionMapping
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

EVENTS = (
    "eventID,eventDate,decimalLatitude,decimalLongitude,remarks\n"
    "E1,2024-05-01,59.85,17.63,sunny\nE2,2024-05-02,55.70,13.19,rain\n"
)
OCCURRENCES = (
    "occurrenceID,eventID,scientificName,basisOfRecord\n"
    "O1,E1,Rana temporaria,Human Observation\n"
    "O2,E1,Bufo bufo,Human Observation\n"
    "O3,E2,,Human Observation\n"
    "O4,E2,Pica pica,PreservedSpecimen\n"
)
JOB_TIMEOUT = 60_000


@pytest.fixture
def files(tmp_path):
    events, occurrences = tmp_path / "event.csv", tmp_path / "occurrence.csv"
    events.write_text(EVENTS, encoding="utf-8")
    occurrences.write_text(OCCURRENCES, encoding="utf-8")
    return events, occurrences


def _create_resource_with_sources(page, files) -> None:
    page.get_by_test_id("resource-new").click()
    page.get_by_label("Short name").fill("ponds")
    page.get_by_label("Title").fill("Pond survey")
    page.get_by_role("button", name="Create").click()
    expect(page).to_have_url(re.compile(r"/manage/resources/ponds/$"))
    page.get_by_label("Files").set_input_files([str(f) for f in files])
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?job=[0-9a-f-]+"))
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)
    expect(page.get_by_test_id("source")).to_have_count(2)


def _new_mapping(page, source: str, extension: str) -> None:
    page.goto("/manage/resources/ponds/#mappings")
    page.get_by_test_id("mapping-new").click()
    page.get_by_label("Source").select_option(label=source)
    page.get_by_label("Map to").select_option(label=extension)
    page.get_by_role("button", name="Create mapping").click()
    expect(page).to_have_url(re.compile(r"/mappings/\d+/$"))
    expect(page.locator(".msg-success")).to_contain_text("mapped automatically")


def test_manager_maps_events_and_occurrences_and_previews_them(page, celery_worker_process, files):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    UserFactory(role=Role.MANAGER, email="manager@example.org")
    log_in(page, "manager@example.org")
    _create_resource_with_sources(page, files)

    # The Event core: auto-mapped, one column left over, then a constant.
    _new_mapping(page, "event", "Darwin Core Event")
    expect(page.locator(".msg-success")).to_contain_text("Left unmapped: remarks.")
    expect(page.get_by_label("Record id column")).to_have_value("eventID")
    expect(page.get_by_label("Column for eventDate")).to_have_value("eventDate")
    page.get_by_label("Constant for samplingProtocol").fill("pitfall traps")
    page.get_by_role("button", name="Save mapping").click()
    expect(page.locator(".msg-success")).to_have_text("The mapping was saved.")
    expect(page.get_by_label("Constant for samplingProtocol")).to_have_value("pitfall traps")
    page.get_by_label("Search terms").fill("protocol")
    expect(page.locator('[data-term="samplingProtocol"]')).to_be_visible()
    expect(page.locator('[data-term="eventDate"]')).to_be_hidden()
    page.get_by_label("Search terms").fill("")
    page.get_by_label("Show only mapped terms").check()
    expect(page.locator('[data-term="eventDate"]')).to_be_visible()
    expect(page.locator('[data-term="habitat"]')).to_be_hidden()
    page.screenshot(path="/tmp/mapping-editor.png", full_page=False)
    page.get_by_test_id("preview-link").click()
    expect(page.get_by_test_id("output-row")).to_have_count(2)
    expect(page.get_by_test_id("mapping-preview")).to_contain_text("pitfall traps")

    # The Occurrence extension: required basisOfRecord, a filter and a translation.
    _new_mapping(page, "occurrence", "Darwin Core Occurrence")
    basis = page.locator('[data-term="basisOfRecord"]')
    expect(basis.get_by_test_id("required")).to_be_visible()
    expect(page.get_by_label("Core id column (links each row to its core record)")).to_have_value(
        "eventID"
    )
    filters = page.get_by_test_id("filter-form")
    filters.get_by_label("Column", exact=True).select_option("scientificName")
    filters.get_by_label("Condition").select_option(label="is not empty")
    filters.get_by_role("button", name="Add filter").click()
    expect(page.get_by_test_id("filter")).to_have_count(1)
    expect(page.get_by_test_id("filter")).to_contain_text("scientificName")
    page.locator("#filters").screenshot(path="/tmp/mapping-filters.png")

    page.locator('[data-term="basisOfRecord"]').get_by_test_id("translations-link").click()
    rows = page.get_by_test_id("translation")
    expect(rows).to_have_count(2)
    human = page.locator('[data-testid="translation"][data-value="Human Observation"]')
    expect(human.get_by_test_id("count")).to_have_text("3")
    human.get_by_label("Publish Human Observation as").fill("HumanObservation")
    page.screenshot(path="/tmp/mapping-translations.png", full_page=True)
    page.get_by_role("button", name="Save translations").click()
    expect(page.locator(".msg-success")).to_contain_text("translations of")

    page.get_by_test_id("preview-link").click()
    preview = page.get_by_test_id("mapping-preview")
    expect(page.get_by_test_id("output-row")).to_have_count(3)
    expect(preview).to_contain_text("HumanObservation")
    expect(preview).not_to_contain_text("Human Observation")
    expect(preview).to_contain_text("Pica pica")
    page.screenshot(path="/tmp/mapping-preview.png", full_page=True)

    page.goto("/manage/resources/ponds/#mappings")
    expect(page.get_by_test_id("mapping")).to_have_count(2)
    assert ExtensionMapping.objects.filter(resource__shortname="ponds").count() == 2
    assert errors == []
