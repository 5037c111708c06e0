"""Fixtures of the API tests over real HTTP: a manager with an API token, a DATA_DIR per
test, and no throttling (the rate limits have their own tests)."""

from __future__ import annotations

import pytest
from rest_framework.throttling import SimpleRateThrottle

from publisher.models import Role
from tests.factories import UserFactory, api_token


@pytest.fixture
def no_throttling(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})


@pytest.fixture
def token_manager(transactional_db):
    """A manager and the token a script would use."""
    user = UserFactory(role=Role.MANAGER, email="scripter@example.org")
    return user, api_token(user)
