"""Moving ratings out of reviews (migrations 0006 and 0007) changes no figure a page shows."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from catalog.models import Film
from reviews.models import Rating, Review
from reviews.services import refresh_film_ratings

BEFORE = [("reviews", "0005_review_body_stored_ceiling")]
AFTER = [("reviews", "0007_remove_review_rating")]


def migrate(targets):
    executor = MigrationExecutor(connection)
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
    expected = {}
    for index, film in enumerate(films):
        counted = [r for f, _, r, hidden in rows if f == index and r is not None and not hidden]
        average = Decimal(sum(counted)) / len(counted)
        expected[film.pk] = (len(counted), average.quantize(Decimal("0.01"), ROUND_HALF_UP))

    try:
        migrate(AFTER)
        assert set(Rating.objects.values_list("film_id", "member__username", "score")) == {
            (films[f].pk, f"member{m}", rating) for f, m, rating, _ in rows if rating is not None
        }
        refresh_film_ratings(Film.objects.all())
        stored = {
            film.pk: (film.user_rating_count, film.user_rating_average)
            for film in Film.objects.all()
        }
        assert stored == expected
        assert Review.objects.with_ratings().get(author__username="member2").rating is None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
