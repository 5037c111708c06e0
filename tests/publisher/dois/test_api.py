"""The DOI endpoint (issue #23): GET shows the DOIs to managers; POST reserves and DELETE
deletes the reserved DOI (202 with the job) for publishers and admins only."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.models import Job, JobStatus
from publisher.services.dois import DOI_DELETE, DOI_RESERVE
from resources.models import Doi, DoiStatus, Version
from tests.factories import ResourceFactory, UserFactory
from tests.resources.publication.conftest import make_resource

from .conftest import PREFIX, reserved, run

URL = "/api/v1/resources/ponds/doi"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_publisher_reserves_a_doi_and_follows_its_job(publisher, ponds, account, datacite):
    client = api(publisher)
    assert client.get(URL).json()["dois"] == []
    response = client.post(URL, {}, format="json")
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    assert job.kind == DOI_RESERVE
    assert response["Location"].endswith("/api/v1/jobs/%s/" % job.pk)
    assert run(job).status == JobStatus.SUCCEEDED
    state = client.get(URL).json()
    doi = state["reserved"]
    assert doi.startswith(PREFIX + "/") and state["current"] == ""
    assert state["dois"][0]["status"] == DoiStatus.RESERVED
    assert state["dois"][0]["datacite_state"] == "draft"
    assert (state["next_version"], state["registers_next"]) == ("1.0", False)
    assert state["prefix"] == PREFIX and state["refusal"] == ""
    assert state["last_job"]["id"] == str(job.pk)
    assert datacite.doi(doi)["state"] == "draft"


def test_a_given_doi_is_reserved_as_given(publisher, ponds, account):
    response = api(publisher).post(URL, {"doi": "https://doi.org/%s/Pond-7" % PREFIX})
    assert response.status_code == 202
    assert run(Job.objects.get(pk=response.json()["id"])).status == JobStatus.SUCCEEDED
    assert ponds.dois.get().doi.lower() == (PREFIX + "/pond-7").lower()


def test_reserving_twice_is_a_conflict(publisher, ponds, account):
    doi = reserved(ponds, publisher).doi
    response = api(publisher).post(URL, {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "doi:reserved" and doi in response.json()["message"]
    assert Job.objects.filter(kind=DOI_RESERVE).count() == 1


def test_reserving_while_a_doi_job_runs_is_a_conflict(publisher, ponds, account):
    assert api(publisher).post(URL, {}, format="json").status_code == 202
    response = api(publisher).delete(URL)
    assert response.status_code == 409 and response.json()["code"] == "doi:running"


def test_a_doi_under_another_prefix_is_refused(publisher, ponds, account):
    response = api(publisher).post(URL, {"doi": "10.5555/elsewhere"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "doi:invalid"
    assert not ponds.dois.exists()


def test_reserving_without_an_active_account_says_so(publisher, ponds):
    response = api(publisher).post(URL, {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "doi:no-account"
    assert api(publisher).get(URL).json()["prefix"] == ""


def test_a_publisher_deletes_the_reserved_doi(publisher, ponds, account, datacite):
    doi = reserved(ponds, publisher).doi
    response = api(publisher).delete(URL)
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    assert job.kind == DOI_DELETE
    assert run(job).status == JobStatus.SUCCEEDED
    assert api(publisher).get(URL).json()["reserved"] == ""
    assert doi not in datacite.dois()


def test_deleting_without_a_reserved_doi_is_not_found(publisher, ponds, account):
    response = api(publisher).delete(URL)
    assert response.status_code == 404 and response.json()["code"] == "doi:none"


def test_a_plain_manager_reads_but_may_not_write(manager, publisher, ponds, account):
    reserved(ponds, publisher)
    client = api(manager)
    state = client.get(URL).json()
    assert state["reserved"] and "Publisher role" in state["refusal"]
    for response in (client.post(URL, {}, format="json"), client.delete(URL)):
        assert response.status_code == 403
        assert response.json()["code"] == "doi:forbidden"
    assert ponds.dois.get().status == DoiStatus.RESERVED


def test_an_admin_may_reserve(admin_user, ponds, account):
    assert api(admin_user).post(URL, {}, format="json").status_code == 202


def test_an_unknown_or_foreign_resource_is_not_found(publisher, ponds, account):
    assert api(publisher).get("/api/v1/resources/nope/doi").status_code == 404
    assert api(publisher).post("/api/v1/resources/nope/doi", {}).status_code == 404
    stranger = UserFactory(role="publisher")
    for response in (
        api(stranger).get(URL),
        api(stranger).post(URL, {}),
        api(stranger).delete(URL),
    ):
        assert response.status_code == 404
    assert APIClient().get(URL).status_code == 401
    assert not Job.objects.exists()


def test_the_resource_details_carry_the_current_doi(publisher, ponds, account):
    assert api(publisher).get("/api/v1/resources/ponds/").json()["doi"] == ""
    row = reserved(ponds, publisher)
    assert api(publisher).get("/api/v1/resources/ponds/").json()["doi"] == ""  # only reserved
    # What a public publication stores when it registers the DOI (1.0 had none).
    Doi.objects.filter(pk=row.pk).update(status=DoiStatus.REGISTERED)
    for major, minor, doi in ((1, 0, ""), (2, 0, row.doi), (2, 1, row.doi)):
        Version.objects.create(
            resource=ponds, major=major, minor=minor, label="%d.%d" % (major, minor), doi=doi
        )
    assert api(publisher).get("/api/v1/resources/ponds/").json()["doi"] == row.doi
    listed = api(publisher).get("/api/v1/resources/").json()
    listed = listed.get("results", listed)
    assert [r["doi"] for r in listed if r["shortname"] == "ponds"] == [row.doi]
    state = api(publisher).get(URL).json()
    assert (state["current"], state["reserved"]) == (row.doi, "")
    assert state["dois"][0]["versions"] == ["2.0", "2.1"] and state["dois"][0]["current"]


def _run_pending() -> None:
    """Run what a worker would take, oldest first, until no job is pending (a publication
    queues the DataCite update)."""
    while job := Job.objects.filter(status=JobStatus.PENDING).order_by("created_at").first():
        assert run(job).status == JobStatus.SUCCEEDED, (job.kind, job.error_message)


def test_the_doi_journey_over_the_api(publisher, account, datacite, data_dir):
    resource = make_resource(publisher, "newts")
    resource.organisation = account  # a DataCite record names the publisher
    resource.save(update_fields=["organisation"])
    client = api(publisher)
    url = "/api/v1/resources/newts/doi"
    assert client.post(url, {}, format="json").status_code == 202
    _run_pending()
    doi = client.get(url).json()["reserved"]
    body = {"visibility": "public"}
    assert client.patch("/api/v1/resources/newts/visibility", body).status_code == 200
    assert client.get(url).json()["registers_next"]

    assert client.post("/api/v1/resources/newts/publish", {}).status_code == 202
    _run_pending()  # the publication, then the DataCite update it queued
    state = client.get(url).json()
    assert (state["current"], state["reserved"]) == (doi, "")
    assert state["dois"][0]["versions"] == ["1.0"]
    assert datacite.doi(doi)["state"] == "findable"
    assert client.post("/api/v1/resources/newts/publish", {}).status_code == 202
    _run_pending()
    assert client.get(url).json()["dois"][0]["versions"] == ["1.0", "1.1"]
    assert client.get("/api/v1/resources/newts/").json()["doi"] == doi

    assert client.delete("/api/v1/resources/newts/").status_code == 204
    _run_pending()
    assert datacite.doi(doi)["state"] == "registered"  # hidden, leads to the tombstone
    assert APIClient().get("/resource?r=newts").status_code == 410
    assert client.post("/api/v1/resources/newts/restore").status_code == 200
    _run_pending()
    assert datacite.doi(doi)["state"] == "findable"
    assert datacite.dois() == [doi.lower()]


def _resources_with_dois(owner, numbers: range) -> None:
    for i in numbers:
        resource = ResourceFactory(shortname="listed-%d" % i, creator=owner)
        resource.managers.add(owner)
        Version.objects.create(
            resource=resource, major=1, minor=0, label="1.0", doi="%s/list%d" % (PREFIX, i)
        )


def test_the_resource_list_reads_the_dois_in_a_constant_number_of_queries(publisher):
    client = api(publisher)
    _resources_with_dois(publisher, range(2))
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/resources/")
    _resources_with_dois(publisher, range(2, 7))
    with CaptureQueriesContext(connection) as many:
        listed = client.get("/api/v1/resources/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert {r["doi"] for r in rows} == {"%s/list%d" % (PREFIX, i) for i in range(7)}
    assert len(many) == len(few), (len(few), len(many))
