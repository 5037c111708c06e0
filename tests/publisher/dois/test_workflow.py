"""The DOI workflow against the contract-faithful DataCite server (issue #23): reserve,
register with the first public version (a new major version), update at each publication,
re-point a replaced DOI, hide on deletion, show again on restore; and every fault the server
can make, none of which may leave two DOIs for one version or a DOI leading to a 404."""

from __future__ import annotations

import pytest
from django.test import Client

from core.models import Job, JobStatus
from publisher.models import Role
from publisher.services.dois import (
    DOI_SYNC,
    doi_account_set,
    doi_delete_start,
    doi_reserve_start,
    doi_state,
)
from resources.models import DoiStatus, Visibility
from resources.services.visibility import resource_visibility_change
from tests.factories import UserFactory
from tests.resources.publication.conftest import make_resource, publish_inline
from workflows.resources import resource_delete, resource_restore

from .conftest import PASSWORD, PREFIX, REPOSITORY, reserved, run

BASE = "http://testserver"


@pytest.fixture
def ponds(publisher, account, data_dir, settings):
    """The demo pond survey, mapped and publishable, published through ``account``."""
    settings.BASE_URL = BASE
    resource = make_resource(publisher, "ponds")
    resource.organisation = account
    resource.save(update_fields=["organisation"])
    return resource


def run_pending(kind: str = DOI_SYNC) -> list[Job]:
    """Run the pending jobs of ``kind`` once each, as a worker would."""
    return [run(job) for job in Job.objects.filter(kind=kind, status=JobStatus.PENDING)]


def make_public(resource, user) -> None:
    resource_visibility_change(resource=resource, user=user, visibility=Visibility.PUBLIC)


def test_reserve_publish_update_delete_restore(datacite, ponds, publisher):
    assert publish_inline(ponds, publisher).status == JobStatus.SUCCEEDED  # 1.0, private
    doi = reserved(ponds, publisher)
    assert doi.status == DoiStatus.RESERVED and doi.doi.startswith(PREFIX + "/")
    assert datacite.doi(doi.doi)["state"] == "draft"

    make_public(ponds, publisher)
    job = publish_inline(ponds, publisher)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    version = ponds.versions.order_by("-major", "-minor").first()
    assert (version.label, version.doi) == ("2.0", doi.doi)
    eml = (version_eml := version_eml_text(version))
    assert f"https://doi.org/{doi.doi}" in eml and f'packageId="{doi.doi}"' in eml, eml[:400]
    [sync] = run_pending()
    assert sync.status == JobStatus.SUCCEEDED, sync.error_message
    held = datacite.doi(doi.doi)
    assert held["state"] == "findable"
    assert held["url"] == f"{BASE}/resource?r=ponds"
    assert b"Pond survey" in held["xml"]

    assert publish_inline(ponds, publisher).status == JobStatus.SUCCEEDED  # 2.1
    assert run_pending()[0].status == JobStatus.SUCCEEDED
    assert b"<version>2.1</version>" in datacite.doi(doi.doi)["xml"]
    assert datacite.dois() == [doi.doi]  # still one DOI

    resource_delete(resource=ponds, user=publisher)
    ponds.refresh_from_db()
    assert ponds.visibility == Visibility.DELETED
    run_pending()
    assert datacite.doi(doi.doi)["state"] == "registered"  # hidden
    page = Client().get("/resource?r=ponds")
    assert page.status_code == 410
    assert doi.doi in page.content.decode()
    assert "no-cache" in page["Cache-Control"]  # it can be restored: never cached as gone

    resource_restore(resource=ponds, user=publisher)
    ponds.refresh_from_db()
    assert ponds.visibility == Visibility.PUBLIC
    run_pending()
    assert datacite.doi(doi.doi)["state"] == "findable"
    assert Client().get("/resource?r=ponds").status_code == 200
    del version_eml


def version_eml_text(version) -> str:
    from resources.services.publication import version_path

    return version_path(version, "eml").read_text(encoding="utf-8")


def test_a_new_doi_replaces_the_current_one_and_both_stay_linked(datacite, ponds, publisher):
    make_public(ponds, publisher)
    first = reserved(ponds, publisher)
    publish_inline(ponds, publisher)  # 1.0 with the first DOI
    publish_inline(ponds, publisher)  # 1.1
    run_pending()
    second = run(doi_reserve_start(resource=ponds, user=publisher, enqueue=False))
    assert second.status == JobStatus.SUCCEEDED
    new = ponds.dois.exclude(pk=first.pk).get()
    job = publish_inline(ponds, publisher)
    assert job.status == JobStatus.SUCCEEDED
    assert ponds.versions.order_by("-major", "-minor").first().label == "2.0"
    run_pending()
    old_held, new_held = datacite.doi(first.doi), datacite.doi(new.doi)
    assert old_held["url"] == f"{BASE}/resource?r=ponds&v=1.1"
    assert new_held["url"] == f"{BASE}/resource?r=ponds"
    assert ("IsPreviousVersionOf", new.doi) in _relations(old_held)
    assert ("IsNewVersionOf", first.doi) in _relations(new_held)
    assert Client().get("/resource?r=ponds&v=1.1").status_code == 200
    assert doi_state(ponds)["current"] == new.doi


def _relations(held: dict) -> set[tuple[str, str]]:
    return {(r["relationType"], r["relatedIdentifier"].lower()) for r in held["relatedIdentifiers"]}


def test_a_private_publication_keeps_the_doi_reserved(datacite, ponds, publisher):
    doi = reserved(ponds, publisher)
    assert publish_inline(ponds, publisher).status == JobStatus.SUCCEEDED
    version = ponds.versions.get()
    assert (version.label, version.doi) == ("1.0", "")
    doi.refresh_from_db()
    assert doi.status == DoiStatus.RESERVED
    assert datacite.doi(doi.doi)["state"] == "draft"


def test_a_reserved_doi_is_deleted_as_a_draft(datacite, ponds, publisher):
    doi = reserved(ponds, publisher)
    job = run(doi_delete_start(resource=ponds, user=publisher, enqueue=False))
    assert job.status == JobStatus.SUCCEEDED
    assert not ponds.dois.exists()
    assert datacite.dois() == []
    assert ("DELETE", f"/dois/{doi.doi}", 204) in datacite.sequence()


def test_a_manager_without_registration_rights_cannot_reserve(ponds, account):
    manager = UserFactory(role=Role.MANAGER)
    ponds.managers.add(manager)
    with pytest.raises(Exception) as caught:
        doi_reserve_start(resource=ponds, user=manager, enqueue=False)
    assert caught.value.code == "doi:forbidden"


def test_a_resource_with_a_registered_doi_cannot_become_private(datacite, ponds, publisher):
    make_public(ponds, publisher)
    reserved(ponds, publisher)
    publish_inline(ponds, publisher)
    with pytest.raises(Exception) as caught:
        resource_visibility_change(resource=ponds, user=publisher, visibility=Visibility.PRIVATE)
    assert caught.value.code == "visibility:doi"


# --- faults: never two DOIs, never a DOI leading to a 404 -------------------------------------


@pytest.mark.parametrize("mode", ["lost", "5xx-after", "5xx", "malformed"])
def test_a_reservation_retried_after_a_fault_makes_one_doi(datacite, ponds, publisher, mode):
    datacite.fault(mode, "POST", times=1)
    job = run(doi_reserve_start(resource=ponds, user=publisher, enqueue=False))
    assert job.status == JobStatus.PENDING  # an outage: retried
    job = run(job)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert len(datacite.dois()) == 1
    assert ponds.dois.get().status == DoiStatus.RESERVED


def test_a_hanging_datacite_is_retried(datacite, ponds, publisher):
    datacite.fault("hang", "POST", times=1)
    job = run(doi_reserve_start(resource=ponds, user=publisher, enqueue=False))
    datacite.release()
    assert job.status == JobStatus.PENDING
    assert run(job).status == JobStatus.SUCCEEDED
    assert len(datacite.dois()) == 1


@pytest.mark.parametrize("mode", ["lost", "5xx-after", "5xx", "malformed"])
def test_a_registration_retried_after_a_fault_registers_once(datacite, ponds, publisher, mode):
    make_public(ponds, publisher)
    doi = reserved(ponds, publisher)
    publish_inline(ponds, publisher)
    datacite.fault(mode, "PUT", times=1)
    [job] = run_pending()
    assert job.status == JobStatus.PENDING
    assert run(job).status == JobStatus.SUCCEEDED
    assert datacite.dois() == [doi.doi]
    held = datacite.doi(doi.doi)
    assert held["state"] == "findable"
    assert Client().get(held["url"].replace(BASE, "")).status_code == 200


def test_datacite_down_keeps_the_version_and_registers_later(datacite, ponds, publisher):
    make_public(ponds, publisher)
    doi = reserved(ponds, publisher)
    datacite.go_down("refuse")
    assert publish_inline(ponds, publisher).status == JobStatus.SUCCEEDED
    [job] = run_pending()
    assert job.status == JobStatus.PENDING
    datacite.come_back()
    assert run(job).status == JobStatus.SUCCEEDED
    assert datacite.doi(doi.doi)["state"] == "findable"


def test_metadata_datacite_refuses_fails_the_publication_before_a_version(
    datacite, ponds, publisher
):
    make_public(ponds, publisher)
    reserved(ponds, publisher)
    ponds.organisation = None  # the EML is valid, but DataCite needs a publisher
    ponds.save()
    job = publish_inline(ponds, publisher)
    assert job.status == JobStatus.FAILED
    assert job.error_code == "publication:doi-metadata"
    assert "publishing organisation" in job.error_message
    assert not ponds.versions.exists()
    assert ponds.dois.get().status == DoiStatus.RESERVED
    assert datacite.doi(ponds.dois.get().doi)["state"] == "draft"


def test_wrong_datacite_password_fails_the_reservation_with_a_clear_error(
    datacite, ponds, publisher, account
):
    doi_account_set(
        organisation=account,
        repository=REPOSITORY,
        password="wrong",
        prefix=PREFIX,
        system="test",
        active=True,
        api_url=datacite.url,
    )
    job = run(doi_reserve_start(resource=ponds, user=publisher, enqueue=False))
    assert job.status == JobStatus.FAILED
    assert job.error_code == "doi:not-authorised"
    assert PASSWORD not in (job.error_message or "") and "wrong" not in (job.log or "")


@pytest.mark.parametrize("mode", ["lost", "5xx-after", "5xx", "malformed"])
def test_a_draft_deletion_retried_after_a_fault_ends_with_no_doi(datacite, ponds, publisher, mode):
    reserved(ponds, publisher)
    datacite.fault(mode, "DELETE", times=1)
    job = run(doi_delete_start(resource=ponds, user=publisher, enqueue=False))
    if job.status == JobStatus.PENDING:  # an outage: retried (a 2xx body is not read)
        job = run(job)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert datacite.dois() == []
    assert not ponds.dois.exists()


@pytest.mark.parametrize("mode", ["lost", "5xx", "hang"])
def test_hiding_and_showing_again_survive_faults(datacite, ponds, publisher, mode):
    make_public(ponds, publisher)
    doi = reserved(ponds, publisher)
    publish_inline(ponds, publisher)
    run_pending()
    resource_delete(resource=ponds, user=publisher)
    datacite.fault(mode, "PUT", times=1)
    [job] = run_pending()
    datacite.release()
    assert job.status == JobStatus.PENDING
    assert run(job).status == JobStatus.SUCCEEDED
    assert datacite.doi(doi.doi)["state"] == "registered"
    ponds.refresh_from_db()
    resource_restore(resource=ponds, user=publisher)
    datacite.fault(mode, "PUT", times=1)
    [job] = run_pending()
    datacite.release()
    assert run(job).status == JobStatus.SUCCEEDED
    held = datacite.doi(doi.doi)
    assert held["state"] == "findable" and datacite.dois() == [doi.doi]
    assert Client().get(held["url"].replace(BASE, "")).status_code == 200
