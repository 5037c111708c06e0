"""A contract-faithful DataCite per test, an organisation whose active DOI account points at
it, and resources managed by a publisher and by a plain manager."""

from __future__ import annotations

import pytest

from core.jobs.executor import execute
from core.models import Job
from publisher.models import Organisation, Role
from publisher.services.dois import doi_account_set, doi_reserve_start
from resources.models import Doi, DoiStatus
from resources.services.resources import resource_add_manager
from tests.conftest import DATACITE_PASSWORD, DATACITE_PREFIX, DATACITE_REPOSITORY
from tests.factories import ResourceFactory, UserFactory

PREFIX, REPOSITORY, PASSWORD = DATACITE_PREFIX, DATACITE_REPOSITORY, DATACITE_PASSWORD


@pytest.fixture
def account(db, datacite, settings) -> Organisation:
    """The installation's active DOI account, at the test server."""
    settings.DATACITE_TIMEOUT = 2.0
    organisation = Organisation.objects.create(
        key="0b7f7a4e-6a1c-4f43-9d7e-4c3b1e2f5a10", name="Pond Society", token="x"
    )
    return doi_account_set(
        organisation=organisation,
        repository=REPOSITORY,
        password=PASSWORD,
        prefix=PREFIX,
        system="test",
        active=True,
        api_url=datacite.url,
    )


@pytest.fixture
def publisher(db):
    return UserFactory(role=Role.PUBLISHER, email="publisher@example.org")


@pytest.fixture
def manager(db):
    """A manager of ``ponds`` without registration rights."""
    return UserFactory(role=Role.MANAGER, email="manager@example.org")


@pytest.fixture
def ponds(db, publisher, manager):
    resource = ResourceFactory(shortname="ponds", title="Pond survey", creator=publisher)
    resource_add_manager(resource=resource, user=manager)
    return resource


def run(job: Job) -> Job:
    """Execute one attempt of ``job`` in this process, as a worker would."""
    execute(str(job.pk))
    job.refresh_from_db()
    return job


def reserved(resource, user, doi: str = "") -> Doi:
    """A DOI reserved at DataCite for ``resource``."""
    job = run(doi_reserve_start(resource=resource, user=user, doi=doi, enqueue=False))
    assert job.status == "succeeded", job.error_message
    row = resource.dois.get()
    assert row.status == DoiStatus.RESERVED
    return row
