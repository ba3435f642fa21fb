"""SITE_URL: read strictly from DJANGO_SITE_URL, with a deploy check when it is left unset."""

import json

import pytest

from tests.test_settings import load_settings

PRINT_SITE_URL = """
import json
from filmsite import settings as s
print(json.dumps(s.SITE_URL))
"""
PRINT_DEPLOY_WARNINGS = """
import django, json
django.setup()
from django.core import checks
print(json.dumps(sorted(m.id for m in checks.run_checks(include_deployment_checks=True)
                        if m.id.startswith("openweb."))))
"""


def site_url(**environment):
    result = load_settings(PRINT_SITE_URL, DJANGO_SECRET_KEY="k", **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_site_url_is_the_variable_without_a_trailing_slash():
    assert site_url(DJANGO_SITE_URL="https://Films.Example/") == "https://films.example"
    assert site_url(DJANGO_SITE_URL="http://127.0.0.1:8123") == "http://127.0.0.1:8123"


def test_site_url_defaults_to_the_development_server_in_debug_and_the_first_host_otherwise():
    assert site_url(DJANGO_DEBUG="1") == "http://127.0.0.1:8000"
    assert site_url(DJANGO_ALLOWED_HOSTS=".example.org,films.example") == "https://films.example"


@pytest.mark.parametrize(
    "value",
    [
        "films.example",
        "ftp://films.example",
        "https://films.example/films/",
        "https://films.example?x=1",
        "https://films.example/#top",
        "https://user@films.example",
        "https://films.example:99999",
        "https://",
        "https://films example",
    ],
)
def test_a_site_url_that_is_not_a_bare_http_address_stops_with_a_message_naming_it(value):
    result = load_settings(PRINT_SITE_URL, DJANGO_SECRET_KEY="k", DJANGO_SITE_URL=value)
    assert result.returncode != 0
    assert "DJANGO_SITE_URL must be the site's address" in result.stderr


def deploy_warnings(**environment):
    result = load_settings(PRINT_DEPLOY_WARNINGS, DJANGO_SECRET_KEY="k", **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_deploy_check_warns_when_site_url_is_unset_plain_http_or_not_an_allowed_host():
    assert deploy_warnings(DJANGO_ALLOWED_HOSTS="films.example") == ["openweb.W001"]
    assert deploy_warnings(
        DJANGO_ALLOWED_HOSTS="films.example", DJANGO_SITE_URL="http://films.example"
    ) == ["openweb.W002"]
    assert deploy_warnings(
        DJANGO_ALLOWED_HOSTS="films.example", DJANGO_SITE_URL="https://other.example"
    ) == ["openweb.W003"]
    assert (
        deploy_warnings(
            DJANGO_ALLOWED_HOSTS="films.example", DJANGO_SITE_URL="https://films.example"
        )
        == []
    )
