"""A manager uploads a flat table (one row per species per visit), derives events from it
with the suggested split, publishes, and the archive holds the sites, the visits under them
and every occurrence under its visit (issue 25's journey)."""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import expect

from publisher.models import Role
from resources.models import Resource
from resources.services.resources import resource_dir
from tests.conftest import TEST_DATA
from tests.e2e.conftest import log_in
from tests.factories import UserFactory
from tests.resources.publication.conftest import valid_metadata

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]
JOB_TIMEOUT = 60_000
FLAT = TEST_DATA / "datasets" / "flat" / "pond-survey-flat.csv"


def _create_resource(page) -> Resource:
    page.goto("/manage/resources/new/")
    page.get_by_label("Short name").fill("flat")
    page.get_by_label("Title").fill("Flat pond survey")
    page.get_by_role("button", name="Create", exact=True).click()
    expect(page).to_have_url(re.compile(r"/manage/resources/flat/$"))
    return Resource.objects.get(shortname="flat")


def _upload(page) -> None:
    page.get_by_label("Files").set_input_files(str(FLAT))
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)
    expect(page.get_by_test_id("source")).to_have_count(1, timeout=JOB_TIMEOUT)


def _rows(archive: zipfile.ZipFile, name: str) -> list[str]:
    return archive.read(name).decode("utf-8").splitlines()[1:]


def test_a_flat_table_is_published_as_visits_under_sites(page, celery_worker_process):
    UserFactory(role=Role.MANAGER, email="manager@example.org")
    log_in(page, "manager@example.org")
    resource = _create_resource(page)
    valid_metadata(resource)
    _upload(page)

    # The source list leads to the page; the suggestion is shown with what it gives.
    page.goto("/manage/resources/flat/")
    page.get_by_test_id("source").get_by_test_id("derive-link").click()
    expect(page).to_have_url(re.compile(r"/sources/pond-survey-flat/derive/$"))
    expect(page.get_by_test_id("derive-suggested")).to_be_visible()
    page.get_by_test_id("derive-count").click()
    expect(page.get_by_test_id("count-events")).to_have_text("6")
    expect(page.get_by_test_id("count-parents")).to_have_text("2")
    expect(page.get_by_test_id("count-occurrences")).to_have_text("24")
    expect(page.get_by_test_id("count-conflicts")).to_have_text("0")

    # Create the mappings (the page asks first: they replace the source's mappings).
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("derive-apply").click()
    expect(page).to_have_url(re.compile(r"/manage/resources/flat/#mappings$"))
    expect(page.get_by_text("3 mappings were made from pond-survey-flat.")).to_be_visible()
    assert resource.mappings.count() == 3

    # Publish version 1.0.
    page.goto("/manage/resources/flat/#publication")
    confirm = page.get_by_label(re.compile(r"I have read the \d+ warnings?"))
    if confirm.count():
        confirm.check()
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)

    with zipfile.ZipFile(resource_dir(resource) / "dwca-1.0.zip") as archive:
        events = _rows(archive, "event.txt")
        occurrences = _rows(archive, "occurrence.txt")
    assert len(events) == 8  # 2 sites + 6 visits
    assert len(occurrences) == 24
    ids = {line.split("\t")[0] for line in events}
    assert {"POND-A", "POND-B"} <= ids
