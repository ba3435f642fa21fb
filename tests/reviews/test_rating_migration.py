"""Moving ratings out of reviews (migrations 0006 and 0007) changes no figure a page shows, and
storing reviews' ratings and votes (0008) fills them from the rows."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from catalog.models import Film
from reviews.models import Rating, Review
from reviews.ranking import helpfulness
from reviews.services import refresh_film_ratings

BEFORE = [
    ("catalog", "0005_nulls_last_sort_indexes"),
    ("reviews", "0005_review_body_stored_ceiling"),
]


def migrate(targets=None):
    """Migrate to `targets`, or to the latest migrations (all of 0006 to 0009 and after)."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_moving_ratings_out_of_reviews_keeps_every_figure():
    old = migrate(BEFORE)
    Film_, User, Review_ = (
        old.get_model("catalog", "Film"),
        old.get_model("auth", "User"),
        old.get_model("reviews", "Review"),
    )
    films = [Film_.objects.create(title=f"Film {n}", slug=f"film-{n}") for n in range(2)]
    members = [User.objects.create(username=f"member{n}") for n in range(4)]
    rows = [  # film, member, rating, hidden
        (0, 0, 9, False),
        (0, 1, 4, False),
        (0, 2, None, False),
        (0, 3, 1, True),
        (1, 0, 7, False),
    ]
    for film, member, rating, hidden in rows:
        Review_.objects.create(
            film=films[film], author=members[member], rating=rating, body="x" * 30, is_hidden=hidden
        )
    voted = Review_.objects.get(film=films[0], author=members[0])
    old.get_model("reviews", "HelpfulVote").objects.bulk_create(
        [
            old.get_model("reviews", "HelpfulVote")(review=voted, voter=voter, is_helpful=verdict)
            for voter, verdict in [(members[1], True), (members[2], False)]
        ]
    )
    expected = {}
    for index, film in enumerate(films):
        counted = [r for f, _, r, hidden in rows if f == index and r is not None and not hidden]
        average = Decimal(sum(counted)) / len(counted)
        expected[film.pk] = (len(counted), average.quantize(Decimal("0.01"), ROUND_HALF_UP))

    try:
        migrate()
        assert set(Rating.objects.values_list("film_id", "member__username", "score")) == {
            (films[f].pk, f"member{m}", rating) for f, m, rating, _ in rows if rating is not None
        }
        assert {(r.film_id, r.author.username, r.rating) for r in Review.objects.all()} == {
            (films[f].pk, f"member{m}", rating) for f, m, rating, _ in rows
        }
        histogram = Film.objects.get(pk=films[0].pk).rating_histogram
        assert [count for score, count in histogram if count] == [1, 1]  # 9 and 4; 1 was hidden
        review = Review.objects.get(pk=voted.pk)
        assert (review.helpful_yes, review.helpful_total) == (1, 2)
        assert review.helpful_score == helpfulness(1, 2) > 0
        refresh_film_ratings(Film.objects.all())
        stored = {
            film.pk: (film.user_rating_count, film.user_rating_average)
            for film in Film.objects.all()
        }
        assert stored == expected
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
