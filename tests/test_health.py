"""/healthz tells a load balancer whether this server can reach its database and its cache."""

import os
import socket
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection
from django.http import HttpResponse


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


@pytest.mark.django_db
def test_healthz_answers_200_and_reports_a_cache_that_does_not_answer(client, unreachable_cache):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"cache degraded\n"


@pytest.mark.django_db
def test_healthz_reports_a_rate_limit_cache_that_does_not_answer(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {
            "BACKEND": "filmsite.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"cache degraded\n"


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_answers_whatever_the_host_while_pages_still_check_it(client, settings):
    settings.ALLOWED_HOSTS = ["films.example"]
    assert client.get("/healthz", HTTP_HOST="127.0.0.1:8000").status_code == 200
    assert client.get("/healthz", HTTP_HOST="10.1.2.3").status_code == 200
    assert client.get("/films/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    assert client.get("/healthz/", HTTP_HOST="127.0.0.1:8000").status_code == 400


@pytest.fixture
def unused_tcp_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_container_health_check(port):
    """The Dockerfile's HEALTHCHECK command, as the container runs it."""
    return subprocess.run(
        [sys.executable, "-m", "filmsite.healthcheck"],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "PORT": str(port)},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_the_container_health_check_passes_with_a_production_host_list(live_server, settings):
    settings.ALLOWED_HOSTS = ["films.example"]
    result = run_container_health_check(urlsplit(live_server.url).port)
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db(transaction=True)
def test_the_container_health_check_fails_when_healthz_does_not_answer_200(
    live_server, monkeypatch
):
    def unavailable(request):
        return HttpResponse("database unavailable\n", status=503)

    monkeypatch.setattr("filmsite.healthz.healthz", unavailable)
    result = run_container_health_check(urlsplit(live_server.url).port)
    assert result.returncode == 1
    assert "503" in result.stderr


def test_the_container_health_check_fails_when_nothing_listens(unused_tcp_port):
    result = run_container_health_check(unused_tcp_port)
    assert result.returncode == 1
    assert "refused" in result.stderr
