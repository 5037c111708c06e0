"""DOIs in the browser (issue #23): an admin gives an organisation its DataCite account; a
publisher reserves a DOI, publishes (the DOI registered, version 2.0), publishes again (the
DataCite record updated), deletes the resource (DOI hidden, 410 tombstone naming it) and
restores it (DOI findable again). DataCite calls run in the real worker, over HTTP, against
the contract-faithful DataCite server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from publisher.models import Organisation, Role
from resources.models import Resource, Visibility
from resources.services.visibility import resource_visibility_change
from tests.conftest import DATACITE_PASSWORD as PASSWORD
from tests.conftest import DATACITE_PREFIX as PREFIX
from tests.conftest import DATACITE_REPOSITORY as REPOSITORY
from tests.conftest import wait_for
from tests.e2e.conftest import log_in
from tests.factories import UserFactory
from tests.resources.publication.conftest import make_resource, publish_inline

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

JOB_TIMEOUT = 60_000


def _admin_sets_up_the_account(page, organisation, datacite) -> None:
    log_in(page, "admin@example.org")
    page.goto("/admin/organisations/%d/" % organisation.pk)
    form = page.get_by_test_id("doi-account-form")
    form.get_by_label("DataCite repository ID").fill(REPOSITORY)
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_label("DOI prefix").fill(PREFIX)
    form.get_by_label("DataCite API URL").fill(datacite.url)
    form.get_by_label("the installation's DOI account", exact=False).check()
    page.get_by_test_id("doi-account-save").click()
    expect(page.get_by_test_id("doi-account-badge")).to_have_count(1)
    page.get_by_role("button", name="Log out").click()


def _publish(page) -> None:
    page.goto("/manage/resources/ponds/#publication")
    confirm = page.get_by_label(re.compile(r"I have read the \d+ warnings?"))
    if confirm.count():
        confirm.check()
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)


def test_reserve_register_update_delete_restore_in_the_browser(
    page, browser, live_server, celery_worker_process, datacite
):
    UserFactory(role=Role.ADMIN, email="admin@example.org")
    publisher = UserFactory(role=Role.PUBLISHER, email="publisher@example.org")
    organisation = Organisation.objects.create(
        key="3c1f0e2a-8d4b-4b7e-9a55-0f2d6c1b9e77", name="Pond Society", token="x"
    )
    resource = make_resource(publisher, "ponds")
    resource.organisation = organisation
    resource.save(update_fields=["organisation"])
    resource_visibility_change(resource=resource, user=publisher, visibility=Visibility.PUBLIC)
    assert publish_inline(resource, publisher).status == "succeeded"  # 1.0, public

    _admin_sets_up_the_account(page, organisation, datacite)

    log_in(page, "publisher@example.org")
    page.goto("/manage/resources/ponds/#doi")
    card = page.get_by_test_id("doi-card")
    card.get_by_test_id("doi-reserve").click()
    reserved = page.get_by_test_id("doi-reserved")
    expect(reserved).to_contain_text(PREFIX + "/", timeout=JOB_TIMEOUT)
    expect(page.get_by_test_id("doi-reserved-status")).to_have_attribute(
        "data-status", "reserved", timeout=JOB_TIMEOUT
    )
    doi = Resource.objects.get(shortname="ponds").dois.get().doi
    assert datacite.doi(doi)["state"] == "draft"
    expect(page.get_by_test_id("doi-next")).to_contain_text("2.0")

    # Publish: version 2.0 carries the DOI, which the worker then makes findable.
    page.goto("/manage/resources/ponds/#publication")
    expect(page.get_by_test_id("publish-doi")).to_contain_text(doi)
    _publish(page)
    wait_for(lambda: datacite.doi(doi)["state"] == "findable")
    held = datacite.doi(doi)
    assert held["url"].endswith("/resource?r=ponds")
    assert b"<version>2.0</version>" in held["xml"]
    page.goto("/manage/resources/ponds/#doi")
    expect(page.get_by_test_id("doi-current")).to_have_text("https://doi.org/" + doi)
    visitor = browser.new_page(base_url=live_server.url)
    visitor.goto("/resource?r=ponds")
    expect(visitor.get_by_test_id("landing-doi")).to_contain_text(doi)

    # Publish again: 2.1, and the DataCite record follows.
    _publish(page)
    wait_for(lambda: b"<version>2.1</version>" in (datacite.doi(doi)["xml"] or b""))
    assert datacite.dois() == [doi]

    # Delete: withdrawn, the DOI hidden and leading to the tombstone.
    page.goto("/manage/resources/ponds/#delete")
    expect(page.get_by_test_id("delete-doi")).to_be_visible()
    form = page.get_by_test_id("delete-form")
    form.get_by_role("textbox").fill("ponds")
    form.get_by_role("button", name="Delete resource").click()
    expect(page.locator(".msg-info").first).to_contain_text("DOI")
    wait_for(lambda: datacite.doi(doi)["state"] == "registered")
    response = visitor.goto("/resource?r=ponds")
    assert response.status == 410
    expect(visitor.get_by_test_id("tombstone-doi")).to_have_text("https://doi.org/" + doi)
    expect(visitor.get_by_test_id("tombstone-citation")).to_contain_text(doi)

    # Restore: public again, the DOI findable again.
    page.goto("/manage/resources/ponds/#visibility")
    page.get_by_test_id("visibility-restore").click()
    expect(page.get_by_test_id("visibility")).to_have_text("Public")
    wait_for(lambda: datacite.doi(doi)["state"] == "findable")
    assert visitor.goto("/resource?r=ponds").status == 200
    visitor.close()
