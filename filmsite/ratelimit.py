"""Rate limits for the whole site, counted in the "ratelimit" cache (Redis in production, shared).

Each limit counts events in a fixed window per key: a client address (IPv4 per address, IPv6
per /64, since one subscriber commonly holds a whole /64), an account, or what a form names (a
username tried, an address a reset mail goes to). `hit` counts first and refuses after: the
cache's atomic increment returns the count including this request, so parallel requests cannot
all pass a check made before any of them was counted. A request over a limit gets the 429 page,
which says when to try again (RateLimitMiddleware). When the cache cannot count (Redis down),
limits let requests through; the cache logs the outage. The counters have a cache of their own,
apart from the pages and counts in the default one, so that nothing evicting or clearing those
resets a limit (settings.CACHES).

Log-in attempts are limited so that guessing is stopped but no one can lock an owner out:
- per address and username tried (10 per 15 minutes): one address guessing one password;
- per address, whatever the username (30 per 15 minutes): one address trying many accounts;
- per username, across addresses (50 per 15 minutes): past this ceiling only an address with
  no other attempt in the window may try the username. A guesser spread over many addresses
  gets one guess per address per window; the owner, from an address of their own, still logs
  in. An owner who mistypes from such an address waits for the window, or resets the password.
Each attempt is counted before the password is checked, and a log-in that succeeds takes its
counts back, so only failures (and refused attempts) use up the limits. The admin's log-in
shares these counts with the site's.
"""

import contextlib
import hashlib
import ipaddress
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.connection import ConnectionProxy

from filmsite.cache import CacheUnavailable

# The "ratelimit" cache of the current thread, as django.core.cache.cache is the default one's.
counters = cast(BaseCache, ConnectionProxy(caches, "ratelimit"))


@dataclass(frozen=True)
class Rate:
    scope: str
    limit: int
    window: int  # seconds


SIGNUP = Rate("signup", limit=5, window=60 * 60)
LOGIN_PER_ADDRESS_AND_USERNAME = Rate("login-address-username", limit=10, window=15 * 60)
LOGIN_PER_ADDRESS = Rate("login-address", limit=30, window=15 * 60)
LOGIN_PER_USERNAME = Rate("login-username", limit=50, window=15 * 60)
PASSWORD_RESET = Rate("password-reset", limit=10, window=60 * 60)
PASSWORD_RESET_PER_EMAIL = Rate("password-reset-email", limit=3, window=60 * 60)
RATING = Rate("rating", limit=300, window=60 * 60)
REVIEW_POST = Rate("review-post", limit=10, window=60 * 60)
REPORT = Rate("report", limit=20, window=60 * 60)
VOTE = Rate("vote", limit=120, window=60 * 60)
HISTORY_IMPORT = Rate("history-import", limit=20, window=60 * 60)
LIST_CREATE = Rate("list-create", limit=20, window=60 * 60)
# Confirmation links mailed on request (a new link, a new address): each is a message sent.
ADDRESS_CONFIRMATION = Rate("address-confirmation", limit=5, window=60 * 60)
# Staff's second-factor codes tried, per address and per account; codes that work are taken
# back. With django-otp's back-off on top, a guesser of 6-digit codes (three of which work at a
# time) gets 10 tries in 15 minutes.
SECOND_FACTOR = Rate("second-factor", limit=10, window=15 * 60)


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"rate limited; retry after {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Count:
    """One event counted against one key, and where that count stands against its rate."""

    key: str
    value: int | None  # None when the cache could not count
    rate: Rate
    retry_after: int

    @property
    def over(self) -> bool:
        return self.value is not None and self.value > self.rate.limit


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent the request.

    REMOTE_ADDR, unless that is one of settings.TRUSTED_PROXIES: then the nearest address in
    X-Forwarded-For that is not a trusted proxy, read from the right, since each proxy appends
    the address it heard from and only what our own proxies appended can be believed. An entry
    that is not an address gives REMOTE_ADDR back; from anyone else the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = getattr(settings, "TRUSTED_PROXIES", [])
    if not _is_trusted(_parse_address(remote), trusted):
        return remote
    client = remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse_address(hop.strip())
        if address is None:
            return remote
        client = str(address)
        if not _is_trusted(address, trusted):
            break
    return client


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the request came straight from one of settings.TRUSTED_PROXIES."""
    remote = _parse_address(request.META.get("REMOTE_ADDR", ""))
    return _is_trusted(remote, getattr(settings, "TRUSTED_PROXIES", []))


def _parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d.
    if address.version == 6 and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address | None,
    trusted: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network],
) -> bool:
    return address is not None and any(address in network for network in trusted)


def address_identity(request: HttpRequest) -> str:
    """The rate-limit identity of the request's address: the IPv4 address or the IPv6 /64."""
    address = _parse_address(client_address(request))
    if address is None:
        return f"addr:{client_address(request)}"
    if address.version == 6:
        return f"addr:{ipaddress.IPv6Network((int(address) >> 64 << 64, 64))}"
    return f"addr:{address}"


def _identities(request: HttpRequest, extra: Iterable[str] = ()) -> list[str]:
    identities = [address_identity(request), *extra]
    if request.user.is_authenticated:
        identities.append(f"user:{request.user.pk}")
    return identities


def _window(rate: Rate, identity: str) -> tuple[str, int]:
    now = int(time.time())
    start = now - now % rate.window
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"ratelimit:{rate.scope}:{digest}:{start}", start + rate.window - now


def _increment(key: str, timeout: int) -> int | None:
    """Add one to the counter at `key`, creating it to expire after `timeout`; the new count.

    None when the cache cannot count: it is unavailable, or stores nothing (a dummy cache).
    """
    for _ in range(3):
        counters.add(key, 0, timeout=timeout)
        try:
            return counters.incr(key)
        except ValueError:  # the counter expired between add and incr: add it again
            continue
        except CacheUnavailable:
            return None
    return None


def count_one(rate: Rate, identity: str) -> Count:
    """Count one event for `identity` under `rate`, first, and say where it stands."""
    key, remaining = _window(rate, identity)
    return Count(key, _increment(key, remaining + 1), rate, remaining)


def refuse_over(counts: Iterable[Count]) -> None:
    """Raise RateLimited if any of `counts` is over its limit."""
    waits = [count.retry_after for count in counts if count.over]
    if waits:
        raise RateLimited(retry_after=max(waits))


def take_back(counts: Iterable[Count]) -> None:
    """Undo `counts`: the events they counted turned out not to count (a log-in succeeded)."""
    for count in counts:
        if count.value is None:
            continue
        # A counter that expired meanwhile, or a cache gone since, has nothing to undo.
        with contextlib.suppress(ValueError, CacheUnavailable):
            counters.decr(count.key)


def hit(rate: Rate, request: HttpRequest, extra: Iterable[str] = ()) -> list[Count]:
    """Count one event against each of the request's identities; refuse if one is over.

    Returns the counts, for `take_back` when the event turns out not to count.
    """
    counts = [count_one(rate, identity) for identity in _identities(request, extra)]
    refuse_over(counts)
    return counts


def count_login_attempt(request: HttpRequest, username: str) -> list[Count]:
    """Count a log-in attempt before its password is checked; refuse one over the limits.

    Returns the counts, for `take_back` when the log-in succeeds (the policy is in the module's
    docstring).
    """
    address = address_identity(request)
    account = f"username:{username[:150].casefold()}"
    per_address = count_one(LOGIN_PER_ADDRESS, address)
    per_pair = count_one(LOGIN_PER_ADDRESS_AND_USERNAME, f"{address}|{account}")
    per_username = count_one(LOGIN_PER_USERNAME, account)
    counts = [per_address, per_pair, per_username]
    fresh_address = (per_address.value or 0) <= 1
    refuse_over(counts if not fresh_address else [per_address, per_pair])
    return counts


class RateLimitMiddleware:
    """Answer a RateLimited raised anywhere in a view with the 429 page.

    Views and forms only count; none of them handles the refusal itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception)
        return None


def too_many_requests(request: HttpRequest, exception: RateLimited) -> HttpResponse:
    minutes = max(1, -(-exception.retry_after // 60))
    response = render(
        request,
        "429.html",
        {"retry_after": exception.retry_after, "retry_minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(exception.retry_after)
    return response
