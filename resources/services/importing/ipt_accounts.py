"""The accounts of an IPT data directory (``config/users.xml``), carried over with their
roles and password hashes so that people log in as before and keep their resources."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from core.permissions import is_admin
from publisher.models import User
from publisher.services.users import user_adopt
from resources.ipt.model import IptError
from resources.ipt.users import parse_users_xml

USERS_FILE = "users.xml"


def ipt_accounts_adopt(datadir: Path, *, user: User, notes: list[str]) -> None:
    """Create the accounts of ``config/users.xml`` that do not exist here yet, when the
    importing ``user`` is an administrator (accounts carry roles, admin among them); say
    what was done, or why not, in ``notes``."""
    path = datadir / "config" / USERS_FILE
    if not path.is_file():
        return
    if not is_admin(user):
        notes.append(
            _(
                "The accounts of config/users.xml were not imported: only an "
                "administrator may create accounts with their roles."
            )
        )
        return
    try:
        accounts = parse_users_xml(path.read_bytes())
    except IptError as exc:
        notes.append(
            _("config/users.xml could not be read (%(error)s); no accounts were imported.")
            % {"error": exc.message}
        )
        return
    created: list[str] = []
    kept: list[str] = []
    reset: list[str] = []
    for account in accounts:
        adopted, new = user_adopt(
            email=account.email,
            first_name=account.first_name,
            last_name=account.last_name,
            ipt_role=account.role,
            bcrypt_hash=account.bcrypt_hash,
        )
        (created if new else kept).append(adopted.email)
        if new and not account.bcrypt_hash:
            reset.append(adopted.email)
    _say(notes, created, kept, reset)


def _say(notes: list[str], created: list[str], kept: list[str], reset: list[str]) -> None:
    if created:
        notes.append(
            _(
                "Accounts created from config/users.xml, with their IPT role and "
                "password: %(emails)s."
            )
            % {"emails": ", ".join(created)}
        )
    if kept:
        notes.append(
            _("Accounts that exist here already were left as they are: %(emails)s.")
            % {"emails": ", ".join(kept)}
        )
    if reset:
        notes.append(
            _(
                "These accounts have no password the IPT stored as a hash and must "
                "set one (ask an administrator): %(emails)s."
            )
            % {"emails": ", ".join(reset)}
        )
