"""Publication pages: the overview card, publishing, history, reports, settings, downloads."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Job, JobStatus
from publisher.models import Role
from resources.models import Frequency
from resources.services.publication import publication_settings
from resources.services.resources import resource_dir
from tests.factories import UserFactory

from .conftest import publish_inline
from .test_services import occurrences, replace_source

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


def test_overview_card_offers_publish_before_the_first_version(client, resource):
    page = client.get(url("resource-overview", "ponds")).content.decode()
    assert 'data-testid="publish-form"' in page and "Not published yet." in page
    assert 'name="change_summary"' in page and 'name="drop_orphans"' in page


def test_publish_form_starts_the_job_and_the_overview_follows_it(client, resource):
    response = client.post(
        url("publication-start", "ponds"), {"change_summary": "First <b>", "drop_orphans": "on"}
    )
    job = Job.objects.get(kind="resource-publish")
    assert response.status_code == 302
    assert response["Location"] == url("resource-overview", "ponds") + (
        "?job=%s#publication" % job.pk
    )
    assert job.params["drop_orphans"] is True and job.params["change_summary"] == "First <b>"
    page = client.get(response["Location"]).content.decode()
    assert 'id="job-%s"' % job.pk in page and "A publication is running" in page


def test_publish_refusal_is_shown_as_a_message(client, resource):
    client.post(url("publication-start", "ponds"), {})
    response = client.post(url("publication-start", "ponds"), {}, follow=True)
    assert "being published already" in response.content.decode()
    assert Job.objects.filter(kind="resource-publish").count() == 1


def test_overview_card_shows_the_current_version(client, resource, manager):
    publish_inline(resource, manager)
    page = client.get(url("resource-overview", "ponds")).content.decode()
    assert 'data-testid="current-version">1.0<' in page
    assert url("version-list", "ponds") in page


def test_history_lists_versions_with_summary_escaped_and_downloads(client, resource, manager):
    publish_inline(resource, manager, change_summary="<script>alert(1)</script>")
    page = client.get(url("version-list", "ponds")).content.decode()
    assert 'data-version="1.0"' in page and "occurrence.txt" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    archive = client.get(url("version-download", "ponds", "1.0", "archive"))
    assert archive.status_code == 200 and archive["Content-Type"] == "application/zip"
    assert b"".join(archive.streaming_content)[:2] == b"PK"
    assert client.get(url("version-download", "ponds", "1.0", "passwd")).status_code == 404


def test_version_report_lists_flagged_checks_with_samples(client, resource, manager):
    source = resource.sources.get(name="event")
    events = (resource_dir(resource).parent.parent / source.path).read_bytes()
    replace_source(resource, "event", events.replace(b",2024-05-10,", b",2024-13-45,", 1))
    assert publish_inline(resource, manager).status == JobStatus.SUCCEEDED
    page = client.get(url("version-report", "ponds", "1.0")).content.decode()
    assert 'data-testid="report-counts"' in page and "event.txt" in page
    assert 'data-check="event-date-invalid" data-severity="warning"' in page
    assert "2024-13-45" in page and 'data-testid="checks-passed"' in page
    assert 'data-testid="flagged-download"' in page


def test_failed_publication_report_shows_samples_and_the_flagged_file(client, resource, manager):
    replace_source(
        resource,
        "occurrence",
        occurrences(resource).replace(b"HumanObservation", b"<dead fish>", 1),
    )
    job = publish_inline(resource, manager)
    assert job.status == JobStatus.FAILED
    page = client.get(url("publication-job-report", "ponds", job.pk)).content.decode()
    assert 'data-check="basis-of-record-unknown"' in page
    assert "&lt;dead fish&gt;" in page and "<dead fish>" not in page
    assert 'data-testid="flagged-download"' in page
    flagged = client.get(url("publication-job-flagged", "ponds", job.pk))
    assert flagged.status_code == 200
    overview = client.get(url("resource-overview", "ponds")).content.decode()
    assert url("publication-job-report", "ponds", job.pk) in overview
    history = client.get(url("version-list", "ponds")).content.decode()
    # People read what failed; the code stays in an attribute for scripts and tests.
    assert 'data-code="publication:checks"' in history and "blocking check(s)" in history
    assert "<code>publication:checks</code>" not in history


def test_settings_page_saves_archival_mode_and_auto_publishing(client, resource):
    response = client.post(
        url("publication-settings", "ponds"),
        {
            "archival_mode": "last_n",
            "archival_limit": "2",
            "auto_publish": "weekly",
            "month": "1",
            "day": "1",
            "weekday": "4",
            "time": "03:30",
            "max_drop_percent": "15",
            "notify_emails": "data@example.org",
        },
    )
    assert response.status_code == 302
    options = publication_settings(resource)
    assert options.archival_mode == "last_n" and options.archival_limit == 2
    assert options.auto_publish == Frequency.WEEKLY and options.weekday == 4
    assert not options.skip_unchanged and options.next_publish_at is not None
    page = client.get(url("publication-settings", "ponds")).content.decode()
    assert 'data-testid="next-publication"' in page


def test_settings_page_shows_errors(client, resource):
    response = client.post(
        url("publication-settings", "ponds"),
        {
            "archival_mode": "all",
            "archival_limit": "5",
            "auto_publish": "daily",
            "month": "1",
            "day": "40",
            "weekday": "0",
            "time": "12:00",
            "max_drop_percent": "10",
            "notify_emails": "nobody",
        },
    )
    assert response.status_code == 400
    assert publication_settings(resource).auto_publish == Frequency.OFF


@pytest.mark.parametrize(
    "name, args",
    [
        ("version-list", ()),
        ("version-report", ("1.0",)),
        ("version-download", ("1.0", "archive")),
        ("publication-settings", ()),
    ],
)
def test_other_users_get_404(resource, manager, name, args):
    publish_inline(resource, manager)
    for user in (UserFactory(role=Role.USER), UserFactory(role=Role.MANAGER)):
        assert client_for(user).get(url(name, "ponds", *args)).status_code == 404
    anonymous = Client().get(url(name, "ponds", *args))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_other_managers_cannot_start_a_publication(resource):
    response = client_for(UserFactory(role=Role.MANAGER)).post(
        url("publication-start", "ponds"), {}
    )
    assert response.status_code == 404
    assert not Job.objects.exists()
