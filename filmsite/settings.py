"""Filmsite's one settings module, driven by the environment.

The environment is read at the top; everything below derives from it. With DJANGO_DEBUG off
(the default) the settings are production-safe: a secret key and allowed hosts are required,
cookies are secure, HTTPS is enforced and static files are served compressed and hashed.
"""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
# Uploaded posters, photos and trailers: any Django storage backend and its options, e.g.
# "storages.backends.s3.S3Storage" with {"bucket_name": "...", "endpoint_url": "..."}.
MEDIA_STORAGE = os.environ.get("DJANGO_MEDIA_STORAGE", "")
MEDIA_STORAGE_OPTIONS = json.loads(os.environ.get("DJANGO_MEDIA_STORAGE_OPTIONS", "") or "{}")
# Where uploads are served from: this site's /media/ by default, or the storage's own host.
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "media/")
# Without a proxy or object storage in front, the app itself can serve /media/.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=DEBUG)
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see README: Configuration)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-used-with-debug-off"

if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    "filmsite.apps.FilmsiteAdminConfig",  # django.contrib.admin, with a limited log-in
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    # Search lookups (full text, trigram); inert on SQLite.
    "django.contrib.postgres",
    "django_filters",
    "catalog",
    "reviews",
    "filmsite.accounts",
    "filmsite.lists",
    "filmsite.library",
    "filmsite.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "filmsite.ratelimit.RateLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "filmsite.urls"
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by all app servers), else local memory.
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, but an unreachable Redis reads as an empty cache.
            "BACKEND": "filmsite.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "filmsite",
            # A Redis that stops answering costs a request a fraction of a second, not a hang.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {
        "BACKEND": MEDIA_STORAGE or "django.core.files.storage.FileSystemStorage",
        "OPTIONS": MEDIA_STORAGE_OPTIONS,
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads served from another host (object storage, a CDN) are allowed as images and video.
_media = urlsplit(MEDIA_URL)
MEDIA_ORIGIN = [f"{_media.scheme}://{_media.netloc}"] if _media.netloc else []

# Content Security Policy (Django's own middleware): scripts and styles from this site only;
# frames only from the privacy-friendly players that trailers embed.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGIN],
    "media-src": [CSP.SELF, *MEDIA_ORIGIN],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO" if DEBUG else "WARNING"},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "catalog:home"
LOGOUT_REDIRECT_URL = "catalog:home"

# Email (password resets): SMTP, at EMAIL_HOST or the conventional local relay on port 25;
# with debug on and no EMAIL_HOST, printed to the console instead.
SMTP_HOST = os.environ.get("EMAIL_HOST", "")
if DEBUG and not SMTP_HOST:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST or "localhost",
                "port": int(os.environ.get("EMAIL_PORT", "587" if SMTP_HOST else "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=bool(SMTP_HOST)),
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Filmsite <noreply@filmsite.invalid>")
