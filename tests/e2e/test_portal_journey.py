"""A visitor finds a public resource on the home page, opens it and downloads the archive."""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import expect

from resources.models import Visibility
from tests.resources.portal.conftest import fake_published

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_searches_opens_a_landing_page_and_downloads_the_archive(page, data_dir, tmp_path):
    fake_published(Visibility.PUBLIC, title="Newt ponds of the valley")
    fake_published(Visibility.PUBLIC, title="Beetles in the dunes")
    fake_published(Visibility.PRIVATE, title="Secret bats")
    page.goto("/")
    table = page.get_by_test_id("resource-table")
    expect(table).to_contain_text("Beetles in the dunes")
    expect(table).not_to_contain_text("Secret bats")

    page.get_by_role("searchbox").fill("newt")
    page.get_by_role("button", name="Search").click()
    expect(table).not_to_contain_text("Beetles")
    table.get_by_role("link", name="Newt ponds of the valley").click()

    expect(page).to_have_url(re.compile(r"/resource\?r="))
    expect(page.get_by_test_id("landing-title")).to_have_text("Newt ponds of the valley")
    expect(page.get_by_test_id("citation")).to_contain_text("Newt ponds of the valley")
    with page.expect_download() as info:
        page.get_by_test_id("download-archive").click()
    download = info.value
    assert re.fullmatch(r"dwca-resource-\d+-v1\.0\.zip", download.suggested_filename)
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    with zipfile.ZipFile(target) as archive:
        assert "meta.xml" in archive.namelist()
