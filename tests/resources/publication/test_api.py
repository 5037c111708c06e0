"""Publication over the API: publish (202), versions, flagged rows, and who may do it."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest
from rest_framework.test import APIClient

from core.models import Job, JobStatus
from publisher.models import Role
from resources.models import Frequency
from resources.services.publication import publication_settings
from tests.factories import UserFactory

from .conftest import make_resource, publish_inline
from .test_services import occurrences, replace_source

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api(manager):
    return client_for(manager)


def test_publish_answers_202_with_the_job(api, resource):
    response = api.post(
        "/api/v1/resources/ponds/publish",
        {"change_summary": "First", "drop_orphans": True},
        format="json",
    )
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["kind"] == "resource-publish" and body["status"] == "pending"
    assert response["Location"].endswith("/api/v1/jobs/%s/" % body["id"])
    job = Job.objects.get(pk=body["id"])
    assert job.params["change_summary"] == "First" and job.params["drop_orphans"] is True
    assert job.params["version"] == "1.0"


def test_publish_while_running_is_refused_with_the_error_shape(api, resource):
    assert api.post("/api/v1/resources/ponds/publish", {}, format="json").status_code == 202
    response = api.post("/api/v1/resources/ponds/publish", {}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "publication:running"


def test_versions_list_and_detail_show_counts_report_and_who(api, resource, manager):
    publish_inline(resource, manager, change_summary="First")
    publish_inline(resource, manager)
    listing = api.get("/api/v1/resources/ponds/versions/").json()["results"]
    assert [v["version"] for v in listing] == ["1.1", "1.0"]
    first = listing[1]
    assert first["published_by"] == manager.email and first["change_summary"] == "First"
    assert first["archive_name"] == "dwca-1.0.zip" and first["archive_size"] > 0
    assert first["has_archive"] and set(first["counts"]) == {"event.txt", "occurrence.txt"}
    detail = api.get("/api/v1/resources/ponds/versions/1.0/").json()
    assert detail["report"]["ok"] is True and detail["records"] == first["records"]
    assert api.get("/api/v1/resources/ponds/versions/9.9/").status_code == 404


def test_flagged_rows_download_is_the_whole_file(api, resource, manager):
    publish_inline(resource, manager)
    response = api.get("/api/v1/resources/ponds/versions/1.0/flagged")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="flagged-1.0')
    gzip.decompress(b"".join(response.streaming_content))  # a readable gzip


@pytest.mark.parametrize("who", ["anonymous", "plain", "other-manager"])
def test_others_cannot_publish_or_see_versions(resource, manager, who):
    publish_inline(resource, manager)
    user = {
        "anonymous": None,
        "plain": UserFactory(role=Role.USER),
        "other-manager": UserFactory(role=Role.MANAGER),
    }[who]
    client = client_for(user)
    expected = 401 if user is None else 404
    for method, url in [
        ("post", "/api/v1/resources/ponds/publish"),
        ("get", "/api/v1/resources/ponds/versions/"),
        ("get", "/api/v1/resources/ponds/versions/1.0/"),
        ("get", "/api/v1/resources/ponds/versions/1.0/flagged"),
        ("get", "/api/v1/resources/ponds/versions/1.0/archive"),
        ("get", "/api/v1/resources/ponds/versions/1.0/eml"),
        ("get", "/api/v1/resources/ponds/publication/settings"),
        ("patch", "/api/v1/resources/ponds/publication/settings"),
        (
            "get",
            "/api/v1/resources/ponds/publication/%s/flagged"
            % Job.objects.get(kind="resource-publish").pk,
        ),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == expected, (method, url, response.status_code)
    assert Job.objects.filter(kind="resource-publish").count() == 1


def test_co_managers_and_admins_may_publish(resource, admin_user):
    co_manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(co_manager)
    response = client_for(co_manager).post("/api/v1/resources/ponds/publish", {}, format="json")
    assert response.status_code == 202
    other = make_resource(co_manager, "other-ponds")
    response = client_for(admin_user).get("/api/v1/resources/%s/versions/" % other.shortname)
    assert response.status_code == 200 and response.json()["results"] == []


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_archive_and_eml_of_a_version_are_the_published_files(api, resource, manager):
    publish_inline(resource, manager)

    archive = api.get("/api/v1/resources/ponds/versions/1.0/archive")
    eml = api.get("/api/v1/resources/ponds/versions/1.0/eml")

    assert archive.status_code == 200 and archive["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(_content(archive))) as zipped:
        assert {"meta.xml", "eml.xml", "event.txt", "occurrence.txt"} <= set(zipped.namelist())
    assert eml.status_code == 200 and b"<eml:eml" in _content(eml)
    assert api.get("/api/v1/resources/ponds/versions/9.9/archive").status_code == 404


@pytest.mark.parametrize("accept", ["application/zip", "application/octet-stream", "*/*"])
def test_downloads_answer_whatever_the_accept_header_and_errors_are_json(
    api, resource, manager, accept
):
    # Asking for application/zip was answered 406 Not Acceptable.
    publish_inline(resource, manager)

    found = api.get("/api/v1/resources/ponds/versions/1.0/archive", HTTP_ACCEPT=accept)
    missing = api.get("/api/v1/resources/ponds/versions/9.9/flagged", HTTP_ACCEPT=accept)

    assert found.status_code == 200 and found["Content-Type"] == "application/zip"
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert missing.json()["code"] == "not-found"


def test_the_flagged_rows_of_a_failed_publication_are_downloaded(api, resource, manager):
    replace_source(
        resource, "occurrence", occurrences(resource).replace(b"HumanObservation", b"dead fish", 1)
    )
    job = publish_inline(resource, manager)
    assert job.status == JobStatus.FAILED

    response = api.get("/api/v1/resources/ponds/publication/%s/flagged" % job.pk)

    assert response.status_code == 200
    assert b"dead fish" in gzip.decompress(_content(response))
    other = Job.objects.create(kind="selfcheck", created_by=manager)
    assert api.get("/api/v1/resources/ponds/publication/%s/flagged" % other.pk).status_code == 404


def test_publication_settings_are_read_and_changed(api, resource):
    body = api.get("/api/v1/resources/ponds/publication/settings").json()
    assert body["auto_publish"] == "off" and body["time"] == "12:00:00"

    response = api.patch(
        "/api/v1/resources/ponds/publication/settings",
        {
            "auto_publish": "weekly",
            "weekday": 4,
            "time": "03:30",
            "archival_mode": "last_n",
            "archival_limit": 2,
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["next_publish_at"] is not None
    options = publication_settings(resource)
    assert options.auto_publish == Frequency.WEEKLY and options.weekday == 4
    assert options.archival_limit == 2 and options.time.isoformat() == "03:30:00"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"day": 40}, "day"),
        ({"auto_publish": "hourly"}, "auto_publish"),
        ({"time": "25:00"}, "time"),
        ({"archival_limit": 0}, "archival_limit"),
    ],
)
def test_invalid_publication_settings_are_refused_by_field(api, resource, body, field):
    response = api.patch("/api/v1/resources/ponds/publication/settings", body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and field in response.json()["details"]
    assert publication_settings(resource).auto_publish == Frequency.OFF


def test_a_bad_notification_address_is_refused_by_the_service(api, resource):
    response = api.patch(
        "/api/v1/resources/ponds/publication/settings", {"notify_emails": "nobody"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "publication:settings"


def test_versions_are_paged(api, resource, manager):
    publish_inline(resource, manager)
    publish_inline(resource, manager)

    page = api.get("/api/v1/resources/ponds/versions/?page_size=1").json()

    assert page["count"] == 2 and [v["version"] for v in page["results"]] == ["1.1"]
    assert api.get(page["next"]).json()["results"][0]["version"] == "1.0"
