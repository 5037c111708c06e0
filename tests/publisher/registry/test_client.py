"""The Django-free registry client over real HTTP against the contract-faithful server:
paths, preemptive Basic auth, every form field, status codes, replies and failures."""

from __future__ import annotations

import base64
import socket
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from publisher.registry import (
    Contact,
    DatasetForm,
    InstallationForm,
    RegistryBadRequest,
    RegistryBadResponse,
    RegistryClient,
    RegistryNotAuthorised,
    RegistryUnreachable,
    dataset_service_types,
    dataset_service_urls,
)
from publisher.registry.parse import parse_key

TOKEN = "pond-token"
FORM_TYPE = "application/x-www-form-urlencoded; charset=UTF-8"


@pytest.fixture
def client(registry) -> RegistryClient:
    return RegistryClient(registry.url, timeout=5)


@pytest.fixture
def org_key(registry) -> str:
    return registry.add_organisation("Pond Society", token=TOKEN)


def installation_form(org_key: str, **changes) -> InstallationForm:
    values = dict(
        organisation_key=org_key,
        name="Pond IPT",
        description="Publishes ponds.",
        contact=Contact(name="Ann Admin", email="ann@example.org"),
        rss_url="https://ipt.example.org/rss.do",
        password="ws-secret",
    )
    return InstallationForm(**{**values, **changes})


def dataset_form(org_key: str, installation_key: str, **changes) -> DatasetForm:
    values = dict(
        organisation_key=org_key,
        installation_key=installation_key,
        name="Pond survey",
        description="Amphibians counted at two ponds.",
        contact=Contact(
            type="administrative",
            name="Ann Frog",
            email="ann@example.org",
            address="1 Pond Lane, Uppsala, Sweden",
            phone="+46 1234",
        ),
        service_types=dataset_service_types("sampling-event", has_data=True),
        service_urls=dataset_service_urls("https://ipt.example.org", "ponds", has_data=True),
        homepage_url="https://ponds.example.org",
        logo_url="https://ponds.example.org/logo.png",
    )
    return DatasetForm(**{**values, **changes})


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(("%s:%s" % (username, password)).encode()).decode()


@pytest.fixture
def installation_key(client, org_key) -> str:
    return client.installation_register(installation_form(org_key), token=TOKEN)


# --- organisations ------------------------------------------------------------------------


def test_organisations_are_listed_by_name_without_auth(client, registry):
    registry.add_organisation("zebra Trust")
    registry.add_organisation("Aardvark Society")
    names = [o.name for o in client.organisations()]
    assert names == ["Aardvark Society", "zebra Trust"]
    request = registry.requests[-1]
    assert (request.method, request.path) == ("GET", "/registry/organisation.json")
    assert "authorization" not in request.headers


def test_organisation_detail_is_read_and_unknown_key_is_a_404(client, registry, org_key):
    detail = client.organisation(org_key)
    assert (detail.key, detail.name, detail.primary_contact_email) == (
        org_key,
        "Pond Society",
        "node@example.org",
    )
    assert registry.requests[-1].path == "/registry/organisation/%s.json" % org_key
    with pytest.raises(RegistryBadResponse) as info:
        client.organisation(str(uuid.uuid4()))
    assert info.value.status == 404 and not info.value.transient


def test_login_sends_basic_auth_preemptively_and_tells_a_wrong_token(client, registry, org_key):
    assert client.organisation_login(org_key, TOKEN) is True
    first = registry.requests[-1]
    assert first.path == "/registry/organisation/%s" % org_key
    assert first.query == {"op": ["login"]}
    assert first.headers["authorization"] == basic(org_key, TOKEN)
    assert len(registry.requests) == 1  # no unauthenticated first try
    assert client.organisation_login(org_key, "wrong") is False
    assert registry.requests[-1].status == 401


def test_credentials_are_trimmed(client, registry, org_key):
    assert client.organisation_login(" %s " % org_key, " %s\n" % TOKEN) is True
    assert registry.requests[-1].headers["authorization"] == basic(org_key, TOKEN)


# --- the installation ---------------------------------------------------------------------


def test_installation_registration_sends_every_field_of_the_contract(client, registry, org_key):
    key = client.installation_register(installation_form(org_key), token=TOKEN)
    assert uuid.UUID(key)
    request = registry.requests[-1]
    assert (request.method, request.path, request.status) == ("POST", "/registry/ipt/register", 201)
    assert request.headers["authorization"] == basic(org_key, TOKEN)
    assert request.headers["content-type"] == FORM_TYPE
    assert [name for name in request.form] == [
        "organisationKey",
        "name",
        "description",
        "primaryContactType",
        "primaryContactName",
        "primaryContactEmail",
        "serviceTypes",
        "serviceURLs",
        "wsPassword",
    ]
    assert request.field("organisationKey") == org_key
    assert request.field("name") == "Pond IPT"
    assert request.field("description") == "Publishes ponds."
    assert request.field("primaryContactType") == "technical"
    assert request.field("primaryContactName") == "Ann Admin"
    assert request.field("primaryContactEmail") == "ann@example.org"
    assert request.field("serviceTypes") == "RSS"
    assert request.field("serviceURLs") == "https://ipt.example.org/rss.do"
    assert request.field("wsPassword") == "ws-secret"
    stored = registry.installations[key]
    assert stored["organisation"] == org_key
    assert stored["endpoints"] == [{"type": "FEED", "url": "https://ipt.example.org/rss.do"}]


def test_installation_registration_with_a_wrong_token_is_not_authorised(client, org_key):
    with pytest.raises(RegistryNotAuthorised) as info:
        client.installation_register(installation_form(org_key), token="wrong")
    assert info.value.status == 401


def test_registering_for_another_organisation_than_the_credentials_is_refused(
    client, registry, org_key
):
    other = registry.add_organisation("Other", token="other-token")
    with pytest.raises(RegistryNotAuthorised):
        client.installation_register(installation_form(other), token=TOKEN)


def test_installation_registration_without_a_valid_contact_is_a_bad_request(client, org_key):
    form = installation_form(org_key, contact=Contact(name="Ann", email="not an e-mail"))
    with pytest.raises(RegistryBadRequest) as info:
        client.installation_register(form, token=TOKEN)
    assert info.value.status == 400


def test_installation_update_authenticates_as_the_installation(
    client, registry, org_key, installation_key
):
    form = installation_form(org_key, name="Renamed IPT", rss_url="https://new.example.org/rss.do")
    client.installation_update(installation_key, form, password="ws-secret")
    request = registry.requests[-1]
    assert request.path == "/registry/ipt/update/%s" % installation_key
    assert request.status == 204
    assert request.headers["authorization"] == basic(installation_key, "ws-secret")
    assert "wsPassword" not in request.form
    assert request.field("name") == "Renamed IPT"
    assert registry.installations[installation_key]["endpoints"][0]["url"] == (
        "https://new.example.org/rss.do"
    )
    with pytest.raises(RegistryNotAuthorised):
        client.installation_update(installation_key, form, password="wrong")


# --- datasets -------------------------------------------------------------------------------


def test_dataset_registration_sends_every_field_of_the_contract(
    client, registry, org_key, installation_key
):
    key = client.dataset_register(dataset_form(org_key, installation_key), token=TOKEN)
    request = registry.requests[-1]
    assert (request.method, request.path, request.status) == ("POST", "/registry/ipt/resource", 201)
    assert request.headers["authorization"] == basic(org_key, TOKEN)
    assert request.headers["content-type"] == FORM_TYPE
    expected = {
        "organisationKey": org_key,
        "iptKey": installation_key,
        "name": "Pond survey",
        "description": "Amphibians counted at two ponds.",
        "homepageURL": "https://ponds.example.org",
        "logoURL": "https://ponds.example.org/logo.png",
        "primaryContactType": "administrative",
        "primaryContactEmail": "ann@example.org",
        "primaryContactName": "Ann Frog",
        "primaryContactAddress": "1 Pond Lane, Uppsala, Sweden",
        "primaryContactPhone": "+46 1234",
        "serviceTypes": "EML|DWC-ARCHIVE-SAMPLING-EVENT",
        "serviceURLs": "https://ipt.example.org/eml.do?r=ponds|"
        "https://ipt.example.org/archive.do?r=ponds",
    }
    for name, value in expected.items():
        assert request.field(name) == value, name
    assert set(request.form) == set(expected)  # no subtype or doi when they are not set
    dataset = registry.datasets[key]
    assert dataset["type"] == "SAMPLING_EVENT"
    assert dataset["endpoints"] == [
        {"type": "EML", "url": "https://ipt.example.org/eml.do?r=ponds"},
        {"type": "DWC_ARCHIVE", "url": "https://ipt.example.org/archive.do?r=ponds"},
    ]


def test_subtype_and_doi_are_sent_only_when_set(client, registry, org_key, installation_key):
    form = dataset_form(
        org_key, installation_key, subtype="inventoryThematic", doi="10.21373/abc123"
    )
    key = client.dataset_register(form, token=TOKEN)
    request = registry.requests[-1]
    assert request.field("subtype") == "inventoryThematic"
    assert request.field("doi") == "10.21373/abc123"
    assert registry.datasets[key]["doi"] == "10.21373/abc123"


def test_form_bodies_are_utf8(client, registry, org_key, installation_key):
    client.dataset_register(
        dataset_form(org_key, installation_key, name="Ñandú census"), token=TOKEN
    )
    request = registry.requests[-1]
    assert b"name=%C3%91and%C3%BA+census" in request.body
    assert request.field("name") == "Ñandú census"


def test_dataset_registration_needs_a_valid_contact_and_title(client, org_key, installation_key):
    bad_contact = Contact(type="administrative", name="Ann", email="")
    with pytest.raises(RegistryBadRequest):
        client.dataset_register(
            dataset_form(org_key, installation_key, contact=bad_contact), token=TOKEN
        )
    with pytest.raises(RegistryBadRequest):
        client.dataset_register(dataset_form(org_key, installation_key, name=" "), token=TOKEN)


def test_dataset_update_replaces_the_endpoints_and_sends_no_organisation_key(
    client, registry, org_key, installation_key
):
    key = client.dataset_register(dataset_form(org_key, installation_key), token=TOKEN)
    urls = dataset_service_urls("https://new.example.org", "ponds", has_data=True)
    client.dataset_update(
        key, dataset_form(org_key, installation_key, service_urls=urls), token=TOKEN
    )
    request = registry.requests[-1]
    assert (request.method, request.path, request.status) == (
        "POST",
        "/registry/ipt/resource/%s" % key,
        204,
    )
    assert "organisationKey" not in request.form
    assert request.field("iptKey") == installation_key
    assert request.field("serviceURLs") == "|".join(urls)
    assert [e["url"] for e in registry.datasets[key]["endpoints"]] == urls


def test_only_the_owning_organisation_may_update_or_delete_a_dataset(
    client, registry, org_key, installation_key
):
    key = client.dataset_register(dataset_form(org_key, installation_key), token=TOKEN)
    other = registry.add_organisation("Other", token="other-token")
    with pytest.raises(RegistryNotAuthorised):
        client.dataset_update(key, dataset_form(other, installation_key), token="other-token")
    with pytest.raises(RegistryNotAuthorised):
        client.dataset_delete(key, organisation_key=other, token="other-token")


def test_dataset_deletion_answers_200_and_an_unknown_key_401(
    client, registry, org_key, installation_key
):
    key = client.dataset_register(dataset_form(org_key, installation_key), token=TOKEN)
    client.dataset_delete(key, organisation_key=org_key, token=TOKEN)
    request = registry.requests[-1]
    assert (request.method, request.path, request.status) == (
        "DELETE",
        "/registry/ipt/resource/%s" % key,
        200,
    )
    assert registry.datasets[key]["deleted"] is True
    with pytest.raises(RegistryNotAuthorised):
        client.dataset_delete(str(uuid.uuid4()), organisation_key=org_key, token=TOKEN)


def test_belongs_to_organisation_answers_true_false_or_unknown(client, registry, org_key):
    other = registry.add_organisation("Other")
    dataset = registry.add_dataset(org_key)
    assert client.dataset_belongs(dataset, org_key) is True
    assert client.dataset_belongs(dataset, other) is False
    assert client.dataset_belongs(str(uuid.uuid4()), org_key) is None
    assert registry.requests[-1].path.startswith("/registry/resource/")
    assert "authorization" not in registry.requests[-1].headers


def test_networks_are_listed_joined_and_left(client, registry, org_key):
    network = registry.add_network("Amphibians of the world")
    dataset = registry.add_dataset(org_key)
    assert [(n.key, n.name) for n in client.networks()] == [(network, "Amphibians of the world")]
    client.dataset_network_add(dataset, network, organisation_key=org_key, token=TOKEN)
    assert registry.requests[-1].status == 204
    assert [n["key"] for n in client.dataset_networks(dataset)] == [network]
    client.dataset_network_remove(dataset, network, organisation_key=org_key, token=TOKEN)
    assert client.dataset_networks(dataset) == []


# --- failures -----------------------------------------------------------------------------


def test_a_registry_answering_503_is_a_transient_bad_response(client, registry, org_key):
    registry.go_down("503")
    with pytest.raises(RegistryBadResponse) as info:
        client.organisation_login(org_key, TOKEN)
    assert info.value.status == 503 and info.value.transient
    registry.come_back()
    assert client.organisation_login(org_key, TOKEN) is True


def test_a_refused_connection_is_unreachable_until_the_registry_comes_back(
    client, registry, org_key
):
    registry.go_down("refuse")
    with pytest.raises(RegistryUnreachable) as info:
        client.organisations()
    assert info.value.transient and info.value.status is None
    registry.come_back()
    assert client.organisations()


def test_a_registry_that_does_not_answer_times_out():
    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        client = RegistryClient("http://127.0.0.1:%d" % silent.getsockname()[1], timeout=0.5)
        with pytest.raises(RegistryUnreachable):
            client.organisations()


def test_a_post_is_not_redirected(org_key):
    seen = []

    class Redirecting(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            seen.append(self.path)
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(301)
            self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        client = RegistryClient("http://127.0.0.1:%d" % server.server_port, timeout=5)
        with pytest.raises(RegistryBadResponse) as info:
            client.installation_register(installation_form(org_key), token=TOKEN)
    finally:
        server.shutdown()
        server.server_close()
    assert info.value.status == 301
    assert seen == ["/registry/ipt/register"]


# --- parsing ------------------------------------------------------------------------------


def test_the_key_is_read_from_any_key_element_with_whitespace_removed():
    key = str(uuid.uuid4())
    assert (
        parse_key(b"<iptEntityResponse><key>\n  %s \n</key></iptEntityResponse>" % key.encode())
        == key
    )
    assert parse_key(b'<r xmlns="urn:x"><Key>%s</Key></r>' % key.encode()) == key
    assert parse_key(b"<r><resourceKey>%s</resourceKey></r>" % key.encode()) == key


@pytest.mark.parametrize("body", [b"", b"not xml", b"<r><key>nope</key></r>", b"<r/>"])
def test_a_reply_without_a_uuid_key_is_a_bad_response(body):
    with pytest.raises(RegistryBadResponse):
        parse_key(body)


def test_entities_in_a_reply_are_never_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(str(uuid.uuid4()))
    body = ('<!DOCTYPE r [<!ENTITY e SYSTEM "file://%s">]><r><key>&e;</key></r>' % secret).encode()
    with pytest.raises(RegistryBadResponse):
        parse_key(body)


def test_service_types_follow_the_resource_type():
    assert dataset_service_types("sampling-event", has_data=True) == [
        "EML",
        "DWC-ARCHIVE-SAMPLING-EVENT",
    ]
    assert dataset_service_types("occurrence", has_data=True) == ["EML", "DWC-ARCHIVE-OCCURRENCE"]
    assert dataset_service_types("checklist", has_data=True) == ["EML", "DWC-ARCHIVE-CHECKLIST"]
    assert dataset_service_types("metadata", has_data=False) == ["EML"]
    assert dataset_service_types("sampling-event", has_data=False) == ["EML"]
    assert dataset_service_urls("https://h/ipt/", "a b", has_data=False) == [
        "https://h/ipt/eml.do?r=a%20b"
    ]
