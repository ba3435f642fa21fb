"""The figures stored so that pages need not count (a film's histogram, count and average; a
review's rating, votes and rank) equal those computed from the rows after every kind of write."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from catalog.models import Film
from reviews import services
from reviews.models import HelpfulVote, Rating, Review
from reviews.ranking import helpfulness
from tests.factories import FilmFactory, UserFactory
from tests.logins import log_in_staff

pytestmark = pytest.mark.django_db


def figures_from_rows(film):
    scores = list(Rating.objects.counted().filter(film=film).values_list("score", flat=True))
    average = None
    if scores:
        average = (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return {
        "reviews": Review.objects.visible().filter(film=film).count(),
        "ratings": len(scores),
        "average": average,
        "histogram": [scores.count(score) for score in range(10, 0, -1)],
    }


def stored_figures(film):
    film = Film.objects.get(pk=film.pk)
    return {
        "reviews": film.user_review_count,
        "ratings": film.user_rating_count,
        "average": film.user_rating_average,
        "histogram": film.user_rating_histogram,
    }


def assert_reviews_match_rows(film):
    for review in Review.objects.filter(film=film):
        votes = HelpfulVote.objects.filter(review=review)
        yes, total = votes.filter(is_helpful=True).count(), votes.count()
        rating = Rating.objects.filter(film=film, member=review.author_id).first()
        assert review.rating == (rating.score if rating else None), review
        assert (review.helpful_yes, review.helpful_total) == (yes, total), review
        assert review.helpful_score == helpfulness(yes, total), review


def assert_exact(*films):
    for film in films:
        assert stored_figures(film) == figures_from_rows(film)
        assert_reviews_match_rows(film)


def test_figures_stay_exact_through_every_kind_of_write(client):
    film, other = FilmFactory(), FilmFactory()
    members = UserFactory.create_batch(6)
    body = "A review long enough to be published here."

    reviews = [
        services.post_review(author=member, film=film, body=body, rating=score)
        for member, score in zip(members[:4], [9, 4, 4, None], strict=True)
    ]
    services.post_review(author=members[0], film=other, body=body, rating=2)
    assert_exact(film, other)
    assert stored_figures(film)["histogram"] == [0, 1, 0, 0, 0, 0, 2, 0, 0, 0]  # 10 down to 1

    services.update_review(reviews[1], rating=10, headline="Changed my mind")
    services.update_review(reviews[3], rating=1)
    services.update_review(reviews[2], rating=None)
    assert_exact(film)

    services.rate(member=members[4], film=film, score=7)
    services.rate(member=members[4], film=film, score=6)
    services.rate_many(member=members[5], scores={film.pk: 3, other.pk: 8})
    services.unrate(member=members[0], film=film)
    assert_exact(film, other)

    for voter, verdict in [(members[4], True), (members[5], False), (members[1], True)]:
        services.vote(review=reviews[0], voter=voter, is_helpful=verdict)
    services.vote(review=reviews[0], voter=members[5], is_helpful=True)  # a change of mind
    services.vote(review=reviews[1], voter=members[0], is_helpful=False)
    assert_exact(film)
    assert Review.objects.get(pk=reviews[0].pk).helpful_total == 3

    services.set_hidden(Review.objects.filter(pk=reviews[1].pk), hidden=True)
    assert_exact(film)
    services.set_hidden(Review.objects.filter(pk=reviews[1].pk), hidden=False)
    assert_exact(film)
    services.set_hidden(Review.objects.filter(pk=reviews[3].pk), hidden=True)
    services.delete_review(Review.objects.get(pk=reviews[3].pk))  # a hidden review's rating goes
    services.delete_review(Review.objects.get(pk=reviews[2].pk))
    assert_exact(film)

    # A member deleted in the admin: their reviews, ratings and votes go by cascade.
    log_in_staff(client, UserFactory(is_staff=True, is_superuser=True))
    client.post(reverse("admin:auth_user_delete", args=[members[5].pk]), {"post": "yes"})
    members[1].delete()  # and one from a shell: a voter on reviews[0] and its author's review
    assert_exact(film, other)
    assert Review.objects.get(pk=reviews[0].pk).helpful_total == 1


def test_a_film_nobody_rated_has_an_empty_histogram_on_its_page(client):
    film = FilmFactory(status=Film.Status.PUBLISHED)
    assert film.rating_histogram == [(score, 0) for score in range(10, 0, -1)]
    assert "No user ratings yet" in client.get(film.get_absolute_url()).content.decode()


def test_the_film_page_shows_the_stored_histogram(client):
    film = FilmFactory(status=Film.Status.PUBLISHED)
    for score in (10, 10, 3):
        services.rate(member=UserFactory(), film=film, score=score)
    html = client.get(film.get_absolute_url()).content.decode()
    assert 'aria-label="2 of 3 ratings are 10"' in html
    assert 'aria-label="1 of 3 ratings are 3"' in html
    assert 'aria-label="0 of 3 ratings are 5"' in html


@pytest.mark.parametrize(
    ("helpful", "total", "beats"),
    [((9, 10), (1, 1), True), ((900, 1000), (9, 10), True), ((1, 1), (0, 0), True)],
)
def test_helpfulness_ranks_by_confidence_not_by_share_alone(helpful, total, beats):
    assert (helpfulness(*helpful) > helpfulness(*total)) is beats


def test_helpfulness_is_the_wilson_lower_bound():
    # Published values: 95% Wilson interval of 8 of 10 is [0.4902, 0.9433].
    assert helpfulness(8, 10) == pytest.approx(0.4902, abs=5e-5)
    assert helpfulness(0, 0) == 0.0
    assert helpfulness(0, 5) == 0.0
