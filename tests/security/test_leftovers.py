"""The hourly sweep removes what killed processes left in DATA_DIR/tmp, and nothing in use."""

from __future__ import annotations

import os
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Job, JobStatus
from core.services.tmp import tmp_sweep
from core.tasks import sweep_temporary_files
from publisher.models import Role
from resources.jobs.sources import source_ingest_start
from resources.services.importing.start import resource_import_start
from resources.services.publication.start import PUBLISH
from resources.services.sources import source_stage_uploads
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def _age(path, seconds: float) -> None:
    """Make ``path`` and everything in it look ``seconds`` old."""
    stamp = time.time() - seconds
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.utime(os.path.join(root, name), (stamp, stamp))
    os.utime(path, (stamp, stamp))


def _file(path, seconds: float = 0):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    _age(path, seconds)
    return path


def _publication(resource, manager, status: str) -> Job:
    job = Job.objects.create(kind=PUBLISH, target=resource, created_by=manager, status=status)
    _file(settings.DATA_DIR / "tmp" / ("publish-%s" % job.pk) / "data" / "event.txt")
    return job


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER)


@pytest.fixture
def resource(manager, data_dir):
    return ResourceFactory(shortname="ponds", creator=manager)


def test_an_interrupted_upload_older_than_the_bound_is_removed(data_dir, settings):
    settings.TEMP_MAX_AGE_HOURS = 24
    old = _file(data_dir / "tmp" / "tmpa1b2c3.upload.csv", 25 * 3600)
    fresh = _file(data_dir / "tmp" / "tmpd4e5f6.upload.csv", 3600)

    removed = tmp_sweep()

    assert removed == [old.name]
    assert not old.exists() and fresh.exists()


def test_a_folder_with_a_fresh_file_inside_is_kept(data_dir):
    folder = data_dir / "tmp" / "metadata-import"
    _file(folder / "old.xml", 2 * DAY)
    _file(folder / "new.xml")
    os.utime(folder, (time.time() - 2 * DAY,) * 2)

    tmp_sweep()

    assert (folder / "new.xml").exists()


def test_staged_uploads_of_a_pending_ingest_are_kept_however_old(resource, manager, data_dir):
    staged = source_stage_uploads(files=[SimpleUploadedFile("events.csv", b"a,b\n1,2\n")])
    source_ingest_start(resource=resource, user=manager, staged=staged, enqueue=False)
    orphan = source_stage_uploads(files=[SimpleUploadedFile("lost.csv", b"a,b\n1,2\n")])
    _age(staged["folder"], 3 * DAY)
    _age(orphan["folder"], 3 * DAY)

    tmp_sweep()

    assert os.path.isdir(staged["folder"])
    assert not os.path.exists(orphan["folder"])


def test_staged_upload_of_a_pending_resource_import_is_kept(manager, data_dir):
    staged = source_stage_uploads(
        files=[SimpleUploadedFile("ponds.zip", b"PK\x05\x06" + bytes(18))]
    )
    resource_import_start(user=manager, staged=staged, enqueue=False)
    _age(staged["folder"], 3 * DAY)

    tmp_sweep()

    assert os.path.isdir(staged["folder"])


def test_work_folders_of_publications_not_running_are_removed_at_once(resource, manager):
    running = _publication(resource, manager, JobStatus.RUNNING)
    failed = _publication(resource, manager, JobStatus.FAILED)
    tmp = settings.DATA_DIR / "tmp"
    _age(tmp / ("publish-%s" % running.pk), 3 * DAY)

    removed = sweep_temporary_files()

    assert removed == ["publish-%s" % failed.pk]
    assert (tmp / ("publish-%s" % running.pk) / "data" / "event.txt").exists()


def test_the_beat_schedule_runs_the_sweep_on_the_maintenance_queue():
    entries = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == sweep_temporary_files.name
    ]
    assert len(entries) == 1 and entries[0]["options"]["queue"] == "maintenance"
    assert settings.CELERY_TASK_ROUTES[sweep_temporary_files.name] == {"queue": "maintenance"}
    assert settings.TEMP_MAX_AGE_HOURS > 0
