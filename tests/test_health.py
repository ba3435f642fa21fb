"""/healthz tells a load balancer whether this server can reach its database and its cache."""

import pytest
from django.db import OperationalError, connection


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


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
