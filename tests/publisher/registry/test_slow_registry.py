"""A registry that does not answer (issue #18, items 4 and 5): pages that read from it say so
after REGISTRY_PAGE_TIMEOUT seconds, and waiting for it never holds the database's write
lock, so the rest of the instance keeps writing."""

from __future__ import annotations

import socket
import threading
import uuid
from contextlib import contextmanager

import pytest
from django.db import connection, connections
from django.urls import reverse

from core.errors import AppError, UserError
from publisher.models import Organisation
from publisher.services.installation import installation_settings_update
from publisher.services.organisations import (
    organisation_add,
    organisation_import,
    organisation_update,
)
from tests.hanging_server import HangingServer

from .conftest import TOKEN

PAGE_TIMEOUT = 0.4
HANG_LIMIT = 30  # only so that a broken test cannot hang the suite


@pytest.fixture
def hanging():
    server = HangingServer().start()
    yield server
    server.stop()


@pytest.fixture
def hung_registry(db, hanging, settings):
    """The installation talks to a registry that never answers; pages wait PAGE_TIMEOUT s."""
    settings.REGISTRY_PAGE_TIMEOUT = PAGE_TIMEOUT
    installation_settings_update(registry_environment="custom", registry_custom_url=hanging.url)
    return hanging


def _admin(client, admin_user):
    client.force_login(admin_user)
    return client


def _said(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


# --- pages and API answer within REGISTRY_PAGE_TIMEOUT ----------------------------------------


def test_the_add_page_offers_the_key_when_the_registry_list_does_not_answer(
    client, admin_user, hung_registry
):
    page = _admin(client, admin_user).get(reverse("organisation-new"))
    said = _said(page)
    assert page.status_code == 200
    assert "GBIF's registry did not answer within %g s" % PAGE_TIMEOUT in said
    assert "Type the organisation's key below" in said
    assert "Organisation key (UUID)" in said
    assert hung_registry.accepted, "the page asked the registry"


def test_adding_says_the_token_was_not_checked_when_the_registry_does_not_answer(
    client, admin_user, hung_registry
):
    response = _admin(client, admin_user).post(
        reverse("organisation-new"),
        {"key": str(uuid.uuid4()), "token": "secret", "alias": "", "can_publish": "on"},
    )
    said = _said(response)
    assert response.status_code == 200
    assert "did not answer within %g s, so the token could not be checked" % PAGE_TIMEOUT in said
    assert "nothing was saved" in said
    assert not Organisation.objects.exists()
    assert len(hung_registry.accepted) == 1, "the page waited once, for the token check"


def test_a_new_token_is_not_stored_when_the_registry_does_not_answer(
    client, admin_user, hung_registry
):
    organisation = organisation_import(key=str(uuid.uuid4()), name="Pond Society")
    response = _admin(client, admin_user).post(
        reverse("organisation-edit", args=[organisation.pk]),
        {"token": "new-token", "alias": "ponds", "can_publish": "on"},
    )
    assert "so the token could not be checked" in _said(response)
    organisation.refresh_from_db()
    assert (organisation.token, organisation.alias) == ("", "")


def test_the_api_answers_503_registry_timeout_with_the_timeout_used(admin_api, hung_registry):
    response = admin_api.post(
        "/api/v1/organisations/", {"key": str(uuid.uuid4()), "token": "secret"}, format="json"
    )
    assert response.status_code == 503
    assert response.json()["code"] == "registry:timeout"
    assert response.json()["details"]["timeout"] == PAGE_TIMEOUT
    assert not Organisation.objects.exists()


def test_a_refused_connection_is_not_called_a_timeout(client, admin_user, db, settings):
    probe = socket.create_server(("127.0.0.1", 0))  # bound, then closed: nothing listens
    url = "http://127.0.0.1:%d" % probe.getsockname()[1]
    probe.close()
    installation_settings_update(registry_environment="custom", registry_custom_url=url)
    page = _admin(client, admin_user).get(reverse("organisation-new"))
    assert "Organisation key (UUID)" in _said(page)
    assert "did not answer within" not in _said(page)


# --- no write lock while the registry is waited for --------------------------------------------


def test_an_organisation_associated_while_the_registry_answered_is_refused(
    configured, org_key, monkeypatch
):
    from publisher.services import organisations

    check = organisations._check_token

    def slow_check(key: str, token: str):
        detail = check(key, token)
        organisation_import(key=key, name="Associated meanwhile")  # another admin was faster
        return detail

    monkeypatch.setattr(organisations, "_check_token", slow_check)
    with pytest.raises(UserError) as refused:
        organisation_add(key=org_key, token=TOKEN)
    assert refused.value.code == "organisation:exists"
    assert Organisation.objects.get().name == "Associated meanwhile"


def _adding(key: str):
    return lambda: organisation_add(key=key, token="secret")


def _editing(key: str):
    organisation = organisation_import(key=key, name="Pond Society")
    return lambda: organisation_update(
        organisation=organisation, alias="ponds", can_publish=True, token="new-token"
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", [_adding, _editing], ids=["add", "edit"])
def test_other_writes_go_on_while_an_organisation_waits_for_the_registry(hanging, settings, change):
    settings.REGISTRY_PAGE_TIMEOUT = HANG_LIMIT  # the registry hangs until released
    installation_settings_update(registry_environment="custom", registry_custom_url=hanging.url)
    waiting = change(str(uuid.uuid4()))
    failures: list[BaseException] = []

    def admin_request():
        try:
            waiting()
        except BaseException as exc:
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=admin_request, daemon=True)
    thread.start()
    try:
        assert hanging.connected.wait(HANG_LIMIT), "the registry was never asked"
        with _busy_timeout_ms(1000):  # a held write lock fails this at once, not after 30 s
            other = organisation_import(key=str(uuid.uuid4()), name="Heath Society")
        assert Organisation.objects.filter(pk=other.pk).exists()
    finally:
        hanging.release()
        thread.join(HANG_LIMIT)
    assert not thread.is_alive()
    assert len(failures) == 1 and isinstance(failures[0], AppError), failures
    assert not Organisation.objects.exclude(token="").exists(), "no token was stored"


@contextmanager
def _busy_timeout_ms(ms: int):
    """How long this thread's SQLite connection waits for the write lock (no-op elsewhere)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = %d" % ms)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 30000")
