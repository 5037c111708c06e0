"""A manager makes mistakes in forms and is led to them: after an invalid submission focus is
on the error summary, whose links lead to the fields. Then the manage list, at 1280 and 390
pixels, sorted by records and filtered by visibility."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from publisher.models import Role
from resources.models import Version, Visibility
from tests.e2e.checks import NARROW, WIDE, assert_page_ok
from tests.e2e.conftest import log_in
from tests.factories import ResourceFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOCUSED = "document.activeElement.dataset.testid || document.activeElement.id"
LONG_TITLE = "Amphibians and dragonflies counted in the ponds and wetlands of Uppland, 2020-2024"


def test_after_a_bad_short_name_focus_is_on_the_summary_that_leads_to_the_field(page):
    UserFactory(role=Role.MANAGER, email="manager@example.org")
    log_in(page, "manager@example.org")
    page.get_by_test_id("resource-new").click()
    title = page.get_by_label("Title")
    title.fill(LONG_TITLE)
    # The title input is as wide as its card, not half of it.
    form_width = page.get_by_test_id("resource-form").bounding_box()["width"]
    assert title.bounding_box()["width"] >= form_width - 2
    page.get_by_label("Short name").fill("a!")
    page.get_by_role("button", name="Create").click()

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    assert page.evaluate(FOCUSED) == "error-summary"
    expect(summary).to_contain_text("Use at least 3 characters")
    expect(page.get_by_label("Short name")).to_have_attribute("aria-invalid", "true")
    assert_page_ok(page, "resource form with errors")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Short name")).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("ponds")
    page.get_by_role("button", name="Create").click()
    expect(page).to_have_url(re.compile(r"/manage/resources/ponds/$"))


def test_after_saving_an_invalid_email_focus_is_on_the_section_summary(page):
    manager = UserFactory(role=Role.MANAGER, email="manager@example.org")
    ResourceFactory(shortname="ponds", title="Pond survey", creator=manager)
    log_in(page, "manager@example.org")
    page.goto("/manage/resources/ponds/metadata/contacts/")
    page.wait_for_load_state("load")  # deferred scripts attached
    page.get_by_role("button", name="Add a creator").click()
    page.locator('[name="creators[0].sur_name"]').fill("Holm")
    page.locator('[name="creators[0].emails[0]"]').fill("not-an-email")
    page.get_by_test_id("metadata-save").click()

    expect(page).to_have_url(re.compile(r"/metadata/contacts/#section-issues$"))
    summary = page.get_by_test_id("section-issues")
    expect(summary).to_be_focused()
    assert page.evaluate(FOCUSED) == "section-issues"
    expect(page.locator(".msg-warning")).to_contain_text("The contacts were saved.")
    expect(summary).to_contain_text("Enter a valid email address.")
    badge = page.locator('[data-testid="section-badge"][data-section="keywords"] .badge')
    expect(badge).to_have_text("empty")
    summary.get_by_role("link", name="Enter a valid email address.").click()
    expect(page.locator('[name="creators[0].emails[0]"]')).to_be_focused()
    assert_page_ok(page, "metadata section with errors")
    # Visiting the section again does not take the focus away from the page's start.
    page.goto("/manage/resources/ponds/metadata/contacts/")
    page.wait_for_load_state("load")
    expect(summary).not_to_be_focused()


def _resources(manager) -> None:
    for name, records, visibility in (
        ("few", 4, Visibility.PUBLIC),
        ("many", 900, Visibility.PRIVATE),
        ("some", 60, Visibility.PUBLIC),
    ):
        resource = ResourceFactory(
            shortname=name, title="%s %s" % (LONG_TITLE, name), creator=manager
        )
        resource.visibility = visibility
        resource.save()
        Version.objects.create(
            resource=resource,
            major=1,
            minor=0,
            label="1.0",
            records=records,
            report={"errors": 0, "warnings": 2},
        )


def _shortnames(page) -> list[str]:
    rows = page.get_by_test_id("resource-row")
    return [rows.nth(i).get_attribute("data-shortname") for i in range(rows.count())]


def test_the_manage_list_sorts_by_records_and_filters_by_visibility_at_both_widths(page):
    manager = UserFactory(role=Role.MANAGER, email="manager@example.org")
    _resources(manager)
    log_in(page, "manager@example.org")
    table = page.get_by_test_id("manage-table")
    expect(table).to_contain_text("2 warnings")
    assert_page_ok(page, "manage list (1280)")
    page.set_viewport_size(NARROW)
    assert_page_ok(page, "manage list (390)")
    page.set_viewport_size(WIDE)

    page.get_by_test_id("sort-records").click()
    header = page.locator('th[data-sort="records"]')
    expect(header).to_have_attribute("aria-sort", "descending")
    assert _shortnames(page) == ["many", "some", "few"]
    page.get_by_test_id("sort-records").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert _shortnames(page) == ["few", "some", "many"]

    page.get_by_label("Visibility").select_option("public")
    page.get_by_test_id("manage-filter-apply").click()
    expect(page.get_by_test_id("resource-row")).to_have_count(2)
    assert _shortnames(page) == ["few", "some"]  # the sort is kept
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert_page_ok(page, "filtered manage list (1280)")
    page.set_viewport_size(NARROW)
    assert_page_ok(page, "filtered manage list (390)")
