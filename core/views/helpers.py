"""Helpers every app's pages share: 404 for what the user may not see, following a job."""

from __future__ import annotations

import uuid
from typing import TypeVar

from django.db.models import Model
from django.http import Http404, HttpRequest

from core.models import Job
from core.selectors import job_get_for_user

T = TypeVar("T")


def found_or_404(value: T | None) -> T:
    """``value``, or 404 when a selector found nothing the user may see (404 rather than 403,
    so that private names do not leak)."""
    if value is None:
        raise Http404
    return value


def shown_job(request: HttpRequest, target: Model) -> Job | None:
    """The job named by ``?job=`` if it is about ``target`` and the user may see it."""
    try:
        job_id = uuid.UUID(request.GET.get("job", ""))
    except ValueError:
        return None
    job = job_get_for_user(user=request.user, job_id=job_id)
    if job is None or job.target_id != str(target.pk):
        return None
    return job


def with_job(url: str, job: Job, anchor: str = "") -> str:
    """``url`` with ``?job=<id>`` so that the page shows the job's progress."""
    return "%s?job=%s%s" % (url, job.pk, anchor)
