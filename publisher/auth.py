"""Authentication glue."""

from __future__ import annotations

from publisher.models.users import normalise_email


def axes_username(request, credentials: dict | None) -> str:
    """The login django-axes counts failures against: the e-mail as it is stored.

    Logins are case-insensitive, so failures must be too; otherwise changing the case of the
    e-mail would escape the lock-out.
    """
    raw = (credentials or {}).get("username")
    if not raw and request is not None:
        raw = request.POST.get("username", "")
    return normalise_email(raw or "")
