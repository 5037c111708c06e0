"""Celery tasks of the publisher app: thin wrappers around services.

The account mails (password reset, e-mail change) are plain tasks on the ``maintenance``
queue rather than jobs: anyone may ask for a password reset, and a ``Job`` row (listed on
the jobs page, kept for history) for each such request would let anonymous visitors fill
the table; those mails need no progress, result or cancel.
"""

from __future__ import annotations

from celery import shared_task

from publisher.services.accounts import (
    email_change_mail_send,
    email_changed_notice_send,
    password_reset_mail_send,
)
from publisher.services.notifications import failed_jobs_digest_send

_MAIL = {
    "acks_late": True,
    "soft_time_limit": 60,
    "time_limit": 120,
    "autoretry_for": (OSError,),  # an SMTP server that is down or refuses for a while
    "retry_backoff": 30,
    "max_retries": 5,
}


@shared_task(name="publisher.tasks.password_reset_mail", **_MAIL)
def password_reset_mail(email: str) -> None:
    """Send the password reset link to the account with ``email``, if there is one."""
    password_reset_mail_send(email=email)


@shared_task(name="publisher.tasks.email_change_mail", **_MAIL)
def email_change_mail(user_id: int, new_email: str) -> None:
    """Send the link that confirms ``new_email`` as the login of user ``user_id``."""
    email_change_mail_send(user_id=user_id, new_email=new_email)


@shared_task(name="publisher.tasks.email_changed_notice", **_MAIL)
def email_changed_notice(user_id: int, old_email: str) -> None:
    """Tell ``old_email`` that user ``user_id`` now logs in with another address."""
    email_changed_notice_send(user_id=user_id, old_email=old_email)


@shared_task(
    name="publisher.tasks.send_failed_jobs_digest",
    acks_late=True,
    soft_time_limit=120,
    time_limit=180,
)
def send_failed_jobs_digest() -> str:
    """Weekly: queue the e-mail to admins listing the jobs that failed in the last 7 days."""
    job = failed_jobs_digest_send()
    return str(job.pk) if job is not None else ""
