"""Every answer carries the security headers: pages, errors and refusals alike."""

import pytest
from django.test import Client

from filmsite import ratelimit
from filmsite.headers import permissions_policy_header

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; "
    "connect-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
TRAILER_ALLOWLIST = '(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")'


def assert_security_headers(response):
    assert response["Content-Security-Policy"] == CSP
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    policy = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "encrypted-media"):
        assert policy[feature] == "()"
    for feature in ("autoplay", "fullscreen", "picture-in-picture"):
        assert policy[feature] == TRAILER_ALLOWLIST
    assert response["X-Content-Type-Options"] == "nosniff"


def test_permissions_policy_header_quotes_origins_but_not_self():
    policy = {"camera": [], "autoplay": ["self", "https://player.vimeo.com"]}
    assert permissions_policy_header(policy) == (
        'camera=(), autoplay=(self "https://player.vimeo.com")'
    )


def test_a_page_carries_the_security_headers(seed, client):
    response = client.get(seed.get_absolute_url())
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_a_404_carries_the_security_headers(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert_security_headers(response)


@pytest.mark.django_db
def test_a_403_carries_the_security_headers():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    assert response.status_code == 403
    assert_security_headers(response)


@pytest.mark.django_db
def test_a_429_carries_the_security_headers(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ratelimit.RateLimited(retry_after=60)

    monkeypatch.setattr(ratelimit, "refuse_over", refuse)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 429
    assert_security_headers(response)


@pytest.mark.django_db
def test_the_health_check_carries_the_security_headers(client):
    assert_security_headers(client.get("/healthz", HTTP_HOST="10.0.0.1"))
