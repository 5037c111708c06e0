"""``config/users.xml``: the IPT's accounts (XStream attributes on ``<user>`` elements)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import xstream as xs

ROLES = ("User", "Manager", "Publisher", "Admin")
# The IPT keeps BCrypt hashes (jBCrypt, ``$2a$``); older versions kept PBE-encrypted text,
# which is not a hash anyone can check a password against.
BCRYPT = re.compile(r"^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$")


@dataclass
class IptUser:
    """One account: e-mail (the login), names, role (one of ``ROLES``) and the password
    hash when it is a BCrypt hash (else empty)."""

    email: str
    first_name: str = ""
    last_name: str = ""
    role: str = "User"
    bcrypt_hash: str = ""


def parse_users_xml(data: bytes, *, source: str = "users.xml") -> list[IptUser]:
    """Every account with an e-mail, in file order; an unknown role reads as ``User``."""
    root = xs.parse(data, source=source)
    users = []
    for element in root.iter("user"):
        email = (element.get("email") or "").strip().lower()
        if not email:
            continue
        role = (element.get("role") or "User").strip()
        password = (element.get("password") or "").strip()
        users.append(
            IptUser(
                email=email,
                first_name=(element.get("firstname") or "").strip(),
                last_name=(element.get("lastname") or "").strip(),
                role=role if role in ROLES else "User",
                bcrypt_hash=password if BCRYPT.match(password) else "",
            )
        )
    return users
