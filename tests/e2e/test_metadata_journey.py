"""A manager creates a resource, completes its metadata in the editor (lists edited with the
keyboard, the bounding-box map, a creator copied to the contacts) until every section is
valid, and downloads EML that the GBIF profile 1.3 schema accepts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from metadata.eml.validate import SECTIONS, validate_xsd
from metadata.services.documents import metadata_get
from publisher.models import Role
from resources.models import Resource
from tests.conftest import TEST_DATA
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCHEMA = TEST_DATA / "schemas/eml-gbif-profile/1.3"
ABSTRACT = "Amphibians counted in the ponds of Uppland, 2020-2024."


def _badge(page, section: str):
    return page.locator('[data-testid="section-badge"][data-section="%s"] .badge' % section)


def _field(page, name: str):
    return page.locator('form[data-md-form] [name="%s"]' % name)


def _create_resource(page) -> None:
    page.get_by_test_id("resource-new").click()
    page.get_by_label("Short name").fill("ponds")
    page.get_by_label("Title").fill("Pond survey")
    page.get_by_role("button", name="Create").click()
    expect(page).to_have_url(re.compile(r"/manage/resources/ponds/$"))
    page.wait_for_load_state("load")  # deferred scripts attached


def _save(page, message: str) -> None:
    page.get_by_test_id("metadata-save").click()
    expect(page.locator(".msg-success")).to_have_text(message)


def _fill_basic(page) -> None:
    form = page.get_by_test_id("metadata-form")
    page.get_by_role("radio", name=re.compile(r"^CC BY 4\.0")).check()
    page.get_by_label("Paragraph 1", exact=True).fill(ABSTRACT)
    # The unsaved-changes guard is armed once something was typed.
    expect(form).to_have_attribute("data-dirty", "1")
    cancelled = page.evaluate("""() => {
        const event = new Event("beforeunload", {cancelable: true});
        window.dispatchEvent(event);
        return event.defaultPrevented;
    }""")
    assert cancelled is True
    # A second paragraph, added, moved up and removed again with the keyboard.
    page.get_by_role("button", name="Add a paragraph").first.click()
    expect(page.get_by_label("Paragraph 2", exact=True)).to_be_focused()
    page.keyboard.type("A second paragraph.")
    page.get_by_role("button", name="Move Paragraph 2 up").focus()
    page.keyboard.press("Enter")
    expect(_field(page, "abstract[0]")).to_have_value("A second paragraph.")
    expect(_field(page, "abstract[1]")).to_have_value(ABSTRACT)
    expect(page.get_by_role("button", name="Move Paragraph 1 up")).to_be_disabled()
    page.get_by_role("button", name="Remove Paragraph 1").focus()
    page.keyboard.press("Enter")
    expect(_field(page, "abstract[0]")).to_have_value(ABSTRACT)
    expect(_field(page, "abstract[1]")).to_have_count(0)
    expect(page.get_by_role("button", name="Remove Paragraph 1")).to_be_focused()
    page.get_by_label("Update frequency").select_option("annually")
    _save(page, "The basic metadata was saved.")
    expect(form).not_to_have_attribute("data-dirty", "1")
    expect(_badge(page, "basic")).to_have_text("valid")


def _fill_contacts(page) -> None:
    page.get_by_role("link", name="Contacts", exact=True).click()
    expect(_badge(page, "contacts")).to_contain_text("invalid")
    page.get_by_role("button", name="Add a creator").click()
    expect(_field(page, "creators[0].salutation")).to_be_focused()
    _field(page, "creators[0].given_name").fill("Ada")
    _field(page, "creators[0].sur_name").fill("Holm")
    _field(page, "creators[0].organization").fill("Uppsala Pond Society")
    _field(page, "creators[0].emails[0]").fill("ada@example.org")
    _field(page, "creators[0].country").select_option("SE")
    page.get_by_role("button", name="Copy to contacts").click()
    expect(page.get_by_test_id("unsaved")).to_be_visible()
    expect(_field(page, "contacts[0].sur_name")).to_have_value("Holm")
    expect(page.get_by_test_id("metadata-form")).to_have_attribute("data-dirty", "1")
    _save(page, "The contacts were saved.")
    expect(_badge(page, "contacts")).to_have_text("valid")
    # Saved people become shared contacts, offered in every person block.
    page.get_by_role("button", name="Add a metadata provider").click()
    page.get_by_role("searchbox", name="Pick a shared contact").last.fill("holm")
    page.get_by_test_id("contact-suggestion").filter(has_text="Ada Holm").click()
    expect(_field(page, "metadata_providers[0].sur_name")).to_have_value("Holm")
    expect(_field(page, "metadata_providers[0].emails[0]")).to_have_value("ada@example.org")
    _save(page, "The contacts were saved.")


def _fill_geography(page) -> None:
    page.get_by_role("link", name="Geographic coverage").click()
    page.get_by_role("button", name="Add a geographic coverage").click()
    expect(_field(page, "geographic_coverages[0].description")).to_be_focused()
    page.keyboard.type("Ponds of Uppland, Sweden")
    box = page.get_by_test_id("map-box")
    expect(box).to_have_count(0)
    for side, value in (("west", "17"), ("east", "19.5"), ("north", "60.5"), ("south", "59")):
        _field(page, "geographic_coverages[0].bbox." + side).fill(value)
    expect(box).to_have_count(1)
    expect(box).to_have_attribute("x", "17")
    expect(box).to_have_attribute("y", "-60.5")
    expect(box).to_have_attribute("width", "2.5")
    _field(page, "geographic_coverages[0].bbox.east").fill("21")
    expect(box).to_have_attribute("width", "4")
    page.get_by_role("button", name="Global coverage").click()
    expect(_field(page, "geographic_coverages[0].bbox.west")).to_have_value("-180")
    expect(box).to_have_attribute("width", "360")
    # Drawing a box by dragging on the map fills the coordinates.
    area = page.locator("[data-map-svg]").bounding_box()
    page.mouse.move(area["x"] + area["width"] * 0.54, area["y"] + area["height"] * 0.15)
    page.mouse.down()
    page.mouse.move(area["x"] + area["width"] * 0.56, area["y"] + area["height"] * 0.18, steps=4)
    page.mouse.up()
    west = float(_field(page, "geographic_coverages[0].bbox.west").input_value())
    north = float(_field(page, "geographic_coverages[0].bbox.north").input_value())
    assert 10 < west < 25 and 55 < north < 70
    _save(page, "The geographic coverage was saved.")
    expect(_badge(page, "geocoverage")).to_have_text("valid")


def _fill_time(page) -> None:
    page.get_by_role("link", name="Temporal coverage").click()
    page.get_by_role("button", name="Add a temporal coverage").click()
    kind = _field(page, "temporal_coverages[0].kind")
    expect(kind).to_be_focused()
    end = _field(page, "temporal_coverages[0].end")
    expect(end).to_be_hidden()
    kind.select_option("formation")
    expect(_field(page, "temporal_coverages[0].start")).to_be_hidden()
    expect(_field(page, "temporal_coverages[0].period")).to_be_visible()
    kind.select_option("range")
    expect(end).to_be_visible()
    _field(page, "temporal_coverages[0].start").fill("2020-04-01")
    end.fill("2024-09-30")
    _save(page, "The temporal coverage was saved.")
    expect(_badge(page, "tempcoverage")).to_have_text("valid")


def test_manager_completes_the_metadata_and_downloads_schema_valid_eml(page):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    UserFactory(role=Role.MANAGER, email="manager@example.org")
    log_in(page, "manager@example.org")
    _create_resource(page)
    expect(page.get_by_test_id("metadata-summary")).to_contain_text("2 sections need attention")
    page.get_by_test_id("metadata-edit").click()
    expect(page).to_have_url(re.compile(r"/manage/resources/ponds/metadata/basic/$"))
    page.wait_for_load_state("load")  # deferred scripts attached
    expect(page.locator('[data-testid="section-badge"]')).to_have_count(len(SECTIONS))
    expect(_badge(page, "basic")).to_contain_text("invalid")

    _fill_basic(page)
    _fill_contacts(page)
    _fill_geography(page)
    _fill_time(page)
    page.screenshot(path="/tmp/metadata-editor.png", full_page=True)

    expect(page.locator('[data-testid="section-badge"][data-valid="0"]')).to_have_count(0)
    for section in SECTIONS:
        expect(_badge(page, section)).to_have_text(re.compile(r"^(valid|empty)$"))
    expect(_badge(page, "keywords")).to_have_text("empty")
    doc = metadata_get(Resource.objects.get(shortname="ponds"))
    assert doc.abstract == [ABSTRACT]
    assert [a.sur_name for a in doc.contacts] == ["Holm"]

    with page.expect_download() as download:
        page.get_by_test_id("eml-download").click()
    data = Path(download.value.path()).read_bytes()
    assert b"Ponds of Uppland, Sweden" in data

    page.goto("/manage/resources/ponds/#metadata")
    expect(page.get_by_test_id("metadata-summary")).to_contain_text("No problems;")
    assert errors == []

    problems = validate_xsd(data, SCHEMA)
    assert problems == []
