"""The main pages run under the Content Security Policy without anything being blocked."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.models import JobStatus
from publisher.models import Role
from resources.models import Visibility
from tests.e2e.conftest import csp_violations, log_in
from tests.factories import JobFactory, ResourceFactory, UserFactory
from tests.resources.portal.conftest import fake_published

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _visit(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.ok, url
    page.wait_for_load_state("networkidle")
    return csp_violations(page, page.csp_console)


def test_main_pages_report_no_csp_violation(page, data_dir):
    manager = UserFactory(role=Role.MANAGER)
    resource = ResourceFactory(shortname="ponds", creator=manager)
    public = fake_published(Visibility.PUBLIC, title="Newt ponds of the valley")
    job = JobFactory(
        created_by=manager, status=JobStatus.RUNNING, progress_total=4, progress_done=1
    )
    for url in ["/", "/about/", "/resource?r=%s" % public.shortname, reverse("api-docs")]:
        assert _visit(page, url) == [], url
    expect(page.locator("#swagger-ui .info")).to_be_visible()  # its script ran

    log_in(page, manager.email)
    for url in [reverse("dashboard"), reverse("resource-overview", args=[resource.shortname])]:
        assert _visit(page, url) == [], url
    assert _visit(page, reverse("job-detail", args=[job.pk])) == []
    # The progress bar's width, once set by a style= attribute, is set by static/js/site.js.
    expect(page.get_by_test_id("job-progress").locator(".progress-bar")).to_have_attribute(
        "style", "width: 25%;"
    )


def test_the_language_chooser_works_without_inline_handlers(page, data_dir):
    _visit(page, "/")
    page.get_by_label("Language").select_option("fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
