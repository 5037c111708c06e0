"""An admin points the installation at a (test) GBIF registry, adds an organisation with its
token and registers the installation; a publisher then registers a published resource and
sees its GBIF key. Registry calls run in the real worker, over HTTP, against the
contract-faithful registry server."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from publisher.models import Role
from resources.models import Resource, Visibility
from resources.services.visibility import resource_visibility_change
from tests.e2e.conftest import log_in
from tests.factories import UserFactory
from tests.registry_server import RegistryServer
from tests.resources.publication.conftest import make_resource, publish_inline

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TOKEN = "pond-token"
JOB_TIMEOUT = 60_000


@pytest.fixture
def registry():
    server = RegistryServer()
    server.add_organisation("Aardvark Trust", token="other")
    server.add_organisation("Pond Society", token=TOKEN)
    server.start()
    yield server
    server.stop()


def _log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()


def _admin_sets_up(page, registry) -> None:
    log_in(page, "admin@example.org")
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("GBIF registry").select_option("custom")
    page.get_by_label("Registry URL").fill(registry.url)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".msg-success")).to_contain_text("saved")

    page.get_by_role("link", name="Organisations").first.click()
    page.get_by_test_id("organisation-add").click()
    page.get_by_label("Organisation", exact=True).select_option(label="Pond Society")
    page.get_by_label("Token").fill("not the token")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".field-error")).to_contain_text("did not accept this token")
    page.get_by_label("Token").fill(TOKEN)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("organisation-table")).to_contain_text("Pond Society")

    page.get_by_role("link", name="GBIF registration").click()
    page.get_by_label("Hosting organisation").select_option(label="Pond Society")
    page.get_by_label("Title of the installation").fill("Pond IPT")
    page.get_by_label("Description").fill("Publishes the pond surveys.")
    page.get_by_label("Contact name").fill("Ann Admin")
    page.get_by_label("Contact e-mail").fill("ann@example.org")
    page.get_by_label("Installation password").fill("ws-secret")
    page.get_by_test_id("registration-submit").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)
    expect(page.get_by_test_id("installation-key")).to_have_text(
        re.compile(r"^[0-9a-f-]{36}$"), timeout=JOB_TIMEOUT
    )
    _log_out(page)


def test_admin_registers_the_installation_and_a_publisher_registers_a_resource(
    page, celery_worker_process, registry
):
    UserFactory(role=Role.ADMIN, email="admin@example.org")
    publisher = UserFactory(role=Role.PUBLISHER, email="publisher@example.org")
    resource = make_resource(publisher, "ponds")
    resource_visibility_change(resource=resource, user=publisher, visibility=Visibility.PUBLIC)
    assert publish_inline(resource, publisher).status == "succeeded"

    _admin_sets_up(page, registry)
    installation_key = next(iter(registry.installations))

    log_in(page, "publisher@example.org")
    page.goto("/manage/resources/ponds/#registration")
    card = page.get_by_test_id("registration-card")
    expect(card.get_by_test_id("register")).to_be_disabled()  # no organisation yet
    card.get_by_label("Publishing organisation").select_option(label="Pond Society")
    card.get_by_role("button", name="Save").click()
    expect(page.locator("li.msg-success")).to_contain_text("publishing organisation")
    page.get_by_test_id("register").click()
    expect(page.get_by_test_id("job-status")).to_have_text("Succeeded", timeout=JOB_TIMEOUT)
    key = page.get_by_test_id("gbif-key")
    expect(key).to_have_text(re.compile(r"^[0-9a-f-]{36}$"), timeout=JOB_TIMEOUT)
    expect(page.get_by_test_id("visibility")).to_have_text("Registered with GBIF")

    resource = Resource.objects.get(shortname="ponds")
    assert key.inner_text() == str(resource.gbif_key)
    dataset = registry.datasets[str(resource.gbif_key)]
    assert dataset["installation"] == installation_key
    assert dataset["type"] == "SAMPLING_EVENT"
    request = registry.calls("POST", "/registry/ipt/resource")[-1]
    assert request.field("serviceTypes") == "EML|DWC-ARCHIVE-SAMPLING-EVENT"
    base = settings.BASE_URL
    assert request.field("serviceURLs") == "%s/eml.do?r=ponds|%s/archive.do?r=ponds" % (base, base)


def test_a_manager_sees_why_they_cannot_register(page):
    manager = UserFactory(role=Role.MANAGER, email="manager@example.org")
    Resource.objects.create(shortname="ponds", title="Pond survey", creator=manager)
    log_in(page, "manager@example.org")
    page.goto("/manage/resources/ponds/#registration")
    card = page.get_by_test_id("registration-card")
    expect(card.get_by_test_id("registration-forbidden")).to_contain_text("registration rights")
    expect(card.get_by_test_id("register")).to_have_count(0)
