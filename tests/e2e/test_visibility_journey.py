"""A manager makes a published private resource public with "Make public and publish now";
once the job ends, an anonymous visitor gets its landing page and its archive at once."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from publisher.models import Role
from tests.e2e.checks import WIDTHS, assert_page_ok
from tests.e2e.conftest import log_in
from tests.factories import UserFactory
from tests.resources.publication.conftest import make_resource, publish_inline

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]
JOB_TIMEOUT = 60_000


@pytest.mark.parametrize("width", WIDTHS)
def test_make_public_and_publish_now_opens_the_landing_page_and_archive_at_once(
    page, browser, live_server, celery_worker_process, width
):
    manager = UserFactory(role=Role.MANAGER, email="manager@example.org")
    resource = make_resource(manager, "ponds")
    assert publish_inline(resource, manager).status == "succeeded"
    page.set_viewport_size(WIDTHS[width])
    anonymous = browser.new_context(base_url=live_server.url, locale="en-GB")
    assert anonymous.request.get("/resource?r=ponds").status == 404  # private: nothing yet

    log_in(page, "manager@example.org")
    assert_page_ok(page)
    page.goto("/manage/resources/ponds/#visibility")
    card = page.get_by_test_id("visibility-card")
    expect(card.get_by_test_id("visibility-now")).to_contain_text(
        "The public sees nothing: version 1.0 was published privately."
    )
    assert_page_ok(page)
    card.get_by_test_id("publish-public").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)
    assert_page_ok(page)
    page.reload()
    expect(page.get_by_test_id("visibility-now")).to_contain_text("The public sees version 1.1")
    assert_page_ok(page)

    visitor = anonymous.new_page()
    visitor.set_viewport_size(WIDTHS[width])
    response = visitor.goto("/resource?r=ponds")
    assert response is not None and response.status == 200
    assert_page_ok(visitor)
    archive = anonymous.request.get("/archive.do?r=ponds")
    assert archive.status == 200 and archive.body()[:2] == b"PK"
    anonymous.close()
