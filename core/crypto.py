"""Encrypting secrets at rest (SQL passwords, registry tokens) with a key from settings."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils.translation import gettext_lazy

from core import error_codes as codes
from core.errors import AppError


def key_in_use() -> str:
    """The Fernet key secrets are encrypted with: ENCRYPTION_KEY when set, else one derived
    from SECRET_KEY (a backup made with its secrets carries this key)."""
    configured = getattr(settings, "ENCRYPTION_KEY", "")
    if configured:
        return configured
    digest = hashlib.sha256(b"publisher-at-rest:" + settings.SECRET_KEY.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


def _fernet() -> Fernet:
    return Fernet(key_in_use().encode())


def decrypts(token: str, *, key: str | None = None) -> bool:
    """Whether ``key`` (default: the key in use) decrypts ``token``, made by ``encrypt``."""
    try:
        Fernet((key or key_in_use()).encode()).decrypt(token.encode("ascii"))
    except (InvalidToken, ValueError):
        return False
    return True


def encrypt(text: str) -> str:
    """Encrypt ``text``; the result is ASCII and safe to store."""
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a value made by ``encrypt``; a changed key is an app error, never a leak."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as exc:
        raise AppError(
            gettext_lazy("A stored secret cannot be decrypted; was ENCRYPTION_KEY changed?"),
            code=codes.CRYPTO_KEY,
        ) from exc
