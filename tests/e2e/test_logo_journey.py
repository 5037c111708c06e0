"""A manager uploads a resource logo in the metadata editor; the landing page shows it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from resources.models import Visibility
from tests.resources.logo.images import png
from tests.resources.portal.conftest import fake_published

from .checks import NARROW, WIDE, assert_page_ok
from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _check_both_widths(page, where: str) -> None:
    page.set_viewport_size(NARROW)
    assert_page_ok(page, where + " (390 px)")
    page.set_viewport_size(WIDE)
    assert_page_ok(page, where + " (1280 px)")


def test_manager_uploads_a_logo_and_the_landing_page_shows_it(page, data_dir, tmp_path):
    resource = fake_published(Visibility.PUBLIC, title="Newt ponds")
    image = tmp_path / "newt.png"
    image.write_bytes(png(40, 20))
    log_in(page, resource.creator.email)

    page.goto("/manage/resources/%s/metadata/additional/" % resource.shortname)
    card = page.get_by_test_id("logo-card")
    card.get_by_label("Upload an image").set_input_files(str(image))
    card.get_by_test_id("logo-upload").click()
    expect(page.get_by_text("The logo was uploaded")).to_be_visible()
    expect(page.get_by_test_id("logo-current")).to_be_visible()
    expect(page.locator("#f-resource_logo_url")).to_have_value(
        "http://127.0.0.1:8000/logo.do?r=%s" % resource.shortname
    )
    _check_both_widths(page, "metadata editor, additional")

    page.goto("/resource?r=%s" % resource.shortname)
    logo = page.get_by_test_id("landing-logo")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 40
    _check_both_widths(page, "landing page")
