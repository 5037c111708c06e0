"""The metadata API: JSON and EML in and out, validation, inference, citations, contacts."""

from __future__ import annotations

import json

import pytest
from lxml import etree
from rest_framework.test import APIClient

from core.jobs.executor import execute
from metadata.eml.model import Agent
from metadata.eml.parse import parse_eml
from metadata.models import ResourceMetadata
from metadata.services.documents import metadata_get, metadata_save
from publisher.models import Role
from tests.conftest import TEST_DATA
from tests.factories import ResourceFactory, UserFactory
from tests.metadata.test_services_coverage import mapped_resource

pytestmark = pytest.mark.django_db

URL = "/api/v1/resources/ponds/metadata"
ENDPOINTS = [URL, URL + "/validation", URL + "/inferred", URL + "/citation", URL + "/settings"]
SAMPLE = TEST_DATA / "eml" / "ipt-test-event-eml-2.2.0-profile-1.3.eml.xml"
COMPLETE = {
    "titles": [{"text": "Amphibians of the ponds"}],
    "abstract": ["Counts of frogs and toads."],
    "licence": {
        "name": "CC0 1.0",
        "url": "http://creativecommons.org/publicdomain/zero/1.0/legalcode",
    },
    "metadata_language": "en",
    "dataset_type": "sampling-event",
    "pub_date": "2025-01-01",
    "creators": [{"given_name": "Ada", "sur_name": "Lovelace", "organization": "Pond Society"}],
    "contacts": [{"sur_name": "Lovelace", "emails": ["ada@example.org"]}],
}


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def resource(manager_user):
    return ResourceFactory(shortname="ponds", creator=manager_user)


@pytest.fixture
def api(manager_user):
    return _client(manager_user)


def test_get_returns_the_document_as_json(api, resource):
    response = api.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["short_name"] == "ponds"
    assert body["titles"] == [{"text": resource.title, "lang": ""}]


def test_put_json_replaces_the_document_and_keeps_the_short_name(api, resource):
    response = api.put(URL, {**COMPLETE, "short_name": "renamed"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["titles"][0]["text"] == "Amphibians of the ponds"
    assert response.json()["short_name"] == "ponds"
    assert metadata_get(resource).creators[0].sur_name == "Lovelace"
    assert api.get(URL).json() == response.json()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"titles": "not a list"}, "titles"),
        ({"creators": [{"emails": [{"x": 1}]}]}, "creators[0].emails[0]"),
        ({"no_such_field": 1}, ""),
        (["a", "list"], ""),
        (None, ""),
    ],
)
def test_put_json_of_the_wrong_shape_is_refused(api, resource, body, field):
    before = api.get(URL).json()
    response = api.put(URL, json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "metadata:shape"
    assert response.json()["details"]["field"] == field
    assert api.get(URL).json() == before


def test_put_with_an_empty_body_is_refused(api, resource):
    response = api.put(URL, b"", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "metadata:shape"


def test_xml_round_trip(api, resource):
    response = api.put(URL, SAMPLE.read_bytes(), content_type="application/xml")
    assert response.status_code == 200, response.content
    assert response.json()["titles"][0]["text"] == parse_eml(SAMPLE.read_bytes()).title

    exported = api.get(URL, HTTP_ACCEPT="application/xml")
    assert exported.status_code == 200
    assert exported["Content-Type"] == "application/xml"
    root = etree.fromstring(exported.content)
    assert root.get("packageId") == str(ResourceMetadata.objects.get(resource=resource).package_id)

    before = api.get(URL).json()
    again = api.put(URL, exported.content, content_type="text/xml")
    assert again.status_code == 200
    before["citation"] = again.json()["citation"]  # the export generated the citation
    assert again.json() == before


def test_put_xml_answers_xml_when_asked(api, resource):
    response = api.put(
        URL, SAMPLE.read_bytes(), content_type="application/xml", HTTP_ACCEPT="application/xml"
    )
    assert response["Content-Type"] == "application/xml"
    assert parse_eml(response.content).title == parse_eml(SAMPLE.read_bytes()).title


def test_put_hostile_xml_is_refused_with_the_file_name_and_nothing_changes(api, resource):
    before = api.get(URL).json()
    hostile = (
        b'<?xml version="1.0"?>\n<!DOCTYPE eml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'\n<eml:eml xmlns:eml="https://eml.ecoinformatics.org/eml-2.2.0"><dataset>'
        b"<title>&x;</title></dataset></eml:eml>"
    )

    response = api.put(
        URL,
        hostile,
        content_type="application/xml",
        HTTP_CONTENT_DISPOSITION='attachment; filename="evil.xml"',
        HTTP_ACCEPT="application/xml",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "metadata:eml"
    assert "evil.xml" in response.json()["message"]
    assert api.get(URL).json() == before


def test_markup_is_stored_verbatim_and_returned_json_escaped(api, resource):
    script = "<script>alert('x')</script>"
    body = {**COMPLETE, "titles": [{"text": script}], "abstract": ["<b>bold</b> & <i>co</i>"]}

    response = api.put(URL, body, format="json")

    assert response.status_code == 200
    assert b"<script>" not in response.content and b"<b>" not in response.content
    assert b"\\u003cscript\\u003e" in response.content
    assert json.loads(response.content)["titles"][0]["text"] == script
    stored = ResourceMetadata.objects.get(resource=resource).document
    assert stored["titles"][0]["text"] == script
    assert stored["abstract"] == ["<b>bold</b> & <i>co</i>"]
    assert b"<script>" not in api.get(URL).content


def test_validation_lists_issues_and_section_states(api, resource):
    body = api.get(URL + "/validation").json()

    assert body["valid"] is False
    licence = [i for i in body["issues"] if i["field"].startswith("licence")]
    assert licence and licence[0]["message"]
    assert body["sections"]["basic"] == "invalid"
    assert body["sections"]["acknowledgements"] == "valid"

    api.put(URL, COMPLETE, format="json")
    body = api.get(URL + "/validation").json()
    assert body == {"valid": True, "issues": [], "sections": body["sections"]}
    assert set(body["sections"].values()) == {"valid"}


def test_inferred_coverage_is_computed_by_a_job_and_read_back(manager_user, tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    mapped_resource(manager_user, settings.DATA_DIR)
    api = _client(manager_user)
    assert api.get(URL + "/inferred").json()["computed_at"] == ""

    response = api.post(URL + "/inferred")

    assert response.status_code == 202
    assert response.json()["kind"] == "metadata-infer"
    assert response["Location"].endswith("/api/v1/jobs/%s/" % response.json()["id"])
    execute(response.json()["id"])
    body = api.get(URL + "/inferred").json()
    assert body["bbox"] == {"west": -3.5, "east": 20.25, "north": 50.2, "south": -10.5}
    assert (body["start"], body["end"]) == ("2022-03-01", "2024-05-10")
    assert body["notes"] == []


@pytest.mark.parametrize(
    "fmt, content_type",
    [
        ("text", "text/plain; charset=utf-8"),
        ("bibtex", "application/x-bibtex; charset=utf-8"),
        ("ris", "application/x-research-info-systems; charset=utf-8"),
        ("csl", "application/vnd.citationstyles.csl+json"),
    ],
)
def test_citation_formats_have_their_content_types(api, resource, fmt, content_type):
    api.put(URL, COMPLETE, format="json")

    response = api.get(URL + "/citation?format=" + fmt)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    text = response.content.decode()
    assert "Amphibians of the ponds" in text
    if fmt == "csl":
        assert json.loads(text)[0]["type"] == "dataset"


def test_citation_defaults_to_text_and_refuses_unknown_formats(api, resource):
    assert api.get(URL + "/citation")["Content-Type"].startswith("text/plain")
    response = api.get(URL + "/citation?format=mla")
    assert response.status_code == 400
    assert response.json()["code"] == "metadata:citation-format"


def test_an_unknown_metadata_format_is_a_400_naming_the_formats_not_a_404(api, resource):
    response = api.get(URL + "?format=yaml")

    assert response.status_code == 400
    assert response.json()["code"] == "metadata:format"
    assert response.json()["details"] == {"allowed": ["json", "xml"]}
    assert api.get(URL + "?format=xml")["Content-Type"].startswith("application/xml")


def test_citation_text_is_the_entered_one_when_not_automatic(api, resource):
    api.put(
        URL,
        {**COMPLETE, "citation": {"text": "Lovelace A. Ponds.", "identifier": ""}},
        format="json",
    )
    assert "Amphibians" in api.get(URL + "/citation").content.decode()

    response = api.patch(URL + "/settings", {"citation_auto": False}, format="json")

    assert response.status_code == 200 and response.json()["citation_auto"] is False
    assert api.get(URL + "/citation").content.decode() == "Lovelace A. Ponds."


MODES = ("geographic_coverage_mode", "temporal_coverage_mode", "taxonomic_coverage_mode")


def test_settings_switch_each_coverage_mode_and_refuse_unknown_values(api, resource):
    assert [api.get(URL + "/settings").json()[m] for m in MODES] == ["entered"] * 3
    changed = api.patch(URL + "/settings", {"taxonomic_coverage_mode": "inferred"}, format="json")
    assert [changed.json()[m] for m in MODES] == ["entered", "entered", "inferred"]
    response = api.patch(URL + "/settings", {"temporal_coverage_mode": "guessed"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_settings_coverage_mode_sets_all_three(api, resource):
    changed = api.patch(URL + "/settings", {"coverage_mode": "inferred"}, format="json").json()
    assert [changed[m] for m in MODES] == ["inferred"] * 3
    assert "coverage_mode" not in changed


@pytest.mark.parametrize("path", ENDPOINTS)
def test_anonymous_requests_get_401(api_client, resource, path):
    response = api_client.get(path)
    assert response.status_code == 401
    assert response.json()["code"] == "auth:not-authenticated"
    assert api_client.put(URL, COMPLETE, format="json").status_code == 401


@pytest.mark.parametrize("role", [Role.USER, Role.MANAGER])
@pytest.mark.parametrize("path", ENDPOINTS)
def test_users_who_do_not_manage_the_resource_get_404(resource, role, path):
    other = _client(UserFactory(role=role))

    assert other.get(path).status_code == 404
    assert other.get(URL, HTTP_ACCEPT="application/xml").status_code == 404
    before = ResourceMetadata.objects.filter(resource=resource).first()
    assert other.put(URL, COMPLETE, format="json").status_code == 404
    assert other.post(URL + "/inferred").status_code == 404
    after = ResourceMetadata.objects.filter(resource=resource).first()
    assert (after.document if after else None) == (before.document if before else None)


def test_admins_and_co_managers_may_edit(resource, admin_user, manager_user):
    co_manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(co_manager)
    for user in (admin_user, co_manager):
        assert _client(user).put(URL, COMPLETE, format="json").status_code == 200


def test_contacts_are_offered_to_managers_only(api_client, resource, manager_user, plain_user):
    doc = metadata_get(resource)
    doc.creators = [Agent(given_name="Ada", sur_name="Lovelace", emails=["ada@example.org"])]
    doc.contacts = [Agent(organization="Pond Society")]
    metadata_save(resource, doc)
    api = _client(manager_user)

    body = api.get("/api/v1/contacts/?q=ada").json()["results"]
    assert [c["label"] for c in body] == ["Ada Lovelace"]
    assert body[0]["agent"]["emails"] == ["ada@example.org"]
    organisations = api.get("/api/v1/contacts/?kind=organisation").json()["results"]
    assert [c["label"] for c in organisations] == ["Pond Society"]
    page = api.get("/api/v1/contacts/?page_size=1").json()
    assert page["count"] == 2 and len(page["results"]) == 1
    assert api.get("/api/v1/contacts/?kind=robot").status_code == 400
    assert _client(plain_user).get("/api/v1/contacts/").status_code == 403
    assert api_client.get("/api/v1/contacts/").status_code == 401
