"""Taking a registered resource off GBIF before deleting it (issue #18, item 2).

The registry must confirm the DELETE before the resource forgets its key or is deleted. It
answers 401 both to bad credentials and to the DELETE of a dataset it deleted already; the
toolkit tells them apart by reading the dataset through GBIF's API v1. Each test's docstring
lists the requests the registry saw (method, path, status), which each test asserts.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.errors import UserError
from core.jobs import get_kind
from core.models import Job
from publisher.models import Role
from publisher.services.registration import DATASET_DEREGISTER, dataset_register_start
from resources.models import Deregistration, Resource, Visibility
from resources.services.visibility import resource_restore
from tests.cli.conftest import cli
from tests.factories import UserFactory
from tests.resources.portal.conftest import client_for
from workflows.resources import resource_delete, resource_deregister_retry, resource_withdraw

from .conftest import TOKEN, run


@pytest.fixture
def registered(resource, publisher, registry):
    job = run(dataset_register_start(resource=resource, user=publisher))
    assert job.status == "succeeded", job.error_message
    resource.refresh_from_db()
    registry.requests.clear()  # each test shows only the deregistration's requests
    return resource, job.result["key"]


def _deregister_job() -> Job:
    return Job.objects.filter(kind=DATASET_DEREGISTER).latest("created_at")


def _kept(resource: Resource, key: str, state: str) -> Resource:
    """The resource still exists, withdrawn, with its key and deregistration ``state``."""
    kept = Resource.objects.get(pk=resource.pk)
    assert str(kept.gbif_key) == key
    assert kept.visibility == Visibility.DELETED
    assert kept.deregistration == state
    return kept


def test_deleting_waits_for_the_registry_then_deletes(registered, publisher, registry):
    """DELETE /registry/ipt/resource/{key} 200"""
    resource, key = registered
    job = resource_delete(resource=resource, user=publisher)
    assert job is not None and registry.requests == []
    _kept(resource, key, Deregistration.PENDING)
    assert run(job).status == "succeeded", job.error_message
    assert registry.sequence_lines() == ["DELETE /registry/ipt/resource/%s 200" % key]
    assert registry.datasets[key]["deleted"] is True
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_bad_credentials_keep_the_resource_until_a_retry(
    registered, publisher, registry, organisation
):
    """DELETE /registry/ipt/resource/{key} 401, GET /v1/dataset/{key} 200 (deleted: null);
    after the token is fixed and the retry: DELETE /registry/ipt/resource/{key} 200"""
    resource, key = registered
    registry.organisations[str(organisation.key)]["token"] = "changed-at-gbif"
    job = run(resource_delete(resource=resource, user=publisher))
    assert job.status == "failed"
    assert job.error_code == "registration:deregister-refused"
    assert registry.sequence_lines() == [
        "DELETE /registry/ipt/resource/%s 401" % key,
        "GET /v1/dataset/%s 200" % key,
    ]
    kept = _kept(resource, key, Deregistration.FAILED)
    assert kept.delete_when_deregistered is True
    assert registry.datasets[key]["deleted"] is False

    registry.organisations[str(organisation.key)]["token"] = TOKEN
    registry.requests.clear()
    retry = run(resource_deregister_retry(resource=kept, user=publisher))
    assert retry.status == "succeeded", retry.error_message
    assert registry.sequence_lines() == ["DELETE /registry/ipt/resource/%s 200" % key]
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_a_dataset_the_registry_deleted_already_is_taken_as_deleted(
    registered, publisher, registry
):
    """DELETE /registry/ipt/resource/{key} 401, GET /v1/dataset/{key} 200 (deleted set)"""
    resource, key = registered
    registry.datasets[key]["deleted"] = True  # deleted at GBIF (e.g. by the helpdesk)
    job = run(resource_delete(resource=resource, user=publisher))
    assert job.status == "succeeded", job.error_message
    assert job.result["already_deleted"] is True
    assert registry.sequence_lines() == [
        "DELETE /registry/ipt/resource/%s 401" % key,
        "GET /v1/dataset/%s 200" % key,
    ]
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_an_outage_keeps_the_resource_and_ends_in_deregistration_failed(
    registered, publisher, registry
):
    """DELETE /registry/ipt/resource/{key} 503, repeated once per attempt (the job retries
    with backoff); once the registry is back, the retry: DELETE … 200"""
    resource, key = registered
    registry.go_down()
    job = resource_delete(resource=resource, user=publisher)
    attempts = get_kind(DATASET_DEREGISTER).max_attempts
    for attempt in range(1, attempts + 1):
        job = run(job)
        expected = "failed" if attempt == attempts else "pending"
        assert job.status == expected, attempt
        state = Deregistration.FAILED if attempt == attempts else Deregistration.PENDING
        _kept(resource, key, state)
    assert job.error_code == "registry:unavailable"
    assert registry.sequence_lines() == ["DELETE /registry/ipt/resource/%s 503" % key] * attempts

    registry.come_back()
    registry.requests.clear()
    failed = Resource.objects.get(pk=resource.pk)
    retry = run(resource_deregister_retry(resource=failed, user=publisher))
    assert retry.status == "succeeded", retry.error_message
    assert registry.sequence_lines() == ["DELETE /registry/ipt/resource/%s 200" % key]
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_a_failed_deregistration_still_serves_the_tombstone(
    registered, publisher, registry, organisation, client
):
    """DELETE /registry/ipt/resource/{key} 401, GET /v1/dataset/{key} 200"""
    resource, key = registered
    registry.organisations[str(organisation.key)]["token"] = "changed-at-gbif"
    run(resource_delete(resource=resource, user=publisher))
    assert len(registry.sequence_lines()) == 2
    response = client.get("/resource?r=%s" % resource.shortname)
    assert response.status_code == 410
    assert 'data-testid="tombstone"' in response.content.decode()
    page = client_for(publisher).get("/manage/resources/%s/" % resource.shortname)
    assert 'data-testid="deregistration-failed"' in page.content.decode()
    assert key in page.content.decode()


def test_withdrawing_keeps_the_key_until_the_registry_confirmed(registered, publisher, registry):
    """DELETE /registry/ipt/resource/{key} 503, then (next attempt) DELETE … 200"""
    resource, key = registered
    registry.fail_next("DELETE", "/registry/ipt/resource/", 503)
    resource_withdraw(resource=resource, user=publisher)
    job = run(_deregister_job())
    assert job.status == "pending"
    _kept(resource, key, Deregistration.PENDING)
    job = run(job)
    assert job.status == "succeeded", job.error_message
    assert registry.sequence_lines() == [
        "DELETE /registry/ipt/resource/%s 503" % key,
        "DELETE /registry/ipt/resource/%s 200" % key,
    ]
    withdrawn = Resource.objects.get(pk=resource.pk)
    assert withdrawn.gbif_key is None and withdrawn.deregistration == ""
    assert withdrawn.visibility == Visibility.DELETED


def test_only_a_failed_deregistration_can_be_retried(registered, publisher):
    resource, _key = registered
    with pytest.raises(UserError) as info:
        resource_deregister_retry(resource=resource, user=publisher)
    assert info.value.code == "registration:deregister-nothing"
    manager = UserFactory(role=Role.MANAGER)
    with pytest.raises(UserError) as info:
        resource_deregister_retry(resource=resource, user=manager)
    assert info.value.code == "registration:deregister-rights"


def test_the_api_deletes_with_202_and_retries_a_failed_deregistration(
    registered, publisher, registry, organisation
):
    """DELETE /registry/ipt/resource/{key} 401, GET /v1/dataset/{key} 200; after the token is
    fixed, POST /api/v1/resources/<sn>/deregister: DELETE /registry/ipt/resource/{key} 200"""
    resource, key = registered
    client = APIClient()
    client.force_authenticate(publisher)
    registry.organisations[str(organisation.key)]["token"] = "changed-at-gbif"
    response = client.delete("/api/v1/resources/%s/" % resource.shortname)
    assert response.status_code == 202, response.content
    assert run(Job.objects.get(pk=response.json()["id"])).status == "failed"
    shown = client.get("/api/v1/resources/%s/registration" % resource.shortname).json()
    assert shown["deregistration"] == "failed" and shown["key"] == key
    registry.organisations[str(organisation.key)]["token"] = TOKEN
    retry = client.post("/api/v1/resources/%s/deregister" % resource.shortname)
    assert retry.status_code == 202, retry.content
    assert run(Job.objects.get(pk=retry.json()["id"])).status == "succeeded"
    assert registry.sequence_lines() == [
        "DELETE /registry/ipt/resource/%s 401" % key,
        "GET /v1/dataset/%s 200" % key,
        "DELETE /registry/ipt/resource/%s 200" % key,
    ]
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_the_cli_and_the_overview_button_retry(registered, publisher, registry, organisation):
    """DELETE /registry/ipt/resource/{key} 401, GET /v1/dataset/{key} 200; the CLI's retry
    (token fixed): DELETE /registry/ipt/resource/{key} 200. The overview's button, pressed
    while that retry is queued, queues nothing more."""
    resource, key = registered
    registry.organisations[str(organisation.key)]["token"] = "changed-at-gbif"
    run(resource_delete(resource=resource, user=publisher))
    overview = client_for(publisher).get("/manage/resources/%s/" % resource.shortname)
    assert 'data-testid="deregister-retry"' in overview.content.decode()
    registry.organisations[str(organisation.key)]["token"] = TOKEN
    retried = cli(
        "deregister", resource.shortname, "--no-wait", "--user", publisher.email, "--json"
    )
    assert retried.status == 0, retried.out + retried.err
    assert retried.body["key"] == key and retried.body["job"]["status"] == "pending"
    page = client_for(publisher).post(
        "/manage/resources/%s/registration/deregister-retry/" % resource.shortname
    )
    assert page.status_code == 302
    assert Job.objects.filter(kind=DATASET_DEREGISTER).count() == 2
    assert run(_deregister_job()).status == "succeeded"
    assert registry.sequence_lines() == [
        "DELETE /registry/ipt/resource/%s 401" % key,
        "GET /v1/dataset/%s 200" % key,
        "DELETE /registry/ipt/resource/%s 200" % key,
    ]
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_an_unanswered_api_v1_read_is_tried_again_not_taken_as_deleted(
    registered, publisher, registry
):
    """DELETE /registry/ipt/resource/{key} 401, GET /v1/dataset/{key} 503 (the job waits for
    its next attempt); next attempt: DELETE … 401, GET /v1/dataset/{key} 200 (deleted set)"""
    resource, key = registered
    registry.datasets[key]["deleted"] = True
    registry.fail_next("GET", "/v1/dataset/", 503)
    job = run(resource_delete(resource=resource, user=publisher))
    assert job.status == "pending"
    _kept(resource, key, Deregistration.PENDING)
    assert run(job).status == "succeeded"
    assert registry.sequence_lines() == [
        "DELETE /registry/ipt/resource/%s 401" % key,
        "GET /v1/dataset/%s 503" % key,
        "DELETE /registry/ipt/resource/%s 401" % key,
        "GET /v1/dataset/%s 200" % key,
    ]
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_a_resource_being_deregistered_cannot_be_restored(registered, publisher, registry):
    """No request: the deregistration job has not run."""
    resource, key = registered
    resource_withdraw(resource=resource, user=publisher)
    with pytest.raises(UserError) as info:
        resource_restore(resource=Resource.objects.get(pk=resource.pk), user=publisher)
    assert info.value.code == "visibility:deregistering"
    _kept(resource, key, Deregistration.PENDING)
    assert registry.sequence_lines() == []


def test_the_delete_page_keeps_the_resource_until_the_job_confirmed(
    registered, publisher, registry
):
    """No request while the page answers; the job: DELETE /registry/ipt/resource/{key} 200"""
    resource, key = registered
    client = client_for(publisher)
    response = client.post(
        "/manage/resources/%s/delete/" % resource.shortname, {"confirm": resource.shortname}
    )
    assert response.status_code == 302
    assert "?job=" in response["Location"] and "#registration" in response["Location"]
    assert registry.sequence_lines() == []
    kept = _kept(resource, key, Deregistration.PENDING)
    overview = client.get(response["Location"])
    assert 'data-testid="deregistration-pending"' in overview.content.decode()
    assert run(_deregister_job()).status == "succeeded"
    assert registry.sequence_lines() == ["DELETE /registry/ipt/resource/%s 200" % key]
    assert not Resource.objects.filter(pk=kept.pk).exists()
