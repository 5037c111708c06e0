"""Notification e-mails: who is told what, with their opt-outs and languages, and the weekly
digest of failed jobs for admins. The sending itself is a job (``core.notifications``),
queued once the caller's transaction commits, so no web request ever waits on a mail server.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from core.models import Job, JobStatus
from core.notifications import NOTIFY, notification_send_start
from publisher.models import Role, User
from publisher.selectors import emails_by_language, emails_not_opted_out
from publisher.services.installation import installation_base_url

PUBLICATIONS = "publications"
PROBLEMS = "problems"
DIGEST = "digest"
DIGEST_DAYS = 7


def notify(
    *,
    topic: str,
    emails: Iterable[str],
    template: str,
    context: dict[str, Any],
) -> Job | None:
    """Queue ``template`` for ``emails``, less the users who switched ``topic`` off, each
    group in its language (``emails_by_language``); None when nobody is left."""
    wanted = emails_not_opted_out(emails, topic=topic)
    if not wanted:
        return None
    account = installation_base_url() + reverse("account")
    context = {"account_link": account, **context}
    return notification_send_start(
        template=template, groups=emails_by_language(wanted), context=context
    )


def job_facts(job: Job) -> dict[str, Any]:
    """What a mail says of a job: its kind, what it was about, its error and its page."""
    result = job.result if isinstance(job.result, dict) else {}
    target = job.target if job.target_type_id else None
    return {
        "kind": job.kind,
        "subject": str(target) if target is not None else "",
        "error": job.error_message,
        "error_text": result.get("error_text") or None,
        "link": installation_base_url() + reverse("job-detail", args=[job.pk]),
        "finished": job.finished_at.isoformat() if job.finished_at else "",
    }


def failed_jobs_digest_send(*, now: datetime | None = None) -> Job | None:
    """Queue the weekly digest of the jobs that failed in the last ``DIGEST_DAYS`` days for
    the active admins; nothing when none failed (or no admin wants it)."""
    since = (now or timezone.now()) - timedelta(days=DIGEST_DAYS)
    failed = (
        Job.objects.filter(status=JobStatus.FAILED, finished_at__gte=since)
        .exclude(kind=NOTIFY)  # a mail server that failed would not read its own digest
        .select_related("target_type")
        .order_by("-finished_at")
    )
    rows = [job_facts(job) for job in failed[:200]]
    if not rows:
        return None
    admins = User.objects.filter(role=Role.ADMIN, is_active=True).values_list("email", flat=True)
    context = {"jobs": rows, "count": failed.count(), "days": DIGEST_DAYS}
    return notify(topic=DIGEST, emails=admins, template="failed_jobs_digest", context=context)
