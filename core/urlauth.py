"""Credentials in data URLs (``https://user:pass@host/...``): kept apart from the address.

The address is stored, shown and logged with its password replaced by ``***``; the password
itself is stored encrypted (``core.crypto``) and given to the HTTP client as basic auth, so
it never appears in an address again.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit, urlunsplit

MASK = "***"


def url_password_split(url: str) -> tuple[str, str]:
    """``url`` with its password replaced by ``***``, and the password ("" when it has none,
    or when it is already masked)."""
    parts = urlsplit(url)
    if parts.password is None or "@" not in parts.netloc:
        return url, ""
    userinfo, host = parts.netloc.rsplit("@", 1)
    user = userinfo.split(":", 1)[0]
    masked = urlunsplit(parts._replace(netloc=user + ":" + MASK + "@" + host))
    password = "" if parts.password == MASK else unquote(parts.password)
    return masked, password


def url_is_masked(url: str) -> bool:
    """Whether ``url`` names a password that was masked (and must come from elsewhere)."""
    return urlsplit(url).password == MASK


def url_with_auth(url: str, password: str) -> tuple[str, tuple[str, str] | None]:
    """The address to request (without credentials) and the basic auth to send with it."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, host = parts.netloc.rsplit("@", 1)
    user = unquote(userinfo.split(":", 1)[0])
    if parts.password is not None and parts.password != MASK:
        password = unquote(parts.password)
    return urlunsplit(parts._replace(netloc=host)), (user, password)
