"""Update stamps of reviews, and of films through their visitors' figures: moved by a change
the page shows, and by nothing else (helpful votes included)."""

import datetime

import pytest

from catalog.models import Film
from reviews import services
from reviews.models import Review
from tests.factories import FilmFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def review():
    review = ReviewFactory(headline="Bleak", rating=7)
    services.refresh_stored_figures(Film.objects.filter(pk=review.film_id))
    Review.objects.update(updated=LONG_AGO)
    Film.objects.update(updated=LONG_AGO)
    return Review.objects.get(pk=review.pk)


def moved(row):
    row.refresh_from_db(fields=["updated"])
    return row.updated != LONG_AGO


def test_an_edit_that_changes_nothing_keeps_the_review_stamp(review):
    services.update_review(review, headline="Bleak", rating=7)
    assert not moved(review)
    assert not moved(review.film)


def test_new_words_move_the_review_stamp(review):
    services.update_review(review, body=review.body + " And another thing.")
    assert moved(review)


def test_a_changed_rating_moves_the_review_and_the_film(review):
    services.rate(member=review.author, film=review.film, score=9)
    assert moved(review)
    assert moved(review.film)


def test_rating_many_moves_only_the_reviews_whose_rating_changes(review):
    other = ReviewFactory(author=review.author, rating=5)
    Review.objects.update(updated=LONG_AGO)
    services.rate_many(member=review.author, scores={review.film_id: 7, other.film_id: 6})
    assert not moved(review)
    assert moved(other)


def test_hiding_moves_the_review_and_the_film_figures(review):
    services.set_hidden(Review.objects.filter(pk=review.pk), True)
    assert moved(review)
    assert moved(review.film)


def test_a_helpful_vote_moves_neither_the_review_nor_the_film(review):
    services.vote(review=review, voter=UserFactory(), is_helpful=True)
    assert not moved(review)
    assert not moved(review.film)


def test_a_new_review_moves_the_film_stamp():
    film = FilmFactory()
    Film.objects.update(updated=LONG_AGO)
    services.post_review(author=UserFactory(), film=film, body="A long enough review body." * 2)
    assert moved(film)
