"""With Redis unreachable, every page type renders and every action works: no 5xx."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from filmsite import ratelimit
from reviews.models import HelpfulVote, Report, Review
from tests.factories import CreditFactory, ReviewFactory, UserFactory
from tests.logins import code_at

pytestmark = pytest.mark.django_db

BODY = "A long, honest and careful review of this film."


@pytest.fixture
def catalog():
    credit = CreditFactory()
    review = ReviewFactory(film=credit.film)
    return credit.film, credit.person, review


@pytest.fixture(autouse=True)
def _cache_unreachable(unreachable_cache):
    """Every test here runs with the cache pointed at a closed port."""


def assert_answers(response, status):
    assert response.status_code == status, response.content[:500]


def test_every_page_type_renders(client, catalog):
    film, person, review = catalog
    genre = film.genres.first()
    pages = [
        reverse("catalog:home"),
        reverse("catalog:film_list"),
        reverse("catalog:film_list") + "?year_from=1990&year_to=2000&sort=title&decade=1990",
        # No empty genre=: the list would answer it with a redirect (filmsite.lists.queries).
        reverse("catalog:film_list") + (f"?genre={genre.pk}&" if genre else "?") + "min_rating=5",
        film.get_absolute_url(),
        reverse("reviews:film_reviews", args=[film.slug]),
        reverse("reviews:review_detail", args=[review.pk]),
        reverse("catalog:search") + "?q=film",
        person.get_absolute_url(),
        reverse("profile", args=[review.author.username]),
        reverse("signup"),
        reverse("login"),
        reverse("password_reset"),
        reverse("reviews:review_report", args=[review.pk]),
        "/healthz",
    ]
    for page in pages:
        assert_answers(client.get(page), 200)


def test_signing_up_logging_in_and_out_work(client):
    UserFactory(username="member", password="the-right-password")
    signup = {
        "username": "newviewer",
        "email": "new@example.org",
        "password1": "a-long-passphrase-42",
        "password2": "a-long-passphrase-42",
    }
    assert_answers(client.post(reverse("signup"), signup), 302)
    assert get_user_model().objects.filter(username="newviewer").exists()
    assert_answers(client.post(reverse("logout")), 302)
    wrong = {"username": "member", "password": "wrong"}
    assert_answers(client.post(reverse("login"), wrong), 200)
    right = {"username": "member", "password": "the-right-password"}
    assert_answers(client.post(reverse("login"), right), 302)
    assert "_auth_user_id" in client.session


def test_password_reset_sends_its_mail(client, run_tasks):
    UserFactory(email="viewer@example.org")
    assert_answers(client.post(reverse("password_reset"), {"email": "viewer@example.org"}), 302)
    run_tasks()
    assert len(mail.outbox) == 1


def test_writing_editing_and_deleting_a_review_work(client, catalog):
    film, _, _ = catalog
    client.force_login(UserFactory())
    new = reverse("reviews:review_create", args=[film.slug])
    assert_answers(client.get(new), 200)
    assert_answers(client.post(new, {"rating": 8, "body": BODY}), 302)
    review = Review.objects.get(film=film, body=BODY)
    edit = reverse("reviews:review_update", args=[review.pk])
    assert_answers(client.get(edit), 200)
    assert_answers(client.post(edit, {"rating": 6, "body": BODY + " Edited."}), 302)
    assert Review.objects.get(pk=review.pk).rating == 6
    delete = reverse("reviews:review_delete", args=[review.pk])
    assert_answers(client.get(delete), 200)
    assert_answers(client.post(delete), 302)
    assert not Review.objects.filter(pk=review.pk).exists()


def test_voting_and_reporting_work(client, catalog):
    _, _, review = catalog
    client.force_login(UserFactory())
    vote = reverse("reviews:review_vote", args=[review.pk])
    assert_answers(client.post(vote, {"helpful": "yes"}), 302)
    assert HelpfulVote.objects.filter(review=review).count() == 1
    report = reverse("reviews:review_report", args=[review.pk])
    assert_answers(client.post(report, {"reason": "spam"}), 302)
    assert Report.objects.filter(review=review).count() == 1


def test_the_admin_logs_in_and_shows_a_change_page(client, catalog):
    film, _, _ = catalog
    admin = UserFactory(
        username="admin", password="the-right-password", is_staff=True, is_superuser=True
    )
    app = TOTPDevice.objects.create(user=admin, name="Authenticator app")
    admin_login = reverse("admin:login")
    assert_answers(client.get(admin_login), 200)
    credentials = {"username": "admin", "password": "the-right-password"}
    assert_answers(client.post(admin_login, credentials), 302)
    verify = reverse("secondfactor:verify")
    assert_answers(client.post(verify, {"code": code_at(app)}), 302)
    assert_answers(client.get(reverse("admin:catalog_film_change", args=[film.pk])), 200)
    assert_answers(client.get(reverse("admin:catalog_film_changelist")), 200)


def test_limits_let_requests_through_and_the_outage_is_logged(client, catalog, caplog):
    _, _, review = catalog
    report = reverse("reviews:review_report", args=[review.pk])
    for _ in range(ratelimit.REPORT.limit + 5):
        assert_answers(client.post(report, {"reason": "spam"}), 302)
    assert Report.objects.count() == ratelimit.REPORT.limit + 5
    assert any(record.name == "filmsite.cache" for record in caplog.records)
