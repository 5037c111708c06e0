"""Checking passwords carried over from an IPT data directory."""

from __future__ import annotations

from django.contrib.auth.hashers import BCryptPasswordHasher

BCRYPT_MAX_BYTES = 72


class IptBCryptPasswordHasher(BCryptPasswordHasher):
    """Plain BCrypt, as the IPT's jBCrypt writes it (``bcrypt$$2a$...``), used only to check
    adopted accounts' passwords until their first login re-hashes them. jBCrypt reads at
    most 72 bytes of a password; so does this, where the bcrypt library would refuse a
    longer password with an error."""

    def encode(self, password, salt):
        bcrypt = self._load_library()
        data = bcrypt.hashpw(password.encode()[:BCRYPT_MAX_BYTES], salt)
        return "%s$%s" % (self.algorithm, data.decode("ascii"))
