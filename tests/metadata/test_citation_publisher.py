"""The working metadata's citation (editor, preview) names the publishing organisation."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings

from metadata.services.citations import citation_render
from publisher.models import Organisation
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_the_next_citation_names_the_resource_organisation(data_dir):
    organisation = Organisation.objects.create(key=uuid.uuid4(), name="Frog Society", token="x")
    resource = ResourceFactory(organisation=organisation)
    assert "Frog Society." in citation_render(resource)
    assert "PB  - Frog Society" in citation_render(resource, fmt="ris")


def test_without_an_organisation_the_next_citation_names_no_publisher(data_dir):
    resource = ResourceFactory()
    assert settings.SITE_TITLE not in citation_render(resource)
    assert "PB  -" not in citation_render(resource, fmt="ris")
