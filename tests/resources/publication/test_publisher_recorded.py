"""A publication names the publishing organisation in the EML's citation and records it on
the version; without one it names no publisher (never the installation)."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from core.models import JobStatus
from metadata.eml.parse import parse_eml
from publisher.models import Organisation
from resources.services.publication import version_path
from tests.factories import ResourceFactory

from .conftest import publish_inline

pytestmark = pytest.mark.django_db


def _published_citation(resource) -> str:
    version = resource.versions.get()
    return parse_eml(version_path(version, "eml").read_bytes()).citation.text


def test_the_version_records_the_organisation_its_citation_names(resource, manager):
    resource.organisation = Organisation.objects.create(
        key=uuid.uuid4(), name="Frog Society", token="x"
    )
    resource.save(update_fields=["organisation"])
    job = publish_inline(resource, manager)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert resource.versions.get().publisher == "Frog Society"
    assert "Version 1.0. Frog Society. Sampling event dataset." in _published_citation(resource)


def test_without_an_organisation_the_citation_names_no_publisher(resource, manager):
    job = publish_inline(resource, manager)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert resource.versions.get().publisher == ""
    citation = _published_citation(resource)
    assert "Version 1.0. Sampling event dataset." in citation
    assert settings.SITE_TITLE not in citation


def _card(resource) -> str:
    client = Client()
    client.force_login(resource.creator)
    page = client.get(reverse("resource-overview", args=[resource.shortname]))
    return page.content.decode()


def test_the_publish_form_warns_when_no_organisation_is_set(data_dir):
    resource = ResourceFactory()
    page = _card(resource)
    assert 'data-testid="no-organisation"' in page
    assert "citations will name no publisher" in page
    assert 'href="/manage/resources/%s/#registration"' % resource.shortname in page


def test_the_publish_form_does_not_warn_with_an_organisation(data_dir):
    resource = ResourceFactory(
        organisation=Organisation.objects.create(key=uuid.uuid4(), name="Frogs", token="x")
    )
    page = _card(resource)
    assert 'data-testid="publish-form"' in page
    assert 'data-testid="no-organisation"' not in page
