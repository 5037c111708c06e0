"""The organisation and registration endpoints, with their permission denials."""

from __future__ import annotations

import uuid

from rest_framework.test import APIClient

from core.models import Job
from publisher.models import Organisation, Role
from publisher.services.registration import DATASET_REGISTER
from tests.factories import UserFactory

from .conftest import TOKEN, run


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_admins_add_organisations_and_managers_list_them(admin_user, configured, org_key):
    response = api(admin_user).post(
        "/api/v1/organisations/", {"key": org_key, "token": TOKEN}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["name"] == "Pond Society"
    assert "token" not in response.json()
    listed = api(UserFactory(role=Role.MANAGER)).get("/api/v1/organisations/")
    assert [o["key"] for o in listed.json()] == [org_key]


def test_a_wrong_token_is_a_400_and_stores_nothing(admin_user, configured, org_key):
    response = api(admin_user).post(
        "/api/v1/organisations/", {"key": org_key, "token": "bad"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "organisation:token"
    assert not Organisation.objects.exists()


def test_the_registry_being_down_is_a_503(admin_user, configured, org_key, registry):
    registry.go_down("503")
    response = api(admin_user).post(
        "/api/v1/organisations/", {"key": org_key, "token": TOKEN}, format="json"
    )
    assert response.status_code == 503
    assert response.json()["code"] == "registry:unavailable"


def test_only_admins_add_organisations_and_users_see_none(db, configured, org_key):
    publisher = UserFactory(role=Role.PUBLISHER)
    assert (
        api(publisher)
        .post("/api/v1/organisations/", {"key": org_key, "token": TOKEN}, format="json")
        .status_code
        == 403
    )
    assert api(UserFactory(role=Role.USER)).get("/api/v1/organisations/").status_code == 403
    assert APIClient().get("/api/v1/organisations/").status_code == 401


def test_a_publisher_registers_through_the_api_and_reads_the_key(resource, publisher):
    client = api(publisher)
    status = client.get("/api/v1/resources/ponds/registration").json()
    assert status["may_register"] is True and status["registered"] is False
    response = client.post("/api/v1/resources/ponds/register", {}, format="json")
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    assert response["Location"].endswith("/api/v1/jobs/%s/" % job.pk)
    run(job)
    status = client.get("/api/v1/resources/ponds/registration").json()
    assert status["registered"] is True
    assert status["key"] == job.result["key"]
    assert status["organisation"]["name"] == "Pond Society"
    assert status["last_job"]["status"] == "succeeded"


def test_a_manager_gets_the_reason_and_no_job(resource):
    manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(manager)
    client = api(manager)
    assert (
        "registration rights"
        in client.get("/api/v1/resources/ponds/registration").json()["refusal"]
    )
    response = client.post("/api/v1/resources/ponds/register", {}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "registration:forbidden"
    assert "Publisher" in response.json()["message"]
    assert not Job.objects.filter(kind=DATASET_REGISTER).exists()


def test_others_do_not_learn_that_the_resource_exists(resource):
    stranger = UserFactory(role=Role.PUBLISHER)
    assert api(stranger).post("/api/v1/resources/ponds/register").status_code == 404
    assert api(stranger).get("/api/v1/resources/ponds/registration").status_code == 404


def test_the_publishing_organisation_is_chosen_by_key(data_dir, publisher, organisation):
    from .conftest import published

    published(publisher)
    client = api(publisher)
    response = client.patch(
        "/api/v1/resources/ponds/registration",
        {"organisation": str(organisation.key)},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["organisation"]["key"] == str(organisation.key)
    response = client.patch(
        "/api/v1/resources/ponds/registration", {"organisation": str(uuid.uuid4())}, format="json"
    )
    assert response.json()["code"] == "registration:organisation"


def test_preconditions_come_back_with_their_codes(data_dir, publisher, configured):
    from .conftest import published

    published(publisher, public=False)
    response = api(publisher).post("/api/v1/resources/ponds/register", {}, format="json")
    assert response.status_code == 400
    codes = [p["code"] for p in response.json()["details"]]
    assert codes == [
        "registration:not-public",
        "registration:organisation",
        "registration:installation",
    ]


def test_check_and_adopt_through_the_api_adopts_the_dataset_a_lost_reply_created(
    resource, publisher, registry
):
    registry.fault("lost", "POST", "/registry/ipt/resource", times=1)
    client = api(publisher)
    first = run(Job.objects.get(pk=client.post("/api/v1/resources/ponds/register").json()["id"]))
    assert first.error_code == "registry:outcome-unknown"
    response = client.post("/api/v1/resources/ponds/register/adopt")
    assert response.status_code == 202
    job = run(Job.objects.get(pk=response.json()["id"]))
    assert job.result["adopted"] is True
    assert client.get("/api/v1/resources/ponds/registration").json()["key"] == job.result["key"]
    assert registry.live_datasets() == [job.result["key"]]


def test_a_manager_cannot_check_and_adopt(resource):
    manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(manager)
    response = api(manager).post("/api/v1/resources/ponds/register/adopt")
    assert response.status_code == 403
    assert response.json()["code"] == "registration:forbidden"
    assert not Job.objects.filter(kind=DATASET_REGISTER).exists()
