"""Yeji's settings, all read from the environment.

The defaults run the embedded demo: an SQLite file under ``YEJI_HOME``
(``~/.yeji``), Chinese first, the company in ``Asia/Shanghai``.  Production
sets ``DATABASE_URL``, ``YEJI_SECRET_KEY`` and ``YEJI_ALLOWED_HOSTS``.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
YEJI_HOME = Path(os.environ.get("YEJI_HOME", Path.home() / ".yeji")).expanduser()


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


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
    "yeji.people",
    "yeji.performance",
    "yeji.interchange",
    "yeji.web",
    "yeji.demo",
    "yeji.api",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets the language cookie at log-in to the language the user chose.
    "yeji.org.language.LanguageAtLogInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

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
            "formatter": (
                "json"
                if os.environ.get("YEJI_LOG_FORMAT", "").lower() == "json"
                else "text"
            ),
        },
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("YEJI_LOG_LEVEL", "WARNING"),
    },
}
