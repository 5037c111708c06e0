"""Publication settings, the auto-publishing calendar, and what happens after a failure."""

from __future__ import annotations

import calendar
import logging
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import UserError
from publisher.services.installation import installation_base_url, installation_settings
from publisher.services.notifications import PUBLICATIONS, notify
from resources import error_codes as codes
from resources.models import ArchivalMode, Frequency, PublicationSettings, Resource

from .notify import resource_facts
from .start import resource_publish

logger = logging.getLogger(__name__)

EDITABLE = (
    "archival_mode",
    "archival_limit",
    "datapackage",
    "auto_publish",
    "month",
    "day",
    "weekday",
    "time",
    "skip_unchanged",
    "max_drop_percent",
    "notify_emails",
)
LIMITS = {
    "archival_limit": (1, 1000),
    "month": (1, 12),
    "day": (1, 31),
    "weekday": (0, 6),
    "max_drop_percent": (0, 100),
}


def server_zone() -> tzinfo:
    return ZoneInfo(settings.TIME_ZONE)


def next_publish_date(
    frequency: str,
    *,
    after: datetime,
    at: time,
    month: int = 1,
    day: int = 1,
    weekday: int = 0,
    tz: tzinfo | None = None,
) -> datetime | None:
    """The first publication time strictly after ``after`` for ``frequency`` (None: off).

    ``at`` is a wall-clock time in ``tz`` (default: the server time zone). Annually: ``day``
    of ``month``; twice a year: ``day`` of ``month`` and of the month six later; monthly:
    ``day`` (the last day in shorter months); weekly: ``weekday`` (0 = Monday); daily.
    """
    tz = tz or server_zone()
    local = after.astimezone(tz)
    if frequency == Frequency.DAILY:
        return _first_after(local, (local.date() + timedelta(days=n) for n in range(3)), at, tz)
    if frequency == Frequency.WEEKLY:
        ahead = (weekday - local.weekday()) % 7
        days = (local.date() + timedelta(days=ahead + 7 * n) for n in range(2))
        return _first_after(local, days, at, tz)
    by_frequency: dict[str, Sequence[int]] = {
        Frequency.MONTHLY: range(1, 13),
        Frequency.ANNUALLY: [month],
        Frequency.BIANNUALLY: sorted({month, (month + 5) % 12 + 1}),
    }
    months = by_frequency.get(frequency)
    if months is None:
        return None
    days = (_day_in(year, m, day) for year in range(local.year, local.year + 2) for m in months)
    return _first_after(local, days, at, tz)


def _day_in(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _first_after(local: datetime, days, at: time, tz: tzinfo) -> datetime | None:
    for day in days:
        candidate = datetime.combine(day, at, tzinfo=tz)
        if candidate > local:
            return candidate
    return None


# --- settings -----------------------------------------------------------------------------


def publication_settings(resource: Resource) -> PublicationSettings:
    """The resource's publication settings, created with the defaults on first use."""
    options = PublicationSettings.objects.filter(resource=resource).first()
    if options is None:
        # New resources start with the installation's archival mode (admin settings).
        current = installation_settings()
        options, _created = PublicationSettings.objects.get_or_create(
            resource=resource,
            defaults={
                "archival_mode": current.archival_mode,
                "archival_limit": current.archival_limit,
            },
        )
    return options


def schedule_next(
    options: PublicationSettings, *, after: datetime | None = None
) -> datetime | None:
    return next_publish_date(
        options.auto_publish,
        after=after or timezone.now(),
        at=options.time,
        month=options.month,
        day=options.day,
        weekday=options.weekday,
    )


@transaction.atomic
def publication_settings_update(*, resource: Resource, **changes) -> PublicationSettings:
    """Change the archival mode and auto-publishing; the next automatic publication is
    computed again and the failure count starts from zero."""
    options = publication_settings(resource)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise UserError(
            gettext_noop("Unknown settings: %(names)s"),
            params={"names": ", ".join(unknown)},
            code=codes.PUBLICATION_SETTINGS,
        )
    for name, value in changes.items():
        setattr(options, name, value)
    _check(options)
    if options.archival_mode != ArchivalMode.ALL and resource.dois.exists():
        raise UserError(
            _(
                "The resource has a DOI, reserved or registered: DOIs need the archival mode "
                "that keeps the archives of all versions."
            ),
            code=codes.PUBLICATION_ARCHIVAL_DOI,
            details={"field": "archival_mode"},
        )
    options.consecutive_failures = 0
    options.next_publish_at = schedule_next(options)
    options.save()
    return options


def _check(options: PublicationSettings) -> None:
    if options.archival_mode not in ArchivalMode.values:
        raise UserError(_("Unknown archival mode."), code=codes.PUBLICATION_SETTINGS)
    if options.auto_publish not in Frequency.values:
        raise UserError(_("Unknown auto-publishing frequency."), code=codes.PUBLICATION_SETTINGS)
    for name, (low, high) in LIMITS.items():
        if not low <= int(getattr(options, name)) <= high:
            raise UserError(
                gettext_noop("%(name)s must be between %(low)d and %(high)d."),
                params={"name": name, "low": low, "high": high},
                code=codes.PUBLICATION_SETTINGS,
                details={"field": name},
            )
    for address in options.notify_list:
        try:
            validate_email(address)
        except ValidationError:
            raise UserError(
                gettext_noop("%(address)s is not an e-mail address."),
                params={"address": address},
                code=codes.PUBLICATION_SETTINGS,
                details={"field": "notify_emails"},
            ) from None


# --- after an automatic publication ---------------------------------------------------------


def auto_publish_succeeded(resource: Resource) -> None:
    """Reset the failure count; the next date follows the calendar again."""
    options = publication_settings(resource)
    options.consecutive_failures = 0
    options.next_publish_at = schedule_next(options)
    options.save(update_fields=["consecutive_failures", "next_publish_at", "modified"])


def auto_publish_failed(resource: Resource, *, code: str, message: str) -> PublicationSettings:
    """Count the failure, retry after ``PUBLICATION_RETRY_MINUTES`` (the IPT waits 3 min),
    stop after ``PUBLICATION_MAX_FAILURES`` in a row, and e-mail the managers."""
    with transaction.atomic():
        options = PublicationSettings.objects.select_for_update().get(
            pk=publication_settings(resource).pk
        )
        options.consecutive_failures += 1
        stopped = options.consecutive_failures >= settings.PUBLICATION_MAX_FAILURES
        options.next_publish_at = (
            None
            if stopped
            else timezone.now() + timedelta(minutes=settings.PUBLICATION_RETRY_MINUTES)
        )
        options.save(update_fields=["consecutive_failures", "next_publish_at", "modified"])
    logger.warning(
        "Automatic publication of resource %s failed (%s), %d in a row%s",
        resource.pk,
        code,
        options.consecutive_failures,
        "; auto-publishing stopped" if stopped else "",
    )
    _notify(resource, options, message=message, stopped=stopped)
    return options


def failure_recipients(resource: Resource, options: PublicationSettings) -> list[str]:
    """The creator, the co-managers and the extra addresses, each once."""
    emails = [
        resource.creator.email,
        *resource.managers.values_list("email", flat=True),
        *options.notify_list,
    ]
    return list(dict.fromkeys(e for e in emails if e))


def _notify(
    resource: Resource, options: PublicationSettings, *, message: str, stopped: bool
) -> None:
    """Queue the failure's e-mail to its recipients, each in their saved language (users
    who switched publication e-mails off are left out; the extra addresses never are)."""
    link = installation_base_url() + reverse("publication-settings", args=[resource.shortname])
    context = {
        "resource": resource_facts(resource),
        "error": message,  # stored in English, shown translated
        "failures": options.consecutive_failures,
        "stopped": stopped,
        "settings_link": link,
    }
    notify(
        topic=PUBLICATIONS,
        emails=failure_recipients(resource, options),
        template="publication_auto_failed",
        context=context,
    )


# --- the beat task's work -------------------------------------------------------------------


def publish_due(*, now: datetime | None = None) -> list[str]:
    """Start the automatic publication of every resource whose time has come; returns the
    job ids. Each resource is claimed by moving its date on first (a conditional update), so
    two overlapping runs never start it twice."""
    now = now or timezone.now()
    started = []
    due = (
        PublicationSettings.objects.filter(next_publish_at__lte=now)
        .exclude(auto_publish=Frequency.OFF)
        .select_related("resource")
    )
    for options in due:
        following = schedule_next(options, after=now)
        claimed = PublicationSettings.objects.filter(
            pk=options.pk,
            next_publish_at=options.next_publish_at,
        ).update(next_publish_at=following)
        if claimed:
            job_id = _start_auto(options.resource, now=now)
            if job_id:
                started.append(job_id)
    return started


BUSY = (codes.PUBLICATION_RUNNING.code, codes.VALIDATION_RUNNING.code)


def _start_auto(resource: Resource, *, now: datetime) -> str | None:
    try:
        job = resource_publish(
            resource=resource, user=None, auto=True, change_summary=_("Published automatically.")
        )
    except UserError as exc:
        if exc.code in BUSY:  # a manual publication or a validation is on: try again soon
            PublicationSettings.objects.filter(resource=resource).update(
                next_publish_at=now + timedelta(minutes=settings.PUBLICATION_RETRY_MINUTES)
            )
            return None
        auto_publish_failed(resource, code=exc.code, message=exc.message)
        return None
    return str(job.pk)
