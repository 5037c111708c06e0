"""The backup file: a tar holding ``manifest.json``, ``database/…``, ``files/…`` and, with the
secrets, ``secrets/encryption_key``. The manifest lists every other member with its size and
SHA-256, so a restore checks the whole file before it touches anything.

Which files of ``DATA_DIR`` are backed up: everything but what the instance rebuilds or only
needs while running (``EXCLUDED``), the database file (dumped, never copied) and the key files
(they travel only with ``--include-secrets``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.utils.translation import gettext as _

FORMAT = "publisher-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
KEY_MEMBER = "secrets/encryption_key"
FILES_PREFIX = "files/"
SENTINEL_TEXT = "publisher-backup-sentinel"
# Rebuilt or only needed while running: scratch space, the queue of the embedded broker, the
# cache, logs, collected static files, beat's schedule; the key files travel as secrets.
EXCLUDED = frozenset({"tmp", "broker", "cache", "logs", "static", "secret_key", "encryption_key"})
EXCLUDED_PREFIXES = ("celerybeat-schedule", "selfcheck-", "db.sqlite3")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the administrator."""


@dataclass
class Manifest:
    """What ``manifest.json`` says: the engine of the dump, the sentinel encrypted with the key
    of the backed-up installation, and every member with its size and SHA-256."""

    engine: str
    sentinel: str
    created: str = ""
    app_version: str = ""
    secrets: bool = False
    members: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> bytes:
        document = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created": self.created,
            "app_version": self.app_version,
            "database": {"engine": self.engine, "member": database_member(self.engine)},
            "sentinel": self.sentinel,
            "secrets_included": self.secrets,
            "files": [{"name": n, **v} for n, v in sorted(self.members.items())],
        }
        return json.dumps(document, indent=2).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        document = json.loads(data)
        if document.get("format") != FORMAT or document.get("format_version") != FORMAT_VERSION:
            raise ValueError("not a backup of this format")
        return cls(
            engine=document["database"]["engine"],
            sentinel=document["sentinel"],
            created=document.get("created", ""),
            app_version=document.get("app_version", ""),
            secrets=bool(document.get("secrets_included")),
            members={
                f["name"]: {"size": int(f["size"]), "sha256": str(f["sha256"])}
                for f in document["files"]
            },
        )


def database_member(engine: str) -> str:
    return "database/db.sqlite3" if engine == "sqlite" else "database/db.pgdump"


def backed_up(data_dir: Path, skip: set[Path]) -> list[Path]:
    """The files under ``data_dir`` a backup holds, sorted, never following links."""
    found = []
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        top = relative.parts[0]
        if top in EXCLUDED or top.startswith(EXCLUDED_PREFIXES) or path in skip:
            continue
        if path.is_file() and not path.is_symlink():
            found.append(path)
    return found


class _Hashing:
    """A reader that hashes what tarfile reads from it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.digest = stream, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data


def add_file(tar: tarfile.TarFile, manifest: Manifest, name: str, path: Path) -> bool:
    """Add ``path`` as ``name``, recording its size and hash; False when it vanished meanwhile."""
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        return False
    with stream:
        info = tarfile.TarInfo(name)
        info.size, info.mode = os.fstat(stream.fileno()).st_size, 0o600
        info.mtime = int(os.fstat(stream.fileno()).st_mtime)
        hashing = _Hashing(stream)
        tar.addfile(info, hashing)  # type: ignore[arg-type]
    manifest.members[name] = {"size": info.size, "sha256": hashing.digest.hexdigest()}
    return True


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
    tar.addfile(info, io.BytesIO(data))


def safe_member_name(name: str) -> bool:
    """A relative name with no ``..``: nothing in a backup writes outside its target."""
    pure = PurePosixPath(name)
    return bool(name) and not pure.is_absolute() and ".." not in pure.parts


def manifest_read(tar: tarfile.TarFile) -> Manifest:
    """The manifest, once every member is checked against it (size, SHA-256, no strangers)."""
    try:
        stream = tar.extractfile(MANIFEST)
        manifest = Manifest.from_json(stream.read() if stream else b"")
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError(
            _("This file is not a backup of this software: its manifest is missing or unreadable.")
        ) from exc
    seen = set()
    for member in tar.getmembers():
        if member.name == MANIFEST:
            continue
        expected = manifest.members.get(member.name)
        if expected is None or not member.isfile() or not safe_member_name(member.name):
            raise BackupError(
                _(
                    "The backup holds %(name)s, which its manifest does not list; "
                    "nothing was restored."
                )
                % {"name": member.name}
            )
        if member.size != expected["size"] or _sha256(tar, member) != expected["sha256"]:
            raise BackupError(
                _(
                    "The checksum of %(name)s in the backup is wrong: the file is damaged; "
                    "nothing was restored."
                )
                % {"name": member.name}
            )
        seen.add(member.name)
    missing = set(manifest.members) - seen
    if missing:
        raise BackupError(
            _(
                "The backup lacks %(name)s, which its manifest lists: the file is damaged; "
                "nothing was restored."
            )
            % {"name": sorted(missing)[0]}
        )
    return manifest


def _sha256(tar: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    digest = hashlib.sha256()
    stream = tar.extractfile(member)
    assert stream is not None
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()
