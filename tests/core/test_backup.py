"""`manage.py backup` of a live instance and `manage.py restore` into a new database and
DATA_DIR, each restore in its own process with its own settings (the test database stays
untouched), on SQLite or PostgreSQL as the suite runs."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from core.crypto import encrypt, key_in_use
from core.models import Job
from core.services.backup import BackupError
from core.services.backup.archive import database_member
from core.services.backup.database import tool
from publisher.models import Organisation, Role
from publisher.services.users import token_create
from resources.services.publication import resource_publish
from resources.services.publication.workdir import work_folder
from tests.conftest import ROOT
from tests.factories import PASSWORD, UserFactory
from tests.resources.publication.conftest import make_resource, publish_inline

pytestmark = pytest.mark.django_db(transaction=True)
SQL_URL = "postgresql://reader:sql-secret@db.example.org/plots"

CHECK = """
import hashlib, json
from pathlib import Path
from django.conf import settings
from knox.auth import TokenAuthentication
from core.crypto import decrypt
from core.models import Job
from publisher.models import Organisation, User
from resources.models import Resource, Source
root = Path(settings.DATA_DIR)
print(json.dumps({
    "resources": sorted(Resource.objects.values_list("shortname", flat=True)),
    "versions": sorted(v.label for r in Resource.objects.all() for v in r.versions.all()),
    "files": {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in sorted((root / "resources").rglob("*")) if p.is_file()},
    "password_ok": User.objects.get(email="manager@example.org").check_password(%(password)r),
    "token_user": TokenAuthentication().authenticate_credentials(%(token)r.encode())[0].email,
    "organisation_token": decrypt(Organisation.objects.get().token),
    "sql_url": decrypt(Source.objects.get(name="event").sql_url_encrypted),
    "jobs": sorted(Job.objects.filter(kind="resource-publish").values_list("status", flat=True)),
}))
"""


@pytest.fixture
def live(db, data_dir):
    """A published resource, a publication still running, a token, an organisation and a
    source with credentials."""
    manager = UserFactory(role=Role.MANAGER, email="manager@example.org")
    resource = make_resource(manager)
    assert publish_inline(resource, manager).status == "succeeded"
    running = resource_publish(resource=resource, user=manager, enqueue=False)
    assert running.mark_running(worker="held@test")  # a publication half-way through
    work_folder(running).mkdir(parents=True)
    (work_folder(running) / "dwca.zip").write_bytes(b"PK half-built")
    _, token = token_create(user=manager)
    Organisation.objects.create(key=uuid.uuid4(), name="Pond society", token=encrypt("org-pw"))
    resource.sources.filter(name="event").update(sql_url_encrypted=encrypt(SQL_URL))
    return {"resource": resource, "token": token}


@pytest.fixture
def fresh(tmp_path):
    """A new DATA_DIR and an empty database: a SQLite file, or a PostgreSQL database."""
    made = []

    def make() -> dict[str, str]:
        folder = tmp_path / ("fresh-%d" % len(made))
        folder.mkdir()
        made.append(folder)
        if connection.vendor == "sqlite":
            return {"DATA_DIR": str(folder), "DATABASE_URL": "sqlite:///%s/db.sqlite3" % folder}
        name = "restore_%s" % uuid.uuid4().hex[:12]
        with connection.cursor() as cursor:
            cursor.execute('CREATE DATABASE "%s"' % name)
        made.append(name)
        return {"DATA_DIR": str(folder), "DATABASE_URL": _postgres_url(name)}

    yield make
    for name in made:
        if isinstance(name, str) and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)


def _postgres_url(name: str) -> str:
    db = connection.settings_dict
    return "postgres://%s:%s@%s:%s/%s" % (
        quote(db["USER"], safe=""),
        quote(db["PASSWORD"], safe=""),
        db["HOST"] or "localhost",
        db["PORT"] or 5432,
        name,
    )


def manage(env: dict[str, str], *args: str, key: str | None) -> subprocess.CompletedProcess:
    """``manage.py`` in a process of its own, on the installation ``env`` describes."""
    full = {k: v for k, v in os.environ.items() if k not in ("ENCRYPTION_KEY", "SECRET_KEY")}
    full.pop("TEST_WORKER_DATABASE_NAME", None)
    full.pop("PUBLISHER_TEST_OWNS_DATA_DIR", None)
    full.update(env, DJANGO_SETTINGS_MODULE="tests.settings", PG_BIN=settings.PG_BIN)
    if key:
        full["ENCRYPTION_KEY"] = key
    return subprocess.run(
        [sys.executable, "manage.py", *args, *(["--skip-checks"] if args[0] != "shell" else [])],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


def restored(env: dict[str, str], live: dict, key: str | None) -> dict:
    done = manage(
        env, "shell", "-v0", "-c", CHECK % {"password": PASSWORD, "token": live["token"]}, key=key
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def files_of(data_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((data_dir / "resources").rglob("*"))
        if p.is_file()
    }


def test_backup_of_a_live_instance_restores_everything_into_a_new_installation(
    live, data_dir, fresh, tmp_path
):
    backup = tmp_path / "instance.backup"
    call_command("backup", str(backup))
    assert backup.stat().st_mode & 0o077 == 0
    target = fresh()

    done = manage(target, "restore", str(backup), key=key_in_use())

    assert done.returncode == 0, done.stderr
    state = restored(target, live, key_in_use())
    assert state["resources"] == ["ponds"] and state["versions"] == ["1.0"]
    assert state["files"] == files_of(data_dir) and any(".zip" in f for f in state["files"])
    assert state["password_ok"] and state["token_user"] == "manager@example.org"
    assert state["organisation_token"] == "org-pw" and state["sql_url"] == SQL_URL
    assert state["jobs"] == ["running", "succeeded"]
    half_built = work_folder(Job.objects.get(status="running"))
    assert half_built.is_dir() and not (Path(target["DATA_DIR"]) / "tmp" / half_built.name).exists()
    again = manage(target, "restore", str(backup), key=key_in_use())
    assert again.returncode == 1 and "not empty" in again.stderr


def test_restore_needs_the_key_unless_the_backup_carries_it(live, fresh, tmp_path):
    plain, secret = tmp_path / "plain.backup", tmp_path / "secret.backup"
    call_command("backup", str(plain))
    call_command("backup", str(secret), "--include-secrets")
    other_key = Fernet.generate_key().decode()

    refused = manage(fresh(), "restore", str(plain), key=other_key)
    target = fresh()
    done = manage(target, "restore", str(secret), key=None)

    assert refused.returncode == 1 and "ENCRYPTION_KEY does not decrypt" in refused.stderr
    assert done.returncode == 0, done.stderr
    assert (Path(target["DATA_DIR"]) / "encryption_key").stat().st_mode & 0o077 == 0
    state = restored(target, live, key=None)
    assert state["organisation_token"] == "org-pw" and state["sql_url"] == SQL_URL


def test_a_damaged_backup_is_refused_before_anything_changes(live, fresh, tmp_path):
    import tarfile

    backup = tmp_path / "instance.backup"
    call_command("backup", str(backup))
    with tarfile.open(backup) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(".zip"))
    with backup.open("r+b") as raw:
        raw.seek(member.offset_data + 100)
        byte = raw.read(1)
        raw.seek(member.offset_data + 100)
        raw.write(bytes([byte[0] ^ 0xFF]))
    target = fresh()

    done = manage(target, "restore", str(backup), key=key_in_use())

    assert done.returncode == 1 and "checksum of %s" % member.name in done.stderr
    assert not (Path(target["DATA_DIR"]) / "resources").exists()


def test_missing_postgresql_tools_are_named_with_the_setting_to_fix(settings, tmp_path):
    settings.PG_BIN = str(tmp_path)
    with pytest.raises(BackupError, match="pg_dump was not found.*PG_BIN"):
        tool("pg_dump", 16)


def test_a_backup_of_another_database_engine_is_refused(live, fresh, tmp_path):
    import io
    import tarfile

    backup, other = tmp_path / "instance.backup", tmp_path / "other.backup"
    call_command("backup", str(backup))
    engine = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    with tarfile.open(backup) as tar, tarfile.open(other, "w") as out:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        old, new = manifest["database"]["member"], database_member(engine)
        manifest["database"] = {"engine": engine, "member": new}
        for entry in manifest["files"]:
            entry["name"] = new if entry["name"] == old else entry["name"]
        for member in tar.getmembers():
            if member.name != "manifest.json":
                data = tar.extractfile(member)
                member.name = new if member.name == old else member.name
                out.addfile(member, data)
        text = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(text)
        out.addfile(info, io.BytesIO(text))

    done = manage(fresh(), "restore", str(other), key=key_in_use())

    assert done.returncode == 1, done.stderr
    assert "backup is of a %s database" % engine in done.stderr


VERSIONS = """
import hashlib, json
from pathlib import Path
from django.conf import settings
from resources.models import Resource
root = Path(settings.DATA_DIR)
print(json.dumps({
    "versions": sorted(v.label for r in Resource.objects.all() for v in r.versions.all()),
    "files": {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in sorted((root / "resources").rglob("*")) if p.is_file()},
}))
"""


def test_backup_while_another_process_publishes(data_dir, fresh, tmp_path):
    """``manage.py publish --inline``, in a process of its own as a worker would, is writing
    version 1.1 of 400 000 rows while ``backup`` runs: the restored installation has every
    version the dump knows, each with byte-identical files."""
    from tests.conftest import wait_for
    from tests.resources.publication.test_worker import BUILDING, _add_big_source

    manager = UserFactory(role=Role.MANAGER, email="manager@example.org")
    resource = make_resource(manager, "live-ponds")
    assert publish_inline(resource, manager).status == "succeeded"
    _add_big_source(resource)
    backup = tmp_path / "live.backup"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATA_DIR=str(data_dir),
        TEST_WORKER_DATABASE_NAME=str(connection.settings_dict["NAME"]),
    )
    env.pop("PUBLISHER_TEST_OWNS_DATA_DIR", None)
    command = ["manage.py", "publish", "live-ponds", "--inline", "--user", manager.email]
    publishing = subprocess.Popen(
        [sys.executable, *command], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        wait_for(
            lambda: Job.objects.filter(params__version="1.1", phase__in=BUILDING).exists(),
            timeout=120,
            interval=0.05,
        )
        call_command("backup", str(backup))
        during = Job.objects.get(params__version="1.1").status
    finally:
        out, _ = publishing.communicate(timeout=300)
    assert during == "running"  # the backup was taken while the version was being written
    assert publishing.returncode == 0, out
    target = fresh()

    done = manage(target, "restore", str(backup), key=key_in_use())

    assert done.returncode == 0, done.stderr
    shown = manage(target, "shell", "-v0", "-c", VERSIONS, key=key_in_use())
    assert shown.returncode == 0, shown.stderr
    state = json.loads(shown.stdout)
    assert state["versions"] == ["1.0"]
    original = files_of(data_dir)
    assert any(name.endswith("dwca-1.1.zip") for name in original)
    assert state["files"].items() <= original.items()
    for label in state["versions"]:
        assert any(name.endswith("dwca-%s.zip" % label) for name in state["files"])
