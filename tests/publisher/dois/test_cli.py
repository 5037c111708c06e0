"""``manage.py doi reserve|delete|status`` (issue #23): run inline against the test DataCite,
in text and JSON, with the API's error codes."""

from __future__ import annotations

import pytest

from core.crypto import encrypt
from core.models import Job, JobStatus
from resources.models import DoiStatus
from tests.cli.conftest import cli
from tests.resources.publication.conftest import make_resource

from .conftest import PREFIX, run

# --inline runs the job in a thread of its own, on its own database connection.
pytestmark = pytest.mark.django_db(transaction=True)


def test_reserve_status_and_delete_inline_in_json(publisher, ponds, account, datacite):
    reserved = cli("doi", "reserve", "ponds", "--inline", "--user", publisher.email, "--json")
    assert reserved.status == 0, reserved.err
    body = reserved.body
    assert body["ok"] and body["job"]["status"] == "succeeded"
    doi = body["doi"]["reserved"]
    assert doi.startswith(PREFIX + "/") and datacite.doi(doi)["state"] == "draft"
    assert body["doi"]["dois"][0]["status"] == DoiStatus.RESERVED
    assert body["doi"]["last_job"]["id"] == body["job"]["id"]

    status = cli("doi", "status", "ponds", "--user", publisher.email, "--json")
    assert status.status == 0 and "job" not in status.body
    assert (status.body["doi"]["reserved"], status.body["doi"]["next_version"]) == (doi, "1.0")

    deleted = cli("doi", "delete", "ponds", "--inline", "--user", publisher.email, "--json")
    assert deleted.status == 0, deleted.err
    assert deleted.body["job"]["status"] == "succeeded"
    assert deleted.body["doi"]["reserved"] == "" and deleted.body["doi"]["dois"] == []
    assert datacite.dois() == []


def test_a_given_doi_is_reserved_and_the_status_reads_for_people(publisher, ponds, account):
    given = PREFIX + "/ponds-2024"
    result = cli("doi", "reserve", "ponds", "--doi", given, "--inline", "--user", publisher.email)
    assert result.status == 0, result.err
    assert "succeeded" in result.out and "Reserved DOI: %s (reserved)" % given in result.out
    status = cli("doi", "status", "ponds", "--user", publisher.email)
    assert "Current DOI: none" in status.out
    assert "registers it as version 1.0" in status.out


def test_a_plain_manager_is_refused_with_the_api_code(manager, ponds, account):
    result = cli("doi", "reserve", "ponds", "--inline", "--user", manager.email, "--json")
    assert result.status == 1
    assert result.body == {
        "ok": False,
        "code": "doi:forbidden",
        "message": result.body["message"],
        "details": result.body.get("details"),
    }
    assert "Publisher role" in result.body["message"]
    assert not Job.objects.exists() and not ponds.dois.exists()
    assert cli("doi", "status", "ponds", "--user", manager.email, "--json").status == 0


def test_a_failed_job_exits_1_with_its_code(publisher, ponds, account):
    account.doi_password = encrypt("wrong")  # DataCite answers 401: a user error, no retry
    account.save()
    result = cli("doi", "reserve", "ponds", "--inline", "--user", publisher.email, "--json")
    assert result.status == 1
    assert result.body["code"] == "doi:not-authorised"
    assert result.body["job"]["status"] == "failed"
    assert ponds.dois.get().status == DoiStatus.RESERVING


def test_deleting_without_a_reserved_doi_says_so(publisher, ponds, account):
    result = cli("doi", "delete", "ponds", "--inline", "--user", publisher.email)
    assert result.status == 1 and "doi:none" in result.err


def test_an_unknown_resource_is_not_found(publisher, account):
    result = cli("doi", "status", "nope", "--user", publisher.email, "--json")
    assert result.status == 1 and result.body["code"] == "not-found"


def _run_pending() -> None:
    """What a worker would do with the jobs the commands queued, oldest first."""
    while job := Job.objects.filter(status=JobStatus.PENDING).order_by("created_at").first():
        assert run(job).status == JobStatus.SUCCEEDED, (job.kind, job.error_message)


def test_the_doi_journey_on_the_command_line(publisher, account, datacite, data_dir, monkeypatch):
    monkeypatch.setattr("core.services.jobs._enqueue", lambda job, queue: None)  # no worker
    resource = make_resource(publisher, "newts")
    resource.organisation = account
    resource.save(update_fields=["organisation"])
    user = ("--user", publisher.email)
    reserved = cli("doi", "reserve", "newts", "--inline", *user, "--json")
    assert reserved.status == 0, reserved.err
    doi = reserved.body["doi"]["reserved"]
    assert cli("visibility", "newts", "public", *user).status == 0
    published = cli("publish", "newts", "--inline", *user, "--json")
    assert published.status == 0, published.err
    _run_pending()  # the DataCite update the publication queued
    status = cli("doi", "status", "newts", *user, "--json").body["doi"]
    assert (status["current"], status["reserved"]) == (doi, "")
    assert status["dois"][0]["versions"] == ["1.0"]
    assert status["dois"][0]["datacite_state"] == "findable"
    text = cli("doi", "status", "newts", *user).out
    assert "Current DOI: %s" % doi in text and "https://doi.org/%s: versions 1.0" % doi in text

    assert cli("visibility", "newts", "withdraw", *user).status == 0
    _run_pending()
    assert datacite.doi(doi)["state"] == "registered"
    assert cli("visibility", "newts", "restore", *user).status == 0
    _run_pending()
    assert datacite.doi(doi)["state"] == "findable"
    refused = cli("doi", "delete", "newts", "--inline", *user, "--json")
    assert refused.status == 1 and refused.body["code"] == "doi:none"  # registered stays
