"""The registration flows as jobs executed in this process against the test registry:
organisations, the installation, datasets (register, update after publication, deregister,
adopt), outages retried with backoff, and who may register."""

from __future__ import annotations

import uuid

import pytest

from core.crypto import decrypt
from core.errors import UserError
from core.jobs.executor import execute
from core.models import Job
from metadata.services.documents import metadata_get, metadata_save
from publisher.models import InstallationSettings, Organisation, Role
from publisher.services.installation import installation_settings, installation_settings_update
from publisher.services.organisations import organisation_add, organisation_update
from publisher.services.registration import (
    DATASET_DEREGISTER,
    DATASET_UPDATE,
    dataset_register_start,
    installation_register_start,
    installation_update_start,
    registration_problems,
)
from resources.models import Resource, Visibility
from resources.services.publication import latest_version, version_path
from tests.factories import UserFactory
from tests.resources.publication.conftest import publish_inline
from workflows.resources import resource_delete, resource_withdraw

from .conftest import BASE_URL, TOKEN, published, register_installation, run

# --- organisations --------------------------------------------------------------------------


def test_an_organisation_with_a_wrong_token_is_not_stored(configured, registry, org_key):
    with pytest.raises(UserError) as info:
        organisation_add(key=org_key, token="wrong-token")
    assert info.value.code == "organisation:token"
    assert not Organisation.objects.exists()
    assert registry.requests[-1].status == 401


def test_an_organisation_is_stored_with_its_token_encrypted(configured, org_key):
    organisation = organisation_add(key=org_key, token=TOKEN, alias="ponds")
    assert organisation.name == "Pond Society"  # copied from the registry
    assert organisation.contact_email == "node@example.org"
    assert TOKEN not in organisation.token
    assert decrypt(organisation.token) == TOKEN


def test_a_new_token_is_checked_before_it_replaces_the_old_one(organisation):
    with pytest.raises(UserError):
        organisation_update(organisation=organisation, alias="", can_publish=True, token="bad")
    organisation.refresh_from_db()
    assert decrypt(organisation.token) == TOKEN


def test_adding_an_organisation_while_the_registry_is_down_is_an_app_error(
    configured, registry, org_key
):
    from core.errors import AppError

    registry.go_down("refuse")
    with pytest.raises(AppError) as info:
        organisation_add(key=org_key, token=TOKEN)
    assert info.value.code == "registry:unreachable"
    assert not Organisation.objects.exists()


# --- the installation -----------------------------------------------------------------------


def test_the_installation_is_registered_with_the_hosting_organisations_token(
    admin_user, organisation, registry
):
    job = register_installation(admin_user, organisation)
    assert job.status == "succeeded", job.error_message
    current = installation_settings()
    assert current.registry_key == job.result["key"]
    assert current.title == "Pond IPT"
    request = registry.calls("POST", "/registry/ipt/register")[-1]
    assert request.field("organisationKey") == str(organisation.key)
    assert request.field("serviceURLs") == BASE_URL + "/rss.do"
    assert request.field("wsPassword") == "ws-secret"
    row = InstallationSettings.objects.get()
    assert decrypt(row.registry_password) == "ws-secret"
    assert row.hosting_organisation == organisation


def test_a_refused_installation_registration_stores_nothing(admin_user, organisation, registry):
    registry.organisations[str(organisation.key)]["token"] = "changed-in-the-registry"
    job = register_installation(admin_user, organisation)
    assert job.status == "failed"
    assert job.error_code == "registry:not-authorised"
    assert not installation_settings().is_registered
    assert not InstallationSettings.objects.get().title


def test_an_installation_contact_e_mail_gbif_refuses_is_refused_by_the_service(
    admin_user, organisation, registry
):
    with pytest.raises(UserError) as info:
        installation_register_start(
            user=admin_user,
            organisation=organisation,
            title="Pond IPT",
            description="Ponds.",
            contact_name="Ann",
            contact_email="ann@pond.example",
            password="ws-secret",
        )
    assert info.value.code == "installation:contact"
    assert ".example" in info.value.message
    assert registry.calls("POST", "/registry/ipt/register") == []


def test_only_admins_register_the_installation(publisher, organisation):
    with pytest.raises(UserError) as info:
        register_installation(publisher, organisation)
    assert info.value.code == "registration:forbidden"


def test_the_registry_cannot_change_once_registered(installation, registry):
    with pytest.raises(UserError) as info:
        installation_settings_update(registry_environment="production")
    assert info.value.code == "settings:registry-locked"


def test_updating_the_installation_updates_every_registered_resource(
    admin_user, resource, publisher, registry
):
    run(dataset_register_start(resource=resource, user=publisher))
    installation_settings_update(base_url="https://moved.example.org")
    job = run(
        installation_update_start(
            user=admin_user,
            title="Moved IPT",
            description="New.",
            contact_name="Ann",
            contact_email="ann@example.org",
        )
    )
    assert job.status == "succeeded", job.error_message
    request = registry.calls("POST", "/registry/ipt/update/")[-1]
    assert request.field("serviceURLs") == "https://moved.example.org/rss.do"
    assert request.username == installation_settings().registry_key
    update = Job.objects.get(kind=DATASET_UPDATE)
    assert run(update).status == "succeeded"
    assert registry.calls("POST", "/registry/ipt/resource/")[-1].field("serviceURLs") == (
        "https://moved.example.org/eml.do?r=ponds|https://moved.example.org/archive.do?r=ponds"
    )


# --- registering a dataset ------------------------------------------------------------------


def test_a_published_resource_is_registered_and_keeps_its_key(
    resource, publisher, registry, installation, organisation
):
    job = run(dataset_register_start(resource=resource, user=publisher))
    assert job.status == "succeeded", job.error_message
    resource.refresh_from_db()
    key = job.result["key"]
    assert str(resource.gbif_key) == key and resource.registered_at is not None
    assert resource.visibility == Visibility.REGISTERED
    assert key in metadata_get(resource).alternate_identifiers
    request = registry.calls("POST", "/registry/ipt/resource")[-1]
    assert request.path == "/registry/ipt/resource"
    assert request.username == str(organisation.key)
    expected = {
        "organisationKey": str(organisation.key),
        "iptKey": installation,
        "name": "Pond survey",
        "description": "Amphibians counted at two ponds (synthetic data).",
        "homepageURL": "",
        "logoURL": "",
        "primaryContactType": "administrative",
        "primaryContactEmail": "ann@example.org",
        "primaryContactName": "Ann Frog",
        "primaryContactAddress": "",
        "primaryContactPhone": "",
        "serviceTypes": "EML|DWC-ARCHIVE-SAMPLING-EVENT",
        "serviceURLs": BASE_URL + "/eml.do?r=ponds|" + BASE_URL + "/archive.do?r=ponds",
    }
    for name, value in expected.items():
        assert request.field(name) == value, name
    assert registry.datasets[key]["type"] == "SAMPLING_EVENT"


@pytest.mark.parametrize(
    "change, code",
    [
        ("private", "registration:not-public"),
        ("licence", "registration:licence"),
        ("organisation", "registration:organisation"),
        ("contact-email", "registration:contact-email"),
    ],
)
def test_registration_preconditions(data_dir, publisher, installation, organisation, change, code):
    resource = published(
        publisher,
        public=change != "private",
        organisation=None if change == "organisation" else organisation,
    )
    if change == "licence":  # publication refuses such a licence: a version from long ago
        eml = version_path(latest_version(resource), "eml")
        eml.write_bytes(
            eml.read_bytes().replace(
                b"http://creativecommons.org/licenses/by/4.0/legalcode",
                b"http://creativecommons.org/licenses/by-sa/4.0/legalcode",
            )
        )
    if change == "contact-email":  # GBIF answers 400: caught before anything is sent
        eml = version_path(latest_version(resource), "eml")
        eml.write_bytes(eml.read_bytes().replace(b"ann@example.org", b"ann@pond.local"))
    with pytest.raises(UserError) as info:
        dataset_register_start(resource=resource, user=publisher)
    assert info.value.code == code
    assert not Job.objects.filter(kind="registry-dataset-register").exists()


def test_an_unpublished_resource_or_unregistered_installation_cannot_be_registered(
    data_dir, publisher, organisation
):
    from tests.resources.publication.conftest import make_resource

    resource = make_resource(publisher, "unpublished")
    codes = [p.code for p in registration_problems(resource)]
    assert codes == [
        "registration:not-published",
        "registration:organisation",
        "registration:installation",
    ]


def test_a_manager_without_registration_rights_is_told_why(resource):
    manager = UserFactory(role=Role.MANAGER)
    resource.managers.add(manager)
    with pytest.raises(UserError) as info:
        dataset_register_start(resource=resource, user=manager)
    assert info.value.code == "registration:forbidden"
    assert "Publisher" in info.value.message


def test_an_admin_may_register_any_resource(resource, admin_user):
    assert run(dataset_register_start(resource=resource, user=admin_user)).status == "succeeded"


def test_a_resource_is_registered_only_once(resource, publisher):
    run(dataset_register_start(resource=resource, user=publisher))
    resource.refresh_from_db()
    with pytest.raises(UserError) as info:
        dataset_register_start(resource=resource, user=publisher)
    assert info.value.code == "registration:registered"


def test_a_wrong_token_fails_the_registration_and_stores_no_key(
    resource, publisher, registry, organisation
):
    registry.organisations[str(organisation.key)]["token"] = "rotated"
    job = run(dataset_register_start(resource=resource, user=publisher))
    assert (job.status, job.error_code) == ("failed", "registry:not-authorised")
    assert job.attempts == 1  # a refusal is not retried
    resource.refresh_from_db()
    assert resource.gbif_key is None and resource.visibility == Visibility.PUBLIC
    assert not registry.datasets


# --- outages --------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["503", "refuse"])
def test_an_outage_makes_the_job_retry_and_succeed_when_the_registry_is_back(
    resource, publisher, registry, mode
):
    job = dataset_register_start(resource=resource, user=publisher)
    registry.go_down(mode)
    outcome = execute(str(job.pk))
    job.refresh_from_db()
    assert outcome.retry_in == 2  # exponential backoff: 2, 4, 8 ... seconds
    assert (job.status, job.attempts) == ("pending", 1)
    assert "retrying" in job.log
    outcome = execute(str(job.pk))
    assert outcome.retry_in == 4
    registry.come_back()
    job = run(job)
    assert job.status == "succeeded", job.error_message
    assert job.attempts == 3
    resource.refresh_from_db()
    assert str(resource.gbif_key) == job.result["key"]


# --- after registration: updates, deletion ---------------------------------------------------


@pytest.fixture
def registered(resource, publisher):
    job = run(dataset_register_start(resource=resource, user=publisher))
    resource.refresh_from_db()
    return resource, job.result["key"]


def test_each_publication_updates_the_registration_with_the_new_urls(
    registered, publisher, registry
):
    resource, key = registered
    installation_settings_update(base_url="https://data.example.org/ipt")
    assert publish_inline(resource, publisher).status == "succeeded"
    update = Job.objects.get(kind=DATASET_UPDATE)
    assert update.target == resource
    assert run(update).status == "succeeded"
    request = registry.calls("POST", "/registry/ipt/resource/")[-1]
    assert request.path == "/registry/ipt/resource/%s" % key
    assert "organisationKey" not in request.form
    assert request.field("serviceURLs") == (
        "https://data.example.org/ipt/eml.do?r=ponds|"
        "https://data.example.org/ipt/archive.do?r=ponds"
    )
    assert registry.datasets[key]["endpoints"][1]["url"] == (
        "https://data.example.org/ipt/archive.do?r=ponds"
    )


def test_publishing_an_unregistered_resource_sends_nothing(resource, publisher, registry):
    assert publish_inline(resource, publisher).status == "succeeded"
    assert not Job.objects.filter(kind=DATASET_UPDATE).exists()


def test_deleting_a_registered_resource_deregisters_it(registered, publisher, registry):
    resource, key = registered
    resource_delete(resource=resource, user=publisher)
    assert Resource.objects.filter(pk=resource.pk).exists()  # until the registry confirmed
    job = run(Job.objects.get(kind=DATASET_DEREGISTER))
    assert job.status == "succeeded", job.error_message
    request = registry.calls("DELETE", "/registry/ipt/resource/")[-1]
    assert request.path == "/registry/ipt/resource/%s" % key
    assert registry.datasets[key]["deleted"] is True
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_a_manager_cannot_delete_a_registered_resource(registered):
    resource, _key = registered
    manager = UserFactory(role=Role.MANAGER)
    with pytest.raises(UserError) as info:
        resource_delete(resource=resource, user=manager)
    assert info.value.code == "registration:deregister-rights"
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_withdrawing_a_registered_resource_deregisters_it(registered, publisher, registry):
    resource, key = registered
    resource_withdraw(resource=resource, user=publisher)
    job = run(Job.objects.get(kind=DATASET_DEREGISTER))
    assert job.status == "succeeded", job.error_message
    resource.refresh_from_db()
    assert resource.gbif_key is None and resource.visibility == Visibility.DELETED
    assert registry.datasets[key]["deleted"] is True


# --- migration: adopting an existing dataset -----------------------------------------------


def _alternate_identifier(resource, identifier: str) -> None:
    doc = metadata_get(resource)
    doc.alternate_identifiers.append(identifier)
    metadata_save(resource, doc)


def test_an_existing_dataset_of_the_organisation_is_adopted(
    resource, publisher, registry, organisation
):
    old = registry.add_dataset(str(organisation.key))
    _alternate_identifier(resource, str(uuid.uuid4()))  # an identifier GBIF does not know
    _alternate_identifier(resource, old)
    job = run(dataset_register_start(resource=resource, user=publisher))
    assert job.status == "succeeded", job.error_message
    assert job.result == {
        "key": old,
        "adopted": True,
        "service_urls": [BASE_URL + "/eml.do?r=ponds", BASE_URL + "/archive.do?r=ponds"],
    }
    assert all(r.path != "/registry/ipt/resource" for r in registry.requests)  # no new one
    assert registry.calls("POST", "/registry/ipt/resource/%s" % old)
    assert registry.datasets[old]["type"] == "SAMPLING_EVENT"
    resource.refresh_from_db()
    assert str(resource.gbif_key) == old
    assert metadata_get(resource).alternate_identifiers.count(old) == 1


def test_a_dataset_of_another_organisation_is_not_adopted(resource, publisher, registry):
    other = registry.add_organisation("Other")
    _alternate_identifier(resource, registry.add_dataset(other))
    job = run(dataset_register_start(resource=resource, user=publisher))
    assert (job.status, job.error_code) == ("failed", "registration:other-organisation")
    assert len(registry.datasets) == 1
