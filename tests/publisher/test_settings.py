"""Settings from the environment: production checks, defaults and the generated secret key."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(args: list[str], env: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess:
    base = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "publisher.settings",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "BASE_URL": "https://data.example.org",
    "ALLOWED_HOSTS": "data.example.org",
    "SECURE_HSTS_PRELOAD": "true",
    "DATABASE_URL": "postgres://publisher:secret@127.0.0.1:5432/publisher",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}


def test_check_deploy_passes_with_production_environment(tmp_path):
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_debug_is_on(tmp_path):
    env = {**PRODUCTION_ENV, "DEBUG": "true"}
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    script = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = _manage(["shell", "--no-imports", "-c", script], {}, tmp_path)
    second = _manage(["shell", "--no-imports", "-c", script], {}, tmp_path)
    key_file = tmp_path / "secret_key"
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == second.stdout.strip() == key_file.read_text().strip()
    assert len(key_file.read_text().strip()) >= 50
    assert key_file.stat().st_mode & 0o077 == 0


def test_embedded_default_uses_sqlite_and_filesystem_broker_in_data_dir(tmp_path):
    script = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.CELERY_BROKER_URL, s.DEBUG)"
    )
    result = _manage(["shell", "--no-imports", "-c", script], {}, tmp_path)
    engine, name, broker, debug = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name).parent == tmp_path
    assert broker == "filesystem://"
    assert debug == "False"
    assert (tmp_path / "broker" / "queue").is_dir()


def _cache(env: dict[str, str], data_dir: Path) -> list[str]:
    script = (
        "from django.core.cache import cache; from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])"
    )
    result = _manage(["shell", "--no-imports", "-c", script], env, data_dir)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_embedded_default_caches_in_files_every_worker_shares(tmp_path):
    backend, location = _cache({}, tmp_path)
    assert backend == "core.cache.files.FastFileBasedCache"
    assert Path(location) == tmp_path / "cache"


def test_the_file_cache_reads_back_what_it_writes_compressed_fast(tmp_path):
    from core.cache.files import FastFileBasedCache

    cache = FastFileBasedCache(str(tmp_path), {})
    value = b"<rdf>" * 100_000
    cache.set("dcat", value)
    assert cache.get("dcat") == value
    (written,) = [p for p in tmp_path.iterdir() if p.suffix == ".djcache"]
    assert written.stat().st_size < len(value) // 20  # compressed


def test_a_redis_broker_lends_its_server_to_the_cache_in_another_database(tmp_path):
    env = {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/3"}
    assert _cache(env, tmp_path) == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/4",
    ]


def test_a_cache_url_wins_over_the_broker(tmp_path):
    env = {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/0", "CACHE_URL": "redis://cache:6379/7"}
    assert _cache(env, tmp_path) == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache:6379/7",
    ]


def test_a_map_tile_host_is_the_only_origin_added_to_the_image_policy(tmp_path):
    script = (
        "from django.conf import settings as s; "
        "print(' '.join(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )
    tiles = {"MAP_TILE_URL": "https://{s}.tiles.example.org:8443/osm/{z}/{x}/{y}.png"}
    default = _manage(["shell", "--no-imports", "-c", script], {}, tmp_path)
    with_tiles = _manage(["shell", "--no-imports", "-c", script], tiles, tmp_path)
    assert default.stdout.split() == ["'self'", "data:"], default.stderr
    assert with_tiles.stdout.split() == ["'self'", "data:", "https://*.tiles.example.org:8443"]
    own = _manage(["shell", "--no-imports", "-c", script], {"MAP_TILE_URL": "/t/{z}"}, tmp_path)
    assert own.stdout.split() == ["'self'", "data:"], own.stderr


def test_a_map_tile_url_that_is_not_http_stops_the_start(tmp_path):
    result = _manage(["check"], {"MAP_TILE_URL": "javascript:alert(1)//{z}"}, tmp_path)
    assert result.returncode != 0
    assert "MAP_TILE_URL must be an http(s) URL template" in result.stderr
