"""Yeji's settings, all read from the environment.

The defaults run the embedded demo: an SQLite file under ``YEJI_HOME``
(``~/.yeji``), Chinese first, the company in ``Asia/Shanghai``.  Production
sets ``DATABASE_URL``, ``YEJI_SECRET_KEY``, ``YEJI_ALLOWED_HOSTS`` and
``YEJI_HTTPS=1`` (with ``YEJI_PROXIES`` behind a reverse proxy); then
``yeji check --deploy --fail-level WARNING`` passes.
"""

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
YEJI_HOME = Path(os.environ.get("YEJI_HOME", Path.home() / ".yeji")).expanduser()


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _secret_key() -> str:
    """The key from the environment, else one kept in YEJI_HOME.

    A key generated once and kept beside the embedded database keeps log-ins
    valid across restarts without any secret in the repository.
    """
    key = os.environ.get("YEJI_SECRET_KEY")
    if key:
        return key
    path = YEJI_HOME / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    try:
        YEJI_HOME.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key
    except OSError:
        # A read-only home (some CI sandboxes) still gets a working process.
        return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
DEBUG = _env_bool("YEJI_DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("YEJI_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(
        ","
    )
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "yeji.org",
    "yeji.crm",
    "yeji.sales",
    "yeji.planning",
    "yeji.targets",
    "yeji.people",
    "yeji.performance",
    "yeji.interchange",
    "yeji.web",
    "yeji.demo",
    "yeji.api",
    "ninja",
    "yeji.security",
    "yeji.notify",
    "yeji.audit",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

# The security headers (SecurityMiddleware, the CSP and X-Frame-Options)
# wrap everything, static files included; the security events see the
# logged-in user; axes comes last, as its documentation asks, so that a
# lock-out answers before any view runs.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets the language cookie at log-in to the language the user chose.
    "yeji.org.language.LanguageAtLogInMiddleware",
    "yeji.security.middleware.SessionIdleMiddleware",
    "yeji.security.middleware.SecurityEventMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yeji.urls"
WSGI_APPLICATION = "yeji.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The database: DATABASE_URL, else the embedded SQLite file in WAL mode.
# `yeji demo` sets YEJI_DEMO=1: the demo company then lives in a file of its
# own, whatever DATABASE_URL says, so a demo never writes into real data.
SQLITE_PATH = YEJI_HOME / "yeji.sqlite3"
DEMO_SQLITE_PATH = YEJI_HOME / "demo.sqlite3"
YEJI_DEMO = _env_bool("YEJI_DEMO")
if YEJI_DEMO:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DEMO_SQLITE_PATH,
        }
    }
elif os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers go on while one writer writes; IMMEDIATE takes
            # the write lock at the start of a transaction so two writers
            # queue on the busy timeout instead of failing with "locked".
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"].setdefault("TEST", {})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 hashes new passwords; the others still check passwords hashed
# before (Django re-hashes them with Argon2 at the next log-in).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# axes checks every log-in, the admin's included, before the usual backend.
AUTHENTICATION_BACKENDS = [
    "yeji.security.lockout.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("YEJI_TIME_ZONE", "Asia/Shanghai")
YEJI_CURRENCY = os.environ.get("YEJI_CURRENCY", "CNY")
# Lists count their rows up to this many, and past it say "more than" (see
# yeji.web.paging).
YEJI_LIST_COUNT_LIMIT = _env_int("YEJI_LIST_COUNT_LIMIT", 10_000)

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("YEJI_STATIC_ROOT", YEJI_HOME / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

# -- Sessions ----------------------------------------------------------------
# A session unused for YEJI_SESSION_IDLE_MINUTES is gone: its expiry moves
# on with each use (SessionIdleMiddleware) and the database refuses it
# after.  The session table names its user, so that deactivating a user
# ends all of their sessions at once.
SESSION_ENGINE = "yeji.security.sessions"
YEJI_SESSION_IDLE_MINUTES = _env_int("YEJI_SESSION_IDLE_MINUTES", 120)
SESSION_COOKIE_AGE = YEJI_SESSION_IDLE_MINUTES * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# -- Log-in throttling (django-axes) ----------------------------------------
# An account is locked after YEJI_LOGIN_FAILURE_LIMIT failed log-ins from
# anywhere, an address after YEJI_LOGIN_ADDRESS_FAILURE_LIMIT failures on
# any accounts (higher, since a whole office may share one address), each
# for YEJI_LOGIN_LOCKOUT_MINUTES after the last failure.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
YEJI_LOGIN_FAILURE_LIMIT = _env_int("YEJI_LOGIN_FAILURE_LIMIT", 5)
YEJI_LOGIN_ADDRESS_FAILURE_LIMIT = max(
    _env_int("YEJI_LOGIN_ADDRESS_FAILURE_LIMIT", 20), YEJI_LOGIN_FAILURE_LIMIT
)
AXES_FAILURE_LIMIT = YEJI_LOGIN_FAILURE_LIMIT
AXES_HANDLER = "yeji.security.lockout.LoginThrottle"
AXES_COOLOFF_TIME = dt.timedelta(minutes=_env_int("YEJI_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_CALLABLE = "yeji.security.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "yeji.security.addresses.client_address"
# A success does not forgive earlier failures: with it, anyone with one
# account could wipe the failures against another from the same address.
AXES_RESET_ON_SUCCESS = False
# Yeji keeps its own log of log-ins (yeji.security); axes keeps only the
# failures it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# -- HTTPS, behind a proxy or not --------------------------------------------
# YEJI_HTTPS=1 when people reach Yeji over https: cookies only over TLS,
# plain http redirected, and HSTS.  YEJI_PROXIES is the number of reverse
# proxies in front of Yeji (nginx: 1): their X-Forwarded-For names the
# client's address and X-Forwarded-Proto says whether it came over https.
# The demo on http://127.0.0.1 uses neither.
YEJI_HTTPS = _env_bool("YEJI_HTTPS")
YEJI_PROXIES = _env_int("YEJI_PROXIES", 0)
if YEJI_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = YEJI_HTTPS
CSRF_COOKIE_SECURE = YEJI_HTTPS
SECURE_SSL_REDIRECT = YEJI_HTTPS
SECURE_HSTS_SECONDS = (
    _env_int("YEJI_HSTS_SECONDS", 365 * 24 * 3600) if YEJI_HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("YEJI_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("YEJI_HSTS_PRELOAD", True)
# Turning subdomains or preloading off is a choice, not an oversight, so
# check --deploy does not warn about it.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

# -- Security headers on every response --------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Scripts and styles come from Yeji's own static files only: no inline
# script, no inline style, no other site.  Images may also be data: URLs
# (the admin's icons, chart exports).
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

# -- Imports ----------------------------------------------------------------
# The importer refuses, before reading it, a file over this size, and an
# XLSX whose zip would unpack to more than YEJI_IMPORT_MAX_UNPACKED_MB or
# holds more entries or compresses more than a real workbook does.  A CSV
# file streams, so the limit is set well above the largest file of a real
# company's first load (the benchmark's orders.csv is 666 MB); pages limit
# uploads apart (interchange/uploads.py).
YEJI_IMPORT_MAX_BYTES = _env_int("YEJI_IMPORT_MAX_MB", 4096) * 1024 * 1024
YEJI_IMPORT_MAX_UNPACKED_BYTES = (
    _env_int("YEJI_IMPORT_MAX_UNPACKED_MB", 2048) * 1024 * 1024
)
YEJI_IMPORT_MAX_ZIP_ENTRIES = 10_000
YEJI_IMPORT_MAX_COMPRESSION_RATIO = 100

# -- Background work and reminders ------------------------------------------
# Tasks queue in the database (django-tasks' database backend): `yeji worker`
# runs them and the periodic jobs, with no broker to install.  The day's
# reminders are made at YEJI_REMINDERS_AT, local time.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
YEJI_REMINDERS_AT = os.environ.get("YEJI_REMINDERS_AT", "08:30")

# E-mail (the reminders' e-mail channel) goes through this SMTP server.
EMAIL_HOST = os.environ.get("YEJI_EMAIL_HOST", "localhost")
EMAIL_PORT = _env_int("YEJI_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("YEJI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("YEJI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("YEJI_EMAIL_TLS")
EMAIL_USE_SSL = _env_bool("YEJI_EMAIL_SSL")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("YEJI_EMAIL_FROM", "yeji@localhost")

# Security events (log-ins, failures, lock-outs, role changes, downloads)
# go to a log of their own, YEJI_SECURITY_LOG ("-" for the console),
# whatever YEJI_LOG_LEVEL says, and to the table the admin pages show.
_LOG_FORMAT = (
    "json" if os.environ.get("YEJI_LOG_FORMAT", "").lower() == "json" else "text"
)
YEJI_SECURITY_LOG = os.environ.get("YEJI_SECURITY_LOG") or str(
    YEJI_HOME / "security.log"
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "yeji.log_format.JsonLinesFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": _LOG_FORMAT,
        },
        "security": (
            {"class": "logging.StreamHandler", "formatter": _LOG_FORMAT}
            if YEJI_SECURITY_LOG == "-"
            else {
                "class": "yeji.security.logs.SecurityLogFileHandler",
                "filename": YEJI_SECURITY_LOG,
                "formatter": _LOG_FORMAT,
            }
        ),
    },
    "loggers": {
        "yeji.security": {
            "handlers": ["security"],
            "level": "INFO",
            "propagate": False,
        },
        # axes' own lines repeat what yeji.security records.
        "axes": {"level": "ERROR"},
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("YEJI_LOG_LEVEL", "WARNING"),
    },
}
