"""The admins' weekly digest of failed jobs, its beat entry, and the account page's
notification switches."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from core.models import Job
from core.notifications import NOTIFY
from publisher.models import Role
from publisher.tasks import send_failed_jobs_digest
from tests.factories import JobFactory, UserFactory
from tests.notifications import send_notifications

pytestmark = pytest.mark.django_db


def _failed(kind: str, message: str, *, days_ago: int) -> Job:
    job = JobFactory(kind=kind, created_by=None)
    job.mark_running()
    job.mark_failed(code="app:error", message=message)
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=days_ago))
    return job


def test_the_digest_lists_the_failed_jobs_of_the_week_for_admins():
    UserFactory(role=Role.ADMIN, email="admin@example.org")
    UserFactory(role=Role.ADMIN, email="quiet@example.org", notify_digest=False)
    UserFactory(role=Role.PUBLISHER, email="publisher@example.org")
    recent = _failed("doi-sync", "DataCite did not answer.", days_ago=2)
    _failed("selfcheck", "An old failure.", days_ago=9)
    assert send_failed_jobs_digest()
    send_notifications()
    (message,) = mail.outbox
    assert message.to == ["admin@example.org"]
    assert message.subject == "Failed jobs of the last 7 days: 1"
    assert "Updating the DOIs at DataCite" in message.body
    assert "DataCite did not answer." in message.body and "An old failure." not in message.body
    assert f"{settings.BASE_URL}/jobs/{recent.pk}/" in message.body
    assert f'href="{settings.BASE_URL}/jobs/{recent.pk}/"' in message.alternatives[0][0]


def test_no_failed_job_sends_no_digest():
    UserFactory(role=Role.ADMIN, email="admin@example.org")
    _failed("selfcheck", "An old failure.", days_ago=8)
    assert send_failed_jobs_digest() == ""
    assert not Job.objects.filter(kind=NOTIFY).exists()


def test_the_digest_is_on_the_weekly_schedule_of_the_maintenance_queue():
    entry = settings.CELERY_BEAT_SCHEDULE["failed-jobs-digest"]
    assert entry["task"] == send_failed_jobs_digest.name
    assert entry["options"]["queue"] == "maintenance"
    assert entry["schedule"].day_of_week == {1}  # Mondays


def test_the_account_page_switches_notifications_off(client):
    user = UserFactory(role=Role.MANAGER, email="mara@example.org")
    client.force_login(user)
    page = client.get("/account/").content.decode()
    assert 'name="notify_publications"' in page and 'name="notify_digest"' not in page
    response = client.post(
        "/account/", {"first_name": "Mara", "last_name": "M", "notify_problems": "on"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.notify_publications, user.notify_problems) == (False, True)


def test_admins_see_the_digest_switch(client):
    admin = UserFactory(role=Role.ADMIN)
    client.force_login(admin)
    assert 'name="notify_digest"' in client.get("/account/").content.decode()
    client.post("/account/", {"first_name": "A", "last_name": "B"})
    admin.refresh_from_db()
    assert not admin.notify_digest


def test_the_account_page_needs_a_login(client):
    response = client.post("/account/", {"first_name": "X", "notify_problems": "on"})
    assert response.status_code == 302 and "/login/" in response["Location"]
