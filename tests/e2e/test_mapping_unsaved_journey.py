"""A manager edits a mapping: term help by keyboard, samples of the chosen column, a warning
before leaving with unsaved edits, a preview that keeps them, and the page on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from catalogue.models import Extension
from publisher.models import Role
from resources.services.mappings import mapping_create, mapping_definition
from resources.services.sources import sources_ingest
from tests.e2e.checks import NARROW, WIDE, assert_page_ok
from tests.e2e.conftest import log_in
from tests.factories import ResourceFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DWC = "http://rs.tdwg.org/dwc/terms/"
OCCURRENCES = (
    "occurrenceID,eventID,scientificName,basisOfRecord\n"
    "O1,E1,Rana temporaria,HumanObservation\n"
    "O2,E1,Bufo bufo,HumanObservation\n"
    "O3,E2,Pica pica,PreservedSpecimen\n"
)


@pytest.fixture
def mapping(data_dir, tmp_path):
    creator = UserFactory(role=Role.MANAGER, email="manager@example.org")
    resource = ResourceFactory(shortname="ponds", title="Pond survey", creator=creator)
    folder = tmp_path / "staged"
    folder.mkdir()
    (folder / "occurrence.csv").write_text(OCCURRENCES, encoding="utf-8")
    files = [{"path": str(folder / "occurrence.csv"), "filename": "occurrence.csv"}]
    staged = {"folder": str(folder), "files": files}
    source = sources_ingest(resource=resource, staged=staged)[0]
    extension = Extension.objects.get(row_type=DWC + "Occurrence")
    return mapping_create(resource=resource, source=source, extension=extension)


def _rule(mapping, name: str) -> dict:
    return {f["term"]: f for f in mapping_definition(mapping)["fields"]}.get(DWC + name, {})


def _open_help_by_keyboard(page, term: str):
    button = page.locator('[data-term="%s"]' % term).get_by_test_id("term-help")
    button.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    popover = page.locator('[data-term="%s"]' % term).get_by_test_id("term-popover")
    expect(popover).to_be_visible()
    return button, popover


def test_term_help_opens_and_closes_by_keyboard(page, mapping):
    log_in(page, "manager@example.org")
    page.goto("/manage/resources/ponds/mappings/%d/" % mapping.pk)
    assert_page_ok(page, "mapping editor 1280")
    button, popover = _open_help_by_keyboard(page, "basisOfRecord")
    definition = popover.get_by_test_id("term-definition")
    expect(definition).to_contain_text("The kind of evidence behind the record")
    expect(popover).to_be_focused()
    assert_page_ok(page, "mapping editor with a term popover 1280")
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    expect(button).to_be_focused()

    # The vocabulary filter narrows the concepts as one types.
    button.click()
    concepts = popover.get_by_test_id("concept")
    expect(concepts.filter(has_text="PreservedSpecimen")).to_be_visible()
    popover.get_by_label("Filter the concepts of basisOfRecord").press_sequentially("human")
    expect(concepts.filter(has_text="HumanObservation")).to_be_visible()
    expect(concepts.filter(has_text="PreservedSpecimen")).to_be_hidden()
    popover.get_by_role("button", name="Close").click()
    expect(popover).to_be_hidden()

    page.set_viewport_size(NARROW)
    assert_page_ok(page, "mapping editor 390")
    _button, popover = _open_help_by_keyboard(page, "eventDate")
    assert_page_ok(page, "mapping editor with a term popover 390")
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()


def test_on_a_phone_term_names_stay_and_the_save_bar_is_slim(page, mapping):
    log_in(page, "manager@example.org")
    page.set_viewport_size(NARROW)
    page.goto("/manage/resources/ponds/mappings/%d/" % mapping.pk)
    wrapper = page.locator(".terms-scroll")
    name = page.locator('[data-term="basisOfRecord"] td.term-name')
    name.scroll_into_view_if_needed()
    wrapper.evaluate("el => { el.scrollLeft = 400; }")
    assert wrapper.evaluate("el => el.scrollLeft") > 100
    assert name.bounding_box()["x"] >= wrapper.bounding_box()["x"] - 1
    expect(name).to_contain_text("Basis of Record")
    assert page.locator(".save-bar").bounding_box()["height"] <= NARROW["height"] * 0.1


def test_leaving_the_mapping_page_with_edits_asks_first_and_preview_keeps_them(page, mapping):
    dialogs: list[str] = []
    leave = {"ok": False}

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        if leave["ok"]:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", on_dialog)
    log_in(page, "manager@example.org")
    page.set_viewport_size(WIDE)
    page.goto("/manage/resources/ponds/mappings/%d/" % mapping.pk)
    editor_url = page.url
    expect(page.get_by_test_id("dirty-note")).to_be_hidden()

    # A new column shows its samples; a constant is typed as a person would.
    remarks = page.get_by_label("Column for occurrenceRemarks")
    remarks.click()
    remarks.select_option("scientificName")
    samples = page.locator('[data-term="occurrenceRemarks"]').get_by_test_id("term-samples")
    expect(samples).to_contain_text("Rana temporaria")
    page.get_by_label("Constant for recordedBy", exact=True).click()
    page.keyboard.type("Ann Frog")
    expect(page.get_by_test_id("dirty-note")).to_be_visible()

    page.get_by_role("link", name="By source column").click()
    for _ in range(50):  # the dialog comes when the browser gets to it: up to 5 s under load
        if dialogs:
            break
        page.wait_for_timeout(100)
    assert dialogs == ["beforeunload"]
    assert page.url == editor_url
    expect(page.get_by_label("Constant for recordedBy", exact=True)).to_have_value("Ann Frog")

    # The preview shows the edits without saving them, and going back keeps them.
    page.get_by_test_id("preview-link").click()
    expect(page.get_by_test_id("unsaved-preview")).to_be_visible()
    expect(page.get_by_test_id("mapping-preview")).to_contain_text("Ann Frog")
    assert_page_ok(page, "preview of unsaved edits")
    assert _rule(mapping, "recordedBy") == {}
    # The preview holds the edits too: leaving it asks; once agreed, the browser's Back
    # shows the edits again, still unsaved.
    page.get_by_test_id("unsaved-preview").get_by_text("not saved yet").click()  # a gesture
    leave["ok"] = True
    page.go_back()
    leave["ok"] = False
    assert dialogs == ["beforeunload", "beforeunload"]
    expect(page.get_by_label("Constant for recordedBy", exact=True)).to_have_value("Ann Frog")
    expect(page.get_by_test_id("dirty-note")).to_be_visible()
    page.get_by_test_id("preview-link").click()
    expect(page.get_by_test_id("unsaved-preview")).to_be_visible()
    page.get_by_test_id("preview-back").click()
    expect(page.get_by_test_id("unsaved")).to_be_visible()
    expect(page.get_by_label("Constant for recordedBy", exact=True)).to_have_value("Ann Frog")
    expect(page.get_by_label("Column for occurrenceRemarks")).to_have_value("scientificName")
    expect(page.get_by_test_id("dirty-note")).to_be_visible()

    page.get_by_role("button", name="Save mapping").click()
    expect(page.locator(".msg-success")).to_have_text("The mapping was saved.")
    assert _rule(mapping, "recordedBy")["constant"] == "Ann Frog"
    page.get_by_role("link", name="By source column").click()
    expect(page).to_have_url(re.compile(r"\?view=columns$"))
    assert dialogs == ["beforeunload", "beforeunload"]
    assert_page_ok(page, "mapping by source column 1280")
    page.set_viewport_size(NARROW)
    assert_page_ok(page, "mapping by source column 390")
