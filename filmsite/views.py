"""Site-wide endpoints that belong to no app, and the error pages.

The error handlers replace Django's defaults, which are wrapped in `requires_csrf_token`: that
decorator runs the CSRF check again, and the check reads the request body. When the body is
what Django refused (a form declaring `charset=utf-16`, which Django answers with BadRequest
without remembering it), the default 400 page raised the same error, then the 404 or 500 page
did, and the request left Django as the WSGI server's bare 500, with no security headers.
Here no handler reads the body; `{% csrf_token %}` still works, since CsrfViewMiddleware has
already prepared the token for every request.
"""

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

HEALTH_KEY = "healthz"


class ExplainedHttp404(Http404):
    """A 404 whose message is written for visitors, so the 404 page shows it.

    Any other Http404's message ("No Review matches the given query.") is for logs only.
    """


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 503 when the database does not answer a query, else 200.

    A cache that does not answer (the default one or the rate limits') is reported in the body
    ("cache degraded") but still answers 200: every page works without it, so the server
    should keep its traffic.
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
    for alias in settings.CACHES:
        caches[alias].set(HEALTH_KEY, "ok", timeout=10)
        if caches[alias].get(HEALTH_KEY) != "ok":
            return False
    return True


def _plain_text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    explanation = str(exception) if isinstance(exception, ExplainedHttp404) else ""
    return render(request, "404.html", {"explanation": explanation}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request, as Django's own: whatever failed may fail again in a
    # context processor (the session, the user).
    return HttpResponse(loader.render_to_string("500.html"), status=500)
