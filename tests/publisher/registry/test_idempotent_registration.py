"""One GBIF dataset per resource and one installation per instance, whatever the registry does.

Each test breaks one route of the test registry and asserts the exact request sequence
(method, path, status; status 0 = no reply was received), with keys written as
``{installation}``, ``{organisation}`` and ``{dataset}`` so the sequences can be quoted.
"""

from __future__ import annotations

import threading

import pytest

from core.models import Job
from publisher.models import InstallationSettings
from publisher.services.registration import (
    dataset_adopt_start,
    dataset_register_start,
    installation_adopt_start,
)

from .conftest import register_installation, run

REGISTER = "/registry/ipt/resource"
V1_LIST = "GET", "/v1/installation/{installation}/dataset", 200


def sequence(registry, start: int, **keys: str) -> list[tuple[str, str, int]]:
    """The requests since ``start`` with the keys named back."""
    found = []
    for method, path, status in registry.sequence()[start:]:
        for name, key in keys.items():
            path = path.replace(key, "{%s}" % name)
        found.append((method, path, status))
    return found


def only_dataset(registry, org_key: str) -> str:
    live = registry.live_datasets(org_key)
    assert len(live) == 1, live
    return live[0]


def adopted(resource, registry, org_key: str, publisher) -> tuple[Job, str]:
    """Run "check the registry and adopt" and return the job and the one live dataset."""
    job = run(dataset_adopt_start(resource=resource, user=publisher))
    assert job.status == "succeeded", job.error_message
    key = only_dataset(registry, org_key)
    resource.refresh_from_db()
    assert str(resource.gbif_key) == key == job.result["key"]
    assert job.result["adopted"] is True
    return job, key


SITUATIONS = {
    "no-reply": "no reply came back",
    "server-error": "answered with a server error",
    "malformed": "without a usable key",
    "": "",
}


def failed_unknown(job: Job, situation: str) -> None:
    """The job failed for good, saying what happened and offering the adopt action."""
    assert job.status == "failed"
    assert job.error_code == "registry:outcome-unknown"
    assert SITUATIONS[situation] in job.error_message
    assert job.attempts == 1  # never retried automatically
    assert "Check the registry and adopt" in job.error_message


def test_a_lost_reply_fails_without_retry_and_adopt_takes_the_dataset(
    resource, publisher, registry, org_key, installation
):
    """GET /v1/installation/{installation}/dataset 200; POST /registry/ipt/resource 0
    (created, connection dropped) -> failed registry:outcome-unknown. Adopt:
    GET /v1/installation/{installation}/dataset 200; POST /registry/ipt/resource/{dataset} 204.
    """
    start = len(registry.requests)
    registry.fault("lost", "POST", REGISTER, times=1)
    failed_unknown(run(dataset_register_start(resource=resource, user=publisher)), "no-reply")
    key = only_dataset(registry, org_key)
    resource.refresh_from_db()
    assert resource.gbif_key is None
    adopted(resource, registry, org_key, publisher)
    assert sequence(registry, start, installation=installation, dataset=key) == [
        V1_LIST,
        ("POST", REGISTER, 0),
        V1_LIST,
        ("POST", REGISTER + "/{dataset}", 204),
    ]


def test_registering_again_after_a_lost_reply_adopts_instead_of_duplicating(
    resource, publisher, registry, org_key, installation
):
    """POST /registry/ipt/resource 0 (created); then Register again:
    GET /v1/installation/{installation}/dataset 200 (finds it);
    POST /registry/ipt/resource/{dataset} 204 -- no second POST /registry/ipt/resource."""
    registry.fault("lost", "POST", REGISTER, times=1)
    run(dataset_register_start(resource=resource, user=publisher))
    job = run(dataset_register_start(resource=resource, user=publisher))
    assert job.status == "succeeded", job.error_message
    assert job.result["adopted"] is True
    assert len(registry.calls("POST", REGISTER)) == 2  # the lost one and the adopting update
    assert [r.path for r in registry.calls("POST", REGISTER)][1].startswith(REGISTER + "/")
    assert only_dataset(registry, org_key) == job.result["key"]


@pytest.mark.parametrize("mode, status", [("truncated", 201), ("html", 200), ("keyless", 201)])
def test_a_malformed_success_is_not_retried_and_is_adopted(
    resource, publisher, registry, org_key, installation, mode, status
):
    """GET /v1/installation/{installation}/dataset 200; POST /registry/ipt/resource 201|200
    (truncated XML, HTML, no <key>) -> failed registry:outcome-unknown. Adopt:
    GET /v1/installation/{installation}/dataset 200; POST /registry/ipt/resource/{dataset} 204.
    """
    start = len(registry.requests)
    registry.fault(mode, "POST", REGISTER, times=1)
    failed_unknown(run(dataset_register_start(resource=resource, user=publisher)), "malformed")
    _job, key = adopted(resource, registry, org_key, publisher)
    assert sequence(registry, start, installation=installation, dataset=key) == [
        V1_LIST,
        ("POST", REGISTER, status),
        V1_LIST,
        ("POST", REGISTER + "/{dataset}", 204),
    ]


def test_a_gateway_timeout_after_the_work_is_not_retried_and_is_adopted(
    resource, publisher, registry, org_key, installation
):
    """GET /v1/installation/{installation}/dataset 200; POST /registry/ipt/resource 504
    (created behind the gateway) -> failed registry:outcome-unknown. Adopt:
    GET /v1/installation/{installation}/dataset 200; POST /registry/ipt/resource/{dataset} 204.
    """
    start = len(registry.requests)
    registry.fault("5xx-after", "POST", REGISTER, status=504, times=1)
    failed_unknown(run(dataset_register_start(resource=resource, user=publisher)), "server-error")
    _job, key = adopted(resource, registry, org_key, publisher)
    assert sequence(registry, start, installation=installation, dataset=key)[1] == (
        "POST",
        REGISTER,
        504,
    )


def test_a_server_error_that_created_nothing_is_found_empty_then_registered_once(
    resource, publisher, registry, org_key, installation
):
    """GET /v1/installation/{installation}/dataset 200; POST /registry/ipt/resource 500
    (nothing created) -> failed registry:outcome-unknown. Adopt:
    GET /v1/installation/{installation}/dataset 200 -> failed registration:not-found.
    Register: GET /v1/installation/{installation}/dataset 200; POST /registry/ipt/resource 201.
    """
    start = len(registry.requests)
    registry.fault("5xx", "POST", REGISTER, status=500, times=1)
    failed_unknown(run(dataset_register_start(resource=resource, user=publisher)), "server-error")
    assert registry.live_datasets(org_key) == []
    adopt = run(dataset_adopt_start(resource=resource, user=publisher))
    assert (adopt.status, adopt.error_code) == ("failed", "registration:not-found")
    job = run(dataset_register_start(resource=resource, user=publisher))
    assert job.status == "succeeded", job.error_message
    key = only_dataset(registry, org_key)
    assert sequence(registry, start, installation=installation, dataset=key) == [
        V1_LIST,
        ("POST", REGISTER, 500),
        V1_LIST,
        V1_LIST,
        ("POST", REGISTER, 201),
    ]


def test_a_hanging_registration_times_out_unretried_and_is_adopted_once_done(
    resource, publisher, registry, org_key, installation, settings
):
    """GET /v1/installation/{installation}/dataset 200; POST /registry/ipt/resource (hangs,
    the client gives up; the registry then creates the dataset and answers 201 to nobody)
    -> failed registry:outcome-unknown. Adopt:
    GET /v1/installation/{installation}/dataset 200; POST /registry/ipt/resource/{dataset} 204.
    """
    settings.REGISTRY_TIMEOUT = 0.5
    created = threading.Event()
    registry.fault("hang", "POST", REGISTER, times=1)
    failed_unknown(run(dataset_register_start(resource=resource, user=publisher)), "no-reply")
    registry.release()
    for _ in range(400):  # the released request is served in the server's thread
        if registry.live_datasets(org_key):
            created.set()
            break
        created.wait(0.025)
    assert created.is_set()
    settings.REGISTRY_TIMEOUT = 30.0
    adopted(resource, registry, org_key, publisher)
    assert len(registry.calls("POST", REGISTER)) == 2


def test_a_refused_connection_is_retried_and_registers_once(
    resource, publisher, registry, org_key, installation
):
    """Connection refused (nothing sent) -> pending, retried; registry back:
    GET /v1/installation/{installation}/dataset 200; POST /registry/ipt/resource 201."""
    job = dataset_register_start(resource=resource, user=publisher)
    registry.go_down("refuse")
    job = run(job)
    assert (job.status, job.attempts) == ("pending", 1)
    assert "retrying" in job.log and registry.calls("POST", REGISTER) == []
    registry.come_back()
    start = len(registry.requests)
    job = run(job)
    assert job.status == "succeeded", job.error_message
    key = only_dataset(registry, org_key)
    assert sequence(registry, start, installation=installation, dataset=key) == [
        V1_LIST,
        ("POST", REGISTER, 201),
    ]


def test_a_5xx_on_the_lookup_is_retried_since_nothing_was_sent(
    resource, publisher, registry, org_key, installation
):
    """A 503 on the lookup (nothing sent yet) is retried like an outage; then
    GET /v1/installation/{installation}/dataset 200; POST /registry/ipt/resource 201."""
    registry.fault("5xx", "GET", "/v1/", status=503, times=1)
    job = run(dataset_register_start(resource=resource, user=publisher))
    assert (job.status, job.attempts) == ("pending", 1)
    assert registry.calls("POST", REGISTER) == []
    job = run(job)
    assert job.status == "succeeded", job.error_message
    only_dataset(registry, org_key)


# --- the installation ---------------------------------------------------------------------------


def live_installations(registry, org_key: str) -> list[str]:
    return [k for k, i in registry.installations.items() if i["organisation"] == org_key]


@pytest.mark.parametrize("mode", ["lost", "keyless", "5xx-after"])
def test_an_installation_registration_with_an_unknown_outcome_is_adopted_once(
    admin_user, organisation, registry, org_key, mode
):
    """GET /v1/organization/{organisation}/installation 200; POST /registry/ipt/register 0|201|
    504 (created) -> failed registry:outcome-unknown. Adopt:
    GET /v1/organization/{organisation}/installation 200;
    POST /registry/ipt/update/{installation} 204 (its password is ours) -> adopted."""
    start = len(registry.requests)
    registry.fault(mode, "POST", "/registry/ipt/register", status=504, times=1)
    job = register_installation(admin_user, organisation)
    failed_unknown(job, "")
    assert len(live_installations(registry, org_key)) == 1
    assert not InstallationSettings.objects.filter(registry_key__isnull=False).exists()
    adopt = run(installation_adopt_start(user=admin_user))
    assert adopt.status == "succeeded", adopt.error_message
    (key,) = live_installations(registry, org_key)
    assert str(InstallationSettings.objects.get().registry_key) == key
    listed = ("GET", "/v1/organization/{organisation}/installation", 200)
    assert sequence(registry, start, organisation=org_key, installation=key)[2:] == [
        listed,
        ("POST", "/registry/ipt/update/{installation}", 204),
    ]


def test_an_installation_with_the_same_title_but_another_password_is_not_adopted(
    admin_user, organisation, registry, org_key
):
    """GET /v1/organization/{organisation}/installation 200;
    POST /registry/ipt/update/{other} 401 (not ours); POST /registry/ipt/register 201."""
    registry.installations["0b1c8f2e-0000-4000-8000-000000000001"] = {
        "organisation": org_key,
        "password": "someone-else",
        "fields": {"name": "Pond IPT"},
        "type": "IPT_INSTALLATION",
        "endpoints": [],
        "deleted": False,
    }
    job = register_installation(admin_user, organisation)
    assert job.status == "succeeded", job.error_message
    assert job.result["key"] != "0b1c8f2e-0000-4000-8000-000000000001"
    assert [r.status for r in registry.calls("POST", "/registry/ipt/")] == [401, 201]


def test_without_api_v1_a_first_registration_goes_on_but_adopting_needs_it(
    resource, publisher, registry, org_key, installation
):
    """A custom registry without API v1: GET /nothing/installation/{installation}/dataset
    404; POST /registry/ipt/resource 0 (created) -> registry:outcome-unknown. Adopt:
    GET .../dataset 404 -> registry:outcome-unknown naming the API v1 URL; no second POST."""
    from publisher.services.installation import installation_settings_update

    installation_settings_update(registry_api_custom_url=registry.url + "/nothing")
    registry.fault("lost", "POST", REGISTER, times=1)
    failed_unknown(run(dataset_register_start(resource=resource, user=publisher)), "no-reply")
    adopt = run(dataset_adopt_start(resource=resource, user=publisher))
    assert (adopt.status, adopt.error_code) == ("failed", "registry:outcome-unknown")
    assert "API v1" in adopt.error_message
    again = run(dataset_register_start(resource=resource, user=publisher))
    assert again.error_code == "registry:outcome-unknown"
    assert len(registry.calls("POST", REGISTER)) == 1
    installation_settings_update(registry_api_custom_url="")
    assert run(dataset_adopt_start(resource=resource, user=publisher)).status == "succeeded"
    only_dataset(registry, org_key)


def test_without_api_v1_a_first_registration_is_sent(resource, publisher, registry, org_key):
    from publisher.services.installation import installation_settings_update

    installation_settings_update(registry_api_custom_url=registry.url + "/nothing")
    job = run(dataset_register_start(resource=resource, user=publisher))
    assert job.status == "succeeded", job.error_message
    assert "lookup not possible" in job.log
    only_dataset(registry, org_key)
