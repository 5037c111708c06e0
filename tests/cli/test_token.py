"""`manage.py token create|revoke EMAIL`: an administrator's tokens for scripts."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from publisher.models import Role
from tests.factories import UserFactory

from .conftest import cli

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(role=Role.ADMIN, email="admin@example.org")


@pytest.fixture
def owner():
    return UserFactory(role=Role.MANAGER, email="owner@example.org")


def _me(key: str) -> int:
    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION="Token " + key).status_code


def test_create_prints_a_token_once_that_authenticates_as_its_owner(admin, owner):
    outcome = cli("token", "create", "owner@example.org", "--json")

    assert outcome.status == 0, outcome.err
    body = outcome.body
    assert body["ok"] and body["user"] == "owner@example.org"
    assert body["token"].startswith(body["id"])
    assert _me(body["token"]) == 200
    plain = cli("token", "create", "owner@example.org")
    assert plain.status == 0 and plain.out.strip() != body["token"]
    assert _me(plain.out.strip()) == 200


def test_revoke_stops_the_owners_tokens(admin, owner):
    first = cli("token", "create", "owner@example.org", "--json").body
    second = cli("token", "create", "owner@example.org", "--json").body

    one = cli("token", "revoke", "owner@example.org", "--id", first["id"], "--json")
    assert one.body == {"ok": True, "user": "owner@example.org", "revoked": 1}
    assert _me(first["token"]) == 401 and _me(second["token"]) == 200

    rest = cli("token", "revoke", "owner@example.org")
    assert rest.status == 0 and "1 API token(s)" in rest.out
    assert _me(second["token"]) == 401


def test_only_administrators_manage_tokens(admin, owner):
    outcome = cli("token", "create", "owner@example.org", "--user", "owner@example.org", "--json")

    assert outcome.status == 1
    assert outcome.body["code"] == "auth:forbidden"


def test_an_unknown_owner_is_named(admin):
    outcome = cli("token", "create", "nobody@example.org", "--json")

    assert outcome.status == 1 and outcome.body["code"] == "auth:no-user"
