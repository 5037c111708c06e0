"""Dumping and restoring the instance's own database: SQLite through its online backup API,
PostgreSQL through pg_dump and pg_restore (custom format), the password in their environment,
never on the command line."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from core.services.backup.archive import BackupError


def engine() -> str:
    """``sqlite`` or ``postgresql``; another engine cannot be backed up."""
    if connection.vendor in ("sqlite", "postgresql"):
        return connection.vendor
    raise BackupError(
        _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": connection.vendor}
    )


def sqlite_path() -> Path:
    return Path(connection.settings_dict["NAME"])


def dump(target: Path) -> None:
    """Write a consistent snapshot of the database to ``target`` (one transaction's view)."""
    if engine() == "sqlite":
        _sqlite_copy(sqlite_path(), target)
    else:
        _run(tool("pg_dump", _server_major()), "--format=custom", "--file", str(target))


def load(dumped: Path) -> None:
    """Replace the configured database's content with ``dumped``."""
    if engine() == "sqlite":
        connection.close()
        _sqlite_copy(dumped, sqlite_path())
    else:
        _run(
            tool("pg_restore", _server_major()),
            *("--clean", "--if-exists", "--no-owner", "--exit-on-error", "--single-transaction"),
            *("--dbname", str(connection.settings_dict["NAME"]), str(dumped)),
        )


def _sqlite_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def tool(name: str, major: int) -> str:
    """pg_dump or pg_restore of PG_BIN when set; else of the server's major version, of the
    newest under /usr/lib/postgresql, or on the PATH."""
    if settings.PG_BIN:
        return _in_folders(name, [settings.PG_BIN], major)
    folders = [
        "/usr/lib/postgresql/%d/bin" % major,
        *sorted(
            (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")),
            key=lambda p: -int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0,
        ),
    ]
    found = shutil.which(name)
    return _in_folders(name, folders + ([str(Path(found).parent)] if found else []), major)


def _in_folders(name: str, folders: list[str], major: int) -> str:
    for folder in folders:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(
        _(
            "%(tool)s was not found: install PostgreSQL's client tools (version %(major)s or "
            "newer), or set PG_BIN to the folder that holds them."
        )
        % {"tool": name, "major": major}
    )


def _server_major() -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def _run(program: str, *args: str) -> None:
    options = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": str(options.get("HOST") or ""),
        "PGPORT": str(options.get("PORT") or ""),
        "PGUSER": str(options.get("USER") or ""),
        "PGPASSWORD": str(options.get("PASSWORD") or ""),
        "PGDATABASE": str(options["NAME"]),
    }
    done = subprocess.run([program, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": Path(program).name, "error": done.stderr.strip()[-2000:]}
        )
