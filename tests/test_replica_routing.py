"""Which database a request reads from (filmsite/replica.py), decided without a replica: the
real streaming replica is in tests/test_replica.py."""

import json
import time

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse

from catalog.models import Film
from filmsite import replica
from filmsite.replica import PIN_COOKIE, PrimaryReplicaRouter, ReadYourWritesMiddleware
from tests.test_settings import load_settings

router = PrimaryReplicaRouter()


@pytest.fixture(autouse=True)
def replica_configured(settings):
    settings.DATABASE_REPLICA_URL = "postgres://reader@replica.internal/films"
    settings.READ_YOUR_WRITES_SECONDS = 5


def serve(request, view):
    """`request` through the middleware, with `view(request)` as everything inside it."""
    return ReadYourWritesMiddleware(view)(request)


def reads_from(request, view=lambda: None):
    chosen = []

    def inside(request):
        view()
        chosen.append(router.db_for_read(Film))
        return HttpResponse()

    serve(request, inside)
    return chosen[0]


def pinned(request, rf):
    """`request` with the cookie a response to a write sets."""
    response = serve(rf.post("/"), lambda request: HttpResponse(status=302))
    request.COOKIES[PIN_COOKIE] = response.cookies[PIN_COOKIE].value
    return request


def test_a_visitors_request_reads_from_the_replica(rf):
    assert reads_from(rf.get("/films/")) == "replica"


def test_reads_after_a_write_in_the_same_request_go_to_the_primary(rf):
    assert reads_from(rf.get("/films/"), lambda: router.db_for_write(Film)) == "default"


def test_a_page_cache_fill_reads_from_the_primary(rf):
    assert reads_from(rf.get("/films/"), replica.read_from_primary) == "default"


def test_sessions_and_accounts_are_read_from_the_primary(rf):
    seen = []

    def view(request):
        seen.append(router.db_for_read(Session))
        return HttpResponse()

    serve(rf.get("/"), view)
    assert seen == ["default"]


def test_reads_outside_requests_go_to_the_primary():
    # Commands and task workers: a task must see the row it was queued for.
    assert router.db_for_read(Film) == "default"


def test_one_requests_write_does_not_move_the_next_request_to_the_primary(rf):
    reads_from(rf.get("/"), lambda: router.db_for_write(Film))
    assert reads_from(rf.get("/films/")) == "replica"


def test_a_successful_unsafe_request_pins_the_visitor_to_the_primary(rf):
    response = serve(rf.post("/accounts/logout/"), lambda request: HttpResponse(status=302))

    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 5
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_a_refused_unsafe_request_that_wrote_nothing_does_not_pin(rf):
    response = serve(rf.post("/reviews/1/vote/"), lambda request: HttpResponse(status=403))

    assert PIN_COOKIE not in response.cookies


def test_a_safe_request_that_wrote_pins_the_visitor(rf):
    def writes(request):
        router.db_for_write(Session)
        return HttpResponse()

    assert PIN_COOKIE in serve(rf.get("/"), writes).cookies


def test_a_pinned_visitor_reads_from_the_primary_within_the_window(rf):
    assert reads_from(pinned(rf.get("/films/"), rf)) == "default"


def test_a_pin_past_its_window_reads_from_the_replica_again(rf, settings, monkeypatch):
    request = pinned(rf.get("/films/"), rf)
    later = time.time() + settings.READ_YOUR_WRITES_SECONDS + 1
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    assert reads_from(request) == "replica"


def test_a_forged_pin_reads_from_the_replica(rf):
    request = rf.get("/films/")
    request.COOKIES[PIN_COOKIE] = "1"

    assert reads_from(request) == "replica"


def test_without_a_replica_nothing_is_pinned(rf, settings):
    settings.DATABASE_REPLICA_URL = ""
    response = serve(rf.post("/accounts/logout/"), lambda request: HttpResponse(status=302))

    assert PIN_COOKIE not in response.cookies


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "catalog") is True
    assert router.allow_migrate("replica", "catalog") is False


REPLICA_SETTINGS = """
import json
from filmsite import settings as s
print(json.dumps({
    "replica": s.DATABASES["replica"]["HOST"],
    "mirror": s.DATABASES["replica"]["TEST"],
    "routers": s.DATABASE_ROUTERS,
}))
"""


def test_a_replica_url_adds_a_replica_that_tests_mirror_from_the_primary():
    result = load_settings(
        REPLICA_SETTINGS,
        DJANGO_SECRET_KEY="k",
        DATABASE_URL="postgres://filmsite@db.internal:5432/films",
        DATABASE_REPLICA_URL="postgres://filmsite@replica.internal:5432/films",
    )
    config = json.loads(result.stdout)
    assert config == {
        "replica": "replica.internal",
        "mirror": {"MIRROR": "default"},
        "routers": ["filmsite.replica.PrimaryReplicaRouter"],
    }


def test_a_replica_of_an_sqlite_file_is_a_configuration_error():
    result = load_settings(
        DJANGO_SECRET_KEY="k", DATABASE_REPLICA_URL="postgres://filmsite@replica.internal/films"
    )
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL needs DATABASE_URL to be PostgreSQL" in result.stderr
