"""Concurrent writers on PostgreSQL: the film's stored figures stay exact, duplicates lose."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection, connections

from catalog.models import Film
from reviews import services
from reviews.models import Rating, Review
from reviews.ranking import helpfulness
from tests.factories import FilmFactory, RatingFactory, ReviewFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL's concurrency"
    ),
]

WRITERS = 16


def run_at_once(tasks):
    """Run each task in its own thread and database connection, all released together."""
    barrier = threading.Barrier(len(tasks))

    def run(task):
        try:
            barrier.wait(timeout=30)
            return task()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
        return [future.result() for future in [pool.submit(run, task) for task in tasks]]


def stored_and_true_rating(film):
    film = Film.objects.get(pk=film.pk)
    ratings = list(Rating.objects.counted().filter(film=film).values_list("score", flat=True))
    average = None
    if ratings:
        average = (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    histogram = [ratings.count(score) for score in range(10, 0, -1)]
    assert film.user_rating_histogram == histogram
    assert film.user_review_count == Review.objects.visible().filter(film=film).count()
    return (film.user_rating_count, film.user_rating_average), (len(ratings), average)


def test_film_rating_stays_exact_under_concurrent_writers_of_every_kind():
    film = FilmFactory()
    existing = [ReviewFactory(film=film, rating=rating) for rating in (2, 4, 6, 8)]
    unrated = RatingFactory(film=film, score=3)
    services.refresh_film_rating(film.pk)
    authors = UserFactory.create_batch(WRITERS)
    raters = UserFactory.create_batch(4)

    def poster(author, rating):
        return lambda: services.post_review(
            author=author, film=film, rating=rating, body="Posted at the same moment as others."
        )

    tasks = [poster(author, n % 10 + 1) for n, author in enumerate(authors)]
    tasks += [
        lambda: services.update_review(existing[0], rating=10),
        lambda: services.delete_review(existing[1]),
        lambda: services.set_hidden(Review.objects.filter(pk=existing[2].pk), hidden=True),
        lambda: services.unrate(member=unrated.member, film=film),
    ]
    tasks += [lambda r=rater: services.rate(member=r, film=film, score=9) for rater in raters]
    run_at_once(tasks)

    stored, true = stored_and_true_rating(film)
    assert stored == true
    # 16 posted and 4 rated; of the 5 there before, one hidden, one taken back; a deleted
    # review's rating stays.
    assert stored[0] == WRITERS + 4 + 3


def test_review_vote_counts_stay_exact_under_concurrent_voters():
    review = ReviewFactory()
    voters = UserFactory.create_batch(WRITERS)
    changing = voters[: WRITERS // 2]
    for voter in changing:  # these change their minds while the others vote for the first time
        services.vote(review=review, voter=voter, is_helpful=False)
    poster = UserFactory()

    def voter_task(voter, helpful):
        return lambda: services.vote(review=review, voter=voter, is_helpful=helpful)

    tasks = [voter_task(voter, n % 3 != 0) for n, voter in enumerate(voters)]
    tasks.append(lambda: services.post_review(author=poster, film=review.film, body="x" * 30))
    run_at_once(tasks)
    review.refresh_from_db()
    yes = review.votes.filter(is_helpful=True).count()
    assert (review.helpful_yes, review.helpful_total) == (yes, WRITERS)
    assert review.helpful_score == helpfulness(yes, WRITERS)


def test_two_simultaneous_posts_by_one_author_make_one_review():
    film = FilmFactory()
    author = UserFactory()

    def post():
        try:
            return services.post_review(
                author=author, film=film, rating=7, body="Double-clicked the submit button."
            )
        except services.DuplicateReview as duplicate:
            return duplicate

    results = run_at_once([post, post])
    assert Review.objects.filter(film=film, author=author).count() == 1
    assert sorted(type(result).__name__ for result in results) == ["DuplicateReview", "Review"]
    stored, true = stored_and_true_rating(film)
    assert stored == true == (1, Decimal("7.00"))
