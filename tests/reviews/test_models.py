"""Reviews' rules, kept by the database."""

import pytest
from django.db import IntegrityError

from reviews.models import Rating, Review
from tests.factories import RatingFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_second_review_by_same_user_of_same_film_is_refused():
    review = ReviewFactory()
    with pytest.raises(IntegrityError):
        ReviewFactory(film=review.film, author=review.author)


def test_same_user_may_review_different_films():
    review = ReviewFactory()
    other = ReviewFactory(author=review.author)
    assert other.author == review.author


@pytest.mark.parametrize("score", [0, 11, 255])
def test_rating_outside_one_to_ten_is_refused(score):
    with pytest.raises(IntegrityError):
        RatingFactory(score=score)


def test_a_member_rates_a_film_once():
    rating = RatingFactory()
    with pytest.raises(IntegrityError):
        Rating.objects.create(film=rating.film, member=rating.member, score=3)


@pytest.mark.parametrize("rating", [None, 1, 10])
def test_a_review_shows_its_authors_rating_or_none(rating):
    review = ReviewFactory(rating=rating)
    assert Review.objects.get(pk=review.pk).rating == rating
    assert Rating.objects.filter(film=review.film, member=review.author).first() == (
        None if rating is None else Rating.objects.get(film=review.film, member=review.author)
    )


def test_empty_body_is_refused():
    with pytest.raises(IntegrityError):
        ReviewFactory(body="")


def test_review_links_to_its_own_page():
    review = ReviewFactory()
    assert review.get_absolute_url() == f"/reviews/{review.pk}/"
    assert str(review) == f"{review.author} on {review.film}"
