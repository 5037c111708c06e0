"""An anonymous visitor searches the home page by a taxon found only in the data and by a
keyword, then narrows the results by licence and by a year range."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from metadata.eml.model import KeywordSet, Licence
from resources.models import Visibility
from tests.e2e.checks import NARROW, WIDE, assert_page_ok
from tests.resources.portal.conftest import document
from tests.resources.portal.search_helpers import published

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CC0 = Licence(name="CC0 1.0", url="http://creativecommons.org/publicdomain/zero/1.0/legalcode")


def search(page, text: str) -> None:
    page.get_by_role("searchbox").fill(text)
    page.get_by_role("button", name="Search", exact=True).click()


def test_visitor_finds_a_resource_by_taxon_and_keyword_and_filters_it(page, data_dir):
    traps = document("Mosquito traps", keyword_sets=[KeywordSet(keywords=["vector surveillance"])])
    published("Mosquito traps", doc=traps, taxa=("Aedes vexans",), years=(2015, 2016))
    old = document("Old mosquito counts", licence=CC0)
    published("Old mosquito counts", doc=old, taxa=("Aedes cinereus",), years=(1990, 1991))
    published("Pond survey", organisation_name="Pond Institute")
    published("Secret traps", Visibility.PRIVATE, taxa=("Aedes vexans",))
    page.set_viewport_size(WIDE)
    page.goto("/")
    table = page.get_by_test_id("resource-table")
    expect(table).to_contain_text("Pond Institute")  # the organisation column

    search(page, "Aedes")
    expect(table).to_contain_text("Mosquito traps")
    expect(table).to_contain_text("Old mosquito counts")
    expect(table).not_to_contain_text("Pond survey")
    expect(table).not_to_contain_text("Secret traps")
    assert_page_ok(page)

    page.get_by_label("Licence").select_option("CC0-1.0")
    page.get_by_role("button", name="Apply filters").click()
    expect(table).to_contain_text("Old mosquito counts")
    expect(table).not_to_contain_text("Mosquito traps")
    page.get_by_test_id("clear-filters").click()
    expect(page.get_by_role("searchbox")).to_have_value("Aedes")
    expect(table).to_contain_text("Mosquito traps")

    page.get_by_label("From year").fill("2010")
    page.get_by_label("To year").fill("2020")
    page.get_by_role("button", name="Apply filters").click()
    expect(table).to_contain_text("Mosquito traps")
    expect(table).not_to_contain_text("Old mosquito counts")
    page.set_viewport_size(NARROW)
    assert_page_ok(page, "filtered results at 390 px")

    page.get_by_test_id("clear-filters").click()
    search(page, "surveillance")
    expect(table).to_contain_text("Mosquito traps")
    expect(table).not_to_contain_text("Old mosquito counts")
    assert_page_ok(page, "keyword results at 390 px")
    page.set_viewport_size(WIDE)
    assert_page_ok(page, "keyword results at 1280 px")
