"""Coffeechat's settings: one file, driven by environment variables.

Local mode (the default) keeps everything in one data folder: the SQLite database and
the secret key. Hosted mode (COFFEECHAT_HOSTED=true) is for a career centre serving many
users on PostgreSQL behind HTTPS.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import platformdirs
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from coffeechat.env import (
    env_bool,
    env_database_url,
    env_directory,
    env_int,
    env_list,
    env_optional,
    env_str,
    env_time_zone,
)

PACKAGE_DIR = Path(__file__).resolve().parent

HOSTED = env_bool("COFFEECHAT_HOSTED", False)
COFFEECHAT_HOME = env_directory("COFFEECHAT_HOME", Path(platformdirs.user_data_dir("coffeechat")))
DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_optional("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")
        return key
    if HOSTED:
        raise ImproperlyConfigured("SECRET_KEY must be set when COFFEECHAT_HOSTED is true.")
    path = COFFEECHAT_HOME / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", []) if HOSTED else []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "coffeechat.accounts",
    "coffeechat.network",
    "coffeechat.interviews",
    "coffeechat.outreach",
    "coffeechat.growth",
    "coffeechat.agenda",
    "coffeechat.insights",
    "coffeechat.imports",
    "coffeechat.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "coffeechat.accounts.middleware.ProfileTimeZoneMiddleware",
    # After a write, the writer's kept pages go (coffeechat/pagecache.py).
    "coffeechat.pagecache.ForgetPagesOnWrite",
    # Last, as django-axes asks: it turns a refused login into the "too many attempts" page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Only Coffeechat's own files may run or style a page: no inline script or style, nothing from
# elsewhere. A note that smuggles markup in can't run anything.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

ROOT_URLCONF = "coffeechat.urls"
WSGI_APPLICATION = "coffeechat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coffeechat.web.context_processors.navigation",
            ],
        },
    },
]

_postgres = env_database_url("DATABASE_URL")
if _postgres is not None:
    DATABASES = {"default": _postgres}
elif HOSTED:
    raise ImproperlyConfigured(
        "DATABASE_URL must name a PostgreSQL database when COFFEECHAT_HOSTED is true "
        "(hosted mode does not run on SQLite)."
    )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": COFFEECHAT_HOME / "coffeechat.sqlite3",
            # Each of serve's processes keeps its connection (and SQLite's page cache with
            # it) from one request to the next: opening one per request cost more than a
            # page kept in memory takes to serve. `coffeechat restore` therefore asks for
            # serve to be stopped first, as it always said.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two writers
                # queue on the busy timeout instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": env_int("COFFEECHAT_SQLITE_TIMEOUT", 20, minimum=1),
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA cache_size=-20000;"
                ),
            },
        }
    }

# Each process keeps recently rendered pages in its own memory (coffeechat/pagecache.py): the
# keys name the user's data version, read from the database, so processes never disagree.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "today"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_time_zone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Locally, WhiteNoise serves straight from the package; no collectstatic step is needed.
_static_root = env_optional("STATIC_ROOT")
STATIC_ROOT = _static_root or (str(COFFEECHAT_HOME / "static") if HOSTED else None)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_AGE = env_int("COFFEECHAT_SESSION_DAYS", 30, minimum=1) * 24 * 3600
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Login throttling (django-axes), in both modes: after 5 wrong passwords for one user name from
# one address, that pair waits COFFEECHAT_LOCKOUT_MINUTES. Login links and force_login don't
# go through it. Behind reverse proxies every request comes from the last proxy's address: the
# address is then the one the first proxy saw, read from X-Forwarded-For (see
# accounts.passwords.client_address), so that someone guessing passwords locks themselves
# out, not the person whose name they typed. COFFEECHAT_PROXIES is how many proxies append to
# that header: one in hosted mode (the recipe's nginx), none locally.
_behind_proxy = HOSTED and env_str("COFFEECHAT_PROXY_SSL_HEADER", "x").lower() != "none"
COFFEECHAT_PROXIES = env_int("COFFEECHAT_PROXIES", 1 if _behind_proxy else 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "coffeechat.accounts.passwords.client_address"
AXES_FAILURE_LIMIT = env_int("COFFEECHAT_LOGIN_ATTEMPTS", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("COFFEECHAT_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "coffeechat.accounts.passwords.locked_out"
AXES_VERBOSE = False

# Background work (e-mail digests, SMTP sending) runs on Django's tasks framework. Locally
# a task runs at once, in the request that asks for it; hosted, it waits in the database
# for `coffeechat db_worker`.
TASKS: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
}

SILENCED_SYSTEM_CHECKS: list[str] = []

# ---------------------------------------------------------------------------------------------
# Hosted mode (COFFEECHAT_HOSTED=true): HTTPS only behind a reverse proxy, PostgreSQL (above),
# collected static files, a database-backed task worker. See docs/deploy.md.
# ---------------------------------------------------------------------------------------------
if HOSTED:
    if DEBUG:
        raise ImproperlyConfigured(
            "DEBUG must be false when COFFEECHAT_HOSTED is true: it shows secrets on error pages."
        )
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("COFFEECHAT_SSL_REDIRECT", True)
    # The header the reverse proxy sets to "https" for requests that came in over TLS;
    # "none" when gunicorn itself terminates TLS.
    _proxy_header = env_str("COFFEECHAT_PROXY_SSL_HEADER", "X-Forwarded-Proto")
    SECURE_PROXY_SSL_HEADER = (
        None
        if _proxy_header.lower() == "none"
        else ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
    )
    SECURE_HSTS_SECONDS = env_int("COFFEECHAT_HSTS_SECONDS", 31536000, minimum=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("COFFEECHAT_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("COFFEECHAT_HSTS_PRELOAD", True)
    if not SECURE_HSTS_PRELOAD:
        # Turning preload off is a decision, not an oversight.
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    # collectstatic copies every file once, compressed and with its hash in the name, so
    # WhiteNoise can tell browsers to keep it for a year.
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    WHITENOISE_USE_FINDERS = False
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# How long a one-time login link stays valid.
COFFEECHAT_LOGIN_LINK_MINUTES = env_int("COFFEECHAT_LOGIN_LINK_MINUTES", 15, minimum=1)
# The local owner's user name; defaults to "owner".
COFFEECHAT_OWNER = env_str("COFFEECHAT_OWNER", "owner")
COFFEECHAT_KEEP_BACKUPS = env_int("COFFEECHAT_KEEP_BACKUPS", 10, minimum=1)
# Where people reach Coffeechat, for links in e-mails sent outside a request (invitations,
# digests). Hosted, it defaults to https:// and the first of ALLOWED_HOSTS.
COFFEECHAT_BASE_URL = env_str(
    "COFFEECHAT_BASE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if HOSTED else "http://127.0.0.1:8000",
).rstrip("/")
if not COFFEECHAT_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"COFFEECHAT_BASE_URL must start with https:// or http://, got {COFFEECHAT_BASE_URL!r}."
    )

# No secret in logs: login, calendar, reset and invitation links, API tokens and session ids
# are redacted on the loggers that write request paths and on the console (coffeechat/logging.py).
LOGGING_CONFIG = "coffeechat.logging.configure"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "coffeechat.logging.RedactSecrets"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": env_str("COFFEECHAT_LOG_LEVEL", "WARNING")},
}

# Email (SMTP). Optional: without EMAIL_HOST there is no mailer, nothing is ever sent, and
# messages go out by copy, mailto: link or .eml download. Django 6.1 reads mail settings
# from MAILERS; the environment keeps the familiar EMAIL_* names.
_email_host = env_optional("EMAIL_HOST")
MAILERS: dict[str, dict[str, object]] = {}
if _email_host is None:
    # No mailer is the point: nothing can be sent, so Django's warning about it is noise.
    SILENCED_SYSTEM_CHECKS.append("mail.W001")
else:
    _email_use_ssl = env_bool("EMAIL_USE_SSL", False)
    _email_use_tls = env_bool("EMAIL_USE_TLS", not _email_use_ssl)
    if _email_use_ssl and _email_use_tls:
        raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL to true.")
    _email_user = env_str("EMAIL_HOST_USER", "")
    MAILERS["default"] = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _email_host,
            "port": env_int("EMAIL_PORT", 465 if _email_use_ssl else 587, minimum=1),
            "username": _email_user,
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": _email_use_tls,
            "use_ssl": _email_use_ssl,
            "timeout": env_int("EMAIL_TIMEOUT", 30, minimum=1),
        },
    }
    _from = env_optional("DEFAULT_FROM_EMAIL") or (_email_user if "@" in _email_user else None)
    if _from is None:
        raise ImproperlyConfigured(
            "DEFAULT_FROM_EMAIL must be set when EMAIL_HOST is: the address messages come from."
        )
    DEFAULT_FROM_EMAIL = _from
