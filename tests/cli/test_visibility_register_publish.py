"""`manage.py visibility`, `register` (against a test GBIF registry) and `publish --no-wait`."""

from __future__ import annotations

import pytest

from core.models import Job
from publisher.models import Role
from resources.models import Visibility
from resources.services.publication import PUBLISH
from tests.factories import UserFactory
from tests.publisher.registry.conftest import (  # noqa: F401  (fixtures)
    configured,
    installation,
    org_key,
    organisation,
    published,
    registry,
)

from .conftest import cli, describe


def test_visibility_applies_at_once_before_the_first_publication(ponds, manager):
    result = cli("visibility", "ponds", "public", "--user", manager.email, "--json")
    assert result.status == 0, result.err
    assert result.body == {
        "ok": True,
        "resource": "ponds",
        "visibility": "public",
        "visibility_pending": None,
        "public_from": None,
    }
    ponds.refresh_from_db()
    assert ponds.visibility == Visibility.PUBLIC


def test_withdraw_and_restore(ponds, manager):
    withdrawn = cli("visibility", "ponds", "withdraw", "--user", manager.email)
    assert withdrawn.status == 0 and "ponds is deleted." in withdrawn.out
    again = cli("visibility", "ponds", "withdraw", "--user", manager.email, "--json")
    assert again.status == 0  # withdrawing twice changes nothing
    restored = cli("visibility", "ponds", "restore", "--user", manager.email, "--json")
    assert restored.body["visibility"] == "private"
    refused = cli("visibility", "ponds", "restore", "--user", manager.email, "--json")
    assert refused.status == 1 and refused.body["code"] == "visibility:not-deleted"


def test_publish_no_wait_queues_the_job_and_returns_it(ponds_with_sources, manager):
    cli("mapping_automap", "ponds", "--user", manager.email)
    describe(ponds_with_sources)
    result = cli("publish", "ponds", "--no-wait", "--user", manager.email, "--json")
    assert result.status == 0, result.err
    assert result.body["job"]["status"] == "pending" and result.body["version"] is None
    assert Job.objects.get(pk=result.body["job"]["id"]).kind == PUBLISH


def test_registering_needs_registration_rights(ponds, manager):
    result = cli("register", "ponds", "--user", manager.email, "--json")
    assert result.status == 1 and result.body["code"] == "registration:forbidden"
    assert "Publisher role" in result.body["message"]


def test_an_unpublished_resource_is_refused_with_every_missing_precondition(ponds, manager):
    publisher = UserFactory(role=Role.PUBLISHER)
    ponds.managers.add(publisher)
    result = cli("register", "ponds", "--user", publisher.email, "--json")
    assert result.status == 1 and result.body["code"] == "registration:not-published"
    codes = [p["code"] for p in result.body["details"]]
    assert "registration:organisation" in codes and "registration:installation" in codes
    unknown = cli(
        "register", "ponds", "--organisation", "not-a-key", "--user", publisher.email, "--json"
    )
    assert unknown.status == 1 and unknown.body["code"] == "registration:organisation"


@pytest.mark.django_db(transaction=True)
def test_a_published_resource_is_registered_inline(installation, organisation, registry):  # noqa: F811
    publisher = UserFactory(role=Role.PUBLISHER, email="publisher@example.org")
    resource = published(publisher)
    result = cli(
        "register",
        "ponds",
        "--organisation",
        str(organisation.key),
        "--inline",
        "--user",
        publisher.email,
        "--json",
    )
    assert result.status == 0, result.out + result.err
    body = result.body
    resource.refresh_from_db()
    assert body["job"]["status"] == "succeeded"
    assert body["key"] == str(resource.gbif_key) and resource.gbif_key
    assert resource.visibility == Visibility.REGISTERED


@pytest.mark.django_db(transaction=True)
def test_register_adopt_takes_the_dataset_a_lost_reply_created(
    installation,  # noqa: F811
    organisation,  # noqa: F811
    registry,  # noqa: F811
):
    publisher = UserFactory(role=Role.PUBLISHER, email="publisher@example.org")
    resource = published(publisher, organisation=organisation)
    registry.fault("lost", "POST", "/registry/ipt/resource", times=1)
    failed = cli("register", "ponds", "--inline", "--user", publisher.email, "--json")
    assert failed.status == 1 and failed.body["code"] == "registry:outcome-unknown", failed.out
    created = registry.live_datasets()
    result = cli("register", "ponds", "--adopt", "--inline", "--user", publisher.email, "--json")
    assert result.status == 0, result.out + result.err
    resource.refresh_from_db()
    assert result.body["key"] == str(resource.gbif_key) and created == [result.body["key"]]
