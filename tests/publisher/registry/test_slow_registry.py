"""A registry that does not answer (issue #18, item 4): waiting for it never holds the
database's write lock, so the rest of the instance keeps writing."""

from __future__ import annotations

import threading
import uuid
from contextlib import contextmanager

import pytest
from django.db import connection, connections

from core.errors import AppError
from publisher.models import Organisation
from publisher.services.installation import installation_settings_update
from publisher.services.organisations import (
    organisation_add,
    organisation_import,
    organisation_update,
)
from tests.hanging_server import HangingServer

HANG_LIMIT = 30  # only so that a broken test cannot hang the suite


@pytest.fixture
def hanging():
    server = HangingServer().start()
    yield server
    server.stop()


# --- no write lock while the registry is waited for --------------------------------------------


def _adding(key: str):
    return lambda: organisation_add(key=key, token="secret")


def _editing(key: str):
    organisation = organisation_import(key=key, name="Pond Society")
    return lambda: organisation_update(
        organisation=organisation, alias="ponds", can_publish=True, token="new-token"
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("change", [_adding, _editing], ids=["add", "edit"])
def test_other_writes_go_on_while_an_organisation_waits_for_the_registry(hanging, change):
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
