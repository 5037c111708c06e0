"""A contract-faithful registry server per test, and an installation configured to use it."""

from __future__ import annotations

import pytest

from core.jobs.executor import execute
from core.models import Job
from publisher.models import Organisation, Role
from publisher.services.installation import installation_settings_update
from publisher.services.organisations import organisation_add
from publisher.services.registration import installation_register_start
from resources.models import Visibility
from resources.services.visibility import resource_visibility_change
from tests.factories import UserFactory
from tests.registry_server import RegistryServer
from tests.resources.publication.conftest import make_resource, publish_inline

BASE_URL = "https://ipt.example.org"
TOKEN = "pond-token"


@pytest.fixture
def registry():
    server = RegistryServer().start()
    yield server
    server.stop()


@pytest.fixture
def org_key(registry) -> str:
    """An organisation the registry knows, with token ``TOKEN``."""
    return registry.add_organisation("Pond Society", token=TOKEN)


@pytest.fixture
def configured(db, registry):
    """The installation talks to the test registry and is reached at ``BASE_URL``."""
    return installation_settings_update(
        registry_environment="custom", registry_custom_url=registry.url, base_url=BASE_URL
    )


@pytest.fixture
def organisation(configured, org_key) -> Organisation:
    return organisation_add(key=org_key, token=TOKEN)


def run(job: Job) -> Job:
    """Execute one attempt of ``job`` in this process, as a worker would."""
    execute(str(job.pk))
    job.refresh_from_db()
    return job


def register_installation(admin, organisation) -> Job:
    job = installation_register_start(
        user=admin,
        organisation=organisation,
        title="Pond IPT",
        description="Publishes pond surveys.",
        contact_name="Ann Admin",
        contact_email="ann@example.org",
        password="ws-secret",
    )
    return run(job)


@pytest.fixture
def installation(admin_user, organisation):
    """The installation registered with the test registry, hosted by ``organisation``."""
    job = register_installation(admin_user, organisation)
    assert job.status == "succeeded", job.error_message
    return job.result["key"]


@pytest.fixture
def publisher(db):
    return UserFactory(role=Role.PUBLISHER, email="publisher@example.org")


def published(user, *, shortname: str = "ponds", public: bool = True, organisation=None):
    """The demo pond survey, published once (public unless told otherwise)."""
    resource = make_resource(user, shortname)
    if public:
        resource_visibility_change(resource=resource, user=user, visibility=Visibility.PUBLIC)
    if organisation is not None:
        resource.organisation = organisation
        resource.save(update_fields=["organisation"])
    job = publish_inline(resource, user)
    assert job.status == "succeeded", job.error_message
    resource.refresh_from_db()
    return resource


@pytest.fixture
def resource(data_dir, publisher, installation, organisation):
    """A published, public resource of ``publisher`` with a publishing organisation."""
    return published(publisher, organisation=organisation)
