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
