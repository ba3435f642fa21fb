import pytest
from django.db import models


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests run with debug off but without `collectstatic`: serve static files unhashed."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def fetch_raise(monkeypatch):
    """Every queryset made during the test blocks lazy fetches: an N+1 raises at once."""
    monkeypatch.setattr("django.db.models.query.DEFAULT_FETCH_MODE", models.FETCH_RAISE)


@pytest.fixture
def seed(db):
    """The Leaving Las Vegas fixture, loaded as `make run` loads it."""
    from django.core.management import call_command

    from catalog.models import Film

    call_command("loaddata", "leaving_las_vegas", verbosity=0)
    return Film.objects.get(slug="leaving-las-vegas-1995")
