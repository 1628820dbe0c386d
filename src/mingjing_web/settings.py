"""Django settings for 明镜. Everything that differs between machines comes from the environment.

See ``.env.example`` at the repository root for every variable. The embedded default needs none:
a SQLite file and a generated secret key in the user's data folder.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from mingjing_web.env import (
    data_dir,
    default_database_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    stored_secret_key,
)
from mingjing_web.startup import production_secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

DEBUG = env_bool("DEBUG", False)
# Production mode (MINGJING_PRODUCTION=1) refuses to start with a weak, placeholder or missing SECRET_KEY.
PRODUCTION = env_bool("MINGJING_PRODUCTION", False)
SECRET_KEY = (
    production_secret_key(env_str("SECRET_KEY", ""))
    if PRODUCTION
    else env_str("SECRET_KEY", "") or stored_secret_key(DATA_DIR)
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "js_lib_htmx",
    "mingjing_web.orgs",
    "mingjing_web.meetings",
    "mingjing_web.reports",
    "mingjing_web.audit",
    "mingjing_web.library",
    "mingjing_web.consult",
    "mingjing_web.frameworks",
    "mingjing_web.notifications",
    "mingjing_web.ledger",
    "mingjing_web.jobs",
    "mingjing_web.editor",
    "mingjing_web.county",
]

MIDDLEWARE = [
    "mingjing_web.consult.anonymity.StripClientMiddleware",  # first: anonymous opinion pages
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mingjing_web.middleware.ContentSecurityPolicyMiddleware",
    "mingjing_web.middleware.UploadSizeLimitMiddleware",
    "mingjing_web.request_guard.RequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mingjing_web.accounts_guard.LoginThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]
# A page view reads each thing once (mingjing_web.memo, issue 14.7); 0 turns it off, e.g. to compare.
MINGJING_REQUEST_MEMO = env_bool("MINGJING_REQUEST_MEMO", True)
if MINGJING_REQUEST_MEMO:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "mingjing_web.memo.RequestMemoMiddleware",
    )
# Request timing and cProfile files (mingjing_web.profiling, docs/profiling.md): off unless a folder is
# given; first, so that the other middleware is measured too.
MINGJING_PROFILE_DIR = env_str("MINGJING_PROFILE_DIR", "")
MINGJING_PROFILE_EVERY = env_int("MINGJING_PROFILE_EVERY", 0, minimum=0)
if MINGJING_PROFILE_DIR:
    MIDDLEWARE.insert(0, "mingjing_web.profiling.ProfileMiddleware")

ROOT_URLCONF = "mingjing_web.urls"
WSGI_APPLICATION = "mingjing_web.wsgi.application"

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
                "mingjing_web.orgs.context.membership",
            ],
            "builtins": ["mingjing_web.templatetags"],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", default_database_url())
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the gunicorn workers read while one writes; IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The copy-check corpora (one per organisation), derived from the database and rebuilt when needed.
# Empty: a schema per organisation in the PostgreSQL database above, or SQLite files in DATA_DIR/corpus.
# Else ``postgresql://…`` (a schema per organisation there) or ``sqlite:///folder``.
MINGJING_CORPUS_URL = env_str("MINGJING_CORPUS_URL", "")
# Refresh a unit's corpus after a change in a background thread (the next check also refreshes it).
MINGJING_BACKGROUND_INDEXING = env_bool("MINGJING_BACKGROUND_INDEXING", True)
# Background jobs (docs/jobs.md): a Celery broker (redis://… or amqp://…) and its queue; empty: jobs
# run in-process in a thread pool, no extra service. MINGJING_JOBS_INLINE runs them in the request.
MINGJING_BROKER_URL = env_str("MINGJING_BROKER_URL", "")
MINGJING_QUEUE = env_str("MINGJING_QUEUE", "mingjing")
MINGJING_JOBS_INLINE = env_bool("MINGJING_JOBS_INLINE", False)
MINGJING_MAX_UPLOAD_MB = env_int("MINGJING_MAX_UPLOAD_MB", 20, minimum=1, maximum=200)
# Form fields other than files stay small; files stream to disk above this size.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Notifications are mailed only when a mail server is configured (Django's EMAIL_* settings).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "mingjing@localhost")
MINGJING_EMAIL_NOTICES = bool(EMAIL_HOST)
# Timeline of a meeting (days; local rules differ, see the field notes): the plan is reported this many
# days before the meeting, the meeting report within this many days after it, rectification within …
MINGJING_PLAN_DAYS_BEFORE = env_int("MINGJING_PLAN_DAYS_BEFORE", 15, minimum=0, maximum=90)
MINGJING_REPORT_DAYS_AFTER = env_int("MINGJING_REPORT_DAYS_AFTER", 15, minimum=0, maximum=90)
MINGJING_RECTIFY_DAYS_AFTER = env_int("MINGJING_RECTIFY_DAYS_AFTER", 30, minimum=0, maximum=180)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Served over HTTPS (MINGJING_HTTPS=1, normally behind a reverse proxy that terminates TLS and sets
# X-Forwarded-Proto): Secure cookies, redirect to HTTPS, HSTS for a year. docs/operations.md explains
# HSTS before it is switched on. The older single switches below still override each part.
HTTPS = env_bool("MINGJING_HTTPS", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if env_bool("BEHIND_HTTPS_PROXY", HTTPS):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("MINGJING_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("MINGJING_HSTS_PRELOAD", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Chinese pages for a CSRF failure (and 400/403/404/413/500 in urls.py, mingjing_web.error_pages).
CSRF_FAILURE_VIEW = "mingjing_web.error_pages.csrf_failure"
# Content-Security-Policy (mingjing_web.middleware): no inline script, no inline style, nothing foreign.
MINGJING_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

# Login throttling (mingjing_web.accounts_guard): failures per account and per client address within
# the window lock further attempts for MINGJING_LOGIN_LOCK_MINUTES. Counters live in the "throttle"
# cache, a folder every worker of this machine shares (or MINGJING_THROTTLE_CACHE_DIR).
MINGJING_LOGIN_FAILURES_PER_ACCOUNT = env_int("MINGJING_LOGIN_FAILURES_PER_ACCOUNT", 5, minimum=1)
MINGJING_LOGIN_FAILURES_PER_ADDRESS = env_int("MINGJING_LOGIN_FAILURES_PER_ADDRESS", 30, minimum=1)
MINGJING_LOGIN_WINDOW_MINUTES = env_int("MINGJING_LOGIN_WINDOW_MINUTES", 15, minimum=1)
MINGJING_LOGIN_LOCK_MINUTES = env_int("MINGJING_LOGIN_LOCK_MINUTES", 15, minimum=1)
# Proxies in front of the server that append to X-Forwarded-For (0: use the connection's address).
MINGJING_TRUSTED_PROXY_HOPS = env_int("MINGJING_TRUSTED_PROXY_HOPS", 1 if HTTPS else 0, minimum=0, maximum=5)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("MINGJING_THROTTLE_CACHE_DIR", str(DATA_DIR / "throttle")),
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}

# Per-request guard (mingjing_web.request_guard): a request still running after this many seconds is
# interrupted with a Chinese 503; the gunicorn worker is replaced if it does not stop within the grace.
MINGJING_REQUEST_SECONDS = env_int("MINGJING_REQUEST_SECONDS", 30, minimum=1, maximum=3600)
MINGJING_REQUEST_GRACE_SECONDS = env_int("MINGJING_REQUEST_GRACE_SECONDS", 15, minimum=1, maximum=600)

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # the project's own CSS/JS (htmx comes from its package)
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
_MANIFEST = env_bool("MINGJING_STATIC_MANIFEST", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No log record about the anonymous opinion pages (/o/…), see mingjing_web.consult.anonymity.
    "filters": {"anonymous_paths": {"()": "mingjing_web.consult.anonymity.AnonymousPathFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["anonymous_paths"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
