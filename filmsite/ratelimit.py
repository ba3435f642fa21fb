"""Rate limits for the whole site, counted in Django's cache (Redis in production, shared).

Each limit counts events in a fixed window per key (an account or a client address). A request
over a limit gets the 429 page, which says when to try again (RateLimitMiddleware).
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.shortcuts import render


@dataclass(frozen=True)
class Rate:
    scope: str
    limit: int
    window: int  # seconds


SIGNUP = Rate("signup", limit=5, window=60 * 60)
LOGIN_FAILURE = Rate("login-failure", limit=10, window=15 * 60)
REVIEW_POST = Rate("review-post", limit=10, window=60 * 60)
REPORT = Rate("report", limit=20, window=60 * 60)
VOTE = Rate("vote", limit=120, window=60 * 60)


class RateLimited(Exception):
    def __init__(self, retry_after):
        super().__init__(f"rate limited; retry after {retry_after} s")
        self.retry_after = retry_after


def client_address(request):
    """The address the request came from, as the WSGI server saw it."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _identities(request, extra=()):
    identities = [f"addr:{client_address(request)}", *extra]
    if request.user.is_authenticated:
        identities.append(f"user:{request.user.pk}")
    return identities


def _window(rate, identity):
    now = int(time.time())
    start = now - now % rate.window
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"ratelimit:{rate.scope}:{digest}:{start}", start + rate.window - now


def check(rate, request, extra=()):
    """Raise RateLimited if any of the request's identities has used up `rate`."""
    for identity in _identities(request, extra):
        key, remaining = _window(rate, identity)
        if (cache.get(key) or 0) >= rate.limit:
            raise RateLimited(retry_after=remaining)


def count(rate, request, extra=()):
    """Count one event against each of the request's identities."""
    for identity in _identities(request, extra):
        key, remaining = _window(rate, identity)
        cache.add(key, 0, timeout=remaining + 1)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=remaining + 1)


def hit(rate, request, extra=()):
    """Check, then count: for actions limited whether or not they succeed."""
    check(rate, request, extra)
    count(rate, request, extra)


class RateLimitMiddleware:
    """Answer a RateLimited raised anywhere in a view with the 429 page.

    Views only call `check`, `count` or `hit`; none of them handles the refusal itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception)
        return None


def too_many_requests(request, exception):
    minutes = max(1, -(-exception.retry_after // 60))
    response = render(
        request,
        "429.html",
        {"retry_after": exception.retry_after, "retry_minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(exception.retry_after)
    return response
