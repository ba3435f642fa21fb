from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import models
from django.test import Client, override_settings


@pytest.fixture(scope="session", autouse=True)
def _test_server_settings():
    """Production settings (debug off), less what only a deployed server has.

    No `collectstatic` has run, so static files are served unhashed; the test client and the
    live server speak plain HTTP, so the HTTPS redirect is off; and a fast hasher keeps user
    factories quick. Session-wide, so the live server's middleware is built with them too.
    """
    with override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        SECURE_SSL_REDIRECT=False,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


def clear_caches():
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Counts in the default cache, rate-limit counters in theirs: each test starts with none."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a folder of the test's own, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def stored_files(media_root):
    """A function listing the uploaded files, as sorted paths relative to MEDIA_ROOT."""

    def list_files():
        files = Path(media_root).rglob("*")
        return sorted(str(path.relative_to(media_root)) for path in files if path.is_file())

    return list_files


@pytest.fixture
def admin_client(admin_user):
    """pytest-django's client logged in as a superuser, with the second factor the admin asks
    of staff proved (tests/logins.py)."""
    from tests.logins import log_in_staff  # a models import: after Django's setup

    client = Client()
    log_in_staff(client, admin_user)
    return client


@pytest.fixture
def fetch_raise(monkeypatch):
    """Every queryset made during the test blocks lazy fetches: an N+1 raises at once."""
    monkeypatch.setattr("django.db.models.query.DEFAULT_FETCH_MODE", models.FETCH_RAISE)


@pytest.fixture
def seed(db):
    """The Leaving Las Vegas fixture, loaded as `make run` loads it."""
    from django.core.management import call_command

    from catalog.models import Film

    call_command("load_seed", verbosity=0)
    return Film.objects.get(slug="leaving-las-vegas-1995")


@pytest.fixture
def unreachable_cache(settings):
    """The site's Redis caches (default and rate limits), pointed where no Redis listens."""
    unreachable = {
        "BACKEND": "filmsite.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
    settings.CACHES = {**settings.CACHES, "default": unreachable, "ratelimit": unreachable}


@pytest.fixture
def run_tasks(db):
    """`run_queued_tasks`, for a test that checks what the worker does after a request."""
    from tests.task_worker import run_queued_tasks  # a models import: after Django's setup

    return run_queued_tasks
