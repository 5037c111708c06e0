"""A manager creates a resource, uploads two files at once, follows the analysis in the
worker, reads the sources, then replaces one file and sees which columns changed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from publisher.models import Role
from resources.models import Source
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

EVENTS = "eventID,eventDate,locality\nE1,2024-05-01,Uppsala\nE2,2024-05-02,Lund\n"
SITES = (
    "siteID;siteName;habitat\nS1;Étang du Moulin;étang\nS2;Bief Sud;fossé\nS3;La Rivière;rivière\n"
)
SITES_V2 = "siteID;siteName;depth\nS1;Étang du Moulin;1.2\nS2;Bief Sud;0.4\n"
JOB_TIMEOUT = 60_000


@pytest.fixture
def files(tmp_path):
    events, sites = tmp_path / "events.csv", tmp_path / "sites.csv"
    events.write_text(EVENTS, encoding="utf-8")
    sites.write_bytes(SITES.encode("cp1252"))
    replacement = tmp_path / "v2" / "sites.csv"
    replacement.parent.mkdir()
    replacement.write_bytes(SITES_V2.encode("cp1252"))
    return events, sites, replacement


def _create_resource(page) -> None:
    page.get_by_test_id("resource-new").click()
    page.get_by_label("Short name").fill("ponds")
    page.get_by_label("Title").fill("Pond survey")
    expect(page.get_by_label("Type")).to_have_value("sampling-event")
    page.get_by_role("button", name="Create").click()
    expect(page).to_have_url(re.compile(r"/manage/resources/ponds/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pond survey")
    # The upload script is deferred: act once it has attached its handlers.
    page.wait_for_load_state("load")


def _drop_file(page, form: str, name: str, data: bytes) -> None:
    """Drop a file on the form's drop zone, as dragging it from the desktop does."""
    page.wait_for_load_state("load")  # the deferred upload script handles the drop
    page.get_by_test_id(form).locator("[data-dropzone]").evaluate(
        """(zone, [name, bytes]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name, {type: "text/csv"}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true,
                                                      cancelable: true}));
        }""",
        [name, list(data)],
    )


def _wait_for_job(page) -> None:
    """The page follows the job; once it has finished the page reloads with the outcome."""
    expect(page).to_have_url(re.compile(r"\?job=[0-9a-f-]+"))
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)


def test_manager_uploads_two_files_reads_them_and_replaces_one(page, celery_worker_process, files):
    events, sites, replacement = files
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    UserFactory(role=Role.MANAGER, email="manager@example.org")
    log_in(page, "manager@example.org")
    _create_resource(page)

    page.get_by_label("Files").set_input_files([str(events), str(sites)])
    expect(page.locator("[data-upload-files]")).to_have_text("events.csv, sites.csv")
    page.get_by_role("button", name="Upload", exact=True).click()
    _wait_for_job(page)

    rows = page.get_by_test_id("source")
    expect(rows).to_have_count(2, timeout=JOB_TIMEOUT)  # after the reload the job asks
    events_row = page.locator('[data-testid="source"][data-name="events"]')
    sites_row = page.locator('[data-testid="source"][data-name="sites"]')
    expect(events_row.get_by_test_id("source-rows")).to_have_text("2")
    expect(sites_row.get_by_test_id("source-rows")).to_have_text("3")
    page.screenshot(path="/tmp/sources-overview.png", full_page=True)

    sites_row.get_by_role("link", name="sites").click()
    expect(page.get_by_test_id("row-count")).to_have_text("3")
    columns = page.get_by_test_id("column")
    expect(columns).to_have_count(3)
    expect(columns.nth(2)).to_contain_text("habitat")
    expect(page.get_by_label("Field delimiter")).to_have_value(";")
    preview = page.get_by_test_id("preview")
    expect(preview).to_contain_text("Étang du Moulin")
    expect(preview).to_contain_text("La Rivière")
    page.screenshot(path="/tmp/sources-source.png", full_page=True)

    _drop_file(page, "replace-form", "sites.csv", replacement.read_bytes())
    expect(page.get_by_test_id("replace-form").locator("[data-upload-files]")).to_have_text(
        "sites.csv"
    )
    page.get_by_role("button", name="Upload and replace").click()
    _wait_for_job(page)

    changes = page.get_by_test_id("column-changes")
    expect(changes.get_by_test_id("added-columns")).to_have_text("depth")
    expect(changes.get_by_test_id("removed-columns")).to_have_text("habitat")
    expect(page.get_by_test_id("row-count")).to_have_text("2")
    expect(page.get_by_test_id("preview")).to_contain_text("0.4")
    page.screenshot(path="/tmp/sources-replaced.png", full_page=True)
    assert Source.objects.get(name="sites").column_changes["removed"] == ["habitat"]
    assert errors == []
