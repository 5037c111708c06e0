"""The GBIF registry gets the resource's own DOI as the ``doi`` parameter, at registration and
at every update, so GBIF mints no second DOI (issue #23)."""

from __future__ import annotations

from core.models import Job, JobStatus
from publisher.services.dois import DOI_SYNC, doi_account_set, doi_reserve_start
from publisher.services.registration import DATASET_UPDATE, dataset_register_start
from tests.conftest import DATACITE_PASSWORD, DATACITE_PREFIX, DATACITE_REPOSITORY
from tests.resources.publication.conftest import publish_inline

from .conftest import run


def test_registration_and_updates_send_the_resources_doi(
    datacite, registry, resource, publisher, organisation
):
    doi_account_set(
        organisation=organisation,
        repository=DATACITE_REPOSITORY,
        password=DATACITE_PASSWORD,
        prefix=DATACITE_PREFIX,
        system="test",
        active=True,
        api_url=datacite.url,
    )
    reserved = run(doi_reserve_start(resource=resource, user=publisher, enqueue=False))
    assert reserved.status == JobStatus.SUCCEEDED, reserved.error_message
    doi = resource.dois.get().doi
    assert publish_inline(resource, publisher).status == JobStatus.SUCCEEDED  # 2.0 with the DOI
    registered = run(dataset_register_start(resource=resource, user=publisher, enqueue=False))
    assert registered.status == JobStatus.SUCCEEDED, registered.error_message
    [register_call] = registry.calls("POST", "/registry/ipt/resource")
    assert register_call.field("doi") == doi

    assert publish_inline(resource, publisher).status == JobStatus.SUCCEEDED  # 2.1
    for job in Job.objects.filter(kind__in=(DATASET_UPDATE, DOI_SYNC), status=JobStatus.PENDING):
        assert run(job).status == JobStatus.SUCCEEDED, job.error_message
    update = registry.calls("POST", "/registry/ipt/resource/")[-1]
    assert update.field("doi") == doi
    assert datacite.dois() == [doi]
    assert datacite.doi(doi)["state"] == "findable"
