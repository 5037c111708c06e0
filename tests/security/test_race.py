"""A job whose object is deleted before it runs ends cancelled with a reason, not crashed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.jobs import register
from core.jobs.executor import execute
from core.models import Job, JobStatus
from core.services.jobs import job_create
from publisher.models import Role
from resources.jobs.sources import source_analyse_start, source_ingest_start
from resources.models import Resource, Source
from resources.services.sources import source_delete, source_stage_uploads
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

LOOKUP = "test-race-lookup"


@register(LOOKUP, label="test: looks its resource up with a plain get")
def _run_lookup(ctx) -> dict:
    Resource.objects.get(pk=ctx.params["resource"])
    return {}


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER)


@pytest.fixture
def resource(manager, data_dir):
    return ResourceFactory(shortname="ponds", creator=manager)


def _run(job: Job) -> Job:
    execute(str(job.pk))
    job.refresh_from_db()
    return job


def test_analysis_of_a_source_deleted_before_it_ran_ends_cancelled(resource, manager):
    source = Source.objects.create(resource=resource, name="events", kind="sql")
    job = source_analyse_start(source=source, user=manager, enqueue=False)
    source_delete(source=source)

    job = _run(job)

    assert job.status == JobStatus.CANCELLED
    assert job.error_code == "job:target-gone"
    assert "source was deleted" in job.error_message


def test_replacing_the_data_of_a_deleted_source_ends_cancelled(resource, manager):
    source = Source.objects.create(resource=resource, name="events", kind="file")
    staged = source_stage_uploads(files=[SimpleUploadedFile("events.csv", b"a,b\n1,2\n")])
    job = source_ingest_start(
        resource=resource, user=manager, staged=staged, replace=source, enqueue=False
    )
    source_delete(source=source)

    job = _run(job)

    assert (job.status, job.error_code) == (JobStatus.CANCELLED, "job:target-gone")
    assert not resource.sources.exists()


def test_a_lookup_failing_because_the_target_was_deleted_cancels_the_job(resource, manager):
    job = job_create(
        kind=LOOKUP,
        created_by=manager,
        target=resource,
        enqueue=False,
        params={"resource": resource.pk},
    )
    Resource.objects.filter(pk=resource.pk).delete()

    job = _run(job)

    assert (job.status, job.error_code) == (JobStatus.CANCELLED, "job:target-gone")
    assert job.error_message


def test_a_failing_lookup_while_the_target_exists_is_still_an_internal_error(resource, manager):
    job = job_create(
        kind=LOOKUP,
        created_by=manager,
        target=resource,
        enqueue=False,
        params={"resource": resource.pk + 1000},
    )

    job = _run(job)

    assert (job.status, job.error_code) == (JobStatus.FAILED, "app:internal")
