"""A node moving from the IPT imports a resource folder in the browser, follows the job in
the worker, opens the imported resource, and downloads it again as a folder zip."""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import expect

from publisher.models import Role
from resources.models import Resource
from tests.conftest import TEST_DATA
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FOLDER = TEST_DATA / "ipt-resource-folders" / "event-resource-folder.zip"
JOB_TIMEOUT = 60_000


def _member(path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


def test_manager_imports_an_ipt_folder_and_exports_it_again(page, celery_worker_process, tmp_path):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    UserFactory(role=Role.MANAGER, email="manager@example.org")
    log_in(page, "manager@example.org")

    page.get_by_test_id("resource-import").click()
    page.get_by_label("File").set_input_files(str(FOLDER))
    page.get_by_role("button", name="Import").click()
    expect(page).to_have_url(re.compile(r"/manage/resources/import/\?job=[0-9a-f-]+"))
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)
    result = page.get_by_test_id("import-result")
    expect(result).to_have_count(1)
    expect(result).to_contain_text("2 sources")
    expect(result).to_contain_text("1 version")
    page.screenshot(path="/tmp/import-result.png", full_page=True)

    result.get_by_role("link", name="event").click()
    expect(page).to_have_url(re.compile(r"/manage/resources/event/$"))
    expect(page.get_by_test_id("source")).to_have_count(2)
    with page.expect_download() as download_info:
        page.get_by_test_id("export-link").click()
    exported = tmp_path / "event.zip"
    download_info.value.save_as(exported)
    original = _member(FOLDER, "event/dwca-1.0.zip")
    assert _member(exported, "event/dwca-1.0.zip") == original
    assert Resource.objects.get(shortname="event").versions.get().label == "1.0"
    assert errors == []
