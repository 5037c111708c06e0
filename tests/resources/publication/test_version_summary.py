"""Editing the change summary of a published version: page, API, and where it shows."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from publisher.models import Role
from resources.services.visibility import resource_visibility_change
from tests.factories import UserFactory

from .conftest import publish_inline

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> fixed the counts'


@pytest.fixture
def published(resource, manager):
    resource_visibility_change(resource=resource, user=manager, visibility="public")
    assert publish_inline(resource, manager, change_summary="First").status == "succeeded"
    return resource.versions.get()


def test_manager_edits_the_summary_and_the_landing_page_shows_it_escaped(
    client, manager, published
):
    client.force_login(manager)
    url = reverse("version-summary", args=["ponds", published.label])
    page = client.get(url)
    assert page.status_code == 200 and b"First" in page.content
    response = client.post(url, {"change_summary": HOSTILE})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.change_summary == HOSTILE
    client.logout()
    landing = client.get("/resource?r=ponds").content.decode()
    assert "fixed the counts" in landing and "<script>alert" not in landing
    assert "&lt;script&gt;" in landing


def test_the_summary_page_is_hidden_from_other_managers(client, published):
    client.force_login(UserFactory(role=Role.MANAGER))
    url = reverse("version-summary", args=["ponds", published.label])
    assert client.post(url, {"change_summary": "mine"}).status_code == 404
    published.refresh_from_db()
    assert published.change_summary == "First"


def test_api_patch_replaces_the_summary(manager, published):
    api = APIClient()
    api.force_authenticate(manager)
    url = "/api/v1/resources/ponds/versions/%s/" % published.label
    response = api.patch(url, {"change_summary": "  Corrected dates  "}, format="json")
    assert response.status_code == 200
    assert response.json()["change_summary"] == "Corrected dates"
    too_long = api.patch(url, {"change_summary": "x" * 10_001}, format="json")
    assert too_long.status_code == 400
    published.refresh_from_db()
    assert published.change_summary == "Corrected dates"


def test_api_patch_is_refused_to_others(published):
    url = "/api/v1/resources/ponds/versions/%s/" % published.label
    assert APIClient().patch(url, {"change_summary": "x"}, format="json").status_code == 401
    other = APIClient()
    other.force_authenticate(UserFactory(role=Role.MANAGER))
    assert other.patch(url, {"change_summary": "x"}, format="json").status_code == 404
    published.refresh_from_db()
    assert published.change_summary == "First"
