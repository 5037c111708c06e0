"""Reads of users."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import QuerySet

from publisher.models import Role, User


def users_list(*, search: str = "") -> QuerySet[User]:
    users = User.objects.all()
    if search:
        users = users.filter(email__icontains=search) | users.filter(last_name__icontains=search)
    return users.order_by("email")


def user_by_email(*, email: str) -> User | None:
    """The active user with this e-mail (compared ignoring case), if any."""
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()


def admin_first() -> User | None:
    """The installation's first active administrator (the oldest account), if any."""
    return User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()


def emails_by_language(emails: Iterable[str]) -> dict[str, list[str]]:
    """The addresses grouped by the language to write to them in: the language a user with
    that address saved, else the installation's ``LANGUAGE_CODE``. Order is kept; every
    e-mail to people is sent once per group under ``translation.override(language)``."""
    addresses = [e for e in emails if e]
    saved = dict(
        User.objects.filter(email__in={e.strip().lower() for e in addresses})
        .exclude(language="")
        .values_list("email", "language")
    )
    groups: dict[str, list[str]] = {}
    for email in addresses:
        language = saved.get(email.strip().lower()) or settings.LANGUAGE_CODE
        groups.setdefault(language, []).append(email)
    return groups


# The user field that switches each topic of notification e-mails off (the account page).
NOTIFY_FIELDS = {
    "publications": "notify_publications",
    "problems": "notify_problems",
    "digest": "notify_digest",
}


def emails_not_opted_out(emails: Iterable[str], *, topic: str) -> list[str]:
    """``emails`` without those of users who switched ``topic`` off, each once, order kept.
    Addresses of no user (a resource's extra addresses) always stay."""
    addresses = list(dict.fromkeys(e.strip() for e in emails if e and e.strip()))
    off = set(
        User.objects.filter(
            email__in={e.lower() for e in addresses}, **{NOTIFY_FIELDS[topic]: False}
        ).values_list("email", flat=True)
    )
    return [e for e in addresses if e.lower() not in off]
