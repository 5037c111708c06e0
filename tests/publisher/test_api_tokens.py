"""API tokens through the API: created with a password, a session or another token, shown
once, listed without the token, and revoked one by one or as the token in use."""

from __future__ import annotations

import base64

import pytest
from rest_framework.test import APIClient

from publisher.models import Role
from tests.factories import PASSWORD, UserFactory, api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER, email="scripter@example.org")


def _with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + key)
    return client


def _me(key: str) -> int:
    return _with_token(key).get("/api/v1/me/").status_code


def test_a_script_gets_a_token_with_its_email_and_password(manager):
    basic = base64.b64encode(("%s:%s" % (manager.email, PASSWORD)).encode()).decode()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic " + basic)

    response = client.post("/api/v1/tokens/")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["token"].startswith(body["id"]) and body["expiry"] is None
    assert _me(body["token"]) == 200


def test_a_wrong_password_gets_no_token(manager):
    basic = base64.b64encode(("%s:wrong" % manager.email).encode()).decode()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic " + basic)

    assert client.post("/api/v1/tokens/").status_code == 401


def test_the_list_shows_ids_and_dates_never_the_tokens(manager):
    first, second = api_token(manager), api_token(manager)

    response = _with_token(first).get("/api/v1/tokens/")

    assert response.status_code == 200
    assert sorted(t["id"] for t in response.json()) == sorted([first[:15], second[:15]])
    assert first not in response.content.decode() and second not in response.content.decode()


def test_revoking_the_current_token_stops_it_and_only_it(manager):
    used, other = api_token(manager), api_token(manager)

    assert _with_token(used).delete("/api/v1/tokens/current/").status_code == 204

    assert _me(used) == 401
    assert _me(other) == 200


def test_revoking_a_token_by_id_needs_to_own_it(manager):
    mine, kept = api_token(manager), api_token(manager)
    stranger = api_token(UserFactory(role=Role.MANAGER))

    assert _with_token(stranger).delete("/api/v1/tokens/%s/" % mine[:15]).status_code == 404
    assert _me(mine) == 200
    assert _with_token(kept).delete("/api/v1/tokens/%s/" % mine[:15]).status_code == 204
    assert _me(mine) == 401 and _me(kept) == 200


def test_tokens_need_authentication(db):
    assert APIClient().post("/api/v1/tokens/").status_code == 401
    assert APIClient().delete("/api/v1/tokens/current/").status_code == 401
