"""Publication jobs run by a real Celery worker process."""

from __future__ import annotations

import pytest

from catalogue.models import Extension
from core.models import Job, JobStatus
from core.services.jobs import job_cancel
from resources.services.mappings import mapping_create
from resources.services.publication import resource_publish
from resources.services.publication.run import work_folder
from resources.services.resources import resource_dir
from tests.conftest import wait_for

from .conftest import OCCURRENCE, add_sources, make_resource
from .test_services import files_of

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
BIG_ROWS = 400_000
BUILDING = ("data files", "checks")


def _finished(job: Job):
    job.refresh_from_db()
    return job.is_final and job


def _add_big_source(resource) -> None:
    """BIG_ROWS occurrences of one event (~22 MB: over the threshold for forked processes),
    mapped to Occurrence."""
    rows = "".join(
        "BIG-%d,POND-A-V1,Bufo bufo,1,present,HumanObservation\n" % i for i in range(BIG_ROWS)
    )
    header = "occurrenceID,eventID,scientificName,individualCount,occurrenceStatus,basisOfRecord\n"
    add_sources(resource, {"big.csv": (header + rows).encode()})
    mapping_create(
        resource=resource,
        source=resource.sources.get(name="big"),
        extension=Extension.objects.get(row_type=OCCURRENCE),
    )


@pytest.fixture
def worker_resource(manager, celery_worker_process):
    """The pond survey in the worker's DATA_DIR (no per-test folder: the worker shares it)."""
    return make_resource(manager, "worker-ponds")


def test_worker_publishes_versions_1_0_and_1_1(worker_resource, manager, celery_worker_process):
    for label in ("1.0", "1.1"):
        job = resource_publish(resource=worker_resource, user=manager, change_summary=label)
        wait_for(lambda job=job: _finished(job), timeout=90)
        assert job.status == JobStatus.SUCCEEDED, job.error_message + job.log
        assert job.result["version"] == label
    assert {"dwca-1.0.zip", "dwca-1.1.zip", "eml-1.1.xml"} <= files_of(worker_resource)
    assert "phase: data files" in job.log and "phase: storing" in job.log


def test_cancel_in_the_worker_keeps_the_published_version(
    worker_resource, manager, celery_worker_process
):
    job = resource_publish(resource=worker_resource, user=manager)
    wait_for(lambda: _finished(job), timeout=90)
    before = (resource_dir(worker_resource) / "dwca-1.0.zip").read_bytes()
    _add_big_source(worker_resource)
    job = resource_publish(resource=worker_resource, user=manager)
    wait_for(  # the builder's phases last seconds with this many rows
        lambda: Job.objects.filter(pk=job.pk, phase__in=BUILDING).exists(),
        timeout=90,
        interval=0.05,
    )
    assert job_cancel(job=job), Job.objects.get(pk=job.pk).status
    wait_for(lambda: not work_folder(job).exists(), timeout=60)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert list(worker_resource.versions.values_list("label", flat=True)) == ["1.0"]
    assert (resource_dir(worker_resource) / "dwca-1.0.zip").read_bytes() == before
    assert not (resource_dir(worker_resource) / "dwca-1.1.zip").exists()


def test_a_killed_worker_leaves_the_published_version_and_publishing_again_works(
    worker_resource, manager, celery_worker_process, make_worker
):
    from core.services.jobs import jobs_fail_stale
    from core.tasks import run_job

    job = resource_publish(resource=worker_resource, user=manager)
    wait_for(lambda: _finished(job), timeout=90)
    archive = resource_dir(worker_resource) / "dwca-1.0.zip"
    before = archive.read_bytes()
    rows = "".join(
        "KILL-%d,POND-A-V1,Bufo bufo,1,present,HumanObservation\n" % i for i in range(BIG_ROWS)
    )
    header = "occurrenceID,eventID,scientificName,individualCount,occurrenceStatus,basisOfRecord\n"
    add_sources(worker_resource, {"many.csv": (header + rows).encode()})
    mapping_create(
        resource=worker_resource,
        source=worker_resource.sources.get(name="many"),
        extension=Extension.objects.get(row_type=OCCURRENCE),
    )
    # A private queue, so that only the worker we kill can take this publication.
    doomed = make_worker("doomed-publisher", queues="doomed-publish")
    job = resource_publish(resource=worker_resource, user=manager, enqueue=False)
    run_job.apply_async(args=[str(job.pk)], queue="doomed-publish")
    wait_for(
        lambda: Job.objects.filter(pk=job.pk, phase__in=BUILDING).exists(),
        timeout=90,
        interval=0.05,
    )
    doomed.kill()

    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # nobody told the database the worker died
    assert archive.read_bytes() == before
    assert list(worker_resource.versions.values_list("label", flat=True)) == ["1.0"]
    wait_for(lambda: jobs_fail_stale(timeout=2), timeout=30, interval=0.5)
    job.refresh_from_db()
    assert (job.status, job.error_code) == (JobStatus.FAILED, "job:stale")

    assert work_folder(job).exists()  # the killed worker could not clean up
    again = resource_publish(
        resource=worker_resource, user=manager, change_summary="after the crash"
    )
    wait_for(lambda: _finished(again), timeout=120)
    assert again.status == JobStatus.SUCCEEDED, again.error_message + again.log
    assert again.result["version"] == "1.1"
    assert not work_folder(job).exists()  # swept by the next publication
    assert archive.read_bytes() == before


def test_worker_publishes_a_large_source_in_forked_processes(
    worker_resource, manager, celery_worker_process
):
    """A source over the 4 MB threshold is cut and read by processes the worker's job forks
    (PUBLICATION_PROCESSES defaults to the cores); the archive holds every row once."""
    import re
    import zipfile

    _add_big_source(worker_resource)
    job = resource_publish(resource=worker_resource, user=manager)
    wait_for(lambda: _finished(job), timeout=120)
    assert job.status == JobStatus.SUCCEEDED, job.error_message + job.log
    version = worker_resource.versions.get()
    with zipfile.ZipFile(resource_dir(worker_resource) / version.archive_name) as zf:
        assert zf.testzip() is None
        lines = zf.read("occurrence.txt").decode().splitlines()
    big = [re.search(r"\tBIG-(\d+)\t", line) for line in lines]
    found = [int(m.group(1)) for m in big if m]
    assert sorted(found) == list(range(BIG_ROWS))  # every row once, none twice
    assert version.counts["occurrence.txt"] == len(lines) - 1
