"""No call to another server is made inside a database transaction (issue #18, item 4): the
registry wrappers, ``core.http`` and remote SQL sources refuse before connecting, so a slow
server can never hold the database's write lock. A test case's own atomic blocks do not
count."""

from __future__ import annotations

import pytest
from django.db import transaction

from core.http import fetch_bytes, fetch_to_file
from core.transactions import TransactionHeld, network_call_check, transaction_held
from publisher.services.installation import installation_settings_update
from publisher.services.organisations import organisation_add, registry_organisations
from resources.services.sql_hosts import sql_hostaddr
from tests.hanging_server import HangingServer


@pytest.fixture
def hanging():
    server = HangingServer().start()
    yield server
    server.stop()


def test_a_test_cases_own_transaction_does_not_count(db):
    assert not transaction_held()
    network_call_check("A call")  # does not raise
    with transaction.atomic():
        assert transaction_held()


@pytest.mark.django_db(transaction=True)
def test_nested_atomic_blocks_count_until_they_end():
    assert not transaction_held()
    with transaction.atomic(), transaction.atomic():
        assert transaction_held()
    assert not transaction_held()


def test_the_registry_is_not_called_inside_a_transaction(db, hanging):
    installation_settings_update(registry_environment="custom", registry_custom_url=hanging.url)
    with transaction.atomic():
        with pytest.raises(TransactionHeld, match="A registry call"):
            registry_organisations()
        with pytest.raises(TransactionHeld):
            organisation_add(key="0f1e7a52-8f6b-4f4e-9d47-3c1f0f3e8b10", token="secret")
    assert not hanging.accepted, "refused before connecting"


def test_nothing_is_downloaded_inside_a_transaction(db, hanging, tmp_path):
    with transaction.atomic():
        with pytest.raises(TransactionHeld, match="A download"):
            fetch_bytes(hanging.url + "/x.xml", max_bytes=100, timeout=5)
        with pytest.raises(TransactionHeld):
            fetch_to_file(hanging.url + "/x.csv", tmp_path / "x.csv", max_bytes=100, timeout=5)
    assert not hanging.accepted, "refused before connecting"


def test_no_remote_database_is_reached_inside_a_transaction(db):
    with transaction.atomic(), pytest.raises(TransactionHeld, match="remote database"):
        sql_hostaddr("postgresql://reader@127.0.0.1:5432/survey")
    with transaction.atomic():  # a database file is no network call
        assert sql_hostaddr("sqlite:////srv/data/survey.sqlite") == ""


def test_requests_are_not_wrapped_in_a_transaction(settings):
    """With ATOMIC_REQUESTS a page calling the registry would hold the write lock throughout."""
    assert [alias for alias, db in settings.DATABASES.items() if db.get("ATOMIC_REQUESTS")] == []
