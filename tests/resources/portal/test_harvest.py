"""How GBIF's crawler fetches: conditional GETs, resumable ranges, and the inventories."""

from __future__ import annotations

import json
import time

import pytest
from django.utils.http import http_date, parse_http_date

from resources.models import Visibility
from resources.services.resources import resource_dir
from resources.services.visibility import resource_mark_registered

from .conftest import make_resource, publish_in_state, publish_inline

pytestmark = pytest.mark.django_db
DWC = "http://rs.tdwg.org/dwc/terms/"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def next_second() -> None:
    """Last-Modified has whole seconds: a later publication must fall in a later one."""
    time.sleep(1.05 - time.time() % 1)


@pytest.fixture
def ponds(data_dir, manager):
    resource = make_resource(manager)
    publish_in_state(resource, manager, Visibility.PUBLIC)
    return resource


def test_archive_is_served_with_last_modified_then_304_until_a_new_publication(
    ponds, manager, client
):
    first = client.get("/archive.do?r=ponds")
    assert first.status_code == 200
    assert first["Content-Type"] == "application/zip"
    assert first["Content-Disposition"] == 'attachment; filename="dwca-ponds-v1.0.zip"'
    archive = body(first)
    assert archive == (resource_dir(ponds) / "dwca-1.0.zip").read_bytes()
    assert int(first["Content-Length"]) == len(archive)
    last_modified = first["Last-Modified"]

    again = client.get("/archive.do?r=ponds", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert again.status_code == 304
    assert body(again) == b""
    assert again["Last-Modified"] == last_modified

    next_second()
    job = publish_inline(ponds, manager, change_summary="More frogs")
    assert job.status == "succeeded", job.error_message
    newer = client.get("/archive.do?r=ponds", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert newer.status_code == 200
    assert newer["Content-Disposition"] == 'attachment; filename="dwca-ponds-v1.1.zip"'
    assert parse_http_date(newer["Last-Modified"]) > parse_http_date(last_modified)
    assert body(newer) == (resource_dir(ponds) / "dwca-1.1.zip").read_bytes()


def test_a_range_request_returns_exactly_those_bytes(ponds, client):
    archive = (resource_dir(ponds) / "dwca-1.0.zip").read_bytes()
    response = client.get("/archive.do?r=ponds", HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert body(response) == archive[100:200]
    assert response["Content-Length"] == "100"
    assert response["Content-Range"] == "bytes 100-199/%d" % len(archive)


def test_head_gives_the_headers_of_a_get_without_the_body(ponds, client):
    get = client.get("/eml.do?r=ponds")
    head = client.head("/eml.do?r=ponds")
    assert head.status_code == 200 and body(head) == b""
    for name in ("Content-Type", "Content-Length", "Content-Disposition", "Last-Modified", "ETag"):
        assert head[name] == get[name], name
    assert get["Content-Type"] == "text/xml; charset=UTF-8"
    assert 'filename="eml-ponds-v1.0.xml"' in get["Content-Disposition"]


def test_etag_and_if_none_match_give_304(ponds, client):
    etag = client.get("/eml.do?r=ponds")["ETag"]
    response = client.get("/eml.do?r=ponds", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["ETag"] == etag


def test_if_modified_since_before_the_file_gives_the_file(ponds, client):
    old = http_date(time.time() - 86400 * 365)
    assert client.get("/archive.do?r=ponds", HTTP_IF_MODIFIED_SINCE=old).status_code == 200


def test_every_ipt_file_address_answers_with_and_without_do(ponds, client):
    for action in ("archive", "eml", "metadata", "rtf", "publicationlog", "resource"):
        for suffix in ("", ".do"):
            url = "/%s%s?r=ponds" % (action, suffix)
            assert client.get(url).status_code == 200, url
    assert client.get("/resource?id=ponds").status_code == 200
    assert client.get("/resource?r=ponds&v=1.0").status_code == 200
    assert client.get("/archive.do?r=ponds&v=1.0").status_code == 200
    assert client.get("/archive.do?r=ponds&v=9.9").status_code == 404
    assert client.get("/archive.do?r=ponds&v=latest").status_code == 404
    assert client.get("/archive.do?r=nosuch").status_code == 404
    assert client.get("/archive.do").status_code == 404
    assert client.post("/archive.do?r=ponds").status_code == 405


def test_inventory_v1_matches_the_ipt_shape_field_by_field(ponds, client):
    resource_mark_registered(resource=ponds)
    data = json.loads(client.get("/inventory/dataset").content)
    assert list(data) == ["registeredResources"]
    (item,) = data["registeredResources"]
    assert list(item) == [
        "title",
        "type",
        "records",
        "lastPublished",
        "gbifKey",
        "eml",
        "dwca",
        "version",
        "recordsByExtension",
    ]
    version = ponds.versions.get()
    assert item == {
        "title": "Pond survey",
        "type": "samplingevent",
        "records": 8,
        "lastPublished": version.published_at.date().isoformat(),
        "gbifKey": None,
        "eml": "http://127.0.0.1:8000/eml.do?r=ponds",
        "dwca": "http://127.0.0.1:8000/archive.do?r=ponds",
        "version": 1.0,
        "recordsByExtension": {DWC + "Event": 8, DWC + "Occurrence": 24},
    }
    raw = client.get("/inventory/dataset").content.decode()
    assert '"version": 1.0,' in raw  # a JSON number written as the label


def test_inventory_v1_lists_only_registered_resources(ponds, client):
    assert json.loads(client.get("/inventory/dataset").content) == {"registeredResources": []}


def test_inventory_v2_matches_the_ipt_shape_field_by_field(ponds, client):
    data = json.loads(client.get("/inventory/v2/dataset").content)
    (item,) = data["resources"]
    assert list(item) == [
        "additionalProperties",
        "archive",
        "format",
        "id",
        "lastPublished",
        "metadata",
        "records",
        "title",
        "version",
    ]  # gbifKey null: left out
    assert item == {
        "additionalProperties": {
            "core": "samplingevent",
            "recordsByExtension": {DWC + "Event": 8, DWC + "Occurrence": 24},
        },
        "archive": [
            {"type": "DWCA", "url": "http://127.0.0.1:8000/archive.do?r=ponds"},
            {"type": "DWC_DP", "url": "http://127.0.0.1:8000/datapackage.do?r=ponds&v=1.0"},
        ],
        "format": "DWCA",
        "id": "ponds",
        "lastPublished": ponds.versions.get().published_at.date().isoformat(),
        "metadata": [{"type": "EML", "url": "http://127.0.0.1:8000/eml.do?r=ponds"}],
        "records": 8,
        "title": "Pond survey",
        "version": 1.0,
    }
    assert json.loads(client.get("/inventory/v2/dataset?type=dwca").content) == data
    assert json.loads(client.get("/inventory/v2/dataset?type=coldp").content) == {"resources": []}
    assert json.loads(client.get("/inventory/v2/dataset?status=REGISTERED").content) == {
        "resources": []
    }


def test_version_numbers_keep_their_trailing_zero_in_the_inventory(data_dir, client):
    from .conftest import fake_published, fake_version

    resource = fake_published(Visibility.REGISTERED)
    fake_version(resource, "1.10")
    raw = client.get("/inventory/dataset").content.decode()
    assert '"version": 1.10,' in raw
