"""The Darwin Core Data Package is offered wherever the archive is (issue #26): the landing
page, the managers' versions page, RSS, the inventory v2, the API, the publication settings
and the resource export; never to those who may not see the resource."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from resources.models import Version, Visibility
from resources.portal.feeds.rss import IPT
from resources.services.exporting import resource_export_file
from resources.services.importing.ipt import resource_from_ipt_folder
from resources.services.publication import publication_settings, publication_settings_update
from resources.services.publication.files import version_path
from tests.resources.portal.conftest import client_for, publish_in_state
from tests.resources.publication.conftest import make_resource, manager, publish_inline

pytestmark = pytest.mark.django_db
__all__ = ["manager"]  # the fixture

PACKAGE_URL = "/datapackage.do?r=ponds&v=1.0"
ABSOLUTE_URL = "http://127.0.0.1:8000" + PACKAGE_URL
SETTINGS = {  # the publication settings form, with the package switched off (unchecked)
    "archival_mode": "all",
    "archival_limit": "5",
    "auto_publish": "off",
    "month": "1",
    "day": "1",
    "weekday": "0",
    "time": "03:30",
    "max_drop_percent": "10",
    "notify_emails": "",
    "skip_unchanged": "on",
}


@pytest.fixture
def ponds(data_dir, manager):
    """The demo pond survey (an Event core), published publicly once."""
    resource = make_resource(manager)
    publish_in_state(resource, manager, Visibility.PUBLIC)
    return resource


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def stored(resource, label: str = "1.0") -> bytes:
    return version_path(resource.versions.get(label=label), "datapackage").read_bytes()


def rss_packages(client: Client) -> list[str]:
    root = etree.fromstring(client.get("/rss.do").content)
    return [e.text for e in root.iter("{%s}dwcdp" % IPT)]


def api_version(client: Client, label: str = "1.0") -> dict:
    url = reverse("api-version-detail", kwargs={"shortname": "ponds", "label": label})
    response = client.get(url)
    assert response.status_code == 200
    return response.json()


def test_landing_page_offers_the_package_beside_the_archive(ponds, client):
    version = ponds.versions.get()
    assert version.has_datapackage and version.datapackage_size > 0
    page = client.get("/resource?r=ponds").content.decode()
    assert 'data-testid="download-datapackage"' in page
    assert 'href="/datapackage.do?r=ponds&amp;v=1.0"' in page
    assert "The same data as DwC-DP tables (Darwin Core Data Package 1.0)." in page
    response = client.get(PACKAGE_URL)
    assert response.status_code == 200
    assert 'filename="dwc-dp-ponds-v1.0.zip"' in response["Content-Disposition"]
    assert body(response) == stored(ponds)


def test_landing_page_names_the_package_in_the_readers_language(ponds, client):
    page = client.get("/resource?r=ponds", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Paquete de datos Darwin Core" in page


def test_rss_item_names_the_package_in_the_ipt_namespace(ponds, client):
    assert rss_packages(client) == [ABSOLUTE_URL]


def test_inventory_v2_lists_the_package_after_the_archive(ponds, client):
    (item,) = json.loads(client.get("/inventory/v2/dataset").content)["resources"]
    assert [a["type"] for a in item["archive"]] == ["DWCA", "DWC_DP"]
    assert item["archive"][1]["url"] == ABSOLUTE_URL


def test_api_version_gives_the_package_url_size_and_digest(ponds, manager):
    data = api_version(client_for(manager))
    version = ponds.versions.get()
    assert data["datapackage"] == {
        "url": ABSOLUTE_URL,
        "size": version.datapackage_size,
        "sha256": hashlib.sha256(stored(ponds)).hexdigest(),
    }
    listed = client_for(manager).get(reverse("api-version-list", kwargs={"shortname": "ponds"}))
    assert listed.json()["results"][0]["datapackage"]["url"] == ABSOLUTE_URL


def test_managers_versions_page_links_the_package(ponds, manager):
    client = client_for(manager)
    page = client.get(reverse("version-list", args=["ponds"])).content.decode()
    link = reverse("version-download", args=["ponds", "1.0", "datapackage"])
    assert 'data-testid="datapackage-download"' in page and link in page
    assert body(client.get(link)) == stored(ponds)


def test_package_answers_ranges_and_conditional_requests(ponds, client):
    data = stored(ponds)
    part = client.get(PACKAGE_URL, HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206 and body(part) == data[:10]
    first = client.get(PACKAGE_URL)
    assert client.get(PACKAGE_URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = first["Last-Modified"]
    assert client.get(PACKAGE_URL, HTTP_IF_MODIFIED_SINCE=since).status_code == 304


def test_private_resource_shows_its_package_to_its_managers_only(data_dir, manager):
    resource = make_resource(manager)
    publish_in_state(resource, manager, Visibility.PRIVATE)
    anonymous = Client()
    assert anonymous.get(PACKAGE_URL).status_code == 404
    assert anonymous.get("/datapackage.do?r=ponds").status_code == 404
    landing = anonymous.get("/resource?r=ponds")
    assert landing.status_code == 404 and b"datapackage.do" not in landing.content
    assert rss_packages(anonymous) == []
    assert b"datapackage.do" not in anonymous.get("/inventory/v2/dataset").content
    owner = client_for(manager)
    assert body(owner.get(PACKAGE_URL)) == stored(resource)
    assert PACKAGE_URL.replace("&", "&amp;") in owner.get("/resource?r=ponds").content.decode()


def test_settings_page_offers_the_package_switch_and_turning_it_off_stops_it(ponds, manager):
    client = client_for(manager)
    settings_url = reverse("publication-settings", args=["ponds"])
    page = client.get(settings_url).content.decode()
    (checkbox,) = re.findall(r'<input[^>]*name="datapackage"[^>]*>', page)
    assert 'type="checkbox"' in checkbox and " checked" in checkbox
    assert "Only sampling-event resources (an Event core) get one." in page
    assert client.post(settings_url, SETTINGS).status_code == 302
    assert publication_settings(ponds).datapackage is False

    job = publish_inline(ponds, manager, change_summary="without a package")
    assert job.status == "succeeded", job.error_message
    newest = ponds.versions.get(label="1.1")
    assert not newest.has_datapackage and version_path(newest, "datapackage") is None
    anonymous = Client()
    assert anonymous.get("/datapackage.do?r=ponds&v=1.1").status_code == 404
    assert b"download-datapackage" not in anonymous.get("/resource?r=ponds").content
    assert b"download-datapackage" in anonymous.get("/resource?r=ponds&v=1.0").content
    assert rss_packages(anonymous) == []
    (item,) = json.loads(anonymous.get("/inventory/v2/dataset").content)["resources"]
    assert [a["type"] for a in item["archive"]] == ["DWCA"]
    assert api_version(client, "1.1")["datapackage"] is None
    assert api_version(client, "1.0")["datapackage"]["url"] == ABSOLUTE_URL


def test_api_publication_settings_switch_the_package(ponds, manager):
    url = reverse("api-publication-settings", kwargs={"shortname": "ponds"})
    client = client_for(manager)
    assert client.get(url).json()["datapackage"] is True
    response = client.patch(url, {"datapackage": False}, content_type="application/json")
    assert response.status_code == 200 and response.json()["datapackage"] is False
    assert publication_settings(ponds).datapackage is False


def test_package_goes_with_the_archive_when_the_archival_mode_removes_it(ponds, client):
    Version.objects.filter(resource=ponds).update(archive_removed_at=timezone.now())
    assert client.get(PACKAGE_URL).status_code == 404
    assert b"download-datapackage" not in client.get("/resource?r=ponds").content
    assert rss_packages(client) == []


def test_export_and_import_carry_the_package(ponds, manager, data_dir):
    path = resource_export_file(resource=ponds)
    with zipfile.ZipFile(path) as zf:
        assert zf.read("ponds/dwc-dp-1.0.zip") == stored(ponds)
        document = json.loads(zf.read("ponds/resource.json"))
    assert document["publication_settings"]["datapackage"] is True
    assert document["versions"][0]["files"]["datapackage"] == "dwc-dp-1.0.zip"
    publication_settings_update(resource=ponds, datapackage=False)
    path = resource_export_file(resource=ponds)
    copy = resource_from_ipt_folder(path=path, user=manager, shortname="ponds-copy").resource
    original, imported = ponds.versions.get(), copy.versions.get()
    assert imported.datapackage_name == "dwc-dp-1.0.zip"
    assert imported.datapackage_size == original.datapackage_size
    assert imported.datapackage_sha256 == original.datapackage_sha256
    assert stored(copy) == stored(ponds)
    assert publication_settings(copy).datapackage is False
