"""`manage.py publish`: in-process publication, progress, JSON and exit codes."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.cli import progress_line
from core.models import Job, JobStatus
from resources.models import ExtensionMapping

from .test_services import occurrences, replace_source

# The inline run happens in a second thread with its own database connection.
pytestmark = pytest.mark.django_db(transaction=True)


def publish(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("publish", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_inline_json_prints_the_job_and_the_version(resource, manager):
    out, err = publish(
        "ponds", "--inline", "--json", "--summary", "From the CLI", "--user", manager.email
    )
    body = json.loads(out)
    assert body["ok"] is True
    assert body["job"]["status"] == "succeeded" and body["job"]["kind"] == "resource-publish"
    assert body["version"]["version"] == "1.0"
    assert body["version"]["change_summary"] == "From the CLI"
    assert body["version"]["published_by"] == manager.email
    assert "\r" not in out


def test_inline_draws_a_progress_line_and_says_what_was_published(resource, manager):
    out, err = publish("ponds", "--inline", "--user", manager.email)
    assert "Published version 1.0" in out
    assert "\r[" in err and "succeeded" in err


def test_failed_checks_exit_1_with_the_error_and_the_report_in_json(resource, manager):
    replace_source(
        resource, "occurrence", occurrences(resource).replace(b"HumanObservation", b"dead fish", 1)
    )
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(
            "publish",
            "ponds",
            "--inline",
            "--json",
            "--user",
            manager.email,
            stdout=out,
            stderr=io.StringIO(),
        )
    assert exc.value.returncode == 1 and "publication:checks" in str(exc.value)
    body = json.loads(out.getvalue())
    assert body["ok"] is False and body["code"] == "publication:checks"
    assert body["job"]["status"] == "failed"
    assert body["job"]["result"]["report"]["ok"] is False


def test_refusal_exits_1_before_any_job(resource, manager):
    ExtensionMapping.objects.filter(resource=resource).delete()
    with pytest.raises(CommandError) as exc:
        publish("ponds", "--inline", "--user", manager.email)
    assert exc.value.returncode == 1 and "publication:core-unmapped" in str(exc.value)
    assert not Job.objects.exists()


def test_unknown_resource_exits_1(db):
    with pytest.raises(CommandError, match="No resource named nothing"):
        publish("nothing")


def test_progress_line_shows_phase_and_counts():
    job = Job(status=JobStatus.RUNNING, phase="data files", progress_done=50, progress_total=200)
    line = progress_line(job)
    assert line.startswith("[#######") and " 25% running data files 50/200" in line
    assert "..." in progress_line(Job(status=JobStatus.PENDING))


def test_progress_line_shows_rows_per_second_and_time_left():
    now = timezone.now()
    job = Job(
        status=JobStatus.RUNNING,
        phase="data files",
        progress_done=1000,
        progress_total=3000,
        phase_started_at=now - datetime.timedelta(seconds=10),
        heartbeat_at=now,
    )
    assert progress_line(job).endswith("1000/3000 100/s, 20s left")
