"""Test settings: the real settings, with a throwaway DATA_DIR and a file-based test database.

The database is a file (not SQLite's in-memory default) so that a real Celery worker process
started by the tests can see what the tests write.
"""

import os
import tempfile

if "DATA_DIR" not in os.environ:
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="publisher-test-")
    os.environ["PUBLISHER_TEST_OWNS_DATA_DIR"] = "1"

from publisher.settings import *  # noqa: E402,F403
from publisher.settings import CACHES, DATA_DIR, DATABASES, STORAGES  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-db.sqlite3")}

# A worker process started by the tests connects straight to the test database.
if os.environ.get("TEST_WORKER_DATABASE_NAME"):
    DATABASES["default"]["NAME"] = os.environ["TEST_WORKER_DATABASE_NAME"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}

# A Redis cache outlives the run and may serve other runs: this one keeps to its own keys.
CACHES["default"]["KEY_PREFIX"] = "test-%s" % DATA_DIR.name

WHITENOISE_USE_FINDERS = True
(DATA_DIR / "static").mkdir(exist_ok=True)

# The tests fetch from HTTP servers and reach databases they start on loopback; the security
# tests set these back to empty to prove the refusal (tests/security/test_ssrf.py).
FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
SQL_ALLOWED_HOSTS = ["127.0.0.0/8", "::1/128", "localhost"]
