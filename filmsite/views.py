"""Site-wide endpoints that belong to no app."""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

HEALTH_KEY = "healthz"


@never_cache
@require_safe
def healthz(request):
    """For load balancers: 503 when the database does not answer a query, else 200.

    A cache that does not answer is reported in the body ("cache degraded") but still answers
    200: every page works without it, so the server should keep its traffic.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return _plain_text("database unavailable\n", status=503)
    if not _cache_answers():
        return _plain_text("cache degraded\n")
    return _plain_text("ok\n")


def _cache_answers() -> bool:
    cache.set(HEALTH_KEY, "ok", timeout=10)
    return cache.get(HEALTH_KEY) == "ok"


def _plain_text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
