"""The test registry refuses what GBIF's refuses, and its fault switches do what they say."""

from __future__ import annotations

import base64

import pytest
import requests

from publisher.registry import (
    RegistryBadRequest,
    RegistryClient,
    RegistryOutcomeUnknown,
    RegistryUnreachable,
)
from publisher.registry.forms import Contact, DatasetForm, InstallationForm
from tests.registry_server import RegistryServer

TOKEN = "pond-token"
WS_PASSWORD = "ws-secret"  # noqa: S105 - a test registry's password
RSS = "https://ipt.example.org/rss.do"


@pytest.fixture
def registry():
    server = RegistryServer().start()
    yield server
    server.stop()


@pytest.fixture
def org(registry) -> str:
    return registry.add_organisation("Pond Society", token=TOKEN)


def client(registry, timeout: float = 5.0) -> RegistryClient:
    return RegistryClient(registry.url, api_url=registry.url + "/v1", timeout=timeout)


def installation_form(org: str, password: str = WS_PASSWORD) -> InstallationForm:
    contact = Contact(name="Ann", email="ann@example.org")
    return InstallationForm(
        org, "Pond IPT", "Ponds.", contact, "https://ipt.example.org/rss.do", password
    )


def dataset_form(org: str, installation: str, name: str = "Ponds") -> DatasetForm:
    return DatasetForm(
        org,
        installation,
        name,
        "Amphibians counted at two ponds.",
        Contact(type="administrative", name="Ann", email="ann@example.org"),
        ["EML", "DWC-ARCHIVE-SAMPLING-EVENT"],
        ["https://ipt.example.org/eml.do?r=p", "https://ipt.example.org/archive.do?r=p"],
    )


@pytest.fixture
def installation(registry, org) -> str:
    return client(registry).installation_register(installation_form(org), token=TOKEN)


def test_an_installation_without_a_password_is_refused(registry, org):
    with pytest.raises(RegistryBadRequest):
        client(registry).installation_register(installation_form(org, password=""), token=TOKEN)
    assert registry.installations == {}


def test_a_dataset_update_changes_only_type_installation_and_endpoints(registry, org, installation):
    api = client(registry)
    key = api.dataset_register(dataset_form(org, installation), token=TOKEN)
    form = dataset_form(org, installation, name="Renamed")
    form = DatasetForm(
        **{**form.__dict__, "service_types": ["EML"], "service_urls": ["https://x/eml.do?r=p"]}
    )
    api.dataset_update(key, form, token=TOKEN)
    found = api.v1_dataset(key)
    assert found is not None and found.title == "Ponds"  # the title comes from the EML later
    assert registry.datasets[key]["type"] == "METADATA"
    assert [e.url for e in found.endpoints] == ["https://x/eml.do?r=p"]


def test_the_ipt_prefix_is_stripped_only_on_validation_paths(registry, org):
    auth = base64.b64encode(("IPT__%s:%s" % (org, TOKEN)).encode()).decode()
    reply = requests.get(
        registry.url + "/registry/organisation/%s?op=login" % org,
        headers={"Authorization": "Basic " + auth},
        timeout=5,
    )
    assert reply.status_code == 401


def test_v1_lists_page_and_hide_deleted_datasets(registry, org, installation):
    api = client(registry)
    keys = [
        api.dataset_register(dataset_form(org, installation, "D%d" % n), token=TOKEN)
        for n in range(3)
    ]
    api.dataset_delete(keys[0], organisation_key=org, token=TOKEN)
    page = requests.get(
        registry.url + "/v1/installation/%s/dataset?limit=1" % installation, timeout=5
    ).json()
    assert (page["count"], page["limit"], page["endOfRecords"]) == (2, 1, False)
    assert sorted(d.key for d in api.v1_organisation_datasets(org)) == sorted(keys[1:])
    assert api.v1_dataset(keys[0]).deleted is True
    assert api.v1_dataset("00000000-0000-4000-8000-000000000000") is None
    assert api.v1_installation(installation).title == "Pond IPT"


@pytest.mark.parametrize("mode", ["lost", "truncated", "html", "keyless", "5xx-after"])
def test_a_fault_after_the_work_is_an_unknown_outcome(registry, org, installation, mode):
    registry.fault(mode, "POST", "/registry/ipt/resource", status=504, times=1)
    with pytest.raises(RegistryOutcomeUnknown):
        client(registry).dataset_register(dataset_form(org, installation), token=TOKEN)
    assert len(registry.live_datasets(org)) == 1


def test_a_fault_is_limited_to_its_route_and_count(registry, org, installation):
    registry.fault("5xx", "POST", "/registry/ipt/resource", status=500, times=1)
    api = client(registry)
    assert api.organisation_login(org, TOKEN) is True  # another route answers
    with pytest.raises(RegistryOutcomeUnknown):
        api.dataset_register(dataset_form(org, installation), token=TOKEN)
    assert registry.live_datasets(org) == []
    api.dataset_register(dataset_form(org, installation), token=TOKEN)
    assert [s for _m, p, s in registry.sequence("/registry/ipt/resource")] == [500, 201]


def test_a_hang_holds_the_reply_until_released(registry, org, installation):
    registry.fault("hang", "POST", "/registry/ipt/resource")
    with pytest.raises(RegistryOutcomeUnknown) as raised:
        client(registry, timeout=0.3).dataset_register(dataset_form(org, installation), token=TOKEN)
    assert raised.value.situation == "no-reply"
    assert registry.sequence("/registry/ipt/resource") == [("POST", "/registry/ipt/resource", 0)]
    registry.clear_faults()


def test_a_refused_connection_is_known_not_to_have_been_sent(registry, org, installation):
    registry.go_down("refuse")
    with pytest.raises(RegistryUnreachable) as raised:
        client(registry).dataset_register(dataset_form(org, installation), token=TOKEN)
    assert raised.value.sent is False
    registry.come_back()
