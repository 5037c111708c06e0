"""Settings for the publishing toolkit, read from the environment.

Every variable is documented in the README ("Configuration"). With no environment at all the
instance runs embedded: SQLite and a filesystem message broker under ``DATA_DIR``.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from core.netpolicy import networks

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Everything the processes create (database, sources, archives, logs, secrets) is theirs
# alone: files 0600, folders 0700. Set here, as every entry point (manage.py, wsgi, asgi,
# Celery) loads the settings before it writes anything. A front server that sends the files
# itself (FILE_SENDER) needs group read: DATA_UMASK=027, with that server in the group.
DATA_UMASK = int(env.str("DATA_UMASK", default="077"), 8)
os.umask(DATA_UMASK)
FILE_UPLOAD_PERMISSIONS = 0o666 & ~DATA_UMASK
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o777 & ~DATA_UMASK

DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Return SECRET_KEY from the environment, else one generated once and kept in DATA_DIR."""
    if env.str("SECRET_KEY", default=""):
        return env.str("SECRET_KEY")
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("DEBUG", default=False)
BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_TITLE = env.str("SITE_TITLE", default="Sampling-event publisher")
HTTPS = BASE_URL.startswith("https://")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[BASE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "corsheaders",
    "axes",
    "core",
    "publisher",
    "catalogue",
    "resources",
    "metadata",
    "workflows",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before anything that may answer (WhiteNoise)
    "core.api.middleware.ApiBodyLimitMiddleware",  # JSON 413 before Django's HTML 400
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "publisher.middleware.UserLanguageMiddleware",  # a saved language beats Accept-Language
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "publisher.middleware.InstallationSettingsMiddleware",
]

ROOT_URLCONF = "publisher.urls"
WSGI_APPLICATION = "publisher.wsgi.application"
ASGI_APPLICATION = "publisher.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "publisher.context_processors.site",
            ],
            "builtins": ["core.templatetags.dates", "core.templatetags.numbers"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE avoids lock upgrades
    # that SQLite would otherwise refuse under concurrent writers.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and authentication ---------------------------------------------------------------
AUTH_USER_MODEL = "publisher.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Repeated failed logins lock the (e-mail, IP) pair for a while.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "publisher.auth.axes_username"
# Password reset and e-mail change mails: how many an hour per address and per client IP;
# how long a reset link (Django's) and an e-mail change link work.
ACCOUNT_MAIL_LIMIT_PER_ADDRESS = env.int("ACCOUNT_MAIL_LIMIT_PER_ADDRESS", default=3)
ACCOUNT_MAIL_LIMIT_PER_CLIENT = env.int("ACCOUNT_MAIL_LIMIT_PER_CLIENT", default=20)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 3600)
EMAIL_CHANGE_TIMEOUT = env.int("EMAIL_CHANGE_TIMEOUT", default=24 * 3600)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
    ("ru", _("Russian")),
    ("zh-hant", _("Traditional Chinese")),
    ("ja", _("Japanese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["publisher.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"

# --- Security -------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
# A load balancer or Docker probes the health check over plain HTTP, behind the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^api/health$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=HTTPS)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=3600 * 8)
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): pages run only the scripts and styles this installation
# serves itself (htmx and vendored libraries are static files), never inline code, so that
# markup slipped into a page cannot run. Images may also be data: URIs (the API docs' icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}


def _tile_source(url: str) -> str | None:
    """The Content Security Policy source of a map tile URL template: its scheme, host and
    port, with Leaflet's ``{s}`` subdomains as ``*``; None for a path on this site."""
    parts = urlsplit(url)
    if url.startswith("/") and not parts.netloc:
        return None
    host = parts.netloc.replace("{s}", "*")
    if parts.scheme not in ("http", "https") or not host or "{" in host or "@" in host:
        raise ValueError("MAP_TILE_URL must be an http(s) URL template, not %r" % url)
    return "%s://%s" % (parts.scheme, host)


# Landing-page maps draw country outlines served here. When MAP_TILE_URL is set (e.g.
# https://tile.openstreetmap.org/{z}/{x}/{y}.png), its tiles are drawn on top, credited with
# MAP_TILE_ATTRIBUTION (HTML), and the tile host alone may serve images besides this site.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
if MAP_TILE_URL and (_tiles := _tile_source(MAP_TILE_URL)):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_tiles)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="publisher@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background jobs (Celery) ---------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
EMBEDDED_BROKER = CELERY_BROKER_URL.startswith("filesystem://")
BROKER_DIR = DATA_DIR / "broker"
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
if EMBEDDED_BROKER:
    # kombu's own filesystem transport lets a worker read a message file before it is written
    # (the worker then dies on JSONDecodeError); ours writes and claims by atomic renames.
    from kombu.transport import TRANSPORT_ALIASES

    TRANSPORT_ALIASES["filesystem"] = "core.broker:Transport"
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(BROKER_DIR / "control"),
        # Seconds between two looks at the queue folder. A worker takes at most one message
        # per look and worker thread (prefetch 1), so kombu's default of 1 s made every job
        # wait up to a second and capped a worker at ~1 job/s; a look at the folder is cheap.
        "polling_interval": env.float("BROKER_POLLING_INTERVAL", default=0.1),
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "jobs"
CELERY_TASK_ROUTES = {
    "publisher.tasks.run_job": {"queue": "jobs"},
    "publisher.tasks.fail_stale_jobs": {"queue": "maintenance"},
    "core.tasks.sweep_temporary_files": {"queue": "maintenance"},
    "resources.tasks.check_extension_updates": {"queue": "maintenance"},
    "resources.tasks.publish_due": {"queue": "maintenance"},
    "resources.tasks.apply_public_dates": {"queue": "maintenance"},
    "publisher.tasks.password_reset_mail": {"queue": "maintenance"},
    "publisher.tasks.email_change_mail": {"queue": "maintenance"},
    "publisher.tasks.email_changed_notice": {"queue": "maintenance"},
    "publisher.tasks.send_failed_jobs_digest": {"queue": "maintenance"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "fail-stale-jobs": {
        "task": "publisher.tasks.fail_stale_jobs",
        "schedule": 60.0,
        "options": {"queue": "maintenance", "expires": 55},
    },
    "sweep-temporary-files": {
        "task": "core.tasks.sweep_temporary_files",
        "schedule": 3600.0,
        "options": {"queue": "maintenance", "expires": 3000},
    },
    "check-extension-updates": {
        "task": "resources.tasks.check_extension_updates",
        "schedule": 24 * 3600.0,
        "options": {"queue": "maintenance", "expires": 3600},
    },
    "publish-due": {
        "task": "resources.tasks.publish_due",
        "schedule": 60.0,
        "options": {"queue": "maintenance", "expires": 55},
    },
    "apply-public-dates": {
        "task": "resources.tasks.apply_public_dates",
        "schedule": 3600.0,
        "options": {"queue": "maintenance", "expires": 3000},
    },
    "failed-jobs-digest": {
        "task": "publisher.tasks.send_failed_jobs_digest",
        "schedule": crontab(minute=0, hour=6, day_of_week="mon"),  # server time zone
        "options": {"queue": "maintenance", "expires": 3600},
    },
}

# A bulk publication (workflows.bulk) runs at most this many publications at a time, and
# looks at them every BULK_PUBLISH_POLL seconds to start the next.
BULK_PUBLISH_CONCURRENCY = env.int("BULK_PUBLISH_CONCURRENCY", default=2)
BULK_PUBLISH_POLL = env.float("BULK_PUBLISH_POLL", default=2.0)
# A running job whose heartbeat is older than this is declared dead by the periodic task.
JOB_HEARTBEAT_TIMEOUT = env.int("JOB_HEARTBEAT_TIMEOUT", default=300)
# Every worker writes its heartbeat row this often (seconds); when no row is younger than
# WORKER_HEARTBEAT_TIMEOUT, job pages and the job API say that no worker is running.
WORKER_HEARTBEAT_INTERVAL = env.float("WORKER_HEARTBEAT_INTERVAL", default=30.0)
WORKER_HEARTBEAT_TIMEOUT = env.int("WORKER_HEARTBEAT_TIMEOUT", default=120)
# /health gives the storage and broker checks this many seconds each (core.health).
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=3.0)
JOB_SOFT_TIME_LIMIT = env.int("JOB_SOFT_TIME_LIMIT", default=6 * 3600)
# Entries of DATA_DIR/tmp unchanged for this long, and not in use by a job, are removed by the
# hourly sweep (uploads a restart interrupted, staged files nobody confirmed).
TEMP_MAX_AGE_HOURS = env.float("TEMP_MAX_AGE_HOURS", default=24.0)
# EML documents larger than this (bytes) are previewed and imported by a background job
# rather than inside the web request.
EML_IMPORT_INLINE_BYTES = env.int("EML_IMPORT_INLINE_BYTES", default=1024 * 1024)

# Secrets at rest (SQL source passwords, registry tokens). A Fernet key; derived from
# SECRET_KEY when unset, so set it explicitly to be able to rotate SECRET_KEY. Unset, the key
# that `manage.py restore` brought from a backup made with --include-secrets is used.
ENCRYPTION_KEY = env.str("ENCRYPTION_KEY", default="") or (
    (DATA_DIR / "encryption_key").read_text().strip()
    if (DATA_DIR / "encryption_key").exists()
    else ""
)
# Where `manage.py backup` and `restore` find pg_dump and pg_restore on PostgreSQL (a folder,
# e.g. /usr/lib/postgresql/16/bin); unset: the folder of the server's major version under
# /usr/lib/postgresql, else the PATH.
PG_BIN = env.str("PG_BIN", default="")

# --- Cache ----------------------------------------------------------------------------------
# Shared by every web and job worker (public feeds and pages are built once for all of them):
# CACHE_URL when set (redis://host:6379/2, filecache:///path, ...); else the Redis server of
# the broker, one database above the broker's (so that clearing the cache never empties the
# job queues); else files under DATA_DIR/cache. Entries are keyed by what they show, so an
# entry is never stale; the timeout only makes room.
CACHE_URL = env.str("CACHE_URL", default="")
CACHE_TIMEOUT = env.int("CACHE_TIMEOUT", default=7 * 24 * 3600)


def _broker_redis_cache(broker: str) -> str:
    parts = urlsplit(broker)
    if parts.scheme not in ("redis", "rediss"):
        return ""
    number = parts.path.strip("/")
    database = int(number) + 1 if number.isdigit() else 1
    return urlunsplit(parts._replace(path="/%d" % database))


if CACHE_URL or _broker_redis_cache(CELERY_BROKER_URL):
    CACHES = {"default": env.cache_url_config(CACHE_URL or _broker_redis_cache(CELERY_BROKER_URL))}
else:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.files.FastFileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
CACHES["default"].setdefault("TIMEOUT", CACHE_TIMEOUT)
CACHES["default"].setdefault("KEY_PREFIX", "publisher")

# --- Source data ----------------------------------------------------------------------------
SOURCE_MAX_BYTES = env.int("SOURCE_MAX_BYTES", default=10 * 1024**3)
SOURCE_MAX_UNPACKED_BYTES = env.int("SOURCE_MAX_UNPACKED_BYTES", default=20 * 1024**3)
SOURCE_SQL_TIMEOUT = env.int("SOURCE_SQL_TIMEOUT", default=600)
SOURCE_URL_TIMEOUT = env.int("SOURCE_URL_TIMEOUT", default=120)
# SQLite/DuckDB files that SQL sources may open (never the instance's own database).
SOURCE_SQL_FILE_DIRS = env.list("SOURCE_SQL_FILE_DIRS", default=[str(DATA_DIR / "databases")])
# Network databases SQL sources may read: host names, host:port or address ranges (CIDR).
# Empty: only database files under SOURCE_SQL_FILE_DIRS. Never the instance's own database.
SQL_ALLOWED_HOSTS = env.list("SQL_ALLOWED_HOSTS", default=[])

# --- Outbound fetches -----------------------------------------------------------------------
# URL sources, import by URL and extensions reach only public addresses; these internal
# ranges (CIDR, e.g. an institution's intranet 10.20.0.0/16) are allowed as well.
FETCH_ALLOWED_NETWORKS = env.list("FETCH_ALLOWED_NETWORKS", default=[])
networks(FETCH_ALLOWED_NETWORKS)  # a bad range stops the start, naming it

FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "tmp")
(DATA_DIR / "tmp").mkdir(exist_ok=True)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The metadata editor posts one field per value: hundreds of taxa or people exceed 1000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_HANDLERS = [
    "core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Publication ----------------------------------------------------------------------------
# Deflate level of the archives (1 fast .. 9 small), sample rows kept per check in the report.
# zlib-ng's level 5 makes smaller archives than zlib's level 6 (zip -6, the IPT's
# java.util.zip default) in ~3/4 of the time of its own level 6 (benchmarks/publish_compare.py).
PUBLICATION_COMPRESSLEVEL = env.int("PUBLICATION_COMPRESSLEVEL", default=5)
PUBLICATION_SAMPLE_CAP = env.int("PUBLICATION_SAMPLE_CAP", default=20)
# Processes sharing a large publication's per-row work (and its deflate): one per core.
PUBLICATION_PROCESSES = env.int("PUBLICATION_PROCESSES", default=os.cpu_count() or 1)
# Id hashes (8 bytes each) one id check holds in memory while building an archive; beyond,
# they spill to sorted runs in the work folder (about 8 bytes per row per id check on disk).
PUBLICATION_IDS_IN_MEMORY = env.int("PUBLICATION_IDS_IN_MEMORY", default=8_000_000)
# Auto-publishing after a failure: try again after this many minutes, stop after this many
# failures in a row (as the IPT: 3 minutes, 3 failures).
PUBLICATION_RETRY_MINUTES = env.int("PUBLICATION_RETRY_MINUTES", default=3)
PUBLICATION_MAX_FAILURES = env.int("PUBLICATION_MAX_FAILURES", default=3)

# --- Public portal and harvest endpoints ----------------------------------------------------
# Who sends published files: "none" (Django streams them, with ranges), "nginx"
# (X-Accel-Redirect to FILE_SENDER_NGINX_PREFIX + the path under DATA_DIR) or "apache"
# (X-Sendfile with the absolute path). See the README.
FILE_SENDER = env.str("FILE_SENDER", default="none").lower()
if FILE_SENDER not in ("none", "nginx", "apache"):
    raise ValueError("FILE_SENDER must be none, nginx or apache, not %r" % FILE_SENDER)
FILE_SENDER_NGINX_PREFIX = env.str("FILE_SENDER_NGINX_PREFIX", default="/protected-data/")
# Landing pages summarise archives up to this size on first view (locations, records per
# year); larger ones once the publication has computed the summary.
PORTAL_SUMMARY_INLINE_BYTES = env.int("PORTAL_SUMMARY_INLINE_BYTES", default=50 * 1024**2)
# CORS (django-cors-headers): feeds, inventories and the API answer any origin, for reading
# only and without cookies; every other path sends no CORS headers.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_URLS_REGEX = (
    r"^/(?:(?:rss|dcat|eml|archive|metadata)(?:\.do)?|inventory/(?:v2/)?dataset(?:\.do)?"
    r"|sitemap\.xml|api/v1/.*)$"
)

# --- GBIF registry ---------------------------------------------------------------------------
# Which registry (UAT, production or a custom URL), the proxy and the public base URL are
# installation settings an admin edits at /admin/settings/; BASE_URL above is the default
# until then. Registry calls time out after REGISTRY_TIMEOUT seconds (the IPT: 30).
REGISTRY_TIMEOUT = env.float("REGISTRY_TIMEOUT", default=30.0)
# A page (or API call) that waits for the registry's answer, reading the organisations or
# checking a token, gives it only REGISTRY_PAGE_TIMEOUT seconds, then says so; writes to the
# registry are jobs, with REGISTRY_TIMEOUT.
REGISTRY_PAGE_TIMEOUT = env.float("REGISTRY_PAGE_TIMEOUT", default=5.0)
# GBIF API v1 of a custom registry (UAT and production have theirs: api.gbif-uat.org/v1,
# api.gbif.org/v1); empty: the custom registry URL followed by /v1.
REGISTRY_API_URL = env.str("REGISTRY_API_URL", default="")
# Attempts of each registry job before it fails (retried with backoff 2, 4, 8 ... s).
REGISTRY_JOB_ATTEMPTS = env.int("REGISTRY_JOB_ATTEMPTS", default=10)

# --- DOIs through DataCite (issue #23) -------------------------------------------------------
# The REST API of each DataCite system; tests point them at a local server. DataCite calls are
# jobs on the registry queue and time out after DATACITE_TIMEOUT seconds (the IPT: 30).
DATACITE_URLS = {
    "test": env.str("DATACITE_TEST_URL", default="https://api.test.datacite.org"),
    "production": env.str("DATACITE_PRODUCTION_URL", default="https://api.datacite.org"),
}
DATACITE_TIMEOUT = env.float("DATACITE_TIMEOUT", default=30.0)

# --- Extension and vocabulary catalogue ------------------------------------------------------
EXTENSIONS_REGISTRY_URL = env.str(
    "EXTENSIONS_REGISTRY_URL", default="https://gbrds.gbif.org/registry/extensions.json"
)
VOCABULARIES_REGISTRY_URL = env.str(
    "VOCABULARIES_REGISTRY_URL", default="https://gbrds.gbif.org/registry/thesauri.json"
)
CATALOGUE_MAX_BYTES = env.int("CATALOGUE_MAX_BYTES", default=20 * 1024 * 1024)

# --- API ------------------------------------------------------------------------------------
# Django's defaults, plus BCrypt last: only to check passwords carried over from an IPT
# data directory (users.xml keeps jBCrypt hashes); they are re-hashed at the first login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "publisher.hashers.IptBCryptPasswordHasher",
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated requests then get 401 with a WWW-Authenticate header.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",  # bounded in size and nesting depth
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/min"),
        "user": env.str("API_THROTTLE_USER", default="1200/min"),
    },
}
# API tokens (django-rest-knox): stored as SHA-512 hashes, shown once, revoked one by one.
# API_TOKEN_TTL_DAYS=0 (the default) keeps a token until it is revoked.
_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=0)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=_TOKEN_TTL_DAYS) if _TOKEN_TTL_DAYS else None,
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sampling-event publisher API",
    "DESCRIPTION": "Publish Darwin Core Archives of sampling-event data from scripts.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Deep links put a link inside each operation's button (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "VisibilityEnum": "resources.models.resource.Visibility",
        "CoverageModeEnum": "metadata.models.CoverageMode",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_common_errors",
        "core.api.schema.document_error_codes",
    ],
}

# --- Logging --------------------------------------------------------------------------------
# Each host of a multi-host installation (README, "Workers on several hosts") sets its own
# LOG_DIR: processes on several hosts must not rotate one file on the shared DATA_DIR.
LOG_DIR = Path(env.str("LOG_DIR", default=str(DATA_DIR / "logs"))).resolve()
LOG_DIR.mkdir(parents=True, exist_ok=True)
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "file": {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": str(LOG_DIR / "publisher.log"),
            "maxBytes": 10 * 1024 * 1024,
            "backupCount": 5,
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["console", "file"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
