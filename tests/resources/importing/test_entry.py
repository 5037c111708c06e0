"""The import entry points: detection, the job, the API, the page and the export download."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from core.jobs.executor import execute
from core.models import Job, JobStatus
from resources.models import Resource
from resources.services.importing.start import (
    DWCA,
    IPT_DATADIR,
    IPT_FOLDER,
    import_kind,
)
from tests.conftest import TEST_DATA

FOLDERS = TEST_DATA / "ipt-resource-folders"
EVENT_FOLDER = FOLDERS / "event-resource-folder.zip"


def _zip(tmp_path, members: dict[str, bytes], name: str = "upload.zip"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return path


@pytest.mark.parametrize("name", ["event-resource-folder.zip", "amphibians.zip", "res1.zip"])
def test_ipt_resource_folders_are_detected_as_folders(name):
    assert import_kind(FOLDERS / name) == IPT_FOLDER


def test_a_zipped_data_directory_is_detected_as_one(tmp_path):
    path = _zip(
        tmp_path,
        {"ipt/resources/ponds/resource.xml": b"<resource/>", "ipt/config/ipt.properties": b""},
    )
    assert import_kind(path) == IPT_DATADIR


def test_an_archive_with_meta_xml_is_detected_as_a_dwca(tmp_path):
    path = _zip(tmp_path, {"meta.xml": b"<archive/>", "event.txt": b"id\n1\n"})
    assert import_kind(path) == DWCA


def _import_over_api(client, path, **data) -> Job:
    with path.open("rb") as handle:
        response = client.post(
            "/api/v1/resources/import", {"file": handle, **data}, format="multipart"
        )
    assert response.status_code == 202, response.content
    job = Job.objects.get(pk=response.json()["id"])
    execute(str(job.pk))
    job.refresh_from_db()
    return job


def test_api_import_of_an_ipt_folder_creates_the_resource_with_its_version(manager_user, data_dir):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(manager_user)
    job = _import_over_api(client, EVENT_FOLDER)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    [created] = job.result["resources"]
    assert created["shortname"] == "event"
    assert created["sources"] == 2 and created["mappings"] == 2 and created["versions"] == 1
    resource = Resource.objects.get(shortname="event")
    assert manager_user in [resource.creator, *resource.managers.all()]


def test_api_import_refuses_users_without_manager_rights(plain_user, data_dir):
    from rest_framework.test import APIClient

    client = APIClient()
    response = client.post("/api/v1/resources/import", {"url": "https://example.org/a.zip"})
    assert response.status_code == 401
    client.force_authenticate(plain_user)
    response = client.post("/api/v1/resources/import", {"url": "https://example.org/a.zip"})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_api_import_needs_exactly_one_of_file_and_url(manager_user, data_dir):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(manager_user)
    response = client.post("/api/v1/resources/import", {"shortname": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"]


def test_a_failed_import_fails_the_job_with_a_message_and_creates_nothing(
    manager_user, data_dir, tmp_path
):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(manager_user)
    hostile = _zip(tmp_path, {"../evil/resource.xml": b"<resource/>"}, "evil.zip")
    job = _import_over_api(client, hostile)
    assert job.status == JobStatus.FAILED
    assert job.error_message
    assert not Resource.objects.exists()


def test_import_page_starts_the_job_and_lists_what_was_created(client, manager_user, data_dir):
    client.force_login(manager_user)
    page = client.get(reverse("resource-import"))
    assert page.status_code == 200 and b'data-testid="import-form"' in page.content
    with EVENT_FOLDER.open("rb") as handle:
        response = client.post(reverse("resource-import"), {"file": handle})
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"].endswith("?job=%s" % job.pk)
    execute(str(job.pk))
    page = client.get(response["Location"])
    assert b'data-testid="import-result"' in page.content
    assert reverse("resource-overview", args=["event"]).encode() in page.content


def test_import_page_is_refused_to_plain_users(client, plain_user, data_dir):
    client.force_login(plain_user)
    assert client.get(reverse("resource-import")).status_code == 403


def test_import_page_without_input_says_what_is_missing(client, manager_user, data_dir):
    client.force_login(manager_user)
    response = client.post(reverse("resource-import"), {"shortname": "x"})
    assert response.status_code == 400
    assert "Choose a file or give a URL" in response.content.decode()
    assert not Job.objects.exists()


def test_export_download_is_a_folder_zip_the_import_reads_back(
    client, manager_user, plain_user, data_dir
):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(manager_user)
    _import_over_api(api, EVENT_FOLDER)
    client.force_login(manager_user)
    response = client.get(reverse("resource-export", args=["event"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
    assert "event/resource.xml" in names and "event/dwca-1.0.zip" in names
    api_response = api.get("/api/v1/resources/event/export")
    assert api_response.status_code == 200
    assert b"".join(api_response.streaming_content)[:2] == b"PK"
    client.force_login(plain_user)
    assert client.get(reverse("resource-export", args=["event"])).status_code == 404


def test_a_data_directory_imports_its_resources_and_lists_the_one_that_failed(
    manager_user, data_dir, tmp_path
):
    from rest_framework.test import APIClient

    members = {}
    with zipfile.ZipFile(EVENT_FOLDER) as zf:
        for name in zf.namelist():
            if not name.endswith("/"):
                members["ipt/resources/" + name] = zf.read(name)
    members["ipt/resources/broken/resource.xml"] = b"<resource><coreType>"
    client = APIClient()
    client.force_authenticate(manager_user)
    job = _import_over_api(client, _zip(tmp_path, members, "ipt-data.zip"))
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert [r["shortname"] for r in job.result["resources"]] == ["event"]
    [failed] = job.result["failed"]
    assert "broken" in failed["message"]
    assert list(Resource.objects.values_list("shortname", flat=True)) == ["event"]


def test_api_import_from_an_ipt_archive_url_takes_the_short_name_it_carries(
    manager_user, data_dir, http_server
):
    from rest_framework.test import APIClient

    archive = (TEST_DATA / "datasets" / "event" / "ipt-test-event" / "dwca-1.0.zip").read_bytes()
    url = http_server.serve("/archive.do?r=ipt-test", archive, content_type="application/zip")
    client = APIClient()
    client.force_authenticate(manager_user)
    response = client.post("/api/v1/resources/import", {"url": url}, format="json")
    assert response.status_code == 202, response.content
    job = Job.objects.get(pk=response.json()["id"])
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert [r["shortname"] for r in job.result["resources"]] == ["ipt-test"]
    resource = Resource.objects.get(shortname="ipt-test")
    assert resource.type == "sampling-event" and resource.mappings.count() == 2


def test_export_download_ignores_an_accept_header_asking_for_zip(manager_user, data_dir):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(manager_user)
    _import_over_api(api, EVENT_FOLDER)
    response = api.get("/api/v1/resources/event/export", HTTP_ACCEPT="application/zip")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_a_lone_eml_document_becomes_a_metadata_only_resource(manager_user, data_dir):
    from rest_framework.test import APIClient

    from metadata.services.documents import metadata_get

    eml = TEST_DATA / "eml" / "ntnu-lepidurus-arcticus-survey-2013.eml.xml"
    assert import_kind(eml) == "eml"
    client = APIClient()
    client.force_authenticate(manager_user)
    job = _import_over_api(client, eml)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    [created] = job.result["resources"]
    resource = Resource.objects.get(shortname=created["shortname"])
    assert resource.shortname == "ntnu-lepidurus-arcticus-survey-2013"
    assert resource.type == "metadata" and created["sources"] == 0
    assert resource.title == metadata_get(resource).titles[0].text.strip() != ""


def test_a_broken_eml_document_creates_nothing(manager_user, data_dir, tmp_path):
    from rest_framework.test import APIClient

    broken = tmp_path / "broken.xml"
    broken.write_bytes(b'<!DOCTYPE x [<!ENTITY a "b">]><eml/>')
    client = APIClient()
    client.force_authenticate(manager_user)
    job = _import_over_api(client, broken)
    assert job.status == JobStatus.FAILED and job.error_code == "metadata:eml"
    assert not Resource.objects.exists()
