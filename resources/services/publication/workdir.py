"""The temporary work folders of publications and validations: one per job, swept once its
job is no longer active."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from django.core.exceptions import ValidationError

from core.models import ACTIVE_STATUSES, Job
from core.services.tmp import tmp_dir

logger = logging.getLogger(__name__)
WORK_PREFIX = "publish-"  # validations too: one sweep for both


def work_folder(job: Job) -> Path:
    return tmp_dir() / (WORK_PREFIX + str(job.pk))


def work_folder_in_use(folder: Path) -> bool:
    """True while the publication whose work folder is ``folder`` is pending or running."""
    job_id = folder.name.removeprefix(WORK_PREFIX)
    try:
        return Job.objects.filter(pk=job_id, status__in=ACTIVE_STATUSES).exists()
    except (ValueError, ValidationError):
        return False  # not a job id: nothing of ours is using it


def work_folders_sweep() -> list[str]:
    """Remove the work folders of publications that ended without cleaning up (a killed
    worker leaves its folder behind); folders of active jobs stay."""
    removed = []
    for folder in tmp_dir().glob(WORK_PREFIX + "*"):
        if not work_folder_in_use(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    if removed:
        logger.info("Removed %d abandoned publication folders", len(removed))
    return removed
