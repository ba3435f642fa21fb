"""Rate limits: per address and per account, counted in the cache, answered with a 429 page."""

import pytest
from django.urls import reverse

from filmsite import ratelimit
from reviews.models import Report, Review
from tests.factories import FilmFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

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


def test_sign_up_from_another_address_is_not_limited(client):
    for n in range(ratelimit.SIGNUP.limit):
        client.post(reverse("signup"), {"username": f"bot{n}"})
    response = client.post(reverse("signup"), {"username": "fresh"}, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 200


def test_log_in_failures_are_limited_per_username_across_addresses(client):
    UserFactory(username="target", password="the-right-password")
    for n in range(ratelimit.LOGIN_FAILURE.limit):
        client.post(
            reverse("login"),
            {"username": "target", "password": "wrong"},
            REMOTE_ADDR=f"198.51.100.{n}",
        )
    response = client.post(
        reverse("login"),
        {"username": "target", "password": "the-right-password"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert_limited(response)
    assert "_auth_user_id" not in client.session


def test_successful_log_ins_are_not_counted(client):
    UserFactory(username="regular", password="the-right-password")
    for _ in range(ratelimit.LOGIN_FAILURE.limit + 2):
        response = client.post(
            reverse("login"), {"username": "regular", "password": "the-right-password"}
        )
        assert response.status_code == 302


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
