"""The publisher a dataset's citation, JSON-LD, RTF and DCAT name: its publishing
organisation (as recorded for the version), never the installation's name."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.conf import settings

from publisher.models import Organisation
from resources.models import Visibility

from .conftest import fake_published

pytestmark = pytest.mark.django_db

KEY = uuid.UUID("0a16da09-7719-40de-8d4e-e2ef6d6b8e4f")


@pytest.fixture
def frogs_org(db):
    return Organisation.objects.create(key=KEY, name="Frog Society", token="x")


@pytest.fixture
def published(data_dir, frogs_org):
    resource = fake_published(Visibility.PUBLIC)
    resource.organisation = frogs_org
    resource.save(update_fields=["organisation"])
    return resource


def _jsonld(html: str) -> dict:
    return json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))


def _citation(html: str) -> str:
    return re.search(r'data-testid="citation">(.*?)</p>', html, re.S).group(1)


def _exports(client, shortname: str) -> dict[str, str]:
    base = "/resource/citation?r=%s&format=" % shortname
    return {fmt: client.get(base + fmt).content.decode() for fmt in ("bibtex", "ris", "csl")}


def test_the_landing_page_names_the_organisation_recorded_for_the_version(published, client):
    published.versions.update(publisher="Frog Society (2024)")
    html = client.get("/resource?r=%s" % published.shortname).content.decode()
    assert "Version 1.0. Frog Society (2024). Sampling event dataset." in _citation(html)
    assert _jsonld(html)["publisher"] == {"@type": "Organization", "name": "Frog Society (2024)"}
    exports = _exports(client, published.shortname)
    assert "publisher = {Frog Society (2024)}" in exports["bibtex"]
    assert "PB  - Frog Society (2024)" in exports["ris"]
    assert json.loads(exports["csl"])[0]["publisher"] == "Frog Society (2024)"


def test_a_version_without_a_record_names_the_resource_organisation(published, client):
    assert published.versions.get().publisher is None  # published before it was recorded
    html = client.get("/resource?r=%s" % published.shortname).content.decode()
    assert "Frog Society. Sampling event dataset." in _citation(html)
    rtf = client.get("/rtf.do?r=%s&v=1.0" % published.shortname).content.decode()
    assert "Frog Society." in rtf


def test_no_page_or_export_names_the_site_as_publisher(published, client):
    published.organisation = None
    published.save(update_fields=["organisation"])
    html = client.get("/resource?r=%s" % published.shortname).content.decode()
    citation = _citation(html)
    assert "Version 1.0. Sampling event dataset." in citation
    assert settings.SITE_TITLE not in citation
    assert "publisher" not in _jsonld(html)
    exports = _exports(client, published.shortname)
    assert "publisher" not in exports["bibtex"] and "PB  -" not in exports["ris"]
    assert "publisher" not in json.loads(exports["csl"])[0]
    rtf = client.get("/rtf.do?r=%s&v=1.0" % published.shortname).content.decode()
    assert settings.SITE_TITLE not in rtf


def test_dcat_names_the_organisation_as_the_dataset_publisher(published, client):
    turtle = client.get("/dcat").content.decode()
    org = "<https://www.gbif.org/publisher/%s#Organization>" % KEY
    assert "dct:publisher %s" % org in turtle
    assert '%s a foaf:Agent ;\n    foaf:name "Frog Society"' % org in turtle
    assert "published by %s" % settings.SITE_TITLE not in turtle
