"""The feeds of versions adopted from real IPT folders advertise only what is served, with
rowType keys from the version's own meta.xml and the version's UTC publication time.

amphibians' latest version (10.2) has only its EML; res1's one version (3.0, IPT 2.0 layout)
has an archive whose zip entries carry local (UTC+2) times and an EML taken out of it.
"""

from __future__ import annotations

import json

import pytest
from lxml import etree

from resources.services.importing.ipt import resource_from_ipt_folder
from tests.conftest import TEST_DATA
from tests.factories import UserFactory

FOLDERS = TEST_DATA / "ipt-resource-folders"
IPT = "{http://ipt.gbif.org/}"
OCCURRENCE = "http://rs.tdwg.org/dwc/terms/Occurrence"
IMAGE = "http://rs.gbif.org/terms/1.0/Image"
RES1_PUBLISHED = "Thu, 16 Aug 2012 13:15:16 GMT"  # resource.xml: 2012-08-16 13:15:16.892 UTC


@pytest.fixture
def migrated(db, data_dir):
    user = UserFactory(role="manager", email="importer@example.org")
    for name in ("amphibians.zip", "res1.zip"):
        resource_from_ipt_folder(path=FOLDERS / name, user=user)


def by_id(client, path: str, key: str, listed: str) -> dict[str, dict]:
    return {item[key]: item for item in json.loads(client.get(path).content)[listed]}


def test_rss_offers_no_archive_for_a_version_with_only_its_eml(migrated, client):
    feed = etree.fromstring(client.get("/rss.do").content)
    dwca = {i.findtext(IPT + "eml"): i.findtext(IPT + "dwca") for i in feed.iter("item")}
    assert dwca == {
        "http://127.0.0.1:8000/eml.do?r=amphibians": None,
        "http://127.0.0.1:8000/eml.do?r=res1": "http://127.0.0.1:8000/archive.do?r=res1",
    }
    assert client.get("/archive.do?r=amphibians").status_code == 404


def test_inventory_v1_lists_a_version_without_archive_with_no_dwca_and_no_records(migrated, client):
    items = by_id(client, "/inventory/dataset", "eml", "registeredResources")
    amphibians = items["http://127.0.0.1:8000/eml.do?r=amphibians"]
    assert (amphibians["dwca"], amphibians["records"]) == (None, 0)
    assert amphibians["recordsByExtension"] == {}


def test_inventory_v2_lists_a_version_without_archive_as_metadata(migrated, client):
    amphibians = by_id(client, "/inventory/v2/dataset", "id", "resources")["amphibians"]
    assert (amphibians["format"], amphibians["archive"], amphibians["records"]) == (
        "METADATA",
        [],
        0,
    )
    typed = by_id(client, "/inventory/v2/dataset?type=dwca", "id", "resources")
    assert sorted(typed) == ["res1"]


def test_inventories_key_records_by_the_row_types_of_the_versions_meta_xml(migrated, client):
    expected = {OCCURRENCE: 2, IMAGE: 15}
    v1 = by_id(client, "/inventory/dataset", "eml", "registeredResources")
    assert v1["http://127.0.0.1:8000/eml.do?r=res1"]["recordsByExtension"] == expected
    v2 = by_id(client, "/inventory/v2/dataset", "id", "resources")["res1"]
    assert v2["additionalProperties"]["recordsByExtension"] == expected


@pytest.mark.parametrize("endpoint", ["archive.do", "eml.do"])
def test_migrated_files_are_last_modified_at_the_versions_utc_publication(
    migrated, client, endpoint
):
    response = client.get("/%s?r=res1" % endpoint)
    assert response.status_code == 200
    assert response["Last-Modified"] == RES1_PUBLISHED
    again = client.get("/%s?r=res1" % endpoint, HTTP_IF_MODIFIED_SINCE=RES1_PUBLISHED)
    assert again.status_code == 304


def test_the_landing_page_names_the_row_types_of_the_versions_meta_xml(migrated, client):
    html = client.get("/resource?r=res1").content.decode()
    assert 'title="%s"' % IMAGE in html and 'title="%s"' % OCCURRENCE in html
