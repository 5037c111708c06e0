"""GBIF networks on the wire (issue #18, item 3): the registry's list, a registered
resource's networks, adding and removing it through jobs, from the API, the CLI and the
overview's networks page. Docstrings list the requests the registry saw (method, path,
status), which each test asserts."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from core.models import Job
from publisher.models import Role
from publisher.services.registration import DATASET_NETWORK, dataset_register_start
from tests.cli.conftest import cli
from tests.factories import UserFactory
from tests.resources.portal.conftest import client_for

from .conftest import run


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def registered(resource, publisher, registry):
    job = run(dataset_register_start(resource=resource, user=publisher))
    assert job.status == "succeeded", job.error_message
    resource.refresh_from_db()
    registry.requests.clear()
    return resource, job.result["key"]


@pytest.fixture
def networks(registry) -> dict[str, str]:
    return {name: registry.add_network(name) for name in ("Pond Atlas", "Amphibians")}


def test_the_registry_networks_are_listed_to_publishers_only(
    publisher, configured, registry, networks
):
    """GET /registry/network.json 200"""
    response = api(publisher).get("/api/v1/networks/")
    assert response.status_code == 200, response.json()
    assert [n["name"] for n in response.json()] == ["Amphibians", "Pond Atlas"]
    assert registry.sequence_lines() == ["GET /registry/network.json 200"]
    manager = UserFactory(role=Role.MANAGER)
    assert api(manager).get("/api/v1/networks/").status_code == 403
    assert len(registry.requests) == 1


def test_a_registered_resource_joins_and_leaves_a_network(
    registered, publisher, registry, networks
):
    """POST /registry/resource/{key}/network/{network} 204,
    GET /registry/resource/{key}/networks 200,
    DELETE /registry/resource/{key}/network/{network} 204"""
    resource, key = registered
    network = networks["Pond Atlas"]
    address = "/api/v1/resources/%s/networks/%s" % (resource.shortname, network)
    response = api(publisher).post(address)
    assert response.status_code == 202, response.json()
    assert registry.requests == []  # only the job calls the registry
    assert run(Job.objects.get(pk=response.json()["id"])).status == "succeeded"
    assert key in registry.networks[network]["datasets"]
    listed = api(publisher).get("/api/v1/resources/%s/networks" % resource.shortname)
    assert [n["key"] for n in listed.json()] == [network]
    response = api(publisher).delete(address)
    assert response.status_code == 202, response.json()
    assert run(Job.objects.get(pk=response.json()["id"])).status == "succeeded"
    assert key not in registry.networks[network]["datasets"]
    assert registry.sequence_lines() == [
        "POST /registry/resource/%s/network/%s 204" % (key, network),
        "GET /registry/resource/%s/networks 200" % key,
        "DELETE /registry/resource/%s/network/%s 204" % (key, network),
    ]
    assert registry.requests[0].username == str(resource.organisation.key)


def test_a_manager_without_registration_rights_cannot_change_networks(
    registered, registry, networks
):
    resource, _key = registered
    manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(manager)
    address = "/api/v1/resources/%s/networks/%s" % (resource.shortname, networks["Amphibians"])
    response = api(manager).post(address)
    assert response.status_code == 403
    assert response.json()["code"] == "registration:forbidden"
    assert not Job.objects.filter(kind=DATASET_NETWORK).exists()
    assert registry.requests == []


def test_an_unregistered_resource_or_a_bad_key_is_refused(resource, publisher, registry, networks):
    registry.requests.clear()
    address = "/api/v1/resources/%s/networks/%s" % (resource.shortname, uuid.uuid4())
    response = api(publisher).post(address)
    assert response.status_code == 400
    assert response.json()["code"] == "registration:not-registered"
    run(dataset_register_start(resource=resource, user=publisher))
    registry.requests.clear()
    response = api(publisher).post("/api/v1/resources/%s/networks/not-a-key" % resource.shortname)
    assert response.status_code == 400
    assert response.json()["code"] == "registration:network-key"
    assert registry.requests == []


def test_a_refused_network_change_fails_the_job(registered, publisher, registry, organisation):
    """POST /registry/resource/{key}/network/{network} 401 (the token changed at GBIF)"""
    resource, key = registered
    network = registry.add_network("Pond Atlas")
    registry.organisations[str(organisation.key)]["token"] = "changed-at-gbif"
    response = api(publisher).post(
        "/api/v1/resources/%s/networks/%s" % (resource.shortname, network)
    )
    job = run(Job.objects.get(pk=response.json()["id"]))
    assert job.status == "failed" and job.error_code == "registry:not-authorised"
    assert registry.sequence_lines() == [
        "POST /registry/resource/%s/network/%s 401" % (key, network)
    ]
    assert key not in registry.networks[network]["datasets"]


@pytest.mark.django_db(transaction=True)
def test_the_cli_lists_adds_and_removes(registered, publisher, registry, networks):
    """GET /registry/network.json 200, POST …/network/{network} 204,
    GET /registry/resource/{key}/networks 200, DELETE …/network/{network} 204"""
    resource, key = registered
    network = networks["Amphibians"]
    listed = cli("network", "list", "--user", publisher.email, "--json")
    assert listed.status == 0, listed.out + listed.err
    assert {n["key"] for n in listed.body["networks"]} == set(networks.values())
    added = cli("network", "add", "ponds", network, "--inline", "--user", publisher.email, "--json")
    assert added.status == 0, added.out + added.err
    assert added.body["job"]["status"] == "succeeded"
    mine = cli("network", "list", "ponds", "--user", publisher.email, "--json")
    assert [n["key"] for n in mine.body["networks"]] == [network]
    removed = cli(
        "network", "remove", "ponds", network, "--inline", "--user", publisher.email, "--json"
    )
    assert removed.body["job"]["status"] == "succeeded"
    assert registry.sequence_lines() == [
        "GET /registry/network.json 200",
        "POST /registry/resource/%s/network/%s 204" % (key, network),
        "GET /registry/resource/%s/networks 200" % key,
        "DELETE /registry/resource/%s/network/%s 204" % (key, network),
    ]


def test_admins_see_the_registry_networks_page(admin_user, configured, registry, networks):
    """GET /registry/network.json 200; the registry down: GET /registry/network.json 503"""
    page = client_for(admin_user).get("/admin/registration/networks/")
    assert page.status_code == 200
    assert "Pond Atlas" in page.content.decode()
    assert networks["Pond Atlas"] in page.content.decode()
    registry.go_down()
    down = client_for(admin_user).get("/admin/registration/networks/")
    assert 'data-testid="networks-error"' in down.content.decode()
    assert registry.sequence_lines() == [
        "GET /registry/network.json 200",
        "GET /registry/network.json 503",
    ]
    assert client_for(UserFactory(role=Role.PUBLISHER)).get(
        "/admin/registration/networks/"
    ).status_code in (302, 403)


def test_the_overview_networks_page_adds_and_removes(registered, publisher, registry, networks):
    """GET /registry/resource/{key}/networks 200, GET /registry/network.json 200;
    POST …/network/{network} 204 (the job); GET …/networks 200, GET network.json 200;
    DELETE …/network/{network} 204 (the job)"""
    resource, key = registered
    network = networks["Pond Atlas"]
    address = "/manage/resources/%s/registration/networks/" % resource.shortname
    client = client_for(publisher)
    overview = client.get("/manage/resources/%s/" % resource.shortname)
    assert address in overview.content.decode()
    page = client.get(address)
    assert 'data-testid="network-add-form"' in page.content.decode()
    assert client.post(address, {"action": "add", "network": network}).status_code == 302
    assert run(Job.objects.get(kind=DATASET_NETWORK)).status == "succeeded"
    page = client.get(address)
    assert 'data-testid="network-remove"' in page.content.decode()
    assert client.post(address, {"action": "remove", "network": network}).status_code == 302
    job = Job.objects.filter(kind=DATASET_NETWORK).latest("created_at")
    assert run(job).status == "succeeded"
    assert key not in registry.networks[network]["datasets"]
    path = "/registry/resource/%s/network%%s" % key
    assert registry.sequence_lines() == [
        "GET %s 200" % (path % "s"),
        "GET /registry/network.json 200",
        "POST %s 204" % (path % ("/" + network)),
        "GET %s 200" % (path % "s"),
        "GET /registry/network.json 200",
        "DELETE %s 204" % (path % ("/" + network)),
    ]


def test_a_manager_without_rights_sees_the_networks_but_no_forms(registered, registry, networks):
    resource, _key = registered
    manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(manager)
    address = "/manage/resources/%s/registration/networks/" % resource.shortname
    page = client_for(manager).get(address)
    assert page.status_code == 200
    assert 'data-testid="network-add-form"' not in page.content.decode()
    refused = client_for(manager).post(
        address, {"action": "add", "network": networks["Amphibians"]}
    )
    assert refused.status_code == 302
    assert not Job.objects.filter(kind=DATASET_NETWORK).exists()
