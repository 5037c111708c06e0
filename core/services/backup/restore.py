"""Restoring a backup: every check first (format, checksums, engine, key, an empty
installation), then the database, then the files."""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError
from django.utils.translation import gettext as _

from core.crypto import decrypts
from core.services.backup import database
from core.services.backup.archive import (
    CHUNK,
    FILES_PREFIX,
    KEY_MEMBER,
    BackupError,
    Manifest,
    backed_up,
    database_member,
    manifest_read,
)

KEY_FILE = "encryption_key"


def backup_restore(*, source: Path, force: bool = False) -> Manifest:
    """Restore ``source`` into this installation, which must be empty unless ``force``.

    Nothing is changed unless every member's checksum is right, the engine is this one's and
    the stored secrets will decrypt: with the key the backup carries (``--include-secrets``;
    it is then kept in ``DATA_DIR/encryption_key``), or with the configured ENCRYPTION_KEY."""
    try:
        tar = tarfile.open(source, mode="r:")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(
            _("%(path)s cannot be read as a backup: %(error)s") % {"path": source, "error": exc}
        ) from exc
    with tar:
        manifest = manifest_read(tar)
        engine = database.engine()
        if manifest.engine != engine:
            raise BackupError(
                _(
                    "This backup is of a %(backup)s database and this installation uses "
                    "%(here)s: restore it into an installation on %(backup)s."
                )
                % {"backup": manifest.engine, "here": engine}
            )
        key = _key_to_install(tar, manifest)
        if not force:
            _refuse_non_empty()
        _restore_database(tar, manifest)
        _restore_files(tar, manifest)
        if key:
            _install_key(key)
    return manifest


def _key_to_install(tar: tarfile.TarFile, manifest: Manifest) -> str | None:
    """The backup's key when the configured one cannot decrypt its secrets, else None."""
    if decrypts(manifest.sentinel):
        return None
    if not manifest.secrets:
        raise BackupError(
            _(
                "The configured ENCRYPTION_KEY does not decrypt this backup's secrets. Set "
                "ENCRYPTION_KEY to the backed-up installation's key, or restore a backup made "
                "with --include-secrets. Nothing was restored."
            )
        )
    stream = tar.extractfile(KEY_MEMBER)
    key = stream.read().decode("ascii").strip() if stream else ""
    if not decrypts(manifest.sentinel, key=key):
        raise BackupError(_("The key in this backup does not decrypt its secrets."))
    if os.environ.get("ENCRYPTION_KEY"):
        raise BackupError(
            _(
                "ENCRYPTION_KEY is set and differs from the key in this backup: unset it (the "
                "restore keeps the backup's key in DATA_DIR) or set it to the backup's key."
            )
        )
    return key


def _refuse_non_empty() -> None:
    try:
        users = get_user_model().objects.exists()
    except DatabaseError:  # no tables yet: a new database
        users = False
    data_dir = Path(settings.DATA_DIR)
    files = backed_up(data_dir, skip=_sqlite_files())
    if users or files:
        raise BackupError(
            _(
                "This installation is not empty (it has users or files under DATA_DIR): "
                "restore into a new database and DATA_DIR, or add --force to replace its "
                "content."
            )
        )


def _sqlite_files() -> set[Path]:
    if database.engine() != "sqlite":
        return set()
    db = database.sqlite_path()
    return {db, Path(str(db) + "-wal"), Path(str(db) + "-shm"), Path(str(db) + "-journal")}


def _restore_database(tar: tarfile.TarFile, manifest: Manifest) -> None:
    scratch = Path(settings.DATA_DIR) / "tmp"
    scratch.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="restore-", dir=scratch) as folder:
        dumped = Path(folder) / "db"
        _extract(tar, database_member(manifest.engine), dumped)
        database.load(dumped)


def _restore_files(tar: tarfile.TarFile, manifest: Manifest) -> None:
    data_dir = Path(settings.DATA_DIR)
    for name in sorted(manifest.members):
        if name.startswith(FILES_PREFIX):
            _extract(tar, name, data_dir / name[len(FILES_PREFIX) :])


def _extract(tar: tarfile.TarFile, name: str, target: Path) -> None:
    """Write a member to ``target`` (owner-only), through a temporary name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(".%s.restoring" % target.name)
    stream = tar.extractfile(name)
    assert stream is not None
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(stream, out, CHUNK)
    os.replace(partial, target)


def _install_key(key: str) -> None:
    path = Path(settings.DATA_DIR) / KEY_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(key)
