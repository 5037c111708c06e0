"""Who may see and who manages a resource, over the API: visibility, public-from date,
withdraw and restore, co-managers; and the resource list's filters and pages."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from publisher.models import Role
from resources.models import Resource, ResourceType, Visibility
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/resources/ponds/"


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER, email="owner@example.org")


@pytest.fixture
def api(manager):
    return client_for(manager)


@pytest.fixture
def resource(manager):
    return ResourceFactory(shortname="ponds", title="Pond survey", creator=manager)


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "details"} and body["code"] == code
    return body


# --- visibility -------------------------------------------------------------------------------


def test_visibility_is_read_and_changed_at_once_before_the_first_publication(api, resource):
    assert api.get(URL + "visibility").json() == {
        "visibility": "private",
        "visibility_pending": "",
        "public_from": None,
        "gbif_key": None,
    }

    response = api.patch(URL + "visibility", {"visibility": "public"}, format="json")

    assert response.status_code == 200
    assert response.json()["visibility"] == "public"
    resource.refresh_from_db()
    assert resource.visibility == Visibility.PUBLIC
    assert api.get(URL).json()["visibility"] == "public"


def test_after_a_publication_the_change_waits_for_the_next_one(api, resource):
    resource.versions.create(major=1, minor=0, label="1.0")

    body = api.patch(URL + "visibility", {"visibility": "public"}, format="json").json()

    assert body["visibility"] == "private" and body["visibility_pending"] == "public"


def test_public_from_is_set_and_cleared(api, resource):
    day = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()

    assert (
        api.patch(URL + "visibility", {"public_from": day}, format="json").json()["public_from"]
        == day
    )
    assert (
        api.patch(URL + "visibility", {"public_from": None}, format="json").json()["public_from"]
        is None
    )


def test_a_past_public_date_is_refused_and_nothing_changes(api, resource):
    response = api.patch(
        URL + "visibility", {"visibility": "private", "public_from": "2000-01-01"}, format="json"
    )

    _error(response, 400, "visibility:date-past")
    resource.refresh_from_db()
    assert resource.public_from is None


@pytest.mark.parametrize(
    "body", [{"visibility": "registered"}, {"visibility": "deleted"}, {"public_from": "soon"}]
)
def test_invalid_visibility_requests_are_refused(api, resource, body):
    _error(api.patch(URL + "visibility", body, format="json"), 400, "invalid")


def test_withdraw_then_restore(api, resource):
    body = api.post(URL + "withdraw").json()
    assert body["visibility"] == "deleted"
    _error(
        api.patch(URL + "visibility", {"visibility": "public"}, format="json"),
        400,
        "visibility:deleted",
    )

    assert api.post(URL + "restore").json()["visibility"] == "private"
    _error(api.post(URL + "restore"), 400, "visibility:not-deleted")


# --- managers ---------------------------------------------------------------------------------


def test_managers_lists_the_creator_then_co_managers(api, resource, manager):
    co = UserFactory(role=Role.MANAGER, email="co@example.org", first_name="Co")
    resource.managers.add(co)

    body = api.get(URL + "managers/").json()

    assert [(m["email"], m["creator"]) for m in body] == [
        ("owner@example.org", True),
        ("co@example.org", False),
    ]


def test_a_co_manager_is_invited_by_email_and_removed(api, resource):
    colleague = UserFactory(role=Role.MANAGER, email="colleague@example.org")

    response = api.post(URL + "managers/", {"email": "Colleague@Example.org"}, format="json")

    assert response.status_code == 201 and response.json()["email"] == "colleague@example.org"
    assert list(resource.managers.all()) == [colleague]
    assert client_for(colleague).get(URL).status_code == 200
    assert api.delete(URL + "managers/colleague@example.org/").status_code == 204
    assert not resource.managers.exists()
    _error(api.delete(URL + "managers/colleague@example.org/"), 404, "not-found")


def test_inviting_unknown_users_or_users_without_manager_rights_is_refused(api, resource):
    UserFactory(role=Role.USER, email="reader@example.org")

    body = _error(
        api.post(URL + "managers/", {"email": "nobody@example.org"}, format="json"), 400, "invalid"
    )
    assert "email" in body["details"]
    _error(
        api.post(URL + "managers/", {"email": "reader@example.org"}, format="json"),
        400,
        "resource:not-manager",
    )
    _error(
        api.post(URL + "managers/", {"email": "owner@example.org"}, format="json"),
        400,
        "resource:creator",
    )


def test_the_creator_cannot_be_removed(api, resource):
    _error(api.delete(URL + "managers/owner@example.org/"), 404, "not-found")


# --- who may -----------------------------------------------------------------------------------


ENDPOINTS = [
    ("get", "visibility", None),
    ("patch", "visibility", {"visibility": "public"}),
    ("post", "withdraw", None),
    ("post", "restore", None),
    ("get", "managers/", None),
    ("post", "managers/", {"email": "owner@example.org"}),
    ("delete", "managers/owner@example.org/", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
@pytest.mark.parametrize("who", ["anonymous", "plain", "other-manager"])
def test_others_get_401_or_404_and_change_nothing(resource, method, path, body, who):
    user = {
        "anonymous": None,
        "plain": UserFactory(role=Role.USER),
        "other-manager": UserFactory(role=Role.MANAGER),
    }[who]

    response = getattr(client_for(user), method)(URL + path, body, format="json")

    if user is None:
        _error(response, 401, "auth:not-authenticated")
    else:
        _error(response, 404, "not-found")
    resource.refresh_from_db()
    assert resource.visibility == Visibility.PRIVATE


def test_co_managers_and_admins_may_change_visibility(resource, admin_user):
    co = UserFactory(role=Role.MANAGER)
    resource.managers.add(co)
    for user in (co, admin_user):
        response = client_for(user).patch(
            URL + "visibility", {"visibility": "public"}, format="json"
        )
        assert response.status_code == 200


# --- the list ----------------------------------------------------------------------------------


def test_the_resource_list_is_paged_and_filtered(api, manager):
    ResourceFactory(shortname="ponds", title="Pond survey", creator=manager)
    ResourceFactory(
        shortname="birds", title="Bird counts", creator=manager, type=ResourceType.OCCURRENCE
    )
    Resource.objects.filter(shortname="birds").update(visibility=Visibility.PUBLIC)
    ResourceFactory(shortname="foreign", title="Pond elsewhere")

    def names(query: str) -> list[str]:
        return sorted(
            r["shortname"] for r in api.get("/api/v1/resources/" + query).json()["results"]
        )

    assert names("") == ["birds", "ponds"]
    assert names("?type=occurrence") == ["birds"]
    assert names("?visibility=private") == ["ponds"]
    assert names("?q=POND") == ["ponds"]
    assert names("?q=bird+counts") == ["birds"]
    page = api.get("/api/v1/resources/?page_size=1").json()
    assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]
    _error(api.get("/api/v1/resources/?type=novel"), 400, "invalid")
    _error(api.get("/api/v1/resources/?page=9"), 404, "not-found")
