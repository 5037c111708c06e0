"""Publication over the API: publish (202), versions, flagged rows, and who may do it."""

from __future__ import annotations

import gzip

import pytest
from rest_framework.test import APIClient

from publisher.models import Job, Role
from tests.factories import UserFactory

from .conftest import make_resource, publish_inline

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
    listing = api.get("/api/v1/resources/ponds/versions/").json()
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
    assert response.status_code == 200 and response.json() == []
