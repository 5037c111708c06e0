"""Writing a backup while the instance keeps serving.

The database is dumped first (one consistent snapshot), the files are copied after it: a
version's archive is written once and never changed, and moved into place before its row is
committed, so every version the dump knows has its file in the backup.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from core import __version__
from core.crypto import encrypt, key_in_use
from core.services.backup import database
from core.services.backup.archive import (
    FILES_PREFIX,
    KEY_MEMBER,
    MANIFEST,
    SENTINEL_TEXT,
    Manifest,
    add_bytes,
    add_file,
    backed_up,
    database_member,
)


def backup_write(*, target: Path, include_secrets: bool = False) -> Manifest:
    """Write a backup of the database and ``DATA_DIR`` to ``target`` (owner-only, 0600).

    The file appears under its name only once complete. With ``include_secrets`` it also holds
    the encryption key of the stored secrets: it must then be kept as secret as that key."""
    target = target.resolve()
    engine = database.engine()
    manifest = Manifest(
        engine=engine,
        sentinel=encrypt(SENTINEL_TEXT),
        created=timezone.now().isoformat(),
        app_version=__version__,
        secrets=include_secrets,
    )
    partial = target.with_name(".%s.partial-%d" % (target.name, os.getpid()))
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            _add_database(tar, manifest, engine)
            _add_files(tar, manifest, skip={target, partial})
            if include_secrets:
                key = key_in_use().encode("ascii")
                add_bytes(tar, KEY_MEMBER, key)
                manifest.members[KEY_MEMBER] = _described(key)
            add_bytes(tar, MANIFEST, manifest.to_json())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _add_database(tar: tarfile.TarFile, manifest: Manifest, engine: str) -> None:
    scratch = Path(settings.DATA_DIR) / "tmp"
    scratch.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backup-", dir=scratch) as folder:
        dumped = Path(folder) / "db"
        database.dump(dumped)
        add_file(tar, manifest, database_member(engine), dumped)


def _add_files(tar: tarfile.TarFile, manifest: Manifest, skip: set[Path]) -> None:
    data_dir = Path(settings.DATA_DIR)
    if database.engine() == "sqlite":
        db = database.sqlite_path()
        skip |= {db, Path(str(db) + "-wal"), Path(str(db) + "-shm"), Path(str(db) + "-journal")}
    for path in backed_up(data_dir, skip):
        name = FILES_PREFIX + path.relative_to(data_dir).as_posix()
        add_file(tar, manifest, name, path)


def _described(data: bytes) -> dict:
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
