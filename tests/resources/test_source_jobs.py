"""The source jobs' start services, the ids the jobs record, and each source's last job."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.jobs.executor import execute
from core.models import Job, JobStatus
from publisher.models import Role
from resources.jobs.sources import (
    SOURCE_ANALYSE,
    SOURCE_FETCH,
    SOURCE_INGEST,
    source_analyse_start,
    source_fetch_start,
    source_ingest_start,
)
from resources.models import Source
from resources.selectors import source_jobs_latest
from resources.services.sources import source_stage_uploads
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("resources.migrations.0010_source_jobs_record_sources")


@pytest.fixture(autouse=True)
def data_dir(data_dir):
    return data_dir


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER)


@pytest.fixture
def resource(manager):
    return ResourceFactory(shortname="ponds", creator=manager)


def _source(resource, name: str) -> Source:
    return Source.objects.create(resource=resource, name=name, kind="file")


def _staged(*names: str) -> dict:
    return source_stage_uploads(files=[SimpleUploadedFile(n, b"a,b\n1,2\n") for n in names])


def _run(job: Job) -> Job:
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    return job


# --- start services -----------------------------------------------------------------------------


def test_ingest_start_queues_a_job_about_the_resource_once_committed(
    resource, manager, django_capture_on_commit_callbacks
):
    staged = _staged("events.csv")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = source_ingest_start(resource=resource, user=manager, staged=staged)
    job.refresh_from_db()
    assert (job.kind, job.target, job.created_by) == (SOURCE_INGEST, resource, manager)
    assert job.status == JobStatus.PENDING
    assert job.params == {"resource": resource.pk, "staged": staged}
    assert len(callbacks) == 1


def test_ingest_start_that_replaces_a_source_records_its_name_and_id(resource, manager):
    events = _source(resource, "events")
    staged = _staged("events.csv")
    job = source_ingest_start(resource=resource, user=manager, staged=staged, replace=events)
    assert job.params == {
        "resource": resource.pk,
        "staged": staged,
        "replace": "events",
        "source": events.pk,
    }


def test_fetch_start_stores_the_url_and_the_cache_choice(
    resource, manager, django_capture_on_commit_callbacks
):
    url = "https://example.org/events.csv"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = source_fetch_start(resource=resource, user=manager, url=url, keep_cached=True)
    assert (job.kind, job.target) == (SOURCE_FETCH, resource)
    assert job.params == {"resource": resource.pk, "url": url, "keep_cached": True}
    assert len(callbacks) == 1
    events = _source(resource, "events")
    again = source_fetch_start(resource=resource, user=manager, url=url, replace=events)
    assert again.params == {
        "resource": resource.pk,
        "url": url,
        "keep_cached": False,
        "replace": "events",
        "source": events.pk,
    }


def test_analyse_start_names_the_source_and_the_options(
    resource, manager, django_capture_on_commit_callbacks
):
    events = _source(resource, "events")
    spec = {"text": {"delimiter": ";", "header": 1}}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = source_analyse_start(source=events, user=manager, spec=spec)
        plain = source_analyse_start(source=events, user=manager)
    assert (job.kind, job.target) == (SOURCE_ANALYSE, resource)
    assert job.params == {"source": events.pk, "spec": spec}
    assert plain.params == {"source": events.pk}
    assert len(callbacks) == 2


def test_a_start_without_enqueue_leaves_the_job_to_the_caller(
    resource, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = source_ingest_start(
            resource=resource, user=manager, staged=_staged("a.csv"), enqueue=False
        )
    assert job.status == JobStatus.PENDING and callbacks == []


# --- what the jobs record ---------------------------------------------------------------------


def test_the_ingest_records_the_sources_it_created(resource, manager):
    job = _run(
        source_ingest_start(resource=resource, user=manager, staged=_staged("a.csv", "b.csv"))
    )
    created = list(resource.sources.order_by("name").values_list("pk", flat=True))
    assert len(created) == 2
    assert sorted(job.params["sources"]) == created
    assert sorted(s["id"] for s in job.result["sources"]) == created


def test_a_replacing_ingest_records_only_the_source_it_replaced(resource, manager):
    _run(source_ingest_start(resource=resource, user=manager, staged=_staged("events.csv")))
    events = resource.sources.get()
    job = _run(
        source_ingest_start(
            resource=resource, user=manager, staged=_staged("events.csv"), replace=events
        )
    )
    assert job.params["source"] == events.pk and "sources" not in job.params


# --- each source's last job ---------------------------------------------------------------------


def _job(target, kind: str, minutes_ago: int, **params) -> Job:
    job = Job.objects.create(kind=kind, target=target, params=params)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return job


def test_each_source_gets_its_newest_job_by_the_recorded_ids(resource):
    events, sites, lone = (_source(resource, n) for n in ("events", "sites", "lone"))
    _job(resource, SOURCE_INGEST, 30, sources=[events.pk, sites.pk])
    ingest = _job(resource, SOURCE_INGEST, 20, sources=[events.pk, sites.pk])
    analyse = _job(resource, SOURCE_ANALYSE, 10, source=events.pk)
    _job(resource, SOURCE_FETCH, 5, replace="sites")  # queued before ids were recorded
    other = ResourceFactory()
    _job(other, SOURCE_ANALYSE, 1, source=sites.pk)  # another resource's job
    _job(resource, "resource-publish", 1, source=sites.pk)  # not a source job
    assert source_jobs_latest(resource) == {events.pk: analyse, sites.pk: ingest}
    assert lone.pk not in source_jobs_latest(resource)


def test_the_overview_shows_each_sources_last_job(client, resource, manager):
    events, sites = _source(resource, "events"), _source(resource, "sites")
    failed = _job(resource, SOURCE_FETCH, 5, replace="sites", source=sites.pk)
    analyse = _job(resource, SOURCE_ANALYSE, 1, source=events.pk)
    client.force_login(manager)
    response = client.get(reverse("resource-overview", args=["ponds"]))
    shown = {s.name: s.last_job for s in response.context["sources"]}
    assert shown == {"events": analyse, "sites": failed}
    assert 'href="/jobs/%s/"' % analyse.pk in response.content.decode()


# --- jobs queued before the ids were recorded ---------------------------------------------------


@pytest.mark.parametrize(
    ("params", "result", "recorded"),
    [
        ({"resource": 1, "staged": {}}, {"sources": [{"id": 4}, {"id": 5}]}, {"sources": [4, 5]}),
        ({"resource": 1, "staged": {}, "replace": "events"}, {}, {"source": 9}),
        ({"resource": 1, "url": "u", "replace": "gone"}, {"sources": [{"id": 6}]}, {"source": 6}),
        ({"resource": 1, "staged": {}}, {}, {}),  # failed: nothing was created
        ({"source": 3}, {"sources": [{"id": 3}]}, {}),  # an analysis always named its source
        ({"resource": 1, "staged": {}, "sources": [4]}, {"sources": [{"id": 4}]}, {}),
    ],
)
def test_the_migration_finds_what_older_jobs_are_about(params, result, recorded):
    assert backfill.recorded_sources(params, result, {"events": 9}) == recorded


def test_the_migration_records_the_sources_of_older_jobs(resource):
    events = _source(resource, "events")
    created = _job(resource, SOURCE_INGEST, 3, resource=resource.pk, staged={})
    Job.objects.filter(pk=created.pk).update(result={"sources": [{"id": events.pk}]})
    replaced = _job(resource, SOURCE_FETCH, 2, resource=resource.pk, url="u", replace="events")
    analysed = _job(resource, SOURCE_ANALYSE, 1, source=events.pk)
    backfill.record_sources(apps, None)
    for job in (created, replaced, analysed):
        job.refresh_from_db()
    assert created.params == {"resource": resource.pk, "staged": {}, "sources": [events.pk]}
    assert replaced.params["source"] == events.pk
    assert analysed.params == {"source": events.pk}
