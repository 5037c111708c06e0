"""EML upload (preview, then confirm) and download pages of the metadata editor."""

from __future__ import annotations

import lxml.etree
import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from metadata.eml.model import Agent, Title
from metadata.services.documents import metadata_get, metadata_save
from publisher.models import Role
from tests.conftest import TEST_DATA
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

SAMPLE = TEST_DATA / "eml" / "ipt-test-event-eml-2.2.0-profile-1.3.eml.xml"


@pytest.fixture
def creator():
    return UserFactory(role=Role.MANAGER, email="creator@example.org")


@pytest.fixture
def resource(creator):
    return ResourceFactory(shortname="ponds", title="Pond survey", creator=creator)


@pytest.fixture
def client(creator):
    client = Client()
    client.force_login(creator)
    return client


def import_url() -> str:
    return reverse("metadata-import", args=["ponds"])


def upload(client, data: bytes, name: str = "eml.xml"):
    return client.post(import_url(), {"eml": SimpleUploadedFile(name, data, "text/xml")})


def tree(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content.decode())


def test_import_page_offers_an_upload(client, resource):
    response = client.get(import_url())
    assert response.status_code == 200
    assert tree(response).xpath('//input[@type="file"][@name="eml"]')


def test_import_shows_the_changes_and_applies_them_only_when_confirmed(client, resource):
    before = metadata_get(resource)
    response = upload(client, SAMPLE.read_bytes(), "sample.xml")
    assert response.status_code == 200
    paths = tree(response).xpath('//tr[@data-testid="import-change"]/td[2]/code/text()')
    assert "titles[0].text" in paths
    sections = tree(response).xpath('//tr[@data-testid="import-change"]/td[1]/text()')
    assert "Basic metadata" in sections
    assert metadata_get(resource) == before
    sha = tree(response).xpath('//input[@name="sha256"]/@value')[0]
    response = client.post(import_url(), {"confirm": "1", "sha256": sha}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("metadata-edit", args=["ponds", "basic"])
    assert "sample.xml was imported" in response.content.decode()
    doc = metadata_get(resource)
    assert doc != before
    assert doc.short_name == "ponds"


def test_a_confirmation_without_the_staged_upload_changes_nothing(client, resource):
    before = metadata_get(resource)
    response = client.post(import_url(), {"confirm": "1", "sha256": "0" * 64}, follow=True)
    assert "no longer waiting" in response.content.decode()
    assert metadata_get(resource) == before


def test_another_session_cannot_confirm_an_upload(client, resource, creator):
    response = upload(client, SAMPLE.read_bytes())
    sha = tree(response).xpath('//input[@name="sha256"]/@value')[0]
    other = Client()
    other.force_login(creator)
    before = metadata_get(resource)
    other.post(import_url(), {"confirm": "1", "sha256": sha})
    assert metadata_get(resource) == before


def test_cancel_forgets_the_upload(client, resource):
    response = upload(client, SAMPLE.read_bytes())
    sha = tree(response).xpath('//input[@name="sha256"]/@value')[0]
    client.post(import_url(), {"cancel": "1"})
    before = metadata_get(resource)
    client.post(import_url(), {"confirm": "1", "sha256": sha})
    assert metadata_get(resource) == before


def test_broken_eml_is_reported_with_file_and_line(client, resource):
    before = metadata_get(resource)
    data = b'<?xml version="1.0"?>\n<eml:eml xmlns:eml="https://eml.ecoinformatics.org/eml-2.2.0">\n<dataset><title>x</dataset>\n'
    response = upload(client, data, "broken.xml")
    assert response.status_code == 400
    error = tree(response).xpath('//*[@data-testid="import-error"]')[0].text_content()
    assert "broken.xml" in error
    assert "line 3" in error
    assert metadata_get(resource) == before


def test_hostile_eml_is_refused(client, resource):
    data = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<eml:eml xmlns:eml="https://eml.ecoinformatics.org/eml-2.2.0">&e;</eml:eml>'
    )
    response = upload(client, data)
    assert response.status_code == 400
    assert "root:" not in response.content.decode()


def test_upload_without_a_file_asks_for_one(client, resource):
    response = client.post(import_url(), {})
    assert response.status_code == 400
    assert "Choose an EML file" in response.content.decode()


def test_import_preview_escapes_the_values_of_the_file(client, resource):
    data = SAMPLE.read_bytes()
    payload = b"&lt;script&gt;alert(1)&lt;/script&gt;"
    start = data.index(b"<title")
    start = data.index(b">", start) + 1
    data = data[:start] + payload + data[start:]
    response = upload(client, data)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_other_managers_cannot_import(resource):
    other = Client()
    other.force_login(UserFactory(role=Role.MANAGER))
    response = other.post(import_url(), {"eml": SimpleUploadedFile("e.xml", SAMPLE.read_bytes())})
    assert response.status_code == 404


def test_download_returns_the_working_metadata_as_eml(client, resource):
    doc = metadata_get(resource)
    doc.titles = [Title("Ponds of Uppland")]
    doc.contacts = [Agent(given_name="Ada", sur_name="Holm")]
    metadata_save(resource, doc)
    response = client.get(reverse("metadata-download", args=["ponds"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert response["Content-Disposition"] == 'attachment; filename="eml-ponds.xml"'
    root = lxml.etree.fromstring(response.content)
    assert root.tag == "{https://eml.ecoinformatics.org/eml-2.2.0}eml"
    assert root.findtext("dataset/title") == "Ponds of Uppland"


def test_preview_says_a_document_with_a_citation_keeps_it(client, resource):
    nsbs = (TEST_DATA / "eml" / "obis-nsbs-north-sea-benthos-survey.eml.xml").read_bytes()
    kept = tree(upload(client, nsbs)).xpath('//*[@data-testid="import-keeps-citation"]')
    assert len(kept) == 1
    assert "automatic citation is switched off" in kept[0].text_content()
    # the IPT's test document has no citation: nothing to keep, nothing said
    assert not tree(upload(client, SAMPLE.read_bytes())).xpath(
        '//*[@data-testid="import-keeps-citation"]'
    )
