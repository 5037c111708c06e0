"""Validation pages: the Validate button, the summary at a glance, the report page, the
confirmation the Publish form asks for when there are warnings, and report links."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Job
from publisher.models import Role
from resources.services.resources import resource_dir
from tests.factories import UserFactory

from .conftest import publish_inline
from .test_services import replace_source
from .test_validation import break_basis_of_record, validate_inline

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client(manager):
    return client_for(manager)


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def overview(client) -> str:
    return client.get(url("resource-overview", "ponds")).content.decode()


def add_warning(resource) -> None:
    """An eventDate that is no date: a warning, not a blocking problem."""
    source = resource.sources.get(name="event")
    path = resource_dir(resource).parent.parent / source.path
    data = path.read_bytes()
    replace_source(resource, "event", data.replace(b",2024-04-12,", b",sometime in April,", 1))


def test_overview_offers_validate_and_the_button_starts_the_job(client, resource):
    assert 'data-testid="validate-form"' in overview(client)

    response = client.post(url("validation-start", "ponds"))

    job = Job.objects.get(kind="resource-validate")
    assert response.status_code == 302
    assert response["Location"] == url("resource-overview", "ponds") + (
        "?job=%s#publication" % job.pk
    )
    page = client.get(response["Location"]).content.decode()
    assert 'id="job-%s"' % job.pk in page and "A validation is running" in page


def test_others_may_not_validate(resource):
    other = client_for(UserFactory(role=Role.MANAGER))

    assert other.post(url("validation-start", "ponds")).status_code == 404
    assert other.get(url("validation-report", "ponds")).status_code == 404
    assert not Job.objects.filter(kind="resource-validate").exists()


def test_validate_refusal_is_shown_as_a_message(client, resource):
    client.post(url("publication-start", "ponds"), {})

    response = client.post(url("validation-start", "ponds"), follow=True)

    assert "being published already" in response.content.decode()
    assert not Job.objects.filter(kind="resource-validate").exists()


def test_overview_shows_the_latest_validation_at_a_glance(client, resource, manager):
    break_basis_of_record(resource)
    add_warning(resource)
    validate_inline(resource, manager)

    page = overview(client)

    assert 'data-kind="validation" data-errors="1"' in page
    assert 'data-testid="quality-warning" data-check="event-date-invalid"' in page
    assert 'href="%s" data-testid="quality-report-link"' % url("validation-report", "ponds") in page


def test_overview_shows_the_publication_when_it_is_newer(client, resource, manager):
    validate_inline(resource, manager)
    publish_inline(resource, manager)

    page = overview(client)

    assert 'data-kind="publication"' in page
    assert url("version-report", "ponds", "1.0") in page


def test_validation_report_page_shows_the_checks_and_the_flagged_rows(client, resource, manager):
    assert client.get(url("validation-report", "ponds")).status_code == 404
    break_basis_of_record(resource)
    validate_inline(resource, manager)

    page = client.get(url("validation-report", "ponds")).content.decode()
    flagged = client.get(url("validation-flagged", "ponds"))

    assert "Validation report" in page and 'data-testid="report-error"' in page
    assert 'data-check="basis-of-record-unknown" data-severity="error"' in page
    assert url("validation-flagged", "ponds") in page
    assert b"dead fish" in gzip.decompress(b"".join(flagged.streaming_content))


def test_publish_asks_to_confirm_the_warnings(client, resource, manager):
    add_warning(resource)
    validate_inline(resource, manager)
    assert 'name="warnings_read"' in overview(client)

    refused = client.post(url("publication-start", "ponds"), {}, follow=True)

    assert "Confirm that you have read the warnings." in refused.content.decode()
    assert not Job.objects.filter(kind="resource-publish").exists()
    client.post(url("publication-start", "ponds"), {"warnings_read": "on"})
    assert Job.objects.filter(kind="resource-publish").count() == 1


def test_publish_needs_no_confirmation_without_warnings(client, resource, manager):
    validate_inline(resource, manager)
    assert 'name="warnings_read"' not in overview(client)

    client.post(url("publication-start", "ponds"), {})

    assert Job.objects.filter(kind="resource-publish").count() == 1


def test_job_progress_links_to_the_report(client, resource, manager):
    job = publish_inline(resource, manager)

    page = client.get(url("job-detail", job.pk)).content.decode()

    assert 'href="%s" data-testid="job-report-link"' % url("version-report", "ponds", "1.0") in page
