"""A publication's progress moves with the rows written, against the sources' row counts,
in one phase for the data files (not one per file and check)."""

from __future__ import annotations

import pytest

from core.jobs import JobContext
from resources.services.publication.progress import build_progress, source_rows
from tests.factories import JobFactory

from .conftest import publish_inline

pytestmark = pytest.mark.django_db


class Recorder:
    """What a ``JobContext`` would store: phases and progress reports."""

    def __init__(self):
        self.phases: list[tuple[str, int | None]] = []
        self.reports: list[tuple[int, int | None]] = []

    def phase(self, name, *, total=None):
        self.phases.append((name, total))

    def progress(self, done, total=None):
        self.reports.append((done, total))


def test_the_data_files_are_one_phase_counted_against_the_source_rows():
    ctx = Recorder()
    report = build_progress(ctx, 100)
    for phase, done in [("data files", 40), ("checks", 40), ("data files", 90), ("checks", 90)]:
        report(phase, done, None)
    report("packaging", 90, 90)
    assert ctx.phases == [("data files", 100), ("packaging", 90)]
    assert ctx.reports[:4] == [(40, 100), (40, 100), (90, 100), (90, 100)]


def test_more_rows_than_counted_never_pass_100_percent():
    ctx = Recorder()
    build_progress(ctx, 10)("data files", 25, None)
    assert ctx.reports == [(25, 25)]


def test_source_rows_add_up_the_mapped_sources(resource):
    rows = {s.name: s.row_count for s in resource.sources.all()}
    assert source_rows(resource) == rows["event"] + rows["occurrence"] > 0


def test_a_publication_logs_the_data_files_phase_once(resource, manager):
    job = publish_inline(resource, manager)
    assert job.status == "succeeded", job.error_message
    assert job.log.count("phase: data files") == 1 and "phase: checks\n" not in job.log


def test_a_phase_records_when_it_began_for_the_rate_and_time_left(manager):
    job = JobFactory(created_by=manager)
    assert job.mark_running()
    ctx = JobContext(job)
    ctx.phase("data files", total=1000)
    ctx.progress(250)
    ctx.flush()
    job.refresh_from_db()
    assert job.phase_started_at is not None and job.phase_started_at <= job.heartbeat_at
    assert (job.progress_done, job.progress_total) == (250, 1000)
