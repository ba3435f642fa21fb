"""One JSON object per line on stdout: a line per request, and every other log record, each
with the request id it belongs to (also sent back in the X-Request-ID header).

A request id comes from the trusted proxy's X-Request-ID when it is a sane token, so a proxy's
log and ours can be joined; from anyone else, or when absent, one is made here. Paths are
logged without their query string, and a password-reset link's secret parts are blanked.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from filmsite import metrics
from filmsite.jsonlog import current_request_id
from filmsite.ratelimit import from_trusted_proxy

logger = logging.getLogger("filmsite.requests")

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id may look like (a UUID, nginx's $request_id, Caddy's placeholder): no
# blanks, quotes or control characters that could forge a log line or a header.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# URL parts that are secrets: a password-reset link's user and token.
SECRET_URL_PARTS = frozenset({"uidb64", "token"})
REDACTED = "[redacted]"


def request_id_for(request: HttpRequest) -> str:
    """The proxy's id for the request if it sent a sane one, else a new one."""
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    if offered and from_trusted_proxy(request) and SANE_REQUEST_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


def logged_path(request: HttpRequest) -> str:
    """The path without its query string, and with secret URL parts blanked."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name in SECRET_URL_PARTS & match.kwargs.keys():
            path = path.replace(f"/{match.kwargs[name]}/", f"/{REDACTED}/")
    return path


def user_id(request: HttpRequest) -> int | None:
    """The member's id if the request looked them up; looking them up here would cost a query
    on requests that never needed to (auth.get_user keeps the user in `_cached_user`)."""
    user = getattr(request, "_cached_user", None)
    return user.pk if user is not None and user.is_authenticated else None


class RequestLogMiddleware:
    """Outermost: gives the request its id, and logs and measures it once it is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        request_id = request_id_for(request)
        token = current_request_id.set(request_id)
        # For records about the request logged after it is answered (Django's "Not Found").
        setattr(request, "request_id", request_id)  # noqa: B010
        try:
            response = self.get_response(request)
            duration = time.perf_counter() - started
            response.headers[REQUEST_ID_HEADER] = request_id
            logger.info(
                "%s %s %s",
                request.method,
                logged_path(request),
                response.status_code,
                extra={
                    "method": request.method,
                    "path": logged_path(request),
                    "status": response.status_code,
                    "duration_ms": round(duration * 1000, 2),
                    "user_id": user_id(request),
                },
            )
            metrics.observe(request, response, duration)
            return response
        finally:
            current_request_id.reset(token)
