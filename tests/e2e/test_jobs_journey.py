"""A manager opens the jobs page from the header, narrows it with the filters and opens a
job: names and sentences, no ids or Python dicts, at both widths."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from core.models import JobStatus
from publisher.models import Role
from resources.models import Resource
from tests.e2e.checks import WIDTHS, assert_page_ok
from tests.e2e.conftest import log_in
from tests.factories import JobFactory, ResourceFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _job(resource, **fields):
    return JobFactory(
        target_type=ContentType.objects.get_for_model(Resource),
        target_id=str(resource.pk),
        **fields,
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_manager_filters_the_jobs_and_reads_one(page, width):
    manager = UserFactory(role=Role.MANAGER, email="manager@example.org")
    ponds = ResourceFactory(creator=manager, shortname="ponds", title="Amphibians of two ponds")
    _job(ponds, kind="resource-validate", created_by=manager, status=JobStatus.SUCCEEDED)
    _job(
        ponds,
        kind="resource-publish",
        created_by=manager,
        status=JobStatus.SUCCEEDED,
        finished_at=timezone.now(),
        result={"version": "1.0", "records": 8, "archive_size": 4096, "report_url": "/"},
    )
    page.set_viewport_size(WIDTHS[width])
    log_in(page, "manager@example.org")
    page.get_by_test_id("nav-jobs").click()
    expect(page.get_by_test_id("job-row")).to_have_count(2)
    assert_page_ok(page)

    page.get_by_label("Kind").select_option(label="Publication")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"kind=resource-publish"))
    expect(page.get_by_test_id("job-row")).to_have_count(1)
    assert_page_ok(page)

    page.get_by_test_id("job-row").get_by_role("link", name="Publication").click()
    expect(page.get_by_test_id("job-result")).to_have_text(
        re.compile(r"Published version 1\.0 of Amphibians of two ponds \(8 records")
    )
    expect(page.get_by_test_id("job-resource")).to_have_text("Amphibians of two ponds")
    assert_page_ok(page)
