"""The admin pages (settings, organisations, installation registration) and the registration
card on the resource overview, including who may do what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import Job
from publisher.models import InstallationSettings, Organisation, Role
from publisher.services.installation import installation_settings
from publisher.services.registration import DATASET_REGISTER, INSTALLATION_REGISTER
from tests.factories import UserFactory

from .conftest import TOKEN


def _client(client, user):
    client.force_login(user)
    return client


# --- settings ------------------------------------------------------------------------------


def test_the_admin_changes_the_settings_and_the_base_url_everywhere(client, admin_user):
    _client(client, admin_user)
    response = client.post(
        reverse("installation-settings"),
        {
            "base_url": "https://data.example.org/ipt/",
            "registry_environment": "production",
            "registry_custom_url": "",
            "default_language": "fr",
            "archival_mode": "latest",
            "archival_limit": "3",
            "email": "admin@example.org",
            "proxy": "",
        },
    )
    assert response.status_code == 302
    current = installation_settings()
    assert current.base_url == "https://data.example.org/ipt"
    assert current.registry_url == "https://gbrds.gbif.org"
    assert current.archival_mode == "latest"
    page = client.get("/")
    assert b'content="https://data.example.org/ipt/inventory/dataset"' in page.content


def test_a_custom_registry_needs_its_url(client, admin_user):
    _client(client, admin_user)
    response = client.post(
        reverse("installation-settings"),
        {
            "registry_environment": "custom",
            "registry_custom_url": "",
            "archival_mode": "all",
            "archival_limit": "5",
        },
    )
    assert response.status_code == 200
    assert "custom registry" in response.content.decode()
    assert not InstallationSettings.objects.filter(registry_environment="custom").exists()


@pytest.mark.parametrize(
    "url", ["https://gbrds.example.org/registry", "https://gbrds.example.org/registry/"]
)
def test_a_registry_url_ending_in_registry_is_refused_and_explained(client, admin_user, url):
    _client(client, admin_user)
    response = client.post(
        reverse("installation-settings"),
        {
            "registry_environment": "custom",
            "registry_custom_url": url,
            "archival_mode": "all",
            "archival_limit": "5",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "/registry/registry/" in page and "https://gbrds.example.org)" in page
    assert not InstallationSettings.objects.filter(registry_environment="custom").exists()


def test_the_api_v1_url_follows_the_registry_unless_given(client, admin_user, settings):
    settings.REGISTRY_API_URL = ""
    _client(client, admin_user)
    form = {
        "registry_environment": "custom",
        "registry_custom_url": "https://gbrds.example.org/",
        "archival_mode": "all",
        "archival_limit": "5",
    }
    assert client.post(reverse("installation-settings"), form).status_code == 302
    assert installation_settings().api_url == "https://gbrds.example.org/v1"
    form["registry_api_custom_url"] = "https://api.example.org/v1/"
    assert client.post(reverse("installation-settings"), form).status_code == 302
    assert installation_settings().api_url == "https://api.example.org/v1"
    form["registry_environment"] = "production"
    assert client.post(reverse("installation-settings"), form).status_code == 302
    assert installation_settings().api_url == "https://api.gbif.org/v1"


@pytest.mark.parametrize(
    "name",
    ["installation-settings", "installation-registration", "organisation-list", "organisation-new"],
)
def test_admin_pages_are_for_admins_only(db, client, name):
    _client(client, UserFactory(role=Role.PUBLISHER))
    assert client.get(reverse(name)).status_code == 403


# --- organisations -------------------------------------------------------------------------


def test_the_admin_picks_an_organisation_from_the_registry_list(
    client, admin_user, configured, org_key, registry
):
    _client(client, admin_user)
    page = client.get(reverse("organisation-new"))
    assert "Pond Society" in page.content.decode()
    response = client.post(
        reverse("organisation-new"),
        {"key": org_key, "token": "wrong", "alias": "", "can_publish": "on"},
    )
    assert response.status_code == 200
    assert "did not accept this token" in response.content.decode()
    assert not Organisation.objects.exists()
    response = client.post(
        reverse("organisation-new"),
        {"key": org_key, "token": TOKEN, "alias": "ponds", "can_publish": "on"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get().name == "Pond Society"


def test_the_key_is_typed_when_the_registry_list_cannot_be_read(
    client, admin_user, configured, registry
):
    registry.go_down("503")
    _client(client, admin_user)
    page = client.get(reverse("organisation-new"))
    assert "Organisation key (UUID)" in page.content.decode()
    assert "unavailable" in page.content.decode()


def test_an_organisation_in_use_cannot_be_removed(client, admin_user, resource):
    _client(client, admin_user)
    organisation = resource.organisation
    client.post(reverse("organisation-delete", args=[organisation.pk]))
    assert Organisation.objects.filter(pk=organisation.pk).exists()


# --- installation registration ------------------------------------------------------------


def test_the_admin_queues_the_installation_registration(client, admin_user, organisation):
    _client(client, admin_user)
    response = client.post(
        reverse("installation-registration"),
        {
            "organisation": organisation.pk,
            "title": "Pond IPT",
            "description": "Ponds.",
            "contact_name": "Ann",
            "contact_email": "ann@example.org",
            "password": "ws-secret",
        },
    )
    job = Job.objects.get(kind=INSTALLATION_REGISTER)
    assert response.status_code == 302 and response["Location"].endswith("?job=%s" % job.pk)
    assert "ws-secret" not in str(job.params)  # kept encrypted until the registry accepts it


def test_the_registration_page_shows_the_key_once_registered(client, admin_user, installation):
    _client(client, admin_user)
    page = client.get(reverse("installation-registration")).content.decode()
    assert installation in page
    assert "Update registration" in page


# --- the registration card -------------------------------------------------------------------


def _card(client, resource) -> str:
    page = client.get(reverse("resource-overview", args=[resource.shortname])).content.decode()
    start = page.index('id="registration"')
    return page[start : page.index("</section>", start)]


def test_a_manager_sees_why_they_cannot_register(client, resource):
    manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(manager)
    card = _card(_client(client, manager), resource)
    assert 'data-testid="registration-forbidden"' in card
    assert "registration rights" in card
    assert 'data-testid="register"' not in card


def test_a_manager_cannot_register_by_posting_either(client, resource):
    manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(manager)
    _client(client, manager).post(reverse("resource-register", args=[resource.shortname]))
    assert not Job.objects.filter(kind=DATASET_REGISTER).exists()


def test_a_publisher_registers_from_the_card(client, resource, publisher):
    _client(client, publisher)
    assert 'data-testid="register"' in _card(client, resource)
    response = client.post(reverse("resource-register", args=[resource.shortname]))
    job = Job.objects.get(kind=DATASET_REGISTER)
    assert response["Location"].endswith("?job=%s#registration" % job.pk)


def test_the_card_lists_what_is_missing(client, data_dir, publisher, configured):
    from .conftest import published

    resource = published(publisher, public=False)
    card = _card(_client(client, publisher), resource)
    assert 'data-code="registration:not-public"' in card
    assert 'data-code="registration:organisation"' in card
    assert 'data-code="registration:installation"' in card
    assert "disabled" in card


def test_a_manager_chooses_the_publishing_organisation(client, data_dir, publisher, organisation):
    from .conftest import published

    resource = published(publisher)
    _client(client, publisher).post(
        reverse("resource-organisation", args=[resource.shortname]),
        {"organisation": organisation.pk},
    )
    resource.refresh_from_db()
    assert resource.organisation == organisation


def test_the_card_says_when_the_registry_is_retried(client, resource, publisher, registry):
    from core.jobs.executor import execute
    from publisher.services.registration import dataset_register_start

    job = dataset_register_start(resource=resource, user=publisher)
    registry.go_down("refuse")
    execute(str(job.pk))
    card = _card(_client(client, publisher), resource)
    assert 'data-testid="registration-retrying"' in card


def test_the_card_offers_check_and_adopt_after_a_lost_reply(client, resource, publisher, registry):
    from publisher.services.registration import dataset_register_start

    from .conftest import run

    registry.fault("lost", "POST", "/registry/ipt/resource", times=1)
    run(dataset_register_start(resource=resource, user=publisher))
    card = _card(_client(client, publisher), resource)
    assert 'data-code="registry:outcome-unknown"' in card
    assert 'data-testid="adopt"' in card
    response = client.post(reverse("resource-register-adopt", args=[resource.shortname]))
    job = Job.objects.filter(kind=DATASET_REGISTER).order_by("-created_at").first()
    assert job.params["adopt_only"] is True
    assert response["Location"].endswith("?job=%s#registration" % job.pk)
    assert run(job).status == "succeeded"
    resource.refresh_from_db()
    assert [str(resource.gbif_key)] == registry.live_datasets()
    assert 'data-testid="adopt"' not in _card(client, resource)


def test_an_installation_contact_e_mail_gbif_refuses_is_caught_on_the_form(
    client, admin_user, organisation, registry
):
    _client(client, admin_user)
    response = client.post(
        reverse("installation-registration"),
        {
            "organisation": organisation.pk,
            "title": "Pond IPT",
            "description": "Ponds.",
            "contact_name": "Ann",
            "contact_email": "ann@ipt.local",
            "password": "ws-secret",
        },
    )
    assert response.status_code == 200
    assert "ends in .local" in response.content.decode()
    assert not Job.objects.filter(kind=INSTALLATION_REGISTER).exists()
    assert registry.calls("POST", "/registry/ipt/register") == []


def test_the_admin_checks_the_registry_and_adopts_the_installation(
    client, admin_user, organisation, registry
):
    from .conftest import register_installation, run

    registry.fault("lost", "POST", "/registry/ipt/register", times=1)
    register_installation(admin_user, organisation)
    page = _client(client, admin_user).get(reverse("installation-registration")).content.decode()
    assert 'data-testid="installation-adopt"' in page
    response = client.post(reverse("installation-adopt"))
    job = Job.objects.filter(kind=INSTALLATION_REGISTER).order_by("-created_at").first()
    assert response["Location"].endswith("?job=%s" % job.pk)
    assert run(job).status == "succeeded"
    assert [str(InstallationSettings.objects.get().registry_key)] == list(registry.installations)
    page = client.get(reverse("installation-registration")).content.decode()
    assert 'data-testid="installation-adopt"' not in page
