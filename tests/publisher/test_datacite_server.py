"""The DataCite test server enforces the contract the client is tested against: auth per
repository and prefix, the state machine, validation, status codes and JSON:API bodies."""

from __future__ import annotations

import base64
import json

import pytest
import requests

from tests.datacite_server import DataCiteServer, sample_xml

PREFIX = "10.21373"
DOI = PREFIX + "/ponds-1"
AUTH = ("GBIF.TEST", "pw")
TARGET = "https://ipt.example.org/resource?r=ponds"
JSONAPI = {"Content-Type": "application/vnd.api+json"}


@pytest.fixture
def datacite():
    server = DataCiteServer()
    server.add_repository("GBIF.TEST", "pw", (PREFIX,))
    server.add_repository("OTHER.REPO", "other", ("10.80001",))
    server.start()
    yield server
    server.stop()


def body(**attributes) -> str:
    if isinstance(attributes.get("xml"), bytes):
        attributes["xml"] = base64.b64encode(attributes["xml"]).decode("ascii")
    return json.dumps({"data": {"type": "dois", "attributes": attributes}})


def post(datacite, auth=AUTH, **attributes) -> requests.Response:
    return requests.post(
        datacite.url + "/dois", data=body(**attributes), auth=auth, headers=JSONAPI, timeout=5
    )


def put(datacite, doi=DOI, auth=AUTH, **attributes) -> requests.Response:
    return requests.put(
        "%s/dois/%s" % (datacite.url, doi),
        data=body(**attributes),
        auth=auth,
        headers=JSONAPI,
        timeout=5,
    )


def get(datacite, doi=DOI, auth=AUTH) -> requests.Response:
    return requests.get("%s/dois/%s" % (datacite.url, doi), auth=auth, timeout=5)


def delete(datacite, doi: str) -> requests.Response:
    return requests.delete("%s/dois/%s" % (datacite.url, doi), auth=AUTH, timeout=5)


def state(reply: requests.Response) -> str:
    return reply.json()["data"]["attributes"]["state"]


def test_create_answers_201_with_a_json_api_draft(datacite):
    reply = post(datacite, doi=DOI.upper())

    assert reply.status_code == 201
    assert reply.headers["content-type"].startswith("application/vnd.api+json")
    data = reply.json()["data"]
    assert (data["id"], data["type"]) == (DOI, "dois")
    assert data["attributes"]["state"] == "draft"
    assert data["attributes"]["xml"] is None


def test_a_prefix_alone_gets_a_generated_suffix(datacite):
    reply = post(datacite, prefix=PREFIX)

    assert reply.status_code == 201
    assert reply.json()["data"]["id"].startswith(PREFIX + "/")


def test_writes_need_the_repositorys_credentials(datacite):
    assert post(datacite, auth=None, doi=DOI).status_code == 401
    reply = post(datacite, auth=("GBIF.TEST", "wrong"), doi=DOI)

    assert reply.status_code == 401
    assert reply.json() == {"errors": [{"status": "401", "title": "Bad credentials."}]}
    assert datacite.dois() == []


def test_a_doi_under_another_repositorys_prefix_is_forbidden(datacite):
    post(datacite, auth=("OTHER.REPO", "other"), doi="10.80001/theirs")

    assert post(datacite, doi="10.80001/mine").status_code == 403
    assert put(datacite, doi="10.80001/theirs", url=TARGET).status_code == 403
    assert delete(datacite, "10.80001/theirs").status_code == 403
    assert datacite.dois() == ["10.80001/theirs"]


def test_only_findable_dois_are_shown_to_others(datacite):
    post(datacite, doi=DOI)

    assert get(datacite, auth=None).status_code == 404
    assert get(datacite, auth=("OTHER.REPO", "other")).status_code == 404
    assert get(datacite).status_code == 200
    put(datacite, xml=sample_xml(DOI), url=TARGET, event="publish")
    assert state(get(datacite, auth=None)) == "findable"


def test_the_state_machine_follows_datacites_events(datacite):
    post(datacite, doi=DOI)
    xml = sample_xml(DOI)

    assert state(put(datacite, xml=xml, url=TARGET, event="register")) == "registered"
    assert state(put(datacite, event="register")) == "registered"  # ignored, as DataCite does
    assert state(put(datacite, event="publish")) == "findable"
    assert state(put(datacite, event="hide")) == "registered"
    assert state(put(datacite, event="hide")) == "registered"


def test_publishing_needs_a_url_and_metadata(datacite):
    post(datacite, doi=DOI)

    reply = put(datacite, event="publish")

    assert reply.status_code == 422
    assert reply.json() == {
        "errors": [
            {"source": "url", "uid": DOI, "title": "Can't be blank"},
            {"source": "xml", "uid": DOI, "title": "Can't be blank"},
        ]
    }
    assert datacite.doi(DOI)["state"] == "draft"


def test_xml_is_validated_with_the_schema_messages(datacite):
    post(datacite, doi=DOI)
    broken = sample_xml(DOI).replace(b"<titles><title>Pond survey</title></titles>", b"")

    reply = put(datacite, xml=broken, url=TARGET)

    assert reply.status_code == 422
    (error,) = reply.json()["errors"]
    assert error["source"] == "xml" and "titles" in error["title"]
    assert datacite.doi(DOI)["url"] == ""  # a refused request changes nothing


def test_xml_that_is_not_base64_or_not_xml_is_refused(datacite):
    post(datacite, doi=DOI)

    assert put(datacite, xml="%%%").status_code == 422
    assert put(datacite, xml=b"<resource").status_code == 422


def test_the_validator_is_one_function(datacite):
    datacite.validator = lambda xml: ["cvc-complex-type.2.4.a: no way"]
    post(datacite, doi=DOI)

    reply = put(datacite, xml=sample_xml(DOI))

    assert reply.json()["errors"][0]["title"] == "cvc-complex-type.2.4.a: no way"


def test_creating_an_existing_doi_is_422_already_taken(datacite):
    post(datacite, doi=DOI)

    reply = post(datacite, doi=DOI)

    assert reply.status_code == 422
    assert reply.json()["errors"][0]["title"] == "This DOI has already been taken"


def test_a_put_to_an_unknown_doi_creates_it_as_datacite_does(datacite):
    reply = put(datacite, url=TARGET)

    assert reply.status_code == 201
    assert datacite.doi(DOI)["state"] == "draft"
    assert put(datacite, url=TARGET).status_code == 200


def test_only_drafts_can_be_deleted(datacite):
    post(datacite, doi=DOI)
    put(datacite, xml=sample_xml(DOI), url=TARGET, event="register")

    reply = delete(datacite, DOI)

    assert reply.status_code == 405
    assert reply.json() == {"errors": [{"status": "405", "title": "Method not allowed"}]}
    assert "DELETE" not in reply.headers["allow"]
    assert delete(datacite, "10.21373/none").status_code == 404


def test_a_body_that_is_no_json_api_document_is_400(datacite):
    reply = requests.post(
        datacite.url + "/dois", data="doi=1", auth=AUTH, headers=JSONAPI, timeout=5
    )

    assert reply.status_code == 400


def test_doi_reads_related_identifiers_from_the_stored_xml(datacite):
    post(datacite, doi=DOI)
    put(datacite, xml=sample_xml(DOI, related=(PREFIX + "/old",)))

    assert datacite.doi(DOI.upper())["relatedIdentifiers"] == [
        {
            "relatedIdentifier": PREFIX + "/old",
            "relatedIdentifierType": "DOI",
            "relationType": "IsNewVersionOf",
        }
    ]


def test_a_fault_breaks_only_its_route_and_times(datacite):
    datacite.fault("5xx", "POST", times=1)

    assert post(datacite, doi=DOI).status_code == 500
    assert get(datacite).status_code == 404  # nothing was done
    assert post(datacite, doi=DOI).status_code == 201
    assert datacite.sequence() == [
        ("POST", "/dois", 500),
        ("GET", "/dois/" + DOI, 404),
        ("POST", "/dois", 201),
    ]


def test_an_unknown_fault_is_refused(datacite):
    with pytest.raises(ValueError):
        datacite.fault("slow", "GET")


def test_go_down_answers_503_until_come_back(datacite):
    datacite.go_down()

    assert post(datacite, doi=DOI).status_code == 503
    datacite.come_back()
    assert post(datacite, doi=DOI).status_code == 201
