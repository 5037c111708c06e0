"""The API's error shape, entry points, documentation, identity and job endpoints."""

import re
import uuid

import pytest
import yaml
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from rest_framework.test import APIClient

from core import __version__
from core.models import Job, JobStatus
from publisher.models import Role
from resources.models import Resource
from tests.factories import JobFactory, ResourceFactory, UserFactory, api_token

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "details"}


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counters live in the cache, which outlives each test's database."""
    cache.clear()
    yield
    cache.clear()


def _client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _assert_error(response, status, code):
    assert response.status_code == status
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    return body


# --- error shape ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/jobs/", f"/api/v1/jobs/{uuid.uuid4()}/"])
def test_unauthenticated_request_gets_401_with_www_authenticate(api_client, path):
    response = api_client.get(path)

    body = _assert_error(response, 401, "auth:not-authenticated")
    assert body["details"] is None
    assert response["WWW-Authenticate"].startswith("Token")


def test_unknown_token_gets_401_in_the_error_shape(api_client):
    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token " + "0" * 40)

    _assert_error(response, 401, "auth:failed")
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER, Role.PUBLISHER])
def test_non_admin_may_not_start_the_selfcheck(role):
    response = _client_for(UserFactory(role=role)).post(
        "/api/v1/jobs/selfcheck/", {}, format="json"
    )

    _assert_error(response, 403, "auth:forbidden")
    assert not Job.objects.exists()


def test_unknown_job_id_gets_404(admin_api):
    _assert_error(admin_api.get(f"/api/v1/jobs/{uuid.uuid4()}/"), 404, "not-found")


def test_job_of_someone_else_gets_404_not_403(manager_user):
    job = JobFactory(created_by=UserFactory(role=Role.ADMIN))

    client = _client_for(manager_user)

    _assert_error(client.get(f"/api/v1/jobs/{job.pk}/"), 404, "not-found")
    _assert_error(client.post(f"/api/v1/jobs/{job.pk}/cancel/"), 404, "not-found")
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING


def test_invalid_selfcheck_parameters_get_400_with_details(admin_api):
    response = admin_api.post("/api/v1/jobs/selfcheck/", {"steps": 0}, format="json")

    body = _assert_error(response, 400, "invalid")
    assert set(body["details"]) == {"steps"}
    assert body["details"]["steps"]
    assert not Job.objects.exists()


def test_malformed_json_gets_400_parse_error(admin_api):
    response = admin_api.post(
        "/api/v1/jobs/selfcheck/", "{not json", content_type="application/json"
    )

    _assert_error(response, 400, "parse-error")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", "/api/v1/me/"),
        ("get", "/api/v1/jobs/selfcheck/"),
        ("post", "/api/v1/jobs/"),
    ],
)
def test_wrong_method_gets_405(admin_api, method, path):
    response = getattr(admin_api, method)(path)

    _assert_error(response, 405, "method-not-allowed")


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v1/jobs/not-a-uuid/"])
def test_unrouted_api_path_gets_404_in_the_error_shape(admin_api, path):
    _assert_error(admin_api.get(path), 404, "not-found")


# --- root, schema, docs ---------------------------------------------------------------------


def test_api_root_lists_links_without_authentication(api_client):
    response = api_client.get("/api/v1/")

    assert response.status_code == 200
    body = response.json()
    assert body["version"] == __version__
    assert body["schema"] == "http://testserver/api/v1/schema/"
    assert body["docs"] == "http://testserver/api/v1/docs/"
    assert body["jobs"] == "http://testserver/api/v1/jobs/"
    assert body["me"] == "http://testserver/api/v1/me/"
    assert body["resources"] == "http://testserver/api/v1/resources/"


def test_schema_is_an_openapi_3_document_with_the_job_paths(api_client):
    response = api_client.get("/api/v1/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/jobs/{job_id}/" in schema["paths"]
    assert "/api/v1/jobs/selfcheck/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/jobs/selfcheck/"]
    assert "/api/v1/jobs/{job_id}/cancel/" in schema["paths"]


def test_schema_documents_the_error_shape(api_client):
    schema = yaml.safe_load(api_client.get("/api/v1/schema/").content)

    detail = schema["paths"]["/api/v1/jobs/{job_id}/"]["get"]["responses"]
    assert {"200", "401", "403", "404"} <= set(detail)
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == ERROR_KEYS


def test_docs_page_is_html_with_self_hosted_assets(api_client):
    response = api_client.get("/api/v1/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in content
    external = re.findall(r"""(?:src|href)\s*=\s*["'](?:https?:)?//[^"']*""", content)
    assert external == []
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "googleapis"):
        assert cdn not in content


def test_docs_assets_are_served_by_the_installation(client):
    content = client.get("/api/v1/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', content)

    assert len(assets) >= 3
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert b"".join(response.streaming_content), asset


# --- me -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "manager", "registration"),
    [
        (Role.USER, False, False),
        (Role.MANAGER, True, False),
        (Role.PUBLISHER, True, True),
        (Role.ADMIN, True, True),
    ],
)
def test_me_returns_role_and_rights(role, manager, registration):
    user = UserFactory(role=role, first_name="Ana", last_name="Lima")

    response = _client_for(user).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "email": user.email,
        "first_name": "Ana",
        "last_name": "Lima",
        "role": role.value,
        "has_manager_rights": manager,
        "has_registration_rights": registration,
    }


def test_me_with_a_real_token(api_client, publisher_user):
    token = api_token(publisher_user)

    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 200
    assert response.json()["email"] == publisher_user.email


# --- jobs -----------------------------------------------------------------------------------


def test_job_is_visible_to_its_starter_and_admins_but_not_to_others(admin_api):
    starter, other = UserFactory(role=Role.MANAGER), UserFactory(role=Role.MANAGER)
    job = JobFactory(created_by=starter)
    path = f"/api/v1/jobs/{job.pk}/"

    as_admin = admin_api.get(path)
    as_starter = _client_for(starter).get(path)

    assert as_admin.status_code == 200
    assert as_starter.status_code == 200
    assert as_starter.json()["id"] == str(job.pk)
    assert as_starter.json()["created_by"] == starter.email
    _assert_error(_client_for(other).get(path), 404, "not-found")


def test_job_list_shows_only_own_jobs_except_to_admins(admin_api):
    starter = UserFactory(role=Role.MANAGER)
    own = JobFactory(created_by=starter)
    foreign = JobFactory(created_by=UserFactory(role=Role.PUBLISHER))

    mine = _client_for(starter).get("/api/v1/jobs/").json()["results"]
    everything = admin_api.get("/api/v1/jobs/").json()["results"]

    assert [job["id"] for job in mine] == [str(own.pk)]
    assert {job["id"] for job in everything} == {str(own.pk), str(foreign.pk)}


def test_cancel_of_a_pending_job_cancels_it(manager_user):
    job = JobFactory(created_by=manager_user)

    response = _client_for(manager_user).post(f"/api/v1/jobs/{job.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == JobStatus.CANCELLED
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED


@pytest.mark.parametrize("status", [JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED])
def test_cancel_of_a_finished_job_answers_409(manager_user, status):
    job = JobFactory(created_by=manager_user, status=status)

    response = _client_for(manager_user).post(f"/api/v1/jobs/{job.pk}/cancel/")

    body = _assert_error(response, 409, "job:finished")
    assert body["details"] == {"status": status.value}
    job.refresh_from_db()
    assert job.status == status


def test_admin_starts_the_selfcheck_and_gets_202_with_location(admin_api, admin_user):
    response = admin_api.post("/api/v1/jobs/selfcheck/", {"steps": 3, "delay": 0}, format="json")

    assert response.status_code == 202
    job = Job.objects.get()
    assert response["Location"] == f"http://testserver/api/v1/jobs/{job.pk}/"
    body = response.json()
    assert (body["id"], body["kind"], body["status"]) == (str(job.pk), "selfcheck", "pending")
    assert (job.created_by, job.params) == (admin_user, {"steps": 3, "delay": 0.0})
    assert admin_api.get(response["Location"]).json()["status"] == "pending"


def test_selfcheck_defaults_apply_when_no_parameters_are_given(admin_api):
    response = admin_api.post("/api/v1/jobs/selfcheck/", {}, format="json")

    assert response.status_code == 202
    assert Job.objects.get().params == {"steps": 20, "delay": 0.1}


def test_job_list_is_filtered_by_status_and_kind(manager_user):
    pending = JobFactory(created_by=manager_user)
    JobFactory(created_by=manager_user, status=JobStatus.FAILED)
    api = _client_for(manager_user)

    ids = [j["id"] for j in api.get("/api/v1/jobs/?status=pending").json()["results"]]
    assert ids == [str(pending.pk)]
    assert api.get("/api/v1/jobs/?kind=selfcheck").json()["count"] == 2
    assert api.get("/api/v1/jobs/?kind=resource-publish").json()["count"] == 0
    _assert_error(api.get("/api/v1/jobs/?status=sleeping"), 400, "invalid")


def test_job_list_of_a_resource_shows_every_managers_jobs_to_its_managers(manager_user):
    resource = ResourceFactory(shortname="ponds", creator=manager_user)
    co_manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(co_manager)
    by_co_manager = JobFactory(
        created_by=co_manager,
        target_id=str(resource.pk),
        target_type=ContentType.objects.get_for_model(Resource),
    )
    JobFactory(created_by=manager_user)  # not about the resource

    mine = _client_for(manager_user).get("/api/v1/jobs/?resource=ponds").json()["results"]
    stranger = _client_for(UserFactory(role=Role.MANAGER)).get("/api/v1/jobs/?resource=ponds")

    assert [j["id"] for j in mine] == [str(by_co_manager.pk)]
    assert stranger.status_code == 200 and stranger.json()["results"] == []


def test_job_list_is_paged(manager_user):
    for _ in range(3):
        JobFactory(created_by=manager_user)

    page = _client_for(manager_user).get("/api/v1/jobs/?page_size=2").json()

    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    _assert_error(_client_for(manager_user).get("/api/v1/jobs/?page=5"), 404, "not-found")
