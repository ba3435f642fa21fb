"""Reads from the read replica (DATABASE_REPLICA_URL), writes and a writer's next reads from the
primary.

A request starts reading from the replica and moves to the primary, for the rest of it, as
soon as it writes, opens a transaction, asks the page cache for a visitor's page (whose version
the views read on the primary) or fills a shared fragment, or when it comes from a visitor who
wrote a moment ago (a signed cookie). It never moves back: every read after a version was read comes
from a source at least as new, so whatever is stored under a version read in the request shows
that version or a newer one. Outside requests (commands, task workers) everything reads from
the primary: a worker must see the row its task was queued for.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.signing import BadSignature
from django.db import connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase

PRIMARY = "default"
REPLICA = "replica"

# Read where they are written: a session ended or a password changed on the primary must not
# live on in the replica for the length of its lag. Each is a primary-key read.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth"})

# The cookie that keeps a visitor who just wrote on the primary: signed, so that nobody sets
# it for longer than the window, which the signature's timestamp bounds on the server.
PIN_COOKIE = "filmsite_primary"
PIN_SALT = "filmsite.replica.pin"

# Whether this context's reads go to the primary; True outside requests.
_reads_on_primary: ContextVar[bool] = ContextVar("reads_on_primary", default=True)
# Whether this request wrote to the database (asked the router where to write).
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


def read_from_primary() -> None:
    """Send the rest of this request's reads to the primary (what is read from here on may
    be stored under a version already read, so it must be at least as new)."""
    _reads_on_primary.set(True)


class PrimaryReplicaRouter:
    """Reads to the replica unless the request has moved to the primary; writes, migrations
    and transactions to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if (
            _reads_on_primary.get()
            or model._meta.app_label in PRIMARY_ONLY_APPS
            # A read inside a transaction is usually the first half of a write.
            or connections[PRIMARY].in_atomic_block
        ):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        _wrote.set(True)
        _reads_on_primary.set(True)
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # Both aliases hold the same database.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # The replica replays the primary's schema; it is never migrated on its own.
        return db == PRIMARY


def is_pinned(request: HttpRequest) -> bool:
    """Whether the visitor wrote within the last READ_YOUR_WRITES_SECONDS."""
    try:
        request.get_signed_cookie(
            PIN_COOKIE, salt=PIN_SALT, max_age=settings.READ_YOUR_WRITES_SECONDS
        )
    except (KeyError, BadSignature):  # absent, forged, or older than the window
        return False
    return True


def wrote(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the request changed something: a write to the database, or an unsafe method
    that succeeded (it may have written elsewhere first, or through raw SQL)."""
    unsafe = request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
    return _wrote.get() or (unsafe and response.status_code < 400)


class ReadYourWritesMiddleware:
    """Starts each request on the replica, or on the primary for a visitor who just wrote,
    and gives a visitor whose request wrote the cookie that keeps them there a while."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not settings.DATABASE_REPLICA_URL:
            return self.get_response(request)
        on_primary = _reads_on_primary.set(is_pinned(request))
        wrote_nothing = _wrote.set(False)
        try:
            response = self.get_response(request)
            if wrote(request, response):
                response.set_signed_cookie(
                    PIN_COOKIE,
                    "1",
                    salt=PIN_SALT,
                    max_age=settings.READ_YOUR_WRITES_SECONDS,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            # A worker thread serves the next request with this context: reset both.
            _wrote.reset(wrote_nothing)
            _reads_on_primary.reset(on_primary)
