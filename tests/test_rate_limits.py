"""Rate limits: per address and per account, counted in the cache, answered with a 429 page."""

import ipaddress
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from filmsite import ratelimit
from reviews.models import Report, Review
from tests.factories import FilmFactory, ReviewFactory, UserFactory
from tests.logins import code_at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock_inside_one_window(monkeypatch):
    """Counts live in fixed windows: a test that ran across a window's end (every quarter
    hour) would see its counts start again. The limiter's clock stands still, 450 s into an
    hour, so every window (15 minutes, an hour) holds the whole test."""
    now = int(ratelimit.time.time()) // 3600 * 3600 + 450
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)


BODY = "A long, honest and careful review of this film."


def assert_limited(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please try again in" in response.content.decode()


def test_sign_up_is_limited_per_address(client):
    for n in range(ratelimit.SIGNUP.limit):
        client.post(reverse("signup"), {"username": f"bot{n}"})
        client.logout()
    response = client.post(reverse("signup"), {"username": "one-more"})
    assert_limited(response)


def test_clearing_the_default_cache_does_not_reset_a_limit(client, settings):
    # Apart, as in production: in a test run on Redis both aliases share one database.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "a"},
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"},
    }
    for n in range(ratelimit.SIGNUP.limit):
        client.post(reverse("signup"), {"username": f"bot{n}"})
    cache.clear()
    assert_limited(client.post(reverse("signup"), {"username": "one-more"}))


def test_sign_up_from_another_address_is_not_limited(client):
    for n in range(ratelimit.SIGNUP.limit):
        client.post(reverse("signup"), {"username": f"bot{n}"})
    response = client.post(reverse("signup"), {"username": "fresh"}, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 200


def log_in(client, username, password, address="192.0.2.1", url=None):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_one_address_guessing_one_username_is_stopped_before_the_password_is_checked(client):
    UserFactory(username="target", password="the-right-password")
    for _ in range(ratelimit.LOGIN_PER_ADDRESS_AND_USERNAME.limit):
        assert log_in(client, "target", "wrong").status_code == 200
    assert_limited(log_in(client, "target", "the-right-password"))
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_usernames_is_stopped(client):
    for n in range(ratelimit.LOGIN_PER_ADDRESS.limit):
        assert log_in(client, f"someone{n}", "wrong").status_code == 200
    assert_limited(log_in(client, "someone-else", "wrong"))


def test_guessers_on_many_addresses_cannot_lock_the_owner_out(client):
    UserFactory(username="target", password="the-right-password")
    for n in range(ratelimit.LOGIN_PER_USERNAME.limit + 20):
        log_in(client, "TARGET" if n % 2 else "target", "wrong", address=f"198.51.100.{n}")
    response = log_in(client, "target", "the-right-password", address="203.0.113.9")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_guesser_spread_over_many_addresses_gets_one_guess_per_address_past_the_ceiling(client):
    UserFactory(username="target", password="the-right-password")
    addresses = [f"198.51.100.{n}" for n in range(10)]
    guesses_each = ratelimit.LOGIN_PER_USERNAME.limit // len(addresses)
    for address in addresses:
        for _ in range(guesses_each):
            assert log_in(client, "target", "wrong", address=address).status_code == 200
    for address in addresses:  # each far below its own limit, but the username's is used up
        assert_limited(log_in(client, "target", "the-right-password", address=address))
    assert log_in(client, "target", "wrong", address="203.0.113.50").status_code == 200
    assert_limited(log_in(client, "target", "wrong", address="203.0.113.50"))
    assert "_auth_user_id" not in client.session


def test_successful_log_ins_are_not_counted(client):
    UserFactory(username="regular", password="the-right-password")
    for _ in range(ratelimit.LOGIN_PER_USERNAME.limit + 2):
        assert log_in(client, "regular", "the-right-password").status_code == 302


def test_admin_log_in_is_limited_per_address_and_username(client):
    UserFactory(username="editor", password="the-right-password", is_staff=True)
    admin_login = reverse("admin:login")
    for _ in range(ratelimit.LOGIN_PER_ADDRESS_AND_USERNAME.limit):
        assert log_in(client, "editor", "wrong", url=admin_login).status_code == 200
    assert_limited(log_in(client, "editor", "the-right-password", url=admin_login))
    assert "_auth_user_id" not in client.session


def test_admin_log_in_shares_the_site_log_in_counts(client):
    UserFactory(username="editor", password="the-right-password", is_staff=True)
    for _ in range(ratelimit.LOGIN_PER_ADDRESS_AND_USERNAME.limit):
        log_in(client, "editor", "wrong")
    assert_limited(log_in(client, "editor", "the-right-password", url=reverse("admin:login")))


def test_admin_log_in_still_logs_staff_in(client):
    editor = UserFactory(username="editor", password="the-right-password", is_staff=True)
    app = TOTPDevice.objects.create(user=editor, name="Authenticator app")
    response = log_in(client, "editor", "the-right-password", url=reverse("admin:login"))
    assert response.status_code == 302
    client.post(reverse("secondfactor:verify"), {"code": code_at(app)})
    assert client.get(reverse("admin:index")).status_code == 200


def ask_for_reset(client, email, address="192.0.2.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_reset_is_limited_per_address_mailed_whatever_its_case(client, run_tasks):
    UserFactory(email="viewer@example.org")
    spellings = ["viewer@example.org", "Viewer@Example.org", "VIEWER@EXAMPLE.ORG"]
    for n, email in enumerate(spellings):
        assert ask_for_reset(client, email, address=f"192.0.2.{n}").status_code == 302
    run_tasks()
    assert len(mail.outbox) == ratelimit.PASSWORD_RESET_PER_EMAIL.limit
    assert_limited(ask_for_reset(client, "viewer@example.org", address="192.0.2.99"))
    run_tasks()
    assert len(mail.outbox) == ratelimit.PASSWORD_RESET_PER_EMAIL.limit


def test_password_reset_is_limited_per_address(client):
    for n in range(ratelimit.PASSWORD_RESET.limit):
        assert ask_for_reset(client, f"someone{n}@example.org").status_code == 302
    assert_limited(ask_for_reset(client, "another@example.org"))


def test_review_posting_is_limited_per_account(client):
    user = UserFactory()
    client.force_login(user)
    films = FilmFactory.create_batch(ratelimit.REVIEW_POST.limit + 1)
    for film in films[:-1]:
        response = client.post(
            reverse("reviews:review_create", args=[film.slug]), {"rating": 5, "body": BODY}
        )
        assert response.status_code == 302
    response = client.post(
        reverse("reviews:review_create", args=[films[-1].slug]),
        {"rating": 5, "body": BODY},
        REMOTE_ADDR="192.0.2.200",
    )
    assert_limited(response)
    assert Review.objects.count() == ratelimit.REVIEW_POST.limit


def test_reporting_is_limited_per_address(client):
    review = ReviewFactory()
    url = reverse("reviews:review_report", args=[review.pk])
    for _ in range(ratelimit.REPORT.limit):
        client.post(url, {"reason": "spam"})
    assert_limited(client.post(url, {"reason": "spam"}))
    assert Report.objects.count() == ratelimit.REPORT.limit


def test_limits_reset_when_the_window_passes(client, monkeypatch):
    review = ReviewFactory()
    url = reverse("reviews:review_report", args=[review.pk])
    now = 1_800_000_000
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    for _ in range(ratelimit.REPORT.limit):
        client.post(url, {"reason": "spam"})
    assert client.post(url, {"reason": "spam"}).status_code == 429
    monkeypatch.setattr(ratelimit.time, "time", lambda: now + ratelimit.REPORT.window)
    assert client.post(url, {"reason": "spam"}).status_code == 302


ATTEMPTS = 40


def run_everyone_reading_first(monkeypatch, attempt):
    """Run ATTEMPTS `attempt`s in threads, each writing a counter only once all have read it.

    That is the worst interleaving for a limit that checks before it counts: all would pass.
    """
    barrier = threading.Barrier(ATTEMPTS)

    class EveryoneReadsFirst:
        def __getattr__(self, name):
            return getattr(counters, name)

        def add(self, *args, **kwargs):
            barrier.wait(timeout=10)
            return counters.add(*args, **kwargs)

    counters = ratelimit.counters
    monkeypatch.setattr(ratelimit, "counters", EveryoneReadsFirst())

    def refused_or_not():
        try:
            attempt()
        except ratelimit.RateLimited:
            return False
        return True

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        return sum(
            future.result() for future in [pool.submit(refused_or_not) for _ in range(ATTEMPTS)]
        )


def anonymous_post(address="192.0.2.1"):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


def test_parallel_requests_pass_a_limit_no_more_often_than_it_allows(monkeypatch):
    request = anonymous_post()
    passed = run_everyone_reading_first(
        monkeypatch, lambda: ratelimit.hit(ratelimit.REPORT, request)
    )
    assert passed == ratelimit.REPORT.limit


def test_parallel_log_in_failures_cannot_pass_the_limit_together(monkeypatch):
    request = anonymous_post()
    passed = run_everyone_reading_first(
        monkeypatch, lambda: ratelimit.count_login_attempt(request, "target")
    )
    assert 0 < passed <= ratelimit.LOGIN_PER_ADDRESS_AND_USERNAME.limit


def test_ipv6_clients_are_counted_per_64(client):
    for n in range(ratelimit.SIGNUP.limit):
        client.post(reverse("signup"), {"username": f"bot{n}"}, REMOTE_ADDR=f"2001:db8:0:1::{n}")
    same_64 = client.post(reverse("signup"), {"username": "x"}, REMOTE_ADDR="2001:db8:0:1:ffff::1")
    assert_limited(same_64)
    next_64 = client.post(reverse("signup"), {"username": "x"}, REMOTE_ADDR="2001:db8:0:2::1")
    assert next_64.status_code == 200


def test_ipv4_clients_are_counted_per_address_however_the_socket_spells_them(client):
    for n in range(ratelimit.SIGNUP.limit):
        client.post(reverse("signup"), {"username": f"bot{n}"}, REMOTE_ADDR="192.0.2.1")
    assert_limited(
        client.post(reverse("signup"), {"username": "x"}, REMOTE_ADDR="::ffff:192.0.2.1")
    )
    assert (
        client.post(reverse("signup"), {"username": "x"}, REMOTE_ADDR="192.0.2.2").status_code
        == 200
    )


PROXIES = [ipaddress.ip_network("10.0.0.0/8")]


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.2", "203.0.113.5", "203.0.113.5"),
        ("10.0.0.2", "198.51.100.1, 203.0.113.5, 10.0.0.3", "203.0.113.5"),
        ("10.0.0.2", "2001:db8::5", "2001:db8::5"),
        ("10.0.0.2", "10.1.1.1, 10.0.0.3", "10.1.1.1"),
        ("10.0.0.2", None, "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "203.0.113.5, not-an-address", "10.0.0.2"),
        ("10.0.0.2", "203.0.113.5:4711", "10.0.0.2"),
        ("192.0.2.9", "203.0.113.5", "192.0.2.9"),
        ("", "203.0.113.5", "unknown"),
    ],
)
def test_client_address_believes_x_forwarded_for_only_from_trusted_proxies(
    remote, forwarded, client
):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    with override_settings(TRUSTED_PROXIES=PROXIES):
        assert ratelimit.client_address(request) == client


def test_without_trusted_proxies_x_forwarded_for_is_ignored():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert ratelimit.client_address(request) == "10.0.0.2"


@override_settings(TRUSTED_PROXIES=PROXIES)
def test_clients_behind_the_proxy_are_limited_each_on_their_own(client):
    def sign_up(username, forwarded):
        return client.post(
            reverse("signup"),
            {"username": username},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for n in range(ratelimit.SIGNUP.limit):
        sign_up(f"bot{n}", "203.0.113.5")
    assert_limited(sign_up("one-more", "203.0.113.5"))
    assert sign_up("someone", "198.51.100.7").status_code == 200
    assert_limited(sign_up("spoofed", "198.51.100.7, 203.0.113.5"))
