"""An admin installs an extension by uploading its definition file, and sees a bad one refused."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from catalogue.models import Extension
from publisher.models import Role
from tests.conftest import EXTENSIONS, HUMBOLDT
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

HUMBOLDT_ROW_TYPE = "http://rs.tdwg.org/eco/terms/Event"
CHRONO_ROW_TYPE = "http://rs.tdwg.org/chrono/terms/ChronometricAge"


def _log_in_as_admin(page) -> None:
    UserFactory(role=Role.ADMIN, email="admin@example.org")
    log_in(page, "admin@example.org")


def _open_extensions(page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Extensions").click()
    expect(page).to_have_url(re.compile(r"/admin/extensions/$"))


def test_admin_uploads_the_humboldt_definition_and_sees_it_installed(page):
    _log_in_as_admin(page)
    _open_extensions(page)

    page.get_by_label("Definition file (XML)").set_input_files(str(HUMBOLDT))
    page.get_by_role("button", name="Upload and install").click()

    expect(page.locator(".msg-success")).to_contain_text("Humboldt Ecological Inventory was")
    row = page.locator(
        '[data-testid="installed-extension"][data-row-type="%s"]' % HUMBOLDT_ROW_TYPE
    )
    expect(row.get_by_test_id("origin")).to_have_text("Uploaded file")
    assert Extension.objects.get(row_type=HUMBOLDT_ROW_TYPE).origin == "file"

    row.get_by_role("link", name="57").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Humboldt Ecological Inventory")
    expect(page.get_by_test_id("term")).to_have_count(57)


def test_uploading_a_malformed_file_shows_the_error(page, tmp_path):
    broken = tmp_path / "broken-extension.xml"
    broken.write_text("<extension xmlns='http://rs.gbif.org/extension/'><property</extension>")
    _log_in_as_admin(page)
    _open_extensions(page)
    before = Extension.objects.count()

    page.get_by_label("Definition file (XML)").set_input_files(str(broken))
    page.get_by_role("button", name="Upload and install").click()

    error = page.locator("#install-file .field-error")
    expect(error).to_contain_text("broken-extension.xml")
    expect(error).to_contain_text("not well-formed XML")
    assert Extension.objects.count() == before


def test_term_search_filters_as_one_types(page):
    _log_in_as_admin(page)
    event = Extension.objects.get(row_type="http://rs.tdwg.org/dwc/terms/Event")
    page.goto("/extensions/%d/" % event.pk)
    expect(page.get_by_test_id("term")).to_have_count(97)

    page.get_by_test_id("term-search").fill("sampleSize")

    expect(page.locator('[data-testid="term"]:visible')).to_have_count(2)
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"\?q=sampleSize$"))
    expect(page.get_by_test_id("term")).to_have_count(2)


def test_admin_installs_from_a_url_and_follows_the_job(page, celery_worker_process, http_server):
    _log_in_as_admin(page)
    _open_extensions(page)

    definition = EXTENSIONS / "extension" / "dwc" / "ChronometricAge_2024-03-11.xml"
    url = http_server.serve("/extension/chrono.xml", definition.read_bytes())
    page.get_by_label("Definition URL").fill(url)
    page.get_by_role("button", name="Download and install").click()

    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=60_000)
    extension = Extension.objects.get(row_type=CHRONO_ROW_TYPE)
    assert extension.origin == "url"
    assert extension.source_url == url
