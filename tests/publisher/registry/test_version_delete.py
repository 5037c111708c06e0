"""Deleting the newest version of a registered resource updates its GBIF registration."""

from __future__ import annotations

import pytest

from core.models import Job
from publisher.services.registration import DATASET_UPDATE, dataset_register_start
from tests.resources.portal.conftest import fake_version
from workflows.versions import version_delete

from .conftest import run

REASON = "Leaked the coordinates of a nest."


@pytest.fixture
def registered(resource, publisher):
    job = run(dataset_register_start(resource=resource, user=publisher))
    assert job.status == "succeeded", job.error_message
    resource.refresh_from_db()
    return resource, job.result["key"]


def test_deleting_the_newest_version_updates_the_registration(registered, admin_user, registry):
    resource, key = registered
    Job.objects.filter(kind=DATASET_UPDATE).delete()
    fake_version(resource, "1.1")
    version_delete(version=resource.versions.get(label="1.1"), by=admin_user, reason=REASON)
    update = Job.objects.get(kind=DATASET_UPDATE)
    assert update.target == resource
    assert run(update).status == "succeeded", update.error_message
    request = registry.calls("POST", "/registry/ipt/resource/")[-1]
    assert request.path == "/registry/ipt/resource/%s" % key
    assert request.field("serviceURLs").endswith("/archive.do?r=ponds")


def test_deleting_an_older_version_leaves_the_registration_alone(registered, admin_user):
    resource, _key = registered
    Job.objects.filter(kind=DATASET_UPDATE).delete()
    fake_version(resource, "1.1")
    version_delete(version=resource.versions.get(label="1.0"), by=admin_user, reason=REASON)
    assert not Job.objects.filter(kind=DATASET_UPDATE).exists()
