"""The catalogue API: anyone reads, admins install, update and remove."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from catalogue.models import Extension, ExtensionProperty
from core.models import Job, JobStatus
from publisher.models import Role
from resources.models import ExtensionMapping
from tests.conftest import wait_for
from tests.factories import ResourceFactory, UserFactory
from tests.resources.conftest import EXTENSIONS, HUMBOLDT

HUMBOLDT_ROW = "http://rs.tdwg.org/eco/terms/Event"
EVENT = "http://rs.tdwg.org/dwc/terms/Event"


def _client(role=None):
    client = APIClient()
    if role:
        client.force_authenticate(UserFactory(role=role))
    return client


@pytest.mark.django_db
def test_anyone_lists_extensions_with_term_counts():
    response = _client().get("/api/v1/extensions/")
    assert response.status_code == 200
    rows = {r["row_type"]: r for r in response.json()["results"]}
    assert rows[EVENT]["property_count"] == 97 and rows[EVENT]["is_core"] is True
    assert response.json()["results"][0]["is_core"] is True  # cores first


@pytest.mark.django_db
def test_extension_detail_includes_terms_in_order():
    pk = Extension.objects.get(row_type=EVENT).pk
    body = _client().get("/api/v1/extensions/%d/" % pk).json()
    names = [p["name"] for p in body["properties"]]
    assert len(names) == 97 and names[0] == "type"
    event_id = next(p for p in body["properties"] if p["name"] == "eventID")
    assert event_id["qual_name"] == "http://rs.tdwg.org/dwc/terms/eventID"
    assert event_id["group"] == "Event" and event_id["description"]


@pytest.mark.django_db
def test_vocabulary_endpoints_list_and_show_concepts():
    rows = _client().get("/api/v1/vocabularies/?page_size=100").json()["results"]
    sex = next(r for r in rows if r["uri"].endswith("/gbif/sex"))
    body = _client().get("/api/v1/vocabularies/%d/" % sex["id"]).json()
    female = next(c for c in body["concepts"] if c["identifier"] == "female")
    assert female["labels"]["en"] == "female" and female["alternatives"]["en"] == ["♀"]


@pytest.mark.django_db
def test_admin_installs_humboldt_by_uploading_the_official_file():
    upload = SimpleUploadedFile(HUMBOLDT.name, HUMBOLDT.read_bytes(), "application/xml")
    response = _client(Role.ADMIN).post("/api/v1/extensions/", {"file": upload}, format="multipart")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["created"] is False and body["extension"]["origin"] == "file"
    assert len(body["extension"]["properties"]) == 57


@pytest.mark.django_db
def test_upload_of_a_new_extension_answers_201():
    path = EXTENSIONS / "extension" / "ggbn" / "permit_2022-08-08.xml"
    upload = SimpleUploadedFile(path.name, path.read_bytes(), "application/xml")
    response = _client(Role.ADMIN).post("/api/v1/extensions/", {"file": upload}, format="multipart")
    assert response.status_code == 201
    assert response.json()["extension"]["row_type"].endswith("/Permit")


@pytest.mark.django_db
def test_hostile_upload_answers_400_naming_the_problem_and_changes_nothing():
    before = ExtensionProperty.objects.count()
    evil = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><extension>&a;</extension>'
    upload = SimpleUploadedFile("evil.xml", evil, "application/xml")
    response = _client(Role.ADMIN).post("/api/v1/extensions/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "extension:hostile"
    assert "evil.xml" in body["message"] and "DOCTYPE" in body["message"]
    assert ExtensionProperty.objects.count() == before


@pytest.mark.django_db
def test_malformed_upload_error_has_line_and_column():
    upload = SimpleUploadedFile("broken.xml", b"<extension>\n<property></extension>")
    body = (
        _client(Role.ADMIN).post("/api/v1/extensions/", {"file": upload}, format="multipart").json()
    )
    assert body["code"] == "extension:xml"
    assert body["details"]["source"] == "broken.xml" and body["details"]["line"] == 2


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, Role.USER, Role.MANAGER, Role.PUBLISHER])
def test_only_admins_change_the_catalogue(role):
    client = _client(role)
    pk = Extension.objects.get(row_type=HUMBOLDT_ROW).pk
    upload = SimpleUploadedFile(HUMBOLDT.name, HUMBOLDT.read_bytes())
    expected = 401 if role is None else 403
    assert (
        client.post("/api/v1/extensions/", {"file": upload}, format="multipart").status_code
        == expected
    )
    assert client.delete("/api/v1/extensions/%d/" % pk).status_code == expected
    assert client.post("/api/v1/extensions/%d/update/" % pk).status_code == expected
    assert Extension.objects.get(pk=pk).origin == "builtin"


@pytest.mark.django_db
def test_install_needs_exactly_one_of_file_or_url():
    response = _client(Role.ADMIN).post("/api/v1/extensions/", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"


@pytest.mark.django_db
def test_delete_is_refused_while_mapped_and_works_when_unused():
    client = _client(Role.ADMIN)
    event = Extension.objects.get(row_type=EVENT)
    ExtensionMapping.objects.create(resource=ResourceFactory(shortname="in-use"), extension=event)
    refused = client.delete("/api/v1/extensions/%d/" % event.pk)
    assert refused.status_code == 400 and refused.json()["code"] == "extension:in-use"
    humboldt = Extension.objects.get(row_type=HUMBOLDT_ROW)
    assert client.delete("/api/v1/extensions/%d/" % humboldt.pk).status_code == 204
    assert not Extension.objects.filter(pk=humboldt.pk).exists()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_install_from_url_runs_as_a_job_in_the_worker(celery_worker_process, http_server):
    path = EXTENSIONS / "extension" / "dwc" / "identification_history_2025-07-10.xml"
    url = http_server.serve("/identification.xml", path.read_bytes())
    admin = UserFactory(role=Role.ADMIN)
    client = APIClient()
    client.force_authenticate(admin)
    response = client.post("/api/v1/extensions/", {"url": url}, format="json")
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    wait_for(lambda: Job.objects.filter(pk=job.pk, status__in=["succeeded", "failed"]).exists())
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    installed = Extension.objects.get(row_type="http://rs.tdwg.org/dwc/terms/Identification")
    assert job.result["extension"] == installed.pk and installed.origin == "url"
    assert client.get(response["Location"]).json()["status"] == "succeeded"
