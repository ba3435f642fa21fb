"""Filmsite's one settings module, driven by the environment.

The environment is read at the top; everything below derives from it. With DJANGO_DEBUG off
(the default) the settings are production-safe: a secret key and allowed hosts are required,
cookies are secure, HTTPS is enforced and static files are served compressed and hashed.
"""

import ipaddress
import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_text(name: str, default: str = "") -> str:
    """The variable's value without surrounding blanks; `default` when unset or empty."""
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no variable: a typo such as `ture` is an error, never a silent False."""
    value = env_text(name).lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off (any case), not {value!r}."
    )


def env_int(name: str, default: int, minimum: int, maximum: int) -> int:
    """A whole number in [minimum, maximum], written in ASCII digits."""
    value = env_text(name)
    if not value:
        return default
    # int() would also take "1_000", "+5" and non-ASCII digits; a setting is plain digits.
    if not re.fullmatch(r"[0-9]+", value) or not minimum <= int(value) <= maximum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number from {minimum} to {maximum}, not {value!r}."
        )
    return int(value)


def env_json_object(name: str) -> dict[str, Any]:
    """A JSON object (options for a backend); empty when unset."""
    value = env_text(name)
    if not value:
        return {}
    try:
        options = json.loads(value)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"{name} is not valid JSON: {error}.") from None
    if not isinstance(options, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object ({{...}}), not {value!r}.")
    return options


def env_list(name: str) -> list[str]:
    """Comma-separated items; an empty item or one with blanks inside is a typo, not skipped."""
    value = env_text(name)
    if not value:
        return []
    items = [item.strip() for item in value.split(",")]
    for item in items:
        if not item or re.search(r"\s", item):
            raise ImproperlyConfigured(
                f"{name} must be a comma-separated list without empty items or blanks inside "
                f"an item, not {value!r}."
            )
    return items


def env_site_url(name: str) -> str:
    """The site's own address: http or https, a host and perhaps a port, nothing after it."""
    value = env_text(name)
    if not value:
        return ""
    parts = urlsplit(value)
    try:
        valid_port = parts.port is None or parts.port > 0
    except ValueError:  # not a number from 0 to 65535
        valid_port = False
    if (
        parts.scheme not in {"http", "https"}
        or not re.fullmatch(r"[a-z0-9.:-]+", parts.hostname or "")
        or not valid_port
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
    ):
        raise ImproperlyConfigured(
            f"{name} must be the site's address, such as https://films.example: http or https "
            f"and a host (a port allowed), without a path, query or user, not {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated IP addresses or networks (CIDR, no host bits set)."""
    networks = []
    for item in env_list(name):
        try:
            networks.append(ipaddress.ip_network(item))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.0/8: {error}."
            ) from None
    return networks


DEBUG = env_bool("DJANGO_DEBUG")
# Uploaded posters, photos and trailers: any Django storage backend and its options, e.g.
# "storages.backends.s3.S3Storage" with {"bucket_name": "...", "endpoint_url": "..."}.
MEDIA_STORAGE = env_text("DJANGO_MEDIA_STORAGE")
MEDIA_STORAGE_OPTIONS = env_json_object("DJANGO_MEDIA_STORAGE_OPTIONS")
# Where uploads are served from: this site's /media/ by default, or the storage's own host.
MEDIA_URL = env_text("DJANGO_MEDIA_URL", "media/")
# Without a proxy or object storage in front, the app itself can serve /media/.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=DEBUG)
DATABASE_URL = env_text("DATABASE_URL")
# A streaming replica of DATABASE_URL's database (one server) that takes reads; unset, all
# reads go to DATABASE_URL (filmsite/replica.py).
DATABASE_REPLICA_URL = env_text("DATABASE_REPLICA_URL")
# How long a visitor who wrote keeps reading from the primary. A healthy replica lags by
# milliseconds; this covers a slow moment (a checkpoint, a long vacuum) with room to spare,
# while keeping the primary's share of reads small. A longer lag shows as a write that
# vanishes until the replica catches up: watch pg_stat_replication's replay_lag (README).
READ_YOUR_WRITES_SECONDS = env_int("DJANGO_READ_YOUR_WRITES_SECONDS", 5, minimum=1, maximum=300)
REDIS_URL = env_text("REDIS_URL")
# Rate-limit counters, in a Redis of their own in production (see CACHES below).
RATELIMIT_REDIS_URL = env_text("RATELIMIT_REDIS_URL", REDIS_URL)
# Visitors' pages served whole from the cache (filmsite/pagecache/pages.py); off to measure
# or debug what rendering costs.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", default=True)
SECRET_KEY = env_text("DJANGO_SECRET_KEY")
# The site's public address: every absolute URL (sitemaps, feeds, structured data) starts
# with it, never with a request's Host header, so no cached answer can be poisoned.
SITE_URL = env_text("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
# The reverse proxies in front of the app servers (addresses or networks). Only a connection
# from one of them may say, in X-Forwarded-For, which client it forwards; gunicorn's
# --forwarded-allow-ips takes the same value (Dockerfile).
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES")
# What Prometheus sends as a bearer token to read /metrics (filmsite/metrics.py); unset, the
# endpoint is off.
METRICS_TOKEN = env_text("DJANGO_METRICS_TOKEN")

if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see README: Configuration)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-with-debug-off"

if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

# The address every absolute URL is built from (canonical links, structured data, sharing
# cards, sitemaps, feeds), never the request's Host header: pages are cached and shared, so a
# forged Host must not end up in one. Unset in production, it is the first allowed host over
# HTTPS, and `check --deploy` warns (filmsite/openweb/checks.py).
SITE_URL_IS_SET = bool(env_text("DJANGO_SITE_URL"))
SITE_URL = env_site_url("DJANGO_SITE_URL") or (
    "http://127.0.0.1:8000"
    if DEBUG
    else next(
        (f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith((".", "*"))),
        "https://localhost",
    )
)

INSTALLED_APPS = [
    "filmsite.apps.FilmsiteAdminConfig",  # django.contrib.admin, with a limited log-in
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # The privacy and terms pages, which staff edit in the admin (seeded by accounts/0003).
    "django.contrib.sites",
    "django.contrib.flatpages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    # Staff's second factor (filmsite/secondfactor): TOTP authenticator apps and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Search lookups (full text, trigram); inert on SQLite.
    "django.contrib.postgres",
    "django_filters",
    # The task queue's table and its `db_worker` command (TASKS below).
    "django_tasks_db",
    "catalog",
    "reviews",
    "filmsite.accounts",
    "filmsite.lists",
    "filmsite.library",
    "filmsite.moderation",
    "filmsite.demo",
    "filmsite.pagecache",
    "filmsite.openweb",
    "filmsite.secondfactor",
]

MIDDLEWARE = [
    # Outermost: every answer, even a redirect to HTTPS, is logged and timed with its id.
    "filmsite.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache's middleware, so its early answers carry the header too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "filmsite.headers.SecurityHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Which database the request reads from, before anything reads (filmsite/replica.py).
    "filmsite.replica.ReadYourWritesMiddleware",
    # Gzip for pages without secrets. After WhiteNoise, which answers static files with their
    # own precompressed copies; before everything else, so that it compresses the body as it
    # leaves and sees the cookies the session and CSRF middleware set on the way out.
    "filmsite.compression.SecretFreeGZipMiddleware",
    # Before CommonMiddleware, which refuses a Host not in ALLOWED_HOSTS.
    "filmsite.healthz.HealthzMiddleware",
    "filmsite.metrics.MetricsMiddleware",
    # Visitors' stored pages, before the middleware that only members' requests need.
    "filmsite.pagecache.pages.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session proved a second factor (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "filmsite.sessions.StaffSessionMiddleware",
    # Staff who signed in with a password alone reach only the second-factor pages.
    "filmsite.secondfactor.middleware.SecondFactorMiddleware",
    "filmsite.ratelimit.RateLimitMiddleware",
    # Innermost: it answers the views' 404s for a film's or person's former address.
    "catalog.middleware.FormerAddressMiddleware",
]

ROOT_URLCONF = "filmsite.urls"
# The one site, for the flat pages (privacy, terms).
SITE_ID = 1
WSGI_APPLICATION = "filmsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# Form widgets and field templates are looked up like page templates, so the project can
# override them from templates/.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: an embedded SQLite file unless DATABASE_URL names another (PostgreSQL in
# production). PostgreSQL connections are kept open between requests and checked before reuse.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file database is private to one process; persistent connections buy nothing there.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Writers take the write lock when their transaction begins, so two requests writing at
    # once queue (up to the timeout) instead of one failing with "database is locked" after
    # both have read: SQLite has no SELECT ... FOR UPDATE to serialise them.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

if DATABASE_REPLICA_URL:
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL to be PostgreSQL.")
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=600, conn_health_checks=True
    )
    # Tests read and write one database through both aliases; none touches the replica.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["filmsite.replica.PrimaryReplicaRouter"] if DATABASE_REPLICA_URL else []

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_cache(url: str) -> dict[str, Any]:
    return {
        # Django's Redis cache, but an unreachable Redis reads as an empty cache.
        "BACKEND": "filmsite.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "filmsite",
        # A Redis that stops answering costs a request a fraction of a second, not a hang.
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }


# Caches: Redis when REDIS_URL is set (shared by all app servers), else local memory.
# "default" holds what can be recomputed (counts, pages) and may be evicted or cleared at will.
# "ratelimit" holds the rate-limit counters, which must not be: a counter evicted to make room
# for a page is a limit reset for whoever filled the cache. Redis chooses what to evict per
# server, not per database, and a volatile-* policy would evict the counters too (they expire),
# so production points RATELIMIT_REDIS_URL at a Redis server of its own with
# `maxmemory-policy noeviction` (README: Production). Unset, it is REDIS_URL, as before.
CACHES = {
    "default": (
        redis_cache(REDIS_URL)
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "ratelimit": (
        redis_cache(RATELIMIT_REDIS_URL)
        if RATELIMIT_REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}
    ),
    # Each worker's own copies of versioned pages and fragments (filmsite/pagecache/store.py),
    # in front of the default cache; about 25 MB at most (pages with their gzipped copies).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 1_000},
    },
}

# Background tasks (django.tasks): queued as rows in the default database, in the writer's
# transaction, and run by `manage.py db_worker` (README: Background tasks). A failed task is
# tried up to TASK_ATTEMPTS times in all, the first retry TASK_RETRY_DELAY seconds later and
# each next one twice as late (filmsite/tasks.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASK_ATTEMPTS = env_int("DJANGO_TASK_ATTEMPTS", 4, minimum=1, maximum=20)
TASK_RETRY_DELAY = env_int("DJANGO_TASK_RETRY_DELAY", 30, minimum=0, maximum=24 * 60 * 60)
# The folder of IMDb dataset files that staff may import from the admin (empty: the admin's
# import page only explains how to set it); the task worker must see it at the same path.
IMDB_DATASET_DIR = env_text("DJANGO_IMDB_DATASET_DIR")

# Permissions count for staff alone (filmsite/accounts/backends.py), who prove a second factor.
AUTHENTICATION_BACKENDS = ["filmsite.accounts.backends.StaffPermissionsBackend"]

# OWASP ASVS 4.0.3, 2.1.1 and 2.1.2: from 12 to 128 characters. The forms' help lists the rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "filmsite.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Readers stay logged in for two weeks; staff sessions end after 30 idle minutes and 12 hours
# after log-in (OWASP ASVS 3.3.2; filmsite/sessions.py).
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60
STAFF_SESSION_IDLE_TIMEOUT = 30 * 60
STAFF_SESSION_MAX_AGE = 12 * 60 * 60
# The name authenticator apps show beside a staff member's codes ("Filmsite:alice").
OTP_TOTP_ISSUER = "Filmsite"
# Device secrets and recovery codes are never shown in the admin (filmsite/secondfactor
# takes django-otp's device admins out anyway).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where collectstatic writes and WhiteNoise reads; a volume the proxy also serves (compose.yaml).
STATIC_ROOT = Path(env_text("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_ROOT = Path(env_text("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {
        "BACKEND": MEDIA_STORAGE or "django.core.files.storage.FileSystemStorage",
        "OPTIONS": MEDIA_STORAGE_OPTIONS,
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "filmsite.staticstorage.RememberingManifestStaticFilesStorage"
        )
    },
}

# Uploads served from another host (object storage, a CDN) are allowed as images and video.
_media = urlsplit(MEDIA_URL)
MEDIA_ORIGIN = [f"{_media.scheme}://{_media.netloc}"] if _media.netloc else []

# The players a trailer embeds on a click (Trailer.embed_url), and nothing else may frame.
TRAILER_PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]

# Content Security Policy (Django's own middleware): nothing unless listed. Scripts and styles
# from this site only, frames only from the trailer players, requests from scripts only to
# this site (the admin's autocomplete), the web app manifest from this site. No fonts or
# workers are used.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGIN],
    "media-src": [CSP.SELF, *MEDIA_ORIGIN],
    "frame-src": TRAILER_PLAYERS,
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features (filmsite/headers.py): none, except that the trailer players may autoplay,
# go full screen and float as picture-in-picture once a visitor asks for a trailer.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": ["self", *TRAILER_PLAYERS],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self", *TRAILER_PLAYERS],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": ["self", *TRAILER_PLAYERS],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
# This site's pages, images and files are for this site's pages only.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe /healthz, and Prometheus scrapes /metrics, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# One JSON object per line on stdout, each with its request's id (filmsite/jsonlog.py): a line
# per request from filmsite.requests, warnings and errors from everything else.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "filmsite.jsonlog.JSONFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO" if DEBUG else "WARNING"},
    "loggers": {"filmsite.requests": {"level": "INFO"}},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "catalog:home"
LOGOUT_REDIRECT_URL = "catalog:home"

# Email (password resets): SMTP, at EMAIL_HOST or the conventional local relay on port 25;
# with debug on and no EMAIL_HOST, printed to the console instead.
SMTP_HOST = env_text("EMAIL_HOST")
MAILERS: dict[str, dict[str, Any]]
if DEBUG and not SMTP_HOST:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST or "localhost",
                "port": env_int("EMAIL_PORT", 587 if SMTP_HOST else 25, minimum=1, maximum=65535),
                "username": env_text("EMAIL_HOST_USER"),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=bool(SMTP_HOST)),
            },
        }
    }
DEFAULT_FROM_EMAIL = env_text("DEFAULT_FROM_EMAIL", "Filmsite <noreply@filmsite.invalid>")
