"""The settings module reads its configuration from the environment, safely."""

import json
import os
import subprocess
import sys

import pytest
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
    "RATELIMIT_REDIS_URL",
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "EMAIL_HOST",
    "DJANGO_MEDIA_STORAGE",
    "DJANGO_MEDIA_STORAGE_OPTIONS",
    "DJANGO_MEDIA_URL",
    "DJANGO_SERVE_MEDIA",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_TRUSTED_PROXIES",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "DJANGO_PAGE_CACHE",
    "DJANGO_SITE_URL",
    "DATABASE_REPLICA_URL",
    "DJANGO_READ_YOUR_WRITES_SECONDS",
    "DJANGO_METRICS_TOKEN",
    "DJANGO_MEDIA_ROOT",
    "DJANGO_STATIC_ROOT",
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


def test_rate_limits_count_in_the_shared_redis_unless_given_a_redis_of_their_own():
    script = print_setting('[s.CACHES[a].get("LOCATION") for a in ("default", "ratelimit")]')
    shared = load_settings(script, DJANGO_SECRET_KEY="k", REDIS_URL="redis://cache:6379/0")
    assert json.loads(shared.stdout) == ["redis://cache:6379/0", "redis://cache:6379/0"]
    apart = load_settings(
        script,
        DJANGO_SECRET_KEY="k",
        REDIS_URL="redis://cache:6379/0",
        RATELIMIT_REDIS_URL="redis://limits:6379/0",
    )
    assert json.loads(apart.stdout) == ["redis://cache:6379/0", "redis://limits:6379/0"]
    local = json.loads(load_settings(script, DJANGO_SECRET_KEY="k").stdout)
    assert local[0] != local[1]  # two local-memory caches, not one


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


def print_setting(expression):
    return f"from filmsite import settings as s; import json; print(json.dumps({expression}))"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_DEBUG", "ture"),
        ("DJANGO_DEBUG", "2"),
        ("DJANGO_SERVE_MEDIA", "maybe"),
        ("DJANGO_SECURE_SSL_REDIRECT", "of"),
        ("EMAIL_USE_TLS", "y"),
        ("DJANGO_PAGE_CACHE", "of"),
    ],
)
def test_a_misspelt_yes_no_value_is_an_error_naming_the_variable(name, value):
    result = load_settings(DJANGO_SECRET_KEY="k", **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} must be one of 1/0, true/false, yes/no, on/off" in result.stderr


@pytest.mark.parametrize(
    ("value", "debug"),
    [
        ("1", True),
        ("TRUE", True),
        (" Yes ", True),
        ("on", True),
        ("0", False),
        ("False", False),
        ("NO", False),
        ("off", False),
        ("", False),
    ],
)
def test_yes_no_values_are_read_in_any_case_and_empty_means_the_default(value, debug):
    result = load_settings(print_setting("s.DEBUG"), DJANGO_SECRET_KEY="k", DJANGO_DEBUG=value)
    assert json.loads(result.stdout) is debug


@pytest.mark.parametrize(("value", "on"), [("", True), ("true", True), ("off", False)])
def test_the_page_cache_is_on_unless_turned_off(value, on):
    result = load_settings(
        print_setting("s.PAGE_CACHE"), DJANGO_SECRET_KEY="k", DJANGO_PAGE_CACHE=value
    )
    assert json.loads(result.stdout) is on


@pytest.mark.parametrize("value", ["25x", "0", "65536", "+25", "2_5", "\u0662\u0665", "-1"])
def test_a_port_that_is_not_a_plain_number_in_range_is_an_error(value):
    result = load_settings(DJANGO_SECRET_KEY="k", EMAIL_PORT=value)
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number from 1 to 65535" in result.stderr


def test_a_port_in_range_is_used():
    script = print_setting("s.MAILERS['default']['OPTIONS']['port']")
    assert (
        json.loads(load_settings(script, DJANGO_SECRET_KEY="k", EMAIL_PORT="2525").stdout) == 2525
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{bucket_name: 'posters'}", "DJANGO_MEDIA_STORAGE_OPTIONS is not valid JSON"),
        ('["posters"]', "DJANGO_MEDIA_STORAGE_OPTIONS must be a JSON object"),
    ],
)
def test_storage_options_that_are_not_a_json_object_are_an_error(value, message):
    result = load_settings(DJANGO_SECRET_KEY="k", DJANGO_MEDIA_STORAGE_OPTIONS=value)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize("value", ["films.example,,www.films.example", "films.example www.films"])
def test_a_host_list_with_an_empty_or_blank_item_is_an_error(value):
    result = load_settings(DJANGO_SECRET_KEY="k", DJANGO_ALLOWED_HOSTS=value)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be a comma-separated list" in result.stderr


def test_trusted_proxies_are_read_as_networks():
    script = print_setting("[str(network) for network in s.TRUSTED_PROXIES]")
    result = load_settings(
        script, DJANGO_SECRET_KEY="k", DJANGO_TRUSTED_PROXIES="10.0.0.0/8, 192.0.2.7,2001:db8::/64"
    )
    assert json.loads(result.stdout) == ["10.0.0.0/8", "192.0.2.7/32", "2001:db8::/64"]


def test_no_proxy_is_trusted_by_default():
    result = load_settings(print_setting("s.TRUSTED_PROXIES"), DJANGO_SECRET_KEY="k")
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("value", ["10.0.0.1/8", "*", "proxy.internal", "10.0.0.0/33"])
def test_a_trusted_proxy_that_is_not_an_address_or_network_is_an_error(value):
    result = load_settings(DJANGO_SECRET_KEY="k", DJANGO_TRUSTED_PROXIES=value)
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES must list IP addresses or networks" in result.stderr
