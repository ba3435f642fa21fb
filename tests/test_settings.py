"""The settings module reads its configuration from the environment, safely."""

import json
import os
import subprocess
import sys

from django.conf import settings

PRINT_SETTINGS = """
import json
from filmsite import settings as s
print(json.dumps({
    "debug": s.DEBUG,
    "engine": s.DATABASES["default"]["ENGINE"],
    "name": str(s.DATABASES["default"]["NAME"]),
    "conn_max_age": s.DATABASES["default"]["CONN_MAX_AGE"],
    "health_checks": s.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "cache": s.CACHES["default"]["BACKEND"],
    "hosts": s.ALLOWED_HOSTS,
    "secure_cookies": getattr(s, "SESSION_COOKIE_SECURE", False),
}))
"""
CONFIG_NAMES = (
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "EMAIL_HOST",
    "DJANGO_MEDIA_STORAGE",
    "DJANGO_MEDIA_STORAGE_OPTIONS",
    "DJANGO_MEDIA_URL",
    "DJANGO_SERVE_MEDIA",
)


def load_settings(script=PRINT_SETTINGS, **environment):
    """Import the settings in a fresh interpreter with only `environment` configured."""
    env = {name: value for name, value in os.environ.items() if name not in CONFIG_NAMES}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_defaults_are_an_embedded_sqlite_file_and_a_local_memory_cache():
    result = load_settings(DJANGO_SECRET_KEY="k", DJANGO_ALLOWED_HOSTS="films.example")
    config = json.loads(result.stdout)
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["name"] == str(settings.BASE_DIR / "db.sqlite3")
    assert config["cache"].endswith("LocMemCache")
    assert config["debug"] is False
    assert config["secure_cookies"] is True
    assert config["hosts"] == ["films.example"]


def test_database_and_redis_urls_configure_postgresql_and_the_shared_cache():
    result = load_settings(
        DJANGO_SECRET_KEY="k",
        DATABASE_URL="postgres://filmsite@db.internal:5432/films",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    config = json.loads(result.stdout)
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["name"] == "films"
    assert config["conn_max_age"] > 0
    assert config["health_checks"] is True
    assert config["cache"] == "filmsite.cache.ResilientRedisCache"


def test_missing_secret_key_with_debug_off_is_a_clear_configuration_error():
    result = load_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_debug_runs_without_a_secret_key_on_local_hosts_only():
    config = json.loads(load_settings(DJANGO_DEBUG="1").stdout)
    assert config["debug"] is True
    assert config["hosts"] == ["localhost", "127.0.0.1", "[::1]"]
    assert config["secure_cookies"] is False


def test_mail_goes_to_smtp_in_production_and_to_the_console_in_debug():
    script = "from filmsite import settings as s; print(s.MAILERS['default']['BACKEND'])"

    def backend(**environment):
        return load_settings(script, **environment).stdout.strip().rsplit(".", 2)[-2]

    assert backend(DJANGO_DEBUG="1") == "console"
    assert backend(DJANGO_DEBUG="1", EMAIL_HOST="smtp.example.org") == "smtp"
    assert backend(DJANGO_SECRET_KEY="k") == "smtp"


def test_uploads_can_move_to_object_storage_by_configuration_alone():
    script = (
        "import json; from filmsite import settings as s; "
        "print(json.dumps([s.STORAGES['default'], s.SECURE_CSP['img-src'], s.MEDIA_URL]))"
    )
    result = load_settings(
        script,
        DJANGO_SECRET_KEY="k",
        DJANGO_MEDIA_STORAGE="storages.backends.s3.S3Storage",
        DJANGO_MEDIA_STORAGE_OPTIONS='{"bucket_name": "posters"}',
        DJANGO_MEDIA_URL="https://cdn.example.org/media/",
    )
    storage, img_src, media_url = json.loads(result.stdout)
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "posters"},
    }
    assert "https://cdn.example.org" in img_src
    assert media_url == "https://cdn.example.org/media/"
