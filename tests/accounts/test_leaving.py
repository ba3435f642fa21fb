"""A member deletes their own account, keeping or deleting their reviews: every figure their
rows fed is recomputed exactly, and the pages that named them change."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from catalog.models import Film
from filmsite.accounts import services
from filmsite.library.models import FilmList, WatchlistEntry
from reviews import services as reviews
from reviews.models import FORMER_MEMBER, HelpfulVote, Rating, Report, Review
from tests.factories import (
    FilmFactory,
    FilmListEntryFactory,
    UserFactory,
    WatchlistEntryFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
BODY = "A review long enough to be published on the page of the film."


def snapshot():
    """Every stored figure: films' counts, averages, histograms; reviews' ratings and votes."""
    films = {
        pk: (reviews_, ratings, average, histogram)
        for pk, reviews_, ratings, average, histogram in Film.objects.values_list(
            "pk",
            "user_review_count",
            "user_rating_count",
            "user_rating_average",
            "user_rating_histogram",
        )
    }
    votes = {
        pk: rest
        for pk, *rest in Review.objects.values_list(
            "pk", "rating", "helpful_yes", "helpful_total", "helpful_score"
        )
    }
    return films, votes


def assert_figures_are_a_fresh_recompute():
    stored = snapshot()
    reviews.refresh_stored_figures(Film.objects.all())
    assert snapshot() == stored


@pytest.fixture
def scene():
    """Two films; the leaver reviewed both (one review hidden by a moderator), rated a third,
    voted on others' reviews, and others voted on theirs."""
    leaver, alice, bob = UserFactory(), UserFactory(), UserFactory()
    first, second, third = FilmFactory.create_batch(3)
    kept = reviews.post_review(author=leaver, film=first, body=BODY, rating=2)
    hidden = reviews.post_review(author=leaver, film=second, body=BODY, rating=10)
    reviews.set_hidden(Review.objects.filter(pk=hidden.pk), hidden=True)
    reviews.rate(member=leaver, film=third, score=4)
    alices = reviews.post_review(author=alice, film=first, body=BODY, rating=8)
    bobs = reviews.post_review(author=bob, film=second, body=BODY, rating=6)
    reviews.rate(member=bob, film=first, score=9)
    reviews.vote(review=alices, voter=leaver, is_helpful=True)
    reviews.vote(review=bobs, voter=leaver, is_helpful=False)
    reviews.vote(review=alices, voter=bob, is_helpful=True)
    reviews.vote(review=kept, voter=alice, is_helpful=True)
    reviews.vote(review=kept, voter=bob, is_helpful=False)
    Report.objects.create(review=bobs, reporter=leaver, reason=Report.Reason.SPAM)
    WatchlistEntryFactory(member=leaver, film=third)
    FilmListEntryFactory(film_list__owner=leaver, film=first)
    assert_figures_are_a_fresh_recompute()
    return {
        "leaver": leaver,
        "films": (first, second, third),
        "kept": kept,
        "hidden": hidden,
        "alices": alices,
        "bobs": bobs,
    }


def film_figures(film):
    film = Film.objects.get(pk=film.pk)
    return (
        film.user_review_count,
        film.user_rating_count,
        film.user_rating_average,
        film.user_rating_histogram,
    )


def leave(client, member, choice):
    client.force_login(member)
    return client.post(
        reverse("delete_account"), {"password": PASSWORD, "reviews": choice}, follow=True
    )


def test_leaving_and_deleting_reviews_recomputes_every_figure_exactly(client, scene):
    first, second, third = scene["films"]
    response = leave(client, scene["leaver"], "delete")
    assert (
        "Your account is deleted, with your ratings, votes, watchlist and lists. Your reviews "
        "are deleted with it. Goodbye, and thank you." in response.content.decode()
    )
    assert response.context["user"].is_anonymous
    assert not get_user_model().objects.filter(pk=scene["leaver"].pk).exists()
    assert not Review.objects.filter(pk__in=[scene["kept"].pk, scene["hidden"].pk]).exists()
    # First: alice's 8 and bob's 9, alice's review; second: bob's 6 and review; third: none.
    assert film_figures(first) == (1, 2, Decimal("8.50"), [0, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    assert film_figures(second) == (1, 1, Decimal("6.00"), [0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
    assert film_figures(third) == (0, 0, None, [0] * 10)
    alices, bobs = (Review.objects.get(pk=scene[name].pk) for name in ("alices", "bobs"))
    assert (alices.helpful_yes, alices.helpful_total) == (1, 1)
    assert (bobs.helpful_yes, bobs.helpful_total) == (0, 0)
    assert Report.objects.get(review=bobs).reporter is None  # the report stays, unnamed
    assert_figures_are_a_fresh_recompute()


def test_leaving_and_keeping_reviews_leaves_them_under_a_former_member(client, scene):
    first, second, third = scene["films"]
    response = leave(client, scene["leaver"], "keep")
    assert (
        "Your account is deleted, with your ratings, votes, watchlist and lists. Your reviews "
        "stay on the site, signed “a former member”. Goodbye, and thank you."
        in response.content.decode()
    )
    kept = Review.objects.get(pk=scene["kept"].pk)
    assert (kept.author, kept.rating) == (None, None)
    assert (kept.helpful_yes, kept.helpful_total) == (1, 2)  # others' votes on it stay
    hidden = Review.objects.get(pk=scene["hidden"].pk)
    assert (hidden.author, hidden.rating, hidden.is_hidden) == (None, None, True)
    # The kept review still counts as a review; the leaver's ratings are gone.
    assert film_figures(first) == (2, 2, Decimal("8.50"), [0, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    assert film_figures(second) == (1, 1, Decimal("6.00"), [0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
    assert film_figures(third) == (0, 0, None, [0] * 10)
    assert not Rating.objects.filter(member_id=scene["leaver"].pk).exists()
    assert not HelpfulVote.objects.filter(voter_id=scene["leaver"].pk).exists()
    assert not WatchlistEntry.objects.filter(member_id=scene["leaver"].pk).exists()
    assert not FilmList.objects.filter(owner_id=scene["leaver"].pk).exists()
    assert_figures_are_a_fresh_recompute()


def test_a_kept_review_reads_a_former_member_on_every_page(client, scene):
    # A film the leaver only reviewed, without rating it: no rating or vote of theirs
    # changes its figures, yet its pages named them.
    film = FilmFactory()
    unrated = reviews.post_review(author=scene["leaver"], film=film, body=BODY)
    username = scene["leaver"].get_username()
    visitor = type(client)()
    urls = (
        film.get_absolute_url(),
        reverse("reviews:film_reviews", args=[film.slug]),
        unrated.get_absolute_url(),
        reverse("catalog:home"),
    )
    for url in urls:  # stored in the page cache before the deletion
        assert f"/users/{username}/" in visitor.get(url).content.decode(), url
    leave(client, scene["leaver"], "keep")
    for url in urls:
        page = visitor.get(url).content.decode()
        assert "A former member" in page or FORMER_MEMBER in page, url
        assert f"/users/{username}/" not in page, url
    assert visitor.get(reverse("profile", args=[username])).status_code == 404


def test_a_deleted_review_leaves_the_cached_film_page(client, scene):
    first = scene["films"][0]
    visitor = type(client)()
    before = visitor.get(first.get_absolute_url()).content.decode()
    assert f"review-{scene['kept'].pk}" in before
    leave(client, scene["leaver"], "delete")
    after = visitor.get(first.get_absolute_url()).content.decode()
    assert f"review-{scene['kept'].pk}" not in after


def test_held_reviews_go_with_the_account_even_when_reviews_are_kept(client):
    film = FilmFactory()
    member = UserFactory()
    services.await_confirmation(member)
    held = reviews.post_review(author=member, film=film, body=BODY, rating=7)
    assert held.is_held
    leave(client, member, "keep")
    assert not Review.objects.filter(pk=held.pk).exists()
    assert film_figures(film) == (0, 0, None, [0] * 10)
    assert_figures_are_a_fresh_recompute()


def test_two_former_members_may_have_reviewed_the_same_film(client):
    film = FilmFactory()
    for _ in range(2):
        member = UserFactory()
        reviews.post_review(author=member, film=film, body=BODY, rating=5)
        services.delete_account(member=member, keep_reviews=True)
    assert Review.objects.filter(film=film, author=None).count() == 2
    assert film_figures(film) == (2, 0, None, [0] * 10)


def test_the_database_refuses_a_former_members_review_with_a_rating():
    from django.db import IntegrityError, transaction

    review = reviews.post_review(author=UserFactory(), film=FilmFactory(), body=BODY, rating=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(author=None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"password": "wrong-password-entirely", "reviews": "delete"},
            "That is not your password.",
        ),
        ({"password": PASSWORD}, "This field is required."),
        ({"password": PASSWORD, "reviews": "both"}, "Select a valid choice."),
    ],
)
def test_leaving_needs_the_password_and_a_choice(client, scene, data, message):
    client.force_login(scene["leaver"])
    before = snapshot()
    response = client.post(reverse("delete_account"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert get_user_model().objects.filter(pk=scene["leaver"].pk).exists()
    assert snapshot() == before


def test_wrong_passwords_when_leaving_count_against_the_log_in_limits(client):
    member = UserFactory()
    client.force_login(member)
    for _ in range(10):
        client.post(reverse("delete_account"), {"password": "not-it-at-all", "reviews": "keep"})
    response = client.post(reverse("delete_account"), {"password": PASSWORD, "reviews": "keep"})
    assert response.status_code == 429
    assert get_user_model().objects.filter(pk=member.pk).exists()


def test_leaving_needs_a_log_in_and_a_csrf_token(client):
    assert client.get(reverse("delete_account")).status_code == 302
    member = UserFactory()
    checked = type(client)(enforce_csrf_checks=True)
    checked.force_login(member)
    response = checked.post(reverse("delete_account"), {"password": PASSWORD, "reviews": "keep"})
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=member.pk).exists()
