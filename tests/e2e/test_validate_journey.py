"""A manager validates a resource with a warning, reads the summary on the overview, confirms
the warning and publishes, then opens the version's report from the job."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from publisher.models import Role
from resources.models import Validation
from resources.services.resources import resource_dir
from tests.e2e.conftest import log_in
from tests.factories import UserFactory
from tests.resources.publication.conftest import make_resource
from tests.resources.publication.test_services import replace_source

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]
JOB_TIMEOUT = 60_000


def _add_warning(resource) -> None:
    """An eventDate that is no date: a warning, not a blocking problem."""
    source = resource.sources.get(name="event")
    data = (resource_dir(resource).parent.parent / source.path).read_bytes()
    replace_source(resource, "event", data.replace(b",2024-04-12,", b",sometime in April,", 1))


def test_manager_validates_confirms_the_warnings_and_publishes(page, celery_worker_process):
    manager = UserFactory(role=Role.MANAGER, email="manager@example.org")
    resource = make_resource(manager, "ponds")
    _add_warning(resource)
    log_in(page, "manager@example.org")
    page.goto("/manage/resources/ponds/#publication")

    page.get_by_test_id("validate").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)
    summary = page.get_by_test_id("quality-summary")
    expect(summary).to_have_attribute("data-kind", "validation", timeout=JOB_TIMEOUT)
    expect(summary.get_by_test_id("quality-blocking")).to_have_text("0 blocking problems")
    expect(summary.locator('[data-check="event-date-invalid"]')).to_be_visible()
    assert resource.versions.count() == 0 and Validation.objects.filter(resource=resource).exists()

    confirm = page.get_by_label(re.compile(r"I have read the \d+ warnings?"))
    form = page.get_by_test_id("publish-form")
    assert form.evaluate("f => f.checkValidity()") is False  # Publish needs the confirmation
    confirm.check()
    assert form.evaluate("f => f.checkValidity()") is True
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)
    page.get_by_test_id("job-report-link").click()
    expect(page).to_have_url(re.compile(r"/manage/resources/ponds/versions/1\.0/report/$"))
    expect(page.locator('[data-check="event-date-invalid"]').first).to_be_visible()
