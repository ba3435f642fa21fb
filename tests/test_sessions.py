"""Staff sessions end after 30 idle minutes and 12 hours after log-in; readers' last two weeks."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from filmsite import sessions
from tests.factories import UserFactory
from tests.logins import log_in_staff

MINUTE = 60
HOUR = 60 * MINUTE


@pytest.fixture
def clock(monkeypatch):
    """The sessions module's clock, moved forward by hand: `clock.advance(seconds)`."""
    clock = SimpleNamespace(now=1_800_000_000)
    clock.time = lambda: clock.now

    def advance(seconds):
        clock.now += seconds

    clock.advance = advance
    monkeypatch.setattr(sessions, "time", clock)
    return clock


def is_logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def staff_client(client, db):
    log_in_staff(client, UserFactory(is_staff=True))
    return client


def test_a_staff_session_ends_after_30_idle_minutes(staff_client, clock):
    assert staff_client.get("/").status_code == 200
    clock.advance(29 * MINUTE)
    assert staff_client.get("/").status_code == 200
    clock.advance(30 * MINUTE)

    response = staff_client.get("/films/?sort=year")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/films/%3Fsort%3Dyear"
    assert not is_logged_in(staff_client)
    login_page = staff_client.get(response["Location"]).content.decode()
    assert "Your staff session has ended. Please log in again." in login_page


def test_a_staff_session_ends_12_hours_after_log_in_however_active(staff_client, clock):
    for _ in range(12 * 3):
        assert staff_client.get("/").status_code == 200
        clock.advance(20 * MINUTE)
    assert staff_client.get("/").status_code == 302
    assert not is_logged_in(staff_client)


def test_a_superuser_not_marked_staff_has_a_staff_session_too(client, db, clock):
    # They hold every permission on the site's pages (filmsite/accounts/backends.py).
    log_in_staff(client, UserFactory(is_superuser=True, is_staff=False))
    assert client.get("/").status_code == 200
    clock.advance(31 * MINUTE)
    assert client.get("/").status_code == 302
    assert not is_logged_in(client)


def test_a_staff_session_is_stored_for_30_minutes_only(staff_client, clock):
    staff_client.get("/")
    assert staff_client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_TIMEOUT
    assert staff_client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * MINUTE


def test_a_readers_session_lasts_two_weeks_whatever_the_pauses(client, db, clock):
    client.force_login(UserFactory())
    client.get("/")
    clock.advance(13 * 24 * HOUR)
    assert client.get("/").status_code == 200
    assert is_logged_in(client)
    assert client.session.get_expiry_age() == 14 * 24 * HOUR


def session_writes(client):
    """How many times the next page of `client` writes its session row."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return sum(
        query["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in query["sql"]
        for query in queries.captured_queries
    )


def test_an_active_staff_session_is_written_at_most_once_a_minute(staff_client, clock):
    staff_client.get("/")
    clock.advance(59)
    assert session_writes(staff_client) == 0
    clock.advance(1)
    assert session_writes(staff_client) == 1
    clock.advance(30)
    assert session_writes(staff_client) == 0


def test_a_staff_session_kept_active_by_the_minute_never_ends_idle(staff_client, clock):
    for _ in range(2 * 60):
        assert staff_client.get("/").status_code == 200
        clock.advance(MINUTE - 1)
    assert is_logged_in(staff_client)
