"""Auto-publishing: the calendar, due publications, skip rules, failures and back-off."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import UserError
from core.jobs.executor import execute
from core.models import Job, JobStatus
from resources.models import ExtensionMapping, Frequency, PublicationSettings
from resources.services.publication import (
    next_publish_date,
    publication_settings,
    publication_settings_update,
    publish_due,
)
from resources.tasks import publish_due as publish_due_task
from tests.notifications import send_notifications

from .conftest import publish_inline
from .test_services import occurrences, replace_source

BERLIN = ZoneInfo("Europe/Berlin")
NOON = time(12, 0)


def at(*args, tz=BERLIN) -> datetime:
    return datetime(*args, tzinfo=tz)


def due(frequency, after, **kwargs):
    return next_publish_date(frequency, after=after, at=kwargs.pop("at", NOON), tz=BERLIN, **kwargs)


# --- the calendar (pure) --------------------------------------------------------------------


def test_daily_is_today_at_the_time_or_tomorrow():
    assert due(Frequency.DAILY, at(2024, 3, 5, 9, 0)) == at(2024, 3, 5, 12, 0)
    assert due(Frequency.DAILY, at(2024, 3, 5, 12, 0)) == at(2024, 3, 6, 12, 0)
    assert due(Frequency.DAILY, at(2024, 12, 31, 13, 0)) == at(2025, 1, 1, 12, 0)


def test_weekly_is_the_next_chosen_weekday():
    tuesday = at(2024, 3, 5, 9, 0)
    assert due(Frequency.WEEKLY, tuesday, weekday=1) == at(2024, 3, 5, 12, 0)
    assert due(Frequency.WEEKLY, tuesday, weekday=0) == at(2024, 3, 11, 12, 0)
    assert due(Frequency.WEEKLY, at(2024, 3, 5, 12, 30), weekday=1) == at(2024, 3, 12, 12, 0)


def test_monthly_uses_the_last_day_in_shorter_months():
    assert due(Frequency.MONTHLY, at(2024, 1, 31, 13, 0), day=31) == at(2024, 2, 29, 12, 0)
    assert due(Frequency.MONTHLY, at(2023, 2, 1, 0, 0), day=31) == at(2023, 2, 28, 12, 0)
    assert due(Frequency.MONTHLY, at(2024, 12, 15, 0, 0), day=10) == at(2025, 1, 10, 12, 0)


def test_annually_is_the_day_of_the_chosen_month():
    assert due(Frequency.ANNUALLY, at(2024, 3, 5), month=6, day=15) == at(2024, 6, 15, 12, 0)
    assert due(Frequency.ANNUALLY, at(2024, 7, 1), month=6, day=15) == at(2025, 6, 15, 12, 0)


def test_biannually_is_the_chosen_month_and_six_months_later():
    assert due(Frequency.BIANNUALLY, at(2024, 3, 5), month=2, day=1) == at(2024, 8, 1, 12, 0)
    assert due(Frequency.BIANNUALLY, at(2024, 9, 5), month=2, day=1) == at(2025, 2, 1, 12, 0)
    assert due(Frequency.BIANNUALLY, at(2024, 9, 5), month=11, day=30) == at(2024, 11, 30, 12, 0)


def test_off_has_no_date_and_times_are_wall_clock_in_the_server_zone():
    assert due(Frequency.OFF, at(2024, 3, 5)) is None
    # 12:00 in Berlin is 11:00 UTC in winter and 10:00 UTC in summer
    winter = due(Frequency.DAILY, datetime(2024, 3, 1, 0, 0, tzinfo=UTC))
    summer = due(Frequency.DAILY, datetime(2024, 7, 1, 0, 0, tzinfo=UTC))
    assert winter.astimezone(UTC).hour == 11 and summer.astimezone(UTC).hour == 10


# --- settings and due publications ----------------------------------------------------------


def test_saving_settings_computes_the_next_date_and_resets_failures(resource):
    options = publication_settings(resource)
    options.consecutive_failures = 3
    options.save()
    options = publication_settings_update(
        resource=resource, auto_publish=Frequency.DAILY, time=time(3, 0)
    )
    assert options.consecutive_failures == 0
    assert timezone.now() < options.next_publish_at <= timezone.now() + timedelta(days=1)
    options = publication_settings_update(resource=resource, auto_publish=Frequency.OFF)
    assert options.next_publish_at is None


@pytest.mark.parametrize(
    "changes",
    [
        {"month": 13},
        {"archival_mode": "some"},
        {"notify_emails": "not-an-address"},
        {"colour": "red"},
    ],
)
def test_invalid_settings_are_refused(resource, changes):
    with pytest.raises(UserError) as exc:
        publication_settings_update(resource=resource, **changes)
    assert exc.value.code == "publication:settings"


def _make_due(resource, **changes) -> PublicationSettings:
    options = publication_settings_update(
        resource=resource, auto_publish=Frequency.DAILY, **changes
    )
    PublicationSettings.objects.filter(pk=options.pk).update(
        next_publish_at=timezone.now() - timedelta(minutes=1)
    )
    return options


def _run_auto_job() -> Job:
    job = Job.objects.get(kind="resource-publish", params__auto=True, status=JobStatus.PENDING)
    execute(str(job.pk))
    job.refresh_from_db()
    return job


def test_due_resources_are_published_once_and_get_their_next_date(resource, manager):
    _make_due(resource)
    started = publish_due_task()
    assert len(started) == 1 and publish_due() == []  # claimed: a second run starts nothing
    job = _run_auto_job()
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    version = resource.versions.get()
    assert version.auto and version.published_by is None
    options = publication_settings(resource)
    assert options.next_publish_at > timezone.now()


def test_auto_publication_skips_when_nothing_changed(resource, manager):
    publish_inline(resource, manager)
    _make_due(resource)
    publish_due()
    job = _run_auto_job()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"skipped": "unchanged", "version": "1.0"}
    assert resource.versions.count() == 1


def test_auto_publication_publishes_when_the_data_changed(resource, manager):
    publish_inline(resource, manager)
    data = occurrences(resource)
    replace_source(resource, "occurrence", data.replace(b"HumanObservation", b"HUMAN_OBSERVATION"))
    _make_due(resource)
    publish_due()
    assert _run_auto_job().result["version"] == "1.1"


def test_auto_publication_publishes_when_the_metadata_changed(resource, manager):
    from metadata.services.documents import metadata_get, metadata_save

    publish_inline(resource, manager)
    doc = metadata_get(resource)
    doc.abstract = ["A new description of the survey."]
    metadata_save(resource, doc)
    _make_due(resource)
    publish_due()
    assert _run_auto_job().result["version"] == "1.1"


def test_auto_publication_without_skip_rule_publishes_anyway(resource, manager):
    publish_inline(resource, manager)
    _make_due(resource, skip_unchanged=False)
    publish_due()
    assert _run_auto_job().result["version"] == "1.1"


def test_auto_publication_fails_when_too_many_records_dropped(resource, manager, settings):
    publish_inline(resource, manager)
    lines = occurrences(resource).splitlines(keepends=True)
    replace_source(resource, "occurrence", b"".join(lines[:20]))  # 19 of 24 left
    _make_due(resource)
    publish_due()
    job = _run_auto_job()
    assert job.status == JobStatus.FAILED and job.error_code == "publication:records-dropped"
    assert resource.versions.count() == 1
    assert job.error_message.startswith("occurrence.txt has 19 records")
    assert not mail.outbox  # sent by a job, never by the publication itself
    send_notifications()
    # the first (manual) publication's success, then the automatic one's failure
    assert len(mail.outbox) == 2 and job.error_message in mail.outbox[-1].body
    assert "records-dropped" not in mail.outbox[-1].body  # people read the message, not the code


def test_a_small_drop_is_published(resource, manager):
    publish_inline(resource, manager)
    lines = occurrences(resource).splitlines(keepends=True)
    replace_source(resource, "occurrence", b"".join(lines[:-2]))  # 23 of 24: 4 %
    _make_due(resource)
    publish_due()
    assert _run_auto_job().result["version"] == "1.1"


def test_failures_are_mailed_retried_and_stop_after_three(resource, manager, settings):
    settings.PUBLICATION_MAX_FAILURES = 3
    publication_settings_update(resource=resource, notify_emails="data@example.org")
    ExtensionMapping.objects.filter(resource=resource).delete()  # refused at the start
    for attempt in range(1, 4):
        _make_due(resource, notify_emails="data@example.org")
        PublicationSettings.objects.filter(resource=resource).update(
            consecutive_failures=attempt - 1
        )
        assert publish_due() == []
        options = publication_settings(resource)
        assert options.consecutive_failures == attempt
        if attempt < 3:
            assert options.next_publish_at <= timezone.now() + timedelta(minutes=3)
    assert options.next_publish_at is None
    send_notifications()
    assert len(mail.outbox) == 6  # one message per recipient, so nobody sees the others
    assert {m.to[0] for m in mail.outbox} == {"manager@example.org", "data@example.org"}
    message = mail.outbox[-1]
    assert "Map source data to the Event core" in message.body and "stopped" in message.body
    assert "publication:core-unmapped" not in message.body


def test_a_success_resets_the_failure_count(resource, manager):
    _make_due(resource)
    PublicationSettings.objects.filter(resource=resource).update(consecutive_failures=2)
    publish_due()
    assert _run_auto_job().status == JobStatus.SUCCEEDED
    assert publication_settings(resource).consecutive_failures == 0


def test_a_running_publication_postpones_the_automatic_one(resource, manager):
    from resources.services.publication import resource_publish

    resource_publish(resource=resource, user=manager, enqueue=False)
    _make_due(resource)
    assert publish_due() == []
    options = publication_settings(resource)
    assert options.consecutive_failures == 0 and options.next_publish_at > timezone.now()
    assert not mail.outbox


def test_a_running_validation_postpones_the_automatic_publication(resource, manager):
    from resources.services.publication.start import validation_start

    validation_start(resource=resource, user=manager, enqueue=False)
    _make_due(resource)
    assert publish_due() == []
    options = publication_settings(resource)
    assert options.consecutive_failures == 0 and options.next_publish_at > timezone.now()
    assert not Job.objects.filter(kind="resource-publish").exists()


def test_failure_mails_are_written_in_each_recipients_language(resource, manager):
    manager.language = "fr"
    manager.save(update_fields=["language"])
    ExtensionMapping.objects.filter(resource=resource).delete()  # refused at the start
    _make_due(resource, notify_emails="data@example.org")
    publish_due()
    send_notifications()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["data@example.org", "manager@example.org"]
    french, english = by_address["manager@example.org"], by_address["data@example.org"]
    assert french.subject == "Échec de la publication automatique de ponds"
    assert english.subject == "Automatic publication of ponds failed"
    html, mimetype = french.alternatives[0]
    assert mimetype == "text/html" and '<html lang="fr">' in html
