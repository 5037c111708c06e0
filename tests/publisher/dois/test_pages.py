"""The DOI pages (issue #23): the DataCite account on the organisation page, the DOI card of
the resource overview with its forms, the publish notice, the landing page and the
tombstone."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from core.crypto import encrypt
from core.models import Job, JobStatus
from publisher.models import Organisation, Role
from publisher.services.dois import DOI_DELETE, DOI_RESERVE
from resources.models import DoiStatus, Visibility
from resources.services.visibility import resource_visibility_change
from tests.factories import UserFactory
from tests.resources.publication.conftest import make_resource, publish_inline
from workflows.resources import resource_delete

from .conftest import PASSWORD, PREFIX, REPOSITORY, reserved, run


def _as(client, user):
    client.force_login(user)
    return client


def _text(response) -> str:
    return response.content.decode()


# --- the DataCite account of an organisation --------------------------------------------------


def _account_form(**changes) -> dict:
    return {
        "doi_repository": REPOSITORY,
        "doi_password": PASSWORD,
        "doi_prefix": PREFIX,
        "doi_system": "test",
        "doi_api_url": "",
        "doi_active": "on",
        **changes,
    }


@pytest.fixture
def society(db):
    return Organisation.objects.create(
        key="9d3e1f0c-2b7a-4c55-8e61-0a9b8c7d6e5f", name="Newt Society", token="x"
    )


def test_the_admin_saves_a_doi_account_whose_password_is_kept_encrypted(
    client, admin_user, society
):
    _as(client, admin_user)
    response = client.post(reverse("organisation-doi", args=[society.pk]), _account_form())
    assert response.status_code == 302
    society.refresh_from_db()
    assert (society.doi_repository, society.doi_prefix, society.doi_active) == (
        REPOSITORY,
        PREFIX,
        True,
    )
    assert society.doi_password and PASSWORD not in society.doi_password
    page = _text(client.get(reverse("organisation-edit", args=[society.pk])))
    assert 'data-testid="doi-account-active"' in page
    assert PASSWORD not in page and society.doi_password not in page
    assert re.search(r'<input type="password" name="doi_password"[^>]*>', page)
    assert 'name="doi_password" value=' not in page


def test_an_empty_password_keeps_the_stored_one(client, admin_user, society):
    _as(client, admin_user)
    client.post(reverse("organisation-doi", args=[society.pk]), _account_form())
    society.refresh_from_db()
    stored = society.doi_password
    client.post(
        reverse("organisation-doi", args=[society.pk]),
        _account_form(doi_password="", doi_prefix="10.80999"),
    )
    society.refresh_from_db()
    assert society.doi_prefix == "10.80999" and society.doi_password == stored


def test_only_one_doi_account_is_active(client, admin_user, society, account):
    _as(client, admin_user)
    client.post(reverse("organisation-doi", args=[society.pk]), _account_form())
    account.refresh_from_db()
    assert not account.doi_active
    assert list(Organisation.objects.filter(doi_active=True)) == [society]
    page = _text(client.get(reverse("organisation-list")))
    assert page.count('data-testid="doi-account-badge"') == 1
    row = page[page.index(">Newt Society</a>") :]
    assert row.index('data-testid="doi-account-badge"') < row.index("</tr>")


def test_a_bad_prefix_is_shown_on_its_field_and_nothing_is_saved(client, admin_user, society):
    _as(client, admin_user)
    response = client.post(
        reverse("organisation-doi", args=[society.pk]), _account_form(doi_prefix="10.1")
    )
    assert response.status_code == 200
    page = _text(response)
    assert 'id="id_doi_prefix_error"' in page and "10. followed by 4 to 9 digits" in page
    assert PASSWORD not in page  # the password typed is not sent back either
    society.refresh_from_db()
    assert society.doi_repository == "" and not society.doi_active


def test_a_first_account_needs_a_password(client, admin_user, society):
    _as(client, admin_user)
    response = client.post(
        reverse("organisation-doi", args=[society.pk]), _account_form(doi_password="")
    )
    assert "Enter the repository&#x27;s password." in _text(response)
    society.refresh_from_db()
    assert not society.has_doi_account


@pytest.mark.parametrize("role", [Role.PUBLISHER, Role.MANAGER])
def test_only_admins_edit_doi_accounts(client, society, role):
    _as(client, UserFactory(role=role))
    response = client.post(reverse("organisation-doi", args=[society.pk]), _account_form())
    assert response.status_code == 403
    society.refresh_from_db()
    assert society.doi_repository == ""


# --- the DOI card ----------------------------------------------------------------------------


def test_a_publisher_sees_the_reserve_form(client, publisher, ponds, account):
    page = _text(_as(client, publisher).get(reverse("resource-overview", args=["ponds"])))
    assert 'data-testid="doi-reserve-form"' in page
    assert 'data-testid="doi-forbidden"' not in page
    assert PREFIX in page  # the help names the prefix


def test_a_manager_without_rights_sees_why_instead_of_buttons(client, manager, ponds, account):
    page = _text(_as(client, manager).get(reverse("resource-overview", args=["ponds"])))
    assert 'data-testid="doi-forbidden"' in page and "Publisher role" in page
    assert 'data-testid="doi-reserve-form"' not in page


def test_the_card_says_when_no_account_is_active(client, publisher, ponds):
    page = _text(_as(client, publisher).get(reverse("resource-overview", args=["ponds"])))
    assert 'data-testid="doi-no-account"' in page
    assert 'data-testid="doi-reserve-form"' not in page


def test_anonymous_visitors_are_sent_to_the_login_page(client, ponds):
    response = client.get(reverse("resource-overview", args=["ponds"]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    response = client.post(reverse("resource-doi-reserve", args=["ponds"]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not Job.objects.exists()


def test_reserving_queues_the_job_and_the_card_follows_it(client, publisher, ponds, account):
    _as(client, publisher)
    response = client.post(reverse("resource-doi-reserve", args=["ponds"]), {"doi": ""})
    job = Job.objects.get(kind=DOI_RESERVE)
    assert response["Location"].endswith("?job=%s#doi" % job.pk)
    page = _text(client.get(response["Location"]))
    assert 'data-testid="doi-running"' in page
    assert 'hx-get="%s"' % reverse("job-progress", args=[job.pk]) in page
    assert run(job).status == JobStatus.SUCCEEDED
    page = _text(client.get(reverse("resource-overview", args=["ponds"])))
    doi = ponds.dois.get().doi
    assert doi in page and 'data-status="reserved"' in page
    assert "once the resource is public, registers it and becomes version 1.0" in page
    assert 'data-testid="doi-delete-form"' in page


def test_a_doi_the_manager_has_is_reserved_as_given(client, publisher, ponds, account, datacite):
    _as(client, publisher)
    client.post(reverse("resource-doi-reserve", args=["ponds"]), {"doi": PREFIX + "/ponds-1"})
    assert run(Job.objects.get(kind=DOI_RESERVE)).status == JobStatus.SUCCEEDED
    assert ponds.dois.get().doi == PREFIX + "/ponds-1"
    assert datacite.doi(PREFIX + "/ponds-1")["state"] == "draft"


def test_a_doi_under_another_prefix_is_refused_with_a_message(client, publisher, ponds, account):
    _as(client, publisher)
    response = client.post(
        reverse("resource-doi-reserve", args=["ponds"]), {"doi": "10.5555/other"}, follow=True
    )
    assert "is not a DOI under the account&#x27;s prefix" in _text(response)
    assert not ponds.dois.exists() and not Job.objects.exists()


def test_a_manager_without_rights_cannot_reserve_by_posting(client, manager, ponds, account):
    response = _as(client, manager).post(
        reverse("resource-doi-reserve", args=["ponds"]), {"doi": ""}, follow=True
    )
    assert "Publisher role" in _text(response)
    assert not ponds.dois.exists()


def test_deleting_the_reserved_doi_removes_it_at_datacite(
    client, publisher, ponds, account, datacite
):
    doi = reserved(ponds, publisher).doi
    _as(client, publisher)
    response = client.post(reverse("resource-doi-delete", args=["ponds"]))
    job = Job.objects.get(kind=DOI_DELETE)
    assert response["Location"].endswith("?job=%s#doi" % job.pk)
    assert ponds.dois.get().status == DoiStatus.DELETING
    assert run(job).status == JobStatus.SUCCEEDED
    assert not ponds.dois.exists() and datacite.dois() == []
    page = _text(client.get(reverse("resource-overview", args=["ponds"])))
    assert doi not in page.split('data-testid="doi-card"')[1].split("doi-job")[0]
    assert 'data-testid="doi-reserve-form"' in page


def test_a_failed_reservation_shows_its_error_and_a_retry(
    client, publisher, ponds, account, datacite
):
    account.doi_password = encrypt("wrong")  # DataCite answers 401
    account.save()
    _as(client, publisher)
    client.post(reverse("resource-doi-reserve", args=["ponds"]), {"doi": ""})
    job = run(Job.objects.get(kind=DOI_RESERVE))
    assert job.status == JobStatus.FAILED
    page = _text(client.get(reverse("resource-overview", args=["ponds"])))
    assert 'data-testid="doi-error" data-code="doi:not-authorised"' in page
    assert 'data-testid="doi-reserve-retry"' in page
    account.doi_password = encrypt(PASSWORD)  # the administrator corrects it; try again
    account.save()
    client.post(reverse("resource-doi-reserve", args=["ponds"]), {"doi": ""})
    retry = Job.objects.filter(kind=DOI_RESERVE).exclude(pk=job.pk).get()
    assert run(retry).status == JobStatus.SUCCEEDED
    assert ponds.dois.get().status == DoiStatus.RESERVED
    assert datacite.dois() == [ponds.dois.get().doi.lower()]


# --- publishing, the landing page and the tombstone -----------------------------------------


@pytest.fixture
def published(publisher, account, data_dir):
    """The pond survey published once (1.0, private), then with a reserved DOI, public, with
    a publishing organisation."""
    resource = make_resource(publisher, "newts")
    resource.organisation = account  # a DataCite record names the publisher
    resource.save(update_fields=["organisation"])
    assert publish_inline(resource, publisher).status == JobStatus.SUCCEEDED
    row = reserved(resource, publisher)
    resource_visibility_change(resource=resource, user=publisher, visibility=Visibility.PUBLIC)
    return resource, row.doi


def test_the_publish_form_says_it_registers_the_doi_as_version_2(client, publisher, published):
    resource, doi = published
    page = _text(_as(client, publisher).get(reverse("resource-overview", args=["newts"])))
    notice = page.split('data-testid="publish-doi"')[1].split("</p>")[0]
    assert doi in notice and "version 2.0" in notice
    assert "The next publication registers it and becomes version 2.0" in page


def test_the_landing_page_shows_the_versions_doi(client, publisher, published):
    resource, doi = published
    job = publish_inline(resource, publisher)
    assert job.status == JobStatus.SUCCEEDED, (job.error_code, job.error_message)
    page = _text(client.get("/resource?r=newts"))
    assert re.search(r'data-testid="landing-doi">DOI: <a href="https://doi.org/%s"' % doi, page)
    script = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(script)["identifier"][0] == "https://doi.org/" + doi
    earlier = _text(client.get("/resource?r=newts&v=1.0"))
    assert 'data-testid="landing-doi"' not in earlier  # 1.0 carries no DOI


def test_the_tombstone_keeps_the_doi_and_the_citation(client, publisher, published):
    resource, doi = published
    assert publish_inline(resource, publisher).status == JobStatus.SUCCEEDED
    resource_delete(resource=resource, user=publisher)
    response = client.get("/resource?r=newts")
    assert response.status_code == 410
    page = _text(response)
    assert 'data-testid="tombstone-doi">https://doi.org/%s<' % doi in page
    citation = page.split('data-testid="tombstone-citation">')[1].split("</dd>")[0]
    assert "Pond survey" in citation and "Version 2.0" in citation


def _run_pending() -> None:
    """Run what a worker would take, oldest first, until no job is pending."""
    while job := Job.objects.filter(status=JobStatus.PENDING).order_by("created_at").first():
        assert run(job).status == JobStatus.SUCCEEDED, (job.kind, job.error_message)


def test_the_doi_journey_through_the_pages(client, publisher, account, datacite, data_dir):
    resource = make_resource(publisher, "newts")
    resource.organisation = account
    resource.save(update_fields=["organisation"])
    _as(client, publisher)
    overview = reverse("resource-overview", args=["newts"])
    client.post(reverse("resource-doi-reserve", args=["newts"]), {"doi": ""})
    _run_pending()
    doi = resource.dois.get().doi
    client.post(
        reverse("resource-visibility", args=["newts"]),
        {"action": "change", "visibility": "public"},
    )
    page = _text(client.get(overview))
    assert "This publication registers the DOI %s and becomes version 1.0." % doi in page

    client.post(reverse("publication-start", args=["newts"]), {"change_summary": ""})
    _run_pending()
    page = _text(client.get(overview))
    assert 'data-testid="doi-current">https://doi.org/%s<' % doi in page
    assert "Versions 1.0 carry it." in page and 'data-testid="doi-reserved"' not in page
    assert datacite.doi(doi)["state"] == "findable"

    response = client.post(reverse("resource-delete", args=["newts"]), {"confirm": "newts"})
    assert response.status_code == 302
    _run_pending()
    assert Client().get("/resource?r=newts").status_code == 410  # for the public
    assert datacite.doi(doi)["state"] == "registered"
    client.post(reverse("resource-visibility", args=["newts"]), {"action": "restore"})
    _run_pending()
    assert datacite.doi(doi)["state"] == "findable"
    assert datacite.dois() == [doi.lower()]
