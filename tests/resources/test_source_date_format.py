"""A source's date format: suggested from the analysis, set on the source page and the API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from catalogue.models import Extension
from core.jobs.executor import execute
from core.models import Job
from publisher.models import Role
from resources.models import Source
from resources.services.mappings import mapping_create, mapping_preview
from resources.services.sources import source_date_format_set
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

LOCAL = b"eventID,eventDate,locality\nE1,31/12/2024,Uppsala\nE2,1/5/2024,Lund\nE3,,Lund\n"


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER)


@pytest.fixture
def source(manager):
    ResourceFactory(shortname="ponds", creator=manager)
    page = Client()
    page.force_login(manager)
    upload = SimpleUploadedFile("events.csv", LOCAL)
    page.post(reverse("source-upload", args=["ponds"]), {"file": [upload]})
    execute(str(Job.objects.get(kind="source-ingest").pk))
    return Source.objects.get(name="events")


@pytest.fixture
def page(manager):
    client = Client()
    client.force_login(manager)
    return client


@pytest.fixture
def api(manager):
    client = APIClient()
    client.force_authenticate(manager)
    return client


def detail() -> str:
    return reverse("source-detail", args=["ponds", "events"])


def test_the_page_suggests_the_detected_format_with_one_click(page, source):
    html = page.get(detail()).content.decode()
    assert 'data-testid="date-format-hint" data-format="DD/MM/YYYY"' in html
    assert 'data-testid="use-date-format"' in html
    assert 'name="date_format" value="DD/MM/YYYY"' in html


def test_using_the_format_saves_it_and_the_hint_says_so(page, source):
    response = page.post(
        reverse("source-date-format", args=["ponds", "events"]), {"date_format": "DD/MM/YYYY"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#dates")
    source.refresh_from_db()
    assert source.date_format == "DD/MM/YYYY"
    assert "date format set to DD/MM/YYYY" in source.log
    html = page.get(detail()).content.decode()
    assert 'data-testid="use-date-format"' not in html
    assert "published as ISO 8601" in html


def test_the_preview_of_a_mapping_shows_iso_dates_once_the_format_is_set(page, source):
    event = Extension.objects.get(row_type="http://rs.tdwg.org/dwc/terms/Event")
    mapping = mapping_create(resource=source.resource, source=source, extension=event)
    column = mapping_preview(mapping)["terms"].index("http://rs.tdwg.org/dwc/terms/eventDate")
    assert [r["values"][column] for r in mapping_preview(mapping)["rows"]][0] == "31/12/2024"
    source_date_format_set(source=source, date_format="DD/MM/YYYY")
    mapping.source.refresh_from_db()
    dates = [r["values"][column] for r in mapping_preview(mapping)["rows"]]
    assert dates == ["2024-12-31", "2024-05-01", ""]


def test_an_unknown_format_is_refused_on_the_page(page, source):
    response = page.post(
        reverse("source-date-format", args=["ponds", "events"]), {"date_format": "YY.MM.DD"}
    )
    assert response.status_code == 400
    source.refresh_from_db()
    assert source.date_format == ""


def test_a_manager_of_another_resource_cannot_set_the_format(source):
    stranger = Client()
    stranger.force_login(UserFactory(role=Role.MANAGER))
    response = stranger.post(
        reverse("source-date-format", args=["ponds", "events"]), {"date_format": "DD/MM/YYYY"}
    )
    assert response.status_code == 404
    source.refresh_from_db()
    assert source.date_format == ""


def test_the_api_shows_the_detected_format_and_sets_the_option(api, source):
    url = "/api/v1/resources/ponds/sources/events/"
    body = api.get(url).json()
    assert body["date_format"] == "" and body["date_formats_detected"] == {
        "eventDate": "DD/MM/YYYY"
    }
    response = api.patch(url, {"date_format": "DD/MM/YYYY"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["date_format"] == "DD/MM/YYYY"
    source.refresh_from_db()
    assert source.date_format == "DD/MM/YYYY"
    response = api.patch(url, {"date_format": ""}, format="json")
    assert response.status_code == 200 and response.json()["date_format"] == ""


def test_the_api_refuses_an_unknown_format(api, source):
    url = "/api/v1/resources/ponds/sources/events/"
    response = api.patch(url, {"date_format": "YY.MM.DD"}, format="json")
    assert response.status_code == 400
    source.refresh_from_db()
    assert source.date_format == ""


def test_a_patch_without_the_format_leaves_it_as_it_is(api, source):
    source_date_format_set(source=source, date_format="D.M.YYYY")
    response = api.patch("/api/v1/resources/ponds/sources/events/", {}, format="json")
    assert response.status_code == 200 and response.json()["date_format"] == "D.M.YYYY"
