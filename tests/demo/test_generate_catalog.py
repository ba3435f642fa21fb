"""`generate_catalog`: a synthetic catalog shaped like a real site's, whose stored figures agree
with its rows, the same for the same seed."""

import statistics

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Avg, Count, F, Q, Sum

from catalog.models import Credit, Film, Person
from filmsite.demo.management.commands.generate_catalog import apportion
from reviews.models import HelpfulVote, Rating, Review
from reviews.ranking import helpfulness

pytestmark = pytest.mark.django_db


def review_counts():
    return list(Film.objects.order_by("pk").values_list("user_review_count", flat=True))


def test_generate_catalog_makes_a_consistent_synthetic_catalog(capsys):
    call_command("generate_catalog", films=30, reviews=200, people=40)
    assert Film.objects.published().count() == 30
    assert Review.objects.count() == 200
    assert Credit.objects.filter(kind="director").count() == 30
    assert "Generated 30 films, 40 people, 200 reviews" in capsys.readouterr().out


def test_stored_figures_equal_those_counted_from_the_rows():
    call_command("generate_catalog", films=40, reviews=600, people=10)
    counted = Film.objects.annotate(
        reviews_counted=Count("reviews", distinct=True),
        ratings_counted=Count("ratings", distinct=True),
    )
    for film in counted:
        assert film.user_review_count == film.reviews_counted
        assert film.user_rating_count == film.ratings_counted
        average = Rating.objects.filter(film=film).aggregate(a=Avg("score"))["a"]
        if average is None:
            assert film.user_rating_average is None
        else:
            assert float(film.user_rating_average) == pytest.approx(average, abs=0.0051)
    assert sum(review_counts()) == 600


def test_every_review_shows_its_authors_rating_of_the_film():
    call_command("generate_catalog", films=20, reviews=300, people=10)
    assert Rating.objects.count() == 300
    scores = {
        (f, m): score for f, m, score in Rating.objects.values_list("film", "member", "score")
    }
    stored = {
        (f, a): rating for f, a, rating in Review.objects.values_list("film", "author", "rating")
    }
    assert stored == scores
    assert None not in stored.values()


def test_every_review_stores_the_votes_it_has():
    call_command("generate_catalog", films=20, reviews=300, people=10)
    votes = HelpfulVote.objects.values("review").annotate(
        yes=Count("pk", filter=Q(is_helpful=True)), total=Count("pk")
    )
    counted = {row["review"]: (row["yes"], row["total"]) for row in votes}
    assert counted, "the catalog has votes"
    for review in Review.objects.all():
        assert (review.helpful_yes, review.helpful_total) == counted.get(review.pk, (0, 0))
        assert review.helpful_score == helpfulness(review.helpful_yes, review.helpful_total)


def test_a_few_films_hold_far_more_reviews_than_most():
    call_command("generate_catalog", films=200, reviews=4000, people=10)
    counts = review_counts()
    assert max(counts) > 20 * statistics.median(counts)
    assert min(counts) >= 1  # even the least popular film has a few


def test_zipf_exponent_zero_spreads_reviews_evenly():
    call_command("generate_catalog", films=50, reviews=500, people=10, zipf_exponent=0)
    assert set(review_counts()) == {10}


def test_no_film_gets_more_reviews_than_the_cap_and_none_are_lost():
    call_command("generate_catalog", films=50, reviews=1000, people=10, max_reviews_per_film=30)
    counts = review_counts()
    assert max(counts) == 30
    assert sum(counts) == 1000


def test_a_cap_too_small_for_the_reviews_is_refused():
    with pytest.raises(CommandError, match="do not fit"):
        call_command("generate_catalog", films=10, reviews=101, max_reviews_per_film=10)
    assert not Film.objects.exists()


def test_helpful_votes_gather_on_the_popular_films_reviews():
    call_command("generate_catalog", films=100, reviews=2000, votes=3000, people=10)
    assert HelpfulVote.objects.count() == 3000
    assert not HelpfulVote.objects.filter(voter=F("review__author")).exists()
    by_film = sorted(
        Film.objects.annotate(votes=Count("reviews__votes")).values_list(
            "user_review_count", "votes"
        ),
        reverse=True,
    )
    least_reviewed_half = sum(votes for _, votes in by_film[50:])
    assert by_film[0][1] > 3 * least_reviewed_half
    # Within a film too, a few reviews gather most of the votes.
    top = Film.objects.order_by("-user_review_count").first()
    per_review = sorted(
        Review.objects.filter(film=top)
        .annotate(votes_received=Count("votes"))
        .values_list("votes_received", flat=True),
        reverse=True,
    )
    tenth = len(per_review) // 10
    assert sum(per_review[:tenth]) > sum(per_review) / 3


def snapshot():
    """Everything generated except names and dates, which carry the time of the run."""
    films = list(
        Film.objects.order_by("pk").values_list(
            "title", "year", "user_review_count", "user_rating_count", "user_rating_average"
        )
    )
    reviews = list(Review.objects.order_by("pk").values_list("body", "contains_spoilers"))
    votes = Review.objects.aggregate(
        helpful=Count("votes", filter=Q(votes__is_helpful=True)), all=Count("votes")
    )
    return films, reviews, votes


def start_afresh():
    Film.objects.all().delete()
    Person.objects.all().delete()
    get_user_model().objects.all().delete()


def test_the_same_seed_makes_the_same_catalog():
    options = {"films": 60, "reviews": 500, "people": 20, "votes": 400}
    call_command("generate_catalog", seed=7, **options)
    first = snapshot()
    start_afresh()
    call_command("generate_catalog", seed=7, **options)
    assert snapshot() == first
    start_afresh()
    call_command("generate_catalog", seed=8, **options)
    assert snapshot() != first


def test_a_second_run_adds_to_the_catalog_and_keeps_its_figures_exact():
    call_command("generate_catalog", films=10, reviews=100, people=10)
    call_command("generate_catalog", films=10, reviews=100, people=10, seed=2)
    assert Film.objects.count() == 20
    assert Film.objects.aggregate(n=Sum("user_review_count"))["n"] == Review.objects.count() == 200


@pytest.mark.parametrize(
    ("total", "weights", "cap", "shares"),
    [
        (10, [1, 1, 1], None, [4, 3, 3]),
        (10, [8, 1, 1], 4, [4, 3, 3]),
        (7, [100, 10, 1, 1], 3, [3, 3, 1, 0]),
        (0, [1, 2], None, [0, 0]),
        (6, [5, 1], 3, [3, 3]),
    ],
)
def test_apportion_shares_the_whole_total_within_the_cap(total, weights, cap, shares):
    assert apportion(total, weights, cap) == shares


def test_apportion_refuses_a_total_above_what_the_cap_allows():
    with pytest.raises(ValueError, match="cannot be shared"):
        apportion(7, [1, 1], 3)
