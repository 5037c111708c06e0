"""The keywords page says that keyword sets have no language instead of asking for one."""

from __future__ import annotations

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from metadata.eml.model import KeywordSet
from metadata.services.documents import metadata_get, metadata_save
from publisher.models import Role
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_keywords_page_asks_no_language_and_says_why():
    manager = UserFactory(role=Role.MANAGER)
    resource = ResourceFactory(shortname="ponds", creator=manager)
    doc = metadata_get(resource)
    doc.keyword_sets = [KeywordSet(["frogs"], "N/A")]
    metadata_save(resource, doc)
    client = Client()
    client.force_login(manager)

    html = client.get(reverse("metadata-edit", args=["ponds", "keywords"])).content.decode()

    tree = lxml.html.fromstring(html)
    assert tree.xpath('//*[starts-with(@name, "keyword_sets[0].")]/@name') == [
        "keyword_sets[0].thesaurus",
        "keyword_sets[0].keywords",
    ]
    assert "has no language for a keyword set" in html
