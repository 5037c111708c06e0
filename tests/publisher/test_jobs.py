"""The Job machinery in one process: transitions, executor outcomes, cancel, stale jobs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from core.errors import AppError, UserError
from core.jobs import JobCancelled, finished_listener_register, register
from core.jobs import context as context_module
from core.jobs.executor import execute
from core.models import Job, JobStatus
from core.services.jobs import job_cancel, job_create, jobs_fail_stale
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


@register("test-ok", label="test: succeeds")
def _ok(ctx):
    ctx.phase("rows", total=3)
    for i in range(1, 4):
        ctx.progress(i)
    ctx.log("did three rows")
    return {"rows": 3}


@register("test-user-error", label="test: bad input")
def _user_error(ctx):
    ctx.phase("reading")
    raise UserError("Line 3, column 2: not UTF-8.", code="source:encoding")


@register("test-app-error", label="test: flaky storage", max_attempts=2)
def _app_error(ctx):
    raise AppError("Storage unavailable.", code="app:storage")


@register("test-crash", label="test: bug")
def _crash(ctx):
    raise RuntimeError("secret=hunter2 in a bug")


@register("test-cancel-midway", label="test: cancelled while running")
def _cancel_midway(ctx):
    ctx.phase("rows", total=10)
    Job.objects.filter(pk=ctx.job.pk).update(status=JobStatus.CANCELLED)
    ctx.check_cancelled()
    raise AssertionError("a cancelled job must not go on")


@register("test-long", label="test: long running")
def _long(ctx):
    ctx.phase("rows", total=100)
    context_module.request_shutdown()
    ctx.check_cancelled()
    raise AssertionError("an interrupted job must not go on")


@register("test-record", label="test: records what it made")
def _record(ctx):
    ctx.record(made=[1, 2])
    return {"seen": ctx.params}


@register("test-content-type", label="test: reads a content type")
def _content_type(ctx):
    from django.contrib.contenttypes.models import ContentType

    return {"id": ContentType.objects.get_for_model(Job).pk}


@register("test-redelivered", label="test: its message arrives twice")
def _redelivered(ctx):
    # The broker hands the same message to a second worker while the first runs the job.
    again = execute(str(ctx.job.pk), worker="w2@host-b")
    return {"again": again.status, "retry_in": again.retry_in}


@pytest.fixture
def shutdown_flag_reset():
    yield
    context_module._shutting_down.clear()


def test_worker_shutdown_puts_the_running_job_back_in_the_queue(shutdown_flag_reset):
    job = JobFactory(kind="test-long")
    outcome = execute(str(job.pk))
    job.refresh_from_db()
    assert outcome.retry_in == 0
    assert job.status == JobStatus.PENDING and job.attempts == 1
    assert "the job will start again" in job.log


def test_stopping_worker_hands_a_new_job_back_without_starting_it(shutdown_flag_reset):
    job = JobFactory(kind="test-long")
    context_module.request_shutdown()
    outcome = execute(str(job.pk))
    job.refresh_from_db()
    assert outcome.retry_in == 0
    assert job.status == JobStatus.PENDING and job.attempts == 0 and job.log == ""


def test_job_succeeds_with_result_and_full_progress():
    job = JobFactory(kind="test-ok")
    outcome = execute(str(job.pk))
    job.refresh_from_db()
    assert outcome.status == JobStatus.SUCCEEDED
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"rows": 3}
    assert (job.progress_done, job.progress_total, job.percent) == (3, 3, 100)
    assert "did three rows" in job.log and "phase: rows" in job.log
    assert job.started_at and job.finished_at and job.attempts == 1


def test_the_worker_that_claims_a_job_is_recorded_on_it_and_in_its_log():
    job = JobFactory(kind="test-ok")
    execute(str(job.pk), worker="w1@host-a")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.worker == "w1@host-a"
    assert "attempt 1 on worker w1@host-a" in job.log


def test_a_job_run_by_a_command_names_no_worker():
    job = JobFactory(kind="test-ok")
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.worker == "" and "on worker" not in job.log


def test_a_second_delivery_of_a_running_job_does_not_run_it_again():
    job = JobFactory(kind="test-redelivered")
    execute(str(job.pk), worker="w1@host-a")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"again": JobStatus.RUNNING, "retry_in": None}
    assert (job.worker, job.attempts) == ("w1@host-a", 1)
    assert job.log.count("on worker") == 1


def test_a_second_delivery_of_a_finished_job_does_not_run_it_again():
    job = JobFactory(kind="test-ok")
    execute(str(job.pk), worker="w1@host-a")
    outcome = execute(str(job.pk), worker="w2@host-b")
    job.refresh_from_db()
    assert outcome.status == JobStatus.SUCCEEDED and outcome.retry_in is None
    assert (job.worker, job.attempts) == ("w1@host-a", 1)
    assert job.log.count("on worker") == 1


def test_a_running_job_records_params_for_reads_to_find_it_by():
    job = JobFactory(kind="test-record", params={"a": 1})
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.params == {"a": 1, "made": [1, 2]} == job.result["seen"]


def test_a_finished_job_records_nothing():
    job = JobFactory(kind="test-ok", status=JobStatus.SUCCEEDED, params={"a": 1})
    assert job.record_params(made=[1]) is False
    job.refresh_from_db()
    assert job.params == {"a": 1}


def test_user_error_fails_job_with_its_code_and_message():
    job = JobFactory(kind="test-user-error")
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_code == "source:encoding"
    assert job.error_message == "Line 3, column 2: not UTF-8."
    assert job.phase == "reading"


def test_app_error_is_retried_with_backoff_then_fails():
    job = JobFactory(kind="test-app-error")
    first = execute(str(job.pk))
    job.refresh_from_db()
    assert first.retry_in == 2 and job.status == JobStatus.PENDING
    second = execute(str(job.pk))
    job.refresh_from_db()
    assert second.retry_in is None
    assert job.status == JobStatus.FAILED and job.error_code == "app:storage"
    assert job.attempts == 2
    assert "retrying in 2 s" in job.log


def test_unexpected_exception_fails_as_internal_without_leaking_the_message():
    job = JobFactory(kind="test-crash")
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_code == "app:internal"
    assert "hunter2" not in job.error_message + job.log


def test_unknown_kind_fails_the_job():
    job = JobFactory(kind="no-such-kind")
    execute(str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.error_code) == (JobStatus.FAILED, "job:unknown-kind")


def test_cancel_while_running_stops_the_runner_and_stays_cancelled():
    job = JobFactory(kind="test-cancel-midway")
    outcome = execute(str(job.pk))
    job.refresh_from_db()
    assert outcome.status == JobStatus.CANCELLED
    assert job.status == JobStatus.CANCELLED and job.error_code == ""


def test_cancelled_pending_job_never_runs():
    job = JobFactory(kind="test-ok")
    assert job_cancel(job=job) is True
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.started_at is None and job.result == {}


def test_cancel_of_finished_job_is_refused():
    job = JobFactory(kind="test-ok")
    execute(str(job.pk))
    job.refresh_from_db()
    assert job_cancel(job=job) is False
    assert job.status == JobStatus.SUCCEEDED


def test_transitions_cannot_revive_a_final_job():
    job = JobFactory(kind="test-ok", status=JobStatus.FAILED)
    assert job.mark_running() is False
    assert job.mark_succeeded({"x": 1}) is False
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.result == {}


def test_progress_report_on_a_cancelled_job_raises_cancelled():
    from core.jobs import JobContext

    job = JobFactory(kind="test-ok", status=JobStatus.RUNNING)
    ctx = JobContext(job)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.CANCELLED)
    with pytest.raises(JobCancelled):
        ctx.phase("next")


def test_stale_running_job_is_failed_and_fresh_one_is_left_alone():
    old = timezone.now() - timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT + 5)
    stale = JobFactory(status=JobStatus.RUNNING, heartbeat_at=old)
    fresh = JobFactory(status=JobStatus.RUNNING, heartbeat_at=timezone.now())
    pending = JobFactory(status=JobStatus.PENDING)
    assert jobs_fail_stale() == 1
    for job in (stale, fresh, pending):
        job.refresh_from_db()
    assert (stale.status, stale.error_code) == (JobStatus.FAILED, "job:stale")
    assert fresh.status == JobStatus.RUNNING
    assert pending.status == JobStatus.PENDING


def test_stale_job_reaper_is_scheduled_in_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["fail-stale-jobs"]
    assert entry["task"] == "publisher.tasks.fail_stale_jobs"
    assert entry["schedule"] <= 300


def test_job_create_refuses_unknown_kind(admin_user):
    with pytest.raises(UserError) as err:
        job_create(kind="nope", created_by=admin_user)
    assert err.value.code == "job:unknown-kind"
    assert not Job.objects.exists()


def test_job_create_queues_the_task_only_after_commit(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_create(kind="test-ok", created_by=admin_user, params={"a": 1})
    assert job.status == JobStatus.PENDING and job.params == {"a": 1}
    assert len(callbacks) == 1


def test_job_targets_a_model_instance(admin_user):
    from tests.factories import ResourceFactory

    resource = ResourceFactory()
    job = job_create(kind="test-ok", created_by=admin_user, target=resource)
    job.refresh_from_db()
    assert job.target == resource


def test_a_job_reads_content_types_afresh_not_from_a_stale_cache():
    """A long-lived worker must not use content type ids cached before they were created
    again (a flushed test database, a migration): a job queuing a follow-up for a target
    would else fail on a foreign key."""
    from django.contrib.contenttypes.models import ContentType

    real = ContentType.objects.get_for_model(Job)
    stale = ContentType(pk=real.pk + 1000, app_label=real.app_label, model=real.model)
    ContentType.objects.clear_cache()
    ContentType.objects._add_to_cache("default", stale)
    assert ContentType.objects.get_for_model(Job).pk == stale.pk  # the cache is what a job sees
    job = JobFactory(kind="test-content-type")
    execute(str(job.pk))
    job.refresh_from_db()
    assert job.result == {"id": real.pk}


# --- listeners of finished jobs ----------------------------------------------------------------

_HEARD: list[tuple[str, str]] = []


def _listen(job: Job) -> None:
    _HEARD.append((job.kind, job.status))


def _listen_and_break(job: Job) -> None:
    raise RuntimeError("a listener with a bug")


finished_listener_register(["test-ok", "test-app-error"], _listen_and_break)
finished_listener_register(["test-ok", "test-app-error"], _listen)


def test_listeners_hear_of_a_success_and_of_the_last_failure_only():
    _HEARD.clear()
    ok = JobFactory(kind="test-ok")
    assert execute(str(ok.pk)).status == JobStatus.SUCCEEDED  # a broken listener changes nothing
    flaky = JobFactory(kind="test-app-error")
    assert execute(str(flaky.pk)).retry_in is not None
    assert _HEARD == [("test-ok", "succeeded")]  # not told of an attempt that will be retried
    execute(str(flaky.pk))
    assert _HEARD == [("test-ok", "succeeded"), ("test-app-error", "failed")]
