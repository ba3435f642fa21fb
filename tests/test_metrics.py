"""/metrics serves Prometheus figures to the holder of DJANGO_METRICS_TOKEN, and no one else."""

import pytest
from prometheus_client import REGISTRY

TOKEN = "a-metrics-token-for-tests-0123456789"


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def test_metrics_refuse_a_request_without_the_token(client, metrics_token):
    response = client.get("/metrics")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"filmsite_http" not in response.content


def test_metrics_refuse_a_wrong_token(client, metrics_token):
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}x"})

    assert response.status_code == 401


def test_metrics_are_off_without_a_token_setting(client, settings):
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.django_db
def test_metrics_give_the_token_holder_request_counts_in_prometheus_text_format(
    client, metrics_token, settings
):
    settings.ALLOWED_HOSTS = ["films.example"]
    client.get("/films/", HTTP_HOST="films.example")
    # Prometheus scrapes each server by its address, which is not an allowed host.
    response = client.get(
        "/metrics", HTTP_HOST="10.0.0.7:8000", headers={"Authorization": f"Bearer {TOKEN}"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert "# TYPE filmsite_http_requests_total counter" in text
    assert (
        'filmsite_http_requests_total{method="GET",status="2xx",view="catalog:film_list"}' in text
    )
    assert 'filmsite_http_request_duration_seconds_bucket{le="0.005",view="catalog:film_list"}' in (
        text
    )


def film_list_requests():
    labels = {"view": "catalog:film_list", "method": "GET", "status": "2xx"}
    return REGISTRY.get_sample_value("filmsite_http_requests_total", labels) or 0


@pytest.mark.django_db
def test_a_page_served_from_the_page_cache_is_counted_under_its_view(client):
    before = film_list_requests()
    client.get("/films/")
    # Answered by the page cache's middleware, before Django routes the URL.
    assert client.get("/films/").has_header("ETag")

    assert film_list_requests() == before + 2
