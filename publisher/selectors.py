"""Reads of users."""

from __future__ import annotations

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
