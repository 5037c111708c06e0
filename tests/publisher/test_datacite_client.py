"""The Django-free DataCite client over real HTTP against the contract-faithful server:
requests as DataCite documents them, every answer and every fault as its error class."""

from __future__ import annotations

import base64
import json
import logging
import time

import pytest

from publisher.datacite import (
    PRODUCTION_URL,
    TEST_URL,
    DataCiteBadResponse,
    DataCiteClient,
    DataCiteConflict,
    DataCiteError,
    DataCiteInvalid,
    DataCiteNotAuthorised,
    DataCiteUnreachable,
    DoiRecord,
)
from publisher.datacite.client import MAX_BODY
from tests.datacite_server import DataCiteServer, Reply, sample_xml

REPOSITORY = "GBIF.TEST"
PASSWORD = "s3cret-Datacite-pw"
PREFIX = "10.21373"
DOI = PREFIX + "/ponds-1"
TARGET = "https://ipt.example.org/resource?r=ponds"


@pytest.fixture
def datacite():
    server = DataCiteServer()
    server.add_repository(REPOSITORY, PASSWORD, (PREFIX,))
    server.add_repository("OTHER.REPO", "other-pw", ("10.80001",))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def client(datacite) -> DataCiteClient:
    return DataCiteClient(datacite.url, REPOSITORY, PASSWORD, timeout=5)


def client_for(datacite: DataCiteServer) -> DataCiteClient:
    return DataCiteClient(datacite.url, REPOSITORY, PASSWORD, timeout=5)


def eventually(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def findable(client: DataCiteClient, doi: str = DOI) -> DoiRecord:
    client.create_draft(doi)
    return client.update(doi, xml=sample_xml(doi), url=TARGET, event="publish")


def test_endpoints_are_datacites_production_and_test_apis():
    assert PRODUCTION_URL == "https://api.datacite.org"
    assert TEST_URL == "https://api.test.datacite.org"


# --- happy paths ---------------------------------------------------------------------------


def test_create_draft_posts_the_exact_doi_name_as_json_api(client, datacite):
    record = client.create_draft(DOI)

    assert record == DoiRecord(DOI, "draft", "", None, record.updated)
    assert record.updated.endswith("Z")
    (call,) = datacite.calls("POST")
    assert call.path == "/dois"
    assert call.headers["content-type"] == "application/vnd.api+json"
    assert json.loads(call.body) == {"data": {"type": "dois", "attributes": {"doi": DOI}}}
    assert call.username == REPOSITORY
    assert datacite.doi(DOI)["state"] == "draft"


def test_get_returns_the_record_with_its_xml_decoded(client):
    findable(client)

    record = client.get(DOI.upper())

    assert record is not None
    assert (record.doi, record.state, record.url) == (DOI, "findable", TARGET)
    assert record.xml == sample_xml(DOI)


def test_get_returns_none_for_an_unknown_doi(client):
    assert client.get(PREFIX + "/nothing-here") is None


def test_get_sends_the_credentials_so_a_draft_is_visible(client, datacite):
    client.create_draft(DOI)

    assert client.get(DOI).state == "draft"
    assert DataCiteClient(datacite.url, "OTHER.REPO", "other-pw").get(DOI) is None


def test_update_puts_base64_xml_url_and_event_to_the_doi_path(client, datacite):
    client.create_draft(DOI)

    record = client.update(DOI, xml=sample_xml(DOI), url=TARGET, event="publish")

    assert (record.state, record.url, record.xml) == ("findable", TARGET, sample_xml(DOI))
    (call,) = datacite.calls("PUT")
    assert call.path == "/dois/" + DOI  # the DOI's slash is literal
    assert call.attributes == {
        "xml": base64.b64encode(sample_xml(DOI)).decode("ascii"),
        "url": TARGET,
        "event": "publish",
    }


def test_update_sends_only_the_attributes_given(client, datacite):
    findable(client)

    record = client.update(DOI, url=TARGET + "&v=1.0")

    assert record.url == TARGET + "&v=1.0"
    assert datacite.calls("PUT")[-1].attributes == {"url": TARGET + "&v=1.0"}


def test_register_hide_and_publish_move_the_state(client):
    client.create_draft(DOI)
    xml = sample_xml(DOI)

    assert client.update(DOI, xml=xml, url=TARGET, event="register").state == "registered"
    assert client.update(DOI, event="publish").state == "findable"
    assert client.update(DOI, event="hide").state == "registered"
    assert client.update(DOI, event="publish").state == "findable"


def test_an_event_that_does_not_apply_leaves_the_state_as_datacite_does(client):
    client.create_draft(DOI)

    assert client.update(DOI, event="hide").state == "draft"


def test_update_of_an_unknown_doi_creates_a_draft_as_datacite_does(client, datacite):
    record = client.update(DOI, url=TARGET)

    assert (record.state, record.url) == ("draft", TARGET)
    assert datacite.sequence() == [("PUT", "/dois/" + DOI, 201)]


def test_update_refuses_an_unknown_event_before_sending(client, datacite):
    with pytest.raises(ValueError):
        client.update(DOI, event="show")
    assert datacite.requests == []


def test_delete_draft_deletes_then_finds_it_absent(client, datacite):
    client.create_draft(DOI)

    assert client.delete_draft(DOI) is True
    assert client.delete_draft(DOI) is False
    assert datacite.sequence() == [
        ("POST", "/dois", 201),
        ("DELETE", "/dois/" + DOI, 204),
        ("DELETE", "/dois/" + DOI, 404),
    ]


def test_a_doi_is_quoted_into_the_path_but_keeps_its_slashes(client, datacite):
    odd = PREFIX + "/ipt;(ponds)/v1"

    assert client.doi_url(odd) == client.base_url + "/dois/10.21373/ipt%3B%28ponds%29/v1"
    client.create_draft(odd)
    assert client.get(odd).doi == odd
    assert datacite.dois() == [odd]
    with pytest.raises(ValueError):
        client.doi_url("10.21373/a b")
    with pytest.raises(ValueError):
        client.doi_url("10.21373/../../admin")
    with pytest.raises(ValueError):
        client.get("not-a-doi")


# --- refusals ------------------------------------------------------------------------------


def test_wrong_password_is_not_authorised_for_credentials(datacite):
    wrong = DataCiteClient(datacite.url, REPOSITORY, "wrong-password")

    with pytest.raises(DataCiteNotAuthorised) as caught:
        wrong.create_draft(DOI)

    assert (caught.value.reason, caught.value.status) == ("credentials", 401)
    assert not caught.value.transient
    assert datacite.dois() == []


def test_a_read_with_a_wrong_password_is_not_authorised(datacite):
    with pytest.raises(DataCiteNotAuthorised) as caught:
        DataCiteClient(datacite.url, REPOSITORY, "wrong-password").get(DOI)

    assert caught.value.reason == "credentials"


def test_a_doi_under_another_prefix_is_not_authorised_for_prefix(client, datacite):
    with pytest.raises(DataCiteNotAuthorised) as caught:
        client.create_draft("10.80001/theirs")

    assert (caught.value.reason, caught.value.status) == ("prefix", 403)
    assert "10.80001/theirs" in str(caught.value)
    assert datacite.dois() == []


def test_creating_an_existing_doi_is_a_conflict(client):
    client.create_draft(DOI)

    with pytest.raises(DataCiteConflict) as caught:
        client.create_draft(DOI)

    assert (caught.value.reason, caught.value.status) == ("taken", 422)
    assert caught.value.errors == (("doi", "This DOI has already been taken"),)


def test_publishing_without_url_and_xml_is_invalid_naming_both(client, datacite):
    client.create_draft(DOI)

    with pytest.raises(DataCiteInvalid) as caught:
        client.update(DOI, event="publish")

    assert caught.value.status == 422
    assert caught.value.errors == (("url", "Can't be blank"), ("xml", "Can't be blank"))
    assert datacite.doi(DOI)["state"] == "draft"


def test_xml_the_schema_refuses_is_invalid_with_its_messages(client, datacite):
    client.create_draft(DOI)
    broken = sample_xml(DOI).replace(b"<publisher>Pond Society</publisher>", b"")

    with pytest.raises(DataCiteInvalid) as caught:
        client.update(DOI, xml=broken, url=TARGET, event="publish")

    assert [source for source, _title in caught.value.errors] == ["xml"]
    assert "publisher" in caught.value.errors[0][1]
    assert datacite.doi(DOI)["xml"] is None


def test_deleting_a_findable_doi_is_a_not_draft_conflict(client, datacite):
    findable(client)

    with pytest.raises(DataCiteConflict) as caught:
        client.delete_draft(DOI)

    assert (caught.value.reason, caught.value.status) == ("not-draft", 405)
    assert datacite.doi(DOI)["state"] == "findable"


# --- faults --------------------------------------------------------------------------------


def test_a_500_is_a_transient_bad_response_and_nothing_was_done(client, datacite):
    datacite.fault("5xx", "POST", times=1)

    with pytest.raises(DataCiteBadResponse) as caught:
        client.create_draft(DOI)

    assert (caught.value.status, caught.value.transient) == (500, True)
    assert client.get(DOI) is None


def test_a_500_after_the_work_is_transient_and_get_finds_the_draft(client, datacite):
    datacite.fault("5xx-after", "POST", status=504, times=1)

    with pytest.raises(DataCiteBadResponse) as caught:
        client.create_draft(DOI)

    assert (caught.value.status, caught.value.transient) == (504, True)
    assert client.get(DOI).state == "draft"


def test_a_hanging_datacite_times_out_as_unreachable_after_sending(datacite):
    impatient = DataCiteClient(datacite.url, REPOSITORY, PASSWORD, timeout=0.3)
    datacite.fault("hang", "POST", times=1)

    with pytest.raises(DataCiteUnreachable) as caught:
        impatient.create_draft(DOI)
    datacite.release()

    assert caught.value.transient and caught.value.sent
    assert caught.value.status is None
    assert eventually(lambda: client_for(datacite).get(DOI) is not None)  # done all the same


def test_a_lost_reply_after_create_leaves_a_draft_that_get_finds(client, datacite):
    """What the jobs rely on to never create a DOI twice: after a lost reply, look it up."""
    datacite.fault("lost", "POST", times=1)

    with pytest.raises(DataCiteUnreachable) as caught:
        client.create_draft(DOI)

    assert caught.value.transient and caught.value.sent
    record = client.get(DOI)
    assert record is not None and record.state == "draft"
    assert datacite.sequence() == [("POST", "/dois", 0), ("GET", "/dois/" + DOI, 200)]


def test_a_lost_reply_after_publish_leaves_the_doi_findable(client, datacite):
    client.create_draft(DOI)
    datacite.fault("lost", "PUT", times=1)

    with pytest.raises(DataCiteUnreachable):
        client.update(DOI, xml=sample_xml(DOI), url=TARGET, event="publish")

    assert client.get(DOI).state == "findable"


def test_a_malformed_200_is_a_transient_bad_response(client, datacite):
    datacite.fault("malformed", "POST", times=1)

    with pytest.raises(DataCiteBadResponse) as caught:
        client.create_draft(DOI)

    assert (caught.value.status, caught.value.transient) == (200, True)
    assert client.get(DOI).state == "draft"


def test_datacite_answering_503_is_a_transient_bad_response(client, datacite):
    datacite.go_down("503")

    with pytest.raises(DataCiteBadResponse) as caught:
        client.get(DOI)

    assert (caught.value.status, caught.value.transient) == (503, True)


def test_a_refused_connection_is_unreachable_and_certainly_not_sent(client, datacite):
    datacite.go_down("refuse")

    with pytest.raises(DataCiteUnreachable) as caught:
        client.create_draft(DOI)
    datacite.come_back()

    assert caught.value.transient and not caught.value.sent
    assert client.create_draft(DOI).state == "draft"


def test_a_redirect_on_a_write_is_not_followed(datacite, monkeypatch):
    monkeypatch.setattr(datacite, "_served", lambda request: Reply(307, b"", "text/plain"))
    client = DataCiteClient(datacite.url, REPOSITORY, PASSWORD)

    with pytest.raises(DataCiteBadResponse) as caught:
        client.create_draft(DOI)

    assert (caught.value.status, caught.value.transient) == (307, False)
    assert len(datacite.requests) == 1


def test_an_oversized_reply_is_refused(datacite, monkeypatch):
    monkeypatch.setattr(datacite, "_served", lambda r: Reply(200, b" " * (MAX_BODY + 10)))
    client = DataCiteClient(datacite.url, REPOSITORY, PASSWORD)

    with pytest.raises(DataCiteBadResponse, match="larger than"):
        client.get(DOI)


# --- the password stays secret --------------------------------------------------------------


def every_failure(client: DataCiteClient, datacite: DataCiteServer) -> list[DataCiteError]:
    """One error of each kind the client raises, as the client raised it."""
    failures: list[DataCiteError] = []

    def attempt(call) -> None:
        try:
            call()
        except DataCiteError as exc:
            failures.append(exc)

    attempt(lambda: DataCiteClient(datacite.url, REPOSITORY, "wrong").create_draft(DOI))
    attempt(lambda: client.create_draft("10.80001/theirs"))
    client.create_draft(DOI)
    attempt(lambda: client.create_draft(DOI))
    attempt(lambda: client.update(DOI, event="publish"))
    datacite.fault("malformed", "GET", times=1)
    attempt(lambda: client.get(DOI))
    datacite.fault("lost", "GET", times=1)
    attempt(lambda: client.get(DOI))
    datacite.go_down("refuse")
    attempt(lambda: client.get(DOI))
    datacite.come_back()
    return failures


def test_the_password_appears_in_no_log_line_and_no_error(client, datacite, caplog):
    caplog.set_level(logging.DEBUG)

    failures = every_failure(client, datacite)

    assert len(failures) == 7
    assert caplog.records
    assert PASSWORD not in caplog.text
    for failure in failures:
        shown = " ".join([str(failure), failure.url, repr(failure.params), repr(failure)])
        assert PASSWORD not in shown
    assert PASSWORD not in repr(client)


def test_messages_are_templates_with_their_params(client):
    client.create_draft(DOI)

    with pytest.raises(DataCiteConflict) as caught:
        client.create_draft(DOI)

    assert caught.value.message == "The DOI %(doi)s exists already in DataCite."
    assert caught.value.params == {"doi": DOI}
    assert str(caught.value) == "The DOI %s exists already in DataCite." % DOI
