"""The account mails are sent by a real worker process, over the configured broker."""

from __future__ import annotations

import pytest

from publisher.tasks import password_reset_mail
from tests.conftest import wait_for
from tests.factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_worker_sends_the_reset_mail_with_a_link(make_worker, monkeypatch, tmp_path):
    outbox = tmp_path / "mails"
    outbox.mkdir()
    # The worker process reads its mail settings from its environment: mails become files.
    monkeypatch.setenv("EMAIL_URL", "filemail:///" + str(outbox))
    UserFactory(email="far.away@example.org")
    make_worker("accounts-mail", queues="accounts-mail", pool="threads")

    # A private queue, so that the session's worker cannot take the task.
    password_reset_mail.apply_async(args=["far.away@example.org"], queue="accounts-mail")

    sent = wait_for(lambda: list(outbox.iterdir()), timeout=60)
    text = sent[0].read_text()
    assert "To: far.away@example.org" in text
    assert "/password/reset/" in text
