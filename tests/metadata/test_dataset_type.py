"""The published dataset type follows the resource's core; a working document that states
another type is published with the resource's and the manager is told."""

from __future__ import annotations

from datetime import date

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from lxml import etree

from metadata.eml.parse import parse_eml
from metadata.eml.vocab import THESAURUS_DATASET_TYPE
from metadata.eml.write import write_eml
from metadata.services.citations import citation_render
from metadata.services.coverage import metadata_for_publication, metadata_settings_update
from metadata.services.io import metadata_export, metadata_import
from publisher.models import Role
from resources.models import ResourceType
from tests.conftest import TEST_DATA
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

NSBS = (TEST_DATA / "eml" / "obis-nsbs-north-sea-benthos-survey.eml.xml").read_bytes()
NS = {"eml": "https://eml.ecoinformatics.org/eml-2.2.0"}
URL = "https://ipt.example.org/resource?r=nsbs&v=1.0"


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER)


@pytest.fixture
def nsbs(manager):
    """The OBIS North Sea Benthos Survey (an event-core archive whose EML says
    "Occurrence") imported into a sampling-event resource."""
    resource = ResourceFactory(shortname="nsbs", type=ResourceType.SAMPLING_EVENT, creator=manager)
    metadata_import(resource, data=NSBS, user=manager)
    return resource


def type_keywords(eml: bytes) -> list[str]:
    root = etree.fromstring(eml)
    return root.xpath(
        "dataset/keywordSet[keywordThesaurus=$t]/keyword/text()", t=THESAURUS_DATASET_TYPE
    )


def published(resource) -> bytes:
    doc = metadata_for_publication(
        resource, version="1.0", publisher="VLIZ", url=URL, pub_date=date(2026, 12, 6)
    )
    return write_eml(doc, package_id=doc.package_id)


def test_publication_writes_the_resource_type_not_the_imported_one(nsbs):
    assert parse_eml(NSBS).dataset_type == "occurrence"
    assert type_keywords(published(nsbs)) == ["Samplingevent"]
    assert type_keywords(metadata_export(nsbs)) == ["Samplingevent"]


def test_generated_citation_names_the_resource_type(nsbs, manager):
    metadata_settings_update(nsbs, citation_auto=True, user=manager)
    citation = parse_eml(published(nsbs)).citation.text
    assert "Sampling event dataset." in citation
    assert "Occurrence dataset" not in citation


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _warning(html: bytes) -> str:
    found = lxml.html.fromstring(html.decode()).xpath('//*[@data-testid="type-conflict"]')
    return found[0].text_content() if found else ""


def test_basic_page_and_overview_warn_when_the_metadata_states_another_type(nsbs, manager):
    client = _client(manager)
    basic = client.get(reverse("metadata-edit", args=["nsbs", "basic"])).content
    overview = client.get(reverse("resource-overview", args=["nsbs"])).content
    for html in (basic, overview):
        assert "“Occurrence”" in _warning(html)
        assert "will say “Sampling event”" in _warning(html)


def test_no_warning_when_the_metadata_states_the_resource_type(manager):
    resource = ResourceFactory(shortname="rls", type=ResourceType.OCCURRENCE, creator=manager)
    metadata_import(resource, data=NSBS, user=manager)
    client = _client(manager)
    assert _warning(client.get(reverse("metadata-edit", args=["rls", "basic"])).content) == ""
    assert _warning(client.get(reverse("resource-overview", args=["rls"])).content) == ""


def test_citation_preview_and_exports_name_the_resource_type(nsbs, manager):
    metadata_settings_update(nsbs, citation_auto=True, user=manager)
    assert "Sampling event dataset." in citation_render(nsbs)
    assert "M3  - Sampling event dataset" in citation_render(nsbs, fmt="ris")
