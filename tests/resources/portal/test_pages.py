"""Landing pages, the managers' preview, the tombstone, the about page."""

from __future__ import annotations

import json
import re

import pytest

from metadata.eml.model import BoundingBox, GeographicCoverage
from metadata.services.documents import metadata_get, metadata_save
from resources.models import Visibility
from resources.services.visibility import resource_withdraw
from tests.factories import ResourceFactory

from .conftest import client_for, document, fake_published, fake_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def ponds(data_dir):
    doc = document(
        "Pond survey",
        geographic_coverages=[
            GeographicCoverage(
                "Two ponds", BoundingBox(west="10", east="12", south="50", north="52")
            )
        ],
    )
    resource = fake_published(Visibility.PUBLIC, doc=doc, change_summary="First release")
    fake_version(
        resource, "1.1", doc=document("Pond survey"), change_summary="More frogs", records=5
    )
    return resource


def test_the_landing_page_has_what_a_visitor_needs(ponds, client):
    html = client.get("/resource?r=%s" % ponds.shortname).content.decode()
    assert "Pond survey" in html and "Version 1.1" in html
    assert 'href="/archive.do?r=%s&amp;v=1.1"' % ponds.shortname in html
    assert "event.txt" in html and "http://rs.tdwg.org/dwc/terms/Event" in html
    assert "First release" in html and "More frogs" in html  # versions and their changes
    assert 'property="dc:bibliographicCitation"' in html and "Frog A (" in html
    assert 'rel="dc:license"' in html
    assert 'data-testid="year-chart"' in html and 'id="landing-map-data"' in html
    assert 'data-testid="cite-bibtex"' in html and "amphibians" in html
    assert '<meta name="inventory" content="http://127.0.0.1:8000/inventory/dataset">' in html
    ld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["@type"] == "Dataset" and ld["version"] == "1.1"
    assert ld["distribution"][0]["contentUrl"].endswith("archive.do?r=%s&v=1.1" % ponds.shortname)


def test_an_older_version_has_its_own_page(ponds, client):
    html = client.get("/resource?r=%s&v=1.0" % ponds.shortname).content.decode()
    assert "Version 1.0" in html and "Two ponds" in html


def test_citation_exports(ponds, client):
    base = "/resource/citation?r=%s&format=" % ponds.shortname
    bibtex = client.get(base + "bibtex")
    assert bibtex.content.decode().startswith("@misc{")
    assert 'filename="%s-v1.1.bib"' % ponds.shortname in bibtex["Content-Disposition"]
    assert client.get(base + "ris").content.decode().startswith("TY  - DATA")
    assert json.loads(client.get(base + "csl").content)[0]["type"] == "dataset"
    assert client.get(base + "pdf").status_code == 404


def test_the_preview_shows_the_working_metadata_to_managers(data_dir):
    resource = ResourceFactory(title="Lakes")
    doc = metadata_get(resource)
    doc.abstract = ["Unpublished words"]
    metadata_save(resource, doc)
    manager = client_for(resource.creator)
    html = manager.get("/resource/preview?r=%s" % resource.shortname).content.decode()
    assert "Unpublished words" in html and 'data-testid="preview-banner"' in html
    assert "Preview of version 1.0" in html
    unpublished = manager.get("/resource?r=%s" % resource.shortname)
    assert unpublished.status_code == 200
    assert 'data-testid="unpublished"' in unpublished.content.decode()


def test_a_deleted_resource_answers_410_with_a_tombstone(ponds, client):
    resource_withdraw(resource=ponds, user=ponds.creator)
    for address in ("/resource?r=%s", "/archive.do?r=%s", "/eml.do?r=%s", "/rss.do?r=%s"):
        response = client.get(address % ponds.shortname)
        if "rss" in address:
            assert "Pond survey" not in response.content.decode()
            continue
        assert response.status_code == 410, address
        assert 'data-testid="tombstone"' in response.content.decode()
    manager_page = client_for(ponds.creator).get("/resource?r=%s" % ponds.shortname)
    assert 'data-testid="notice-deleted"' in manager_page.content.decode()


def test_managers_see_private_versions_with_a_notice(data_dir):
    resource = fake_published(Visibility.PRIVATE)
    html = client_for(resource.creator).get("/resource?r=%s" % resource.shortname)
    assert 'data-testid="notice-private"' in html.content.decode()


def test_old_ipt_page_names_redirect(client):
    assert client.get("/home.do")["Location"] == "/"
    assert client.get("/about.do")["Location"] == "/about/"


def test_every_page_advertises_the_feeds(client, db):
    html = client.get("/about/").content.decode()
    assert 'type="application/rss+xml"' in html and 'name="foaf:seeAlso"' in html
