"""Production settings for a gunicorn started by tests, less the manifest collectstatic writes."""

from filmsite.settings import *  # noqa: F403
from filmsite.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
