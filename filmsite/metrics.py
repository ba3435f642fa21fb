"""Request metrics for Prometheus at /metrics, for whoever holds DJANGO_METRICS_TOKEN.

Counted per view (the URL pattern's name, never the raw path, so a scan of junk URLs cannot
make a series per URL), method and status class, with latency as a histogram. Under gunicorn
each worker writes its figures to PROMETHEUS_MULTIPROC_DIR (gunicorn.conf.py makes one) and a
scrape sums every worker's; without it (runserver, tests) the process's own are shown.

The endpoint answers before the host check, as /healthz does, since Prometheus scrapes each
app server by its address; the bearer token, not the network, is what keeps it private: behind
the proxy every request arrives from the proxy's address, so an address rule at the app would
let the whole internet through it.
"""

import hmac
import os
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "filmsite_http_requests_total",
    "Requests answered, by view, method and status class.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "filmsite_http_request_duration_seconds",
    "Time from the request's arrival at the app to its answer, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
# Answered by middleware before any URL is resolved.
EARLY_ANSWERS = {"/healthz": "healthz", "/metrics": "metrics"}
# Methods a browser or a client sends; anything else is counted as "other", not as itself.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe(request: HttpRequest, response: HttpResponseBase, seconds: float) -> None:
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match is not None else EARLY_ANSWERS.get(request.path_info, "")
    view = view or "unrouted"
    method = request.method if request.method in KNOWN_METHODS else "other"
    REQUESTS.labels(view, method, f"{response.status_code // 100}xx").inc()
    LATENCY.labels(view).observe(seconds)


def exposition() -> bytes:
    """Every worker's metrics (multiprocess mode), or this process's."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry)


def is_authorised(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    # Compared in constant time, so the answer's timing tells nothing about the token.
    return bool(token) and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode())


class MetricsMiddleware:
    """Answers /metrics before CommonMiddleware validates the Host: 401 without the token,
    404 when no token is set (the endpoint is off)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info != "/metrics":
            return self.get_response(request)
        if not settings.METRICS_TOKEN:  # switched off
            return HttpResponse(b"Not found\n", status=404, content_type="text/plain")
        if not is_authorised(request):
            response = HttpResponse(b"Unauthorised\n", status=401, content_type="text/plain")
            response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(b"Method not allowed\n", status=405, content_type="text/plain")
        response = HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
        response.headers["Cache-Control"] = "no-store"
        return response
