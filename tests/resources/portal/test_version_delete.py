"""Deleting a published version: files gone, 410 on its addresses, the previous version
current with a fresh Last-Modified, the history line, and who may do it."""

from __future__ import annotations

import os
import time

import pytest
from django.core.management import call_command
from django.utils.http import http_date, parse_http_date
from rest_framework.test import APIClient

from core.errors import UserError
from resources import error_codes as codes
from resources.models import Version, Visibility
from resources.services.publication import next_version
from resources.services.resources import resource_dir
from tests.factories import ResourceFactory
from workflows.versions import version_delete

from .conftest import client_for, fake_version

pytestmark = pytest.mark.django_db
REASON = "Coordinates of a nesting site leaked."


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def ponds(data_dir, manager):
    """A public resource with versions 1.0 and 1.1 (with a data package), files a minute old."""
    resource = ResourceFactory(shortname="ponds", creator=manager, visibility=Visibility.PUBLIC)
    fake_version(resource, "1.0")
    latest = fake_version(resource, "1.1")
    folder = resource_dir(resource)
    (folder / "dwc-dp-1.1.zip").write_bytes(b"PK package")
    (folder / "report-1.1.json").write_text("{}")
    Version.objects.filter(pk=latest.pk).update(
        datapackage_name="dwc-dp-1.1.zip", report_name="report-1.1.json"
    )
    old = time.time() - 60
    for path in folder.iterdir():
        os.utime(path, (old, old))
    return resource


def latest_of(resource) -> Version:
    return resource.versions.get(label="1.1")


def test_deleting_the_latest_removes_its_files_and_keeps_a_tombstone(ponds, admin_user):
    folder = resource_dir(ponds)
    tombstone = version_delete(version=latest_of(ponds), by=admin_user, reason=" %s " % REASON)
    assert tombstone.deleted_at is not None and tombstone.deleted_by == admin_user
    assert tombstone.deleted_reason == REASON
    for name in ("dwca-1.1.zip", "eml-1.1.xml", "dwc-dp-1.1.zip", "report-1.1.json"):
        assert not (folder / name).exists(), name
    assert (folder / "dwca-1.0.zip").exists()
    assert list(ponds.versions.values_list("label", flat=True)) == ["1.0"]
    assert next_version(ponds) == (1, 2)  # a deleted number is never given again


@pytest.mark.parametrize(
    "address",
    [
        "/archive.do?r=ponds&v=1.1",
        "/eml.do?r=ponds&v=1.1",
        "/datapackage.do?r=ponds&v=1.1",
        "/rtf.do?r=ponds&v=1.1",
        "/publicationlog.do?r=ponds&v=1.1",
    ],
)
def test_the_deleted_versions_files_answer_410_with_a_note(ponds, admin_user, client, address):
    version_delete(version=latest_of(ponds), by=admin_user, reason=REASON)
    response = client.get(address)
    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "1.1" in text and "was removed on" in text
    assert "resource?r=ponds&v=1.0" in text  # points to the current version


def test_the_deleted_versions_landing_page_answers_410_pointing_to_the_current(
    ponds, admin_user, client
):
    version_delete(version=latest_of(ponds), by=admin_user, reason=REASON)
    response = client.get("/resource?r=ponds&v=1.1")
    assert response.status_code == 410
    page = response.content.decode()
    assert 'data-testid="version-gone"' in page and "v=1.0" in page
    assert REASON not in page  # the reason is for the managers' history
    assert client.get("/resource?r=ponds&v=1.9").status_code == 404
    current = client.get("/resource?r=ponds")
    assert current.status_code == 200 and "1.1" not in current.context["version"].label


def test_archive_do_then_serves_the_previous_version_as_modified_at_the_deletion(
    ponds, admin_user, client
):
    before = client.get("/archive.do?r=ponds")
    assert 'v1.1.zip"' in before["Content-Disposition"]
    held = before["Last-Modified"]
    started = int(time.time())
    version_delete(version=latest_of(ponds), by=admin_user, reason=REASON)
    after = client.get("/archive.do?r=ponds", HTTP_IF_MODIFIED_SINCE=held)
    assert after.status_code == 200  # not 304: the harvester fetches again
    assert 'v1.0.zip"' in after["Content-Disposition"]
    assert parse_http_date(after["Last-Modified"]) >= started
    assert body(after) == (resource_dir(ponds) / "dwca-1.0.zip").read_bytes()
    eml = client.get("/eml.do?r=ponds", HTTP_IF_MODIFIED_SINCE=held)
    assert eml.status_code == 200 and b"v1.0" in body(eml)
    assert client.get("/archive.do?r=ponds", HTTP_IF_MODIFIED_SINCE=http_date()).status_code == 304


def test_feeds_and_inventory_show_the_remaining_version(ponds, admin_user, client):
    version_delete(version=latest_of(ponds), by=admin_user, reason=REASON)
    rss = client.get("/rss.do").content.decode()
    assert "/v1.0</guid>" in rss and "1.1" not in rss
    inventory = client.get("/inventory/v2/dataset").content.decode()
    assert '"version": 1.0}' in inventory and "1.1" not in inventory
    assert "1.1" not in client.get("/dcat").content.decode()


def test_the_history_keeps_who_removed_the_version_and_why(ponds, admin_user):
    version_delete(version=latest_of(ponds), by=admin_user, reason=REASON)
    page = client_for(admin_user).get("/manage/resources/ponds/versions/").content.decode()
    assert "Version 1.1 removed by admin@example.org" in page and REASON in page


def test_the_page_deletes_with_a_reason_and_refuses_without_one(ponds, admin_user):
    client = client_for(admin_user)
    address = "/manage/resources/ponds/versions/1.1/delete/"
    listing = client.get("/manage/resources/ponds/versions/").content.decode()
    assert address in listing
    assert client.get(address).status_code == 200
    assert client.post(address, {"reason": ""}).status_code == 400
    assert latest_of(ponds).deleted_at is None
    response = client.post(address, {"reason": REASON})
    assert response.status_code == 302
    assert not ponds.versions.filter(label="1.1").exists()


def test_a_manager_may_not_delete_a_version(ponds, manager):
    client = client_for(manager)
    assert (
        client.post("/manage/resources/ponds/versions/1.1/delete/", {"reason": REASON}).status_code
        == 403
    )
    with pytest.raises(UserError) as refused:
        version_delete(version=latest_of(ponds), by=manager, reason=REASON)
    assert refused.value.code == codes.VERSION_DELETE_FORBIDDEN.code
    api = APIClient()
    api.force_authenticate(manager)
    answer = api.delete("/api/v1/resources/ponds/versions/1.1/", {"reason": REASON}, format="json")
    assert answer.status_code == 403 and answer.json()["code"] == "version:delete-forbidden"
    assert latest_of(ponds).deleted_at is None


def test_a_version_with_a_doi_and_the_only_version_are_refused(ponds, admin_user):
    Version.objects.filter(label="1.1").update(doi="10.21373/abc")
    with pytest.raises(UserError) as refused:
        version_delete(version=latest_of(ponds), by=admin_user, reason=REASON)
    assert refused.value.code == codes.VERSION_DELETE_DOI.code
    assert "must keep resolving" in refused.value.message
    assert (resource_dir(ponds) / "dwca-1.1.zip").exists()
    Version.objects.filter(label="1.1").update(doi="")
    version_delete(version=latest_of(ponds), by=admin_user, reason=REASON)
    with pytest.raises(UserError) as last:
        version_delete(version=ponds.versions.get(), by=admin_user, reason=REASON)
    assert last.value.code == codes.VERSION_DELETE_LAST.code


def test_the_api_deletes_and_then_answers_410(ponds, admin_api):
    address = "/api/v1/resources/ponds/versions/1.1/"
    assert admin_api.delete(address, {}, format="json").status_code == 400
    answer = admin_api.delete(address, {"reason": REASON}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["version"] == "1.1" and answer.json()["current"] == "1.0"
    assert answer.json()["reason"] == REASON
    gone = admin_api.get(address)
    assert gone.status_code == 410 and gone.json()["code"] == "version:gone"
    assert gone.json()["details"]["deleted_by"] == "admin@example.org"
    listed = admin_api.get("/api/v1/resources/ponds/versions/").json()
    assert [v["version"] for v in listed["results"]] == ["1.0"]


def test_a_private_versions_tombstone_does_not_leak(data_dir, admin_user, client):
    resource = ResourceFactory(shortname="hidden", visibility=Visibility.PRIVATE)
    fake_version(resource, "1.0")
    fake_version(resource, "1.1")
    version_delete(version=resource.versions.get(label="1.1"), by=admin_user, reason=REASON)
    for address in ("/archive.do?r=hidden&v=1.1", "/resource?r=hidden&v=1.1"):
        assert client.get(address).status_code == 404
    assert client_for(resource.creator).get("/archive.do?r=hidden&v=1.1").status_code == 410


def test_a_private_version_of_a_public_resource_keeps_its_tombstone_hidden(
    data_dir, admin_user, client
):
    resource = ResourceFactory(shortname="mixed", visibility=Visibility.PUBLIC)
    fake_version(resource, "1.0")
    fake_version(resource, "1.1", visibility=Visibility.PRIVATE)
    version_delete(version=resource.versions.get(label="1.1"), by=admin_user, reason=REASON)
    assert client.get("/archive.do?r=mixed&v=1.1").status_code == 404
    assert client.get("/resource?r=mixed&v=1.1").status_code == 404


def test_the_command_deletes_a_version(ponds, admin_user, capsys):
    call_command(
        "version_delete", "ponds", "1.1", "--reason", REASON, "--user", admin_user.email, "--json"
    )
    out = capsys.readouterr().out
    assert '"current": "1.0"' in out
    assert not ponds.versions.filter(label="1.1").exists()
