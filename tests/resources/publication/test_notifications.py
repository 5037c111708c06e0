"""E-mails about publications: sent by a job to the resource's managers, in their language,
plain text with an HTML alternative; opt-outs kept; a failing mail server fails only the
e-mail's job."""

from __future__ import annotations

import socket

from django.core import mail

from core.jobs.executor import execute
from core.models import Job, JobStatus
from core.notifications import NOTIFY
from publisher.models import Role
from tests.factories import UserFactory
from tests.notifications import send_notifications

from .conftest import publish_inline
from .test_services import occurrences, replace_source


def _co_manager(resource, **fields):
    user = UserFactory(role=Role.MANAGER, email="co@example.org", **fields)
    resource.managers.add(user)
    return user


def test_a_publication_is_mailed_to_its_managers_in_their_language(resource, manager, settings):
    settings.BASE_URL = "https://ipt.example.org"
    _co_manager(resource, language="fr")
    job = publish_inline(resource, manager)
    assert job.status == JobStatus.SUCCEEDED
    assert not mail.outbox  # the publication only queued the e-mail
    (notification,) = send_notifications()
    assert notification.status == JobStatus.SUCCEEDED and notification.result["sent"] == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["co@example.org", "manager@example.org"]
    english = by_address["manager@example.org"]
    assert english.subject == "Version 1.0 of ponds was published"
    assert "https://ipt.example.org/manage/resources/ponds/" in english.body
    assert f"https://ipt.example.org/jobs/{job.pk}/" in english.body
    html, mimetype = english.alternatives[0]
    assert mimetype == "text/html" and '<html lang="en">' in html
    assert f'href="https://ipt.example.org/jobs/{job.pk}/"' in html
    french_html = by_address["co@example.org"].alternatives[0][0]
    assert '<html lang="fr">' in french_html


def test_a_manager_who_switched_publication_mails_off_gets_none(resource, manager):
    manager.notify_publications = False
    manager.save(update_fields=["notify_publications"])
    _co_manager(resource)
    publish_inline(resource, manager)
    send_notifications()
    assert [m.to for m in mail.outbox] == [["co@example.org"]]


def test_nobody_left_to_tell_queues_no_job(resource, manager):
    manager.notify_publications = False
    manager.save(update_fields=["notify_publications"])
    publish_inline(resource, manager)
    assert not Job.objects.filter(kind=NOTIFY).exists()


def test_a_failed_publication_is_mailed_with_its_error(resource, manager):
    replace_source(
        resource, "occurrence", occurrences(resource).replace(b"HumanObservation", b"dead fish", 1)
    )
    job = publish_inline(resource, manager)
    assert job.status == JobStatus.FAILED
    send_notifications()
    (message,) = mail.outbox
    assert message.subject == "Publication of ponds failed"
    assert job.localized_error() in message.body
    assert "publication:checks" not in message.body
    assert job.localized_error() in message.alternatives[0][0]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_mail_server_that_is_down_fails_only_the_mail_job(resource, manager, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    settings.EMAIL_TIMEOUT = 2
    job = publish_inline(resource, manager)
    assert job.status == JobStatus.SUCCEEDED and resource.versions.count() == 1
    notification = Job.objects.get(kind=NOTIFY)
    outcome = execute(str(notification.pk))
    notification.refresh_from_db()
    assert outcome.retry_in and notification.status == JobStatus.PENDING  # tried again later
    for _attempt in range(2):
        execute(str(notification.pk))
    notification.refresh_from_db()
    assert (notification.status, notification.error_code) == (JobStatus.FAILED, "mail:failed")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
