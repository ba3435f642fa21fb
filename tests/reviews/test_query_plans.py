"""A popular film's pages cost what a small film's do: at 50,000 reviews, PostgreSQL plans every
query that the film page and its reviews list run on reviews, ratings or votes as index scans,
with no Sort, no Aggregate and no sequential scan of those tables."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Film
from filmsite.lists.keyset import SORT_KEY
from reviews import services
from reviews.filters import ORDERINGS
from reviews.models import Review
from tests.factories import FilmFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans"),
]

REVIEWS = 50_000
VOTERS = 2_000


@pytest.fixture
def popular_film():
    """A film with 50,000 reviews (rated, unrated, spoilers, a few hidden) and 20,000 votes."""
    film = FilmFactory(status=Film.Status.PUBLISHED)
    others = [FilmFactory(status=Film.Status.PUBLISHED) for _ in range(3)]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO auth_user (password, is_superuser, username, first_name, last_name,
                                   email, is_staff, is_active, date_joined)
            SELECT '!', false, 'crowd' || n, '', '', '', false, true, now()
            FROM generate_series(1, %s) AS n
            """,
            [REVIEWS],
        )
        cursor.execute(
            """
            INSERT INTO reviews_rating (film_id, member_id, score, created, updated)
            SELECT %s, id, id %% 10 + 1, now(), now()
            FROM auth_user WHERE username LIKE 'crowd%%' AND id %% 7 <> 0
            """,
            [film.pk],
        )
        cursor.execute(
            """
            INSERT INTO reviews_review (film_id, author_id, headline, body, contains_spoilers,
                                        is_hidden, created, updated, helpful_yes,
                                        helpful_total, helpful_score)
            SELECT %s, id, '', 'A review among fifty thousand of the same film.',
                   id %% 11 = 0, id %% 97 = 0, now() - id * interval '1 minute', now(), 0, 0, 0
            FROM auth_user WHERE username LIKE 'crowd%%'
            """,
            [film.pk],
        )
        cursor.execute(
            """
            INSERT INTO reviews_helpfulvote (review_id, voter_id, is_helpful, created, updated)
            SELECT r.id, u.id, (r.id + u.id) %% 3 <> 0, now(), now()
            FROM (SELECT id FROM reviews_review WHERE film_id = %s ORDER BY id LIMIT 10) AS r
            CROSS JOIN (SELECT id FROM auth_user WHERE username LIKE 'crowd%%'
                        ORDER BY id DESC LIMIT %s) AS u
            """,
            [film.pk, VOTERS],
        )
    for other in others:
        services.post_review(author=UserFactory(), film=other, body="x" * 40, rating=5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE auth_user, reviews_review, reviews_rating, reviews_helpfulvote")
    services.refresh_stored_figures(Film.objects.filter(pk=film.pk))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reviews_review")
    film.refresh_from_db()
    return film


def deep_cursor(film, sort):
    """The cursor of the page halfway through `film`'s reviews in `sort`."""
    ordering = ORDERINGS[sort][1]
    reviews = Review.objects.visible().filter(film=film)
    row = reviews.annotate(**{SORT_KEY: ordering.key_expression()}).order_by(*ordering.order_by())[
        REVIEWS // 2
    ]
    return ordering.encode(row)


def plans_of_review_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    plans = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.lstrip().upper().startswith("SELECT") and "reviews_" in sql:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql)
                plans.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    assert plans, f"{url} ran no query on reviews"
    return plans


def assert_index_only_work(client, url):
    for sql, plan in plans_of_review_queries(client, url):
        assert not re.search(r"\bSort\b|Aggregate|Seq Scan on reviews_", plan), (
            f"{url}\n{sql}\n{plan}"
        )


def test_the_popular_films_page_reads_reviews_by_index_only(client, popular_film):
    assert popular_film.user_review_count > REVIEWS * 0.95
    assert_index_only_work(client, popular_film.get_absolute_url())
    reader = Review.objects.filter(film=popular_film).order_by("pk").last().author
    client.force_login(reader)
    assert_index_only_work(client, popular_film.get_absolute_url())


def test_every_page_of_every_sort_of_its_reviews_reads_by_index_only(client, popular_film):
    url = reverse("reviews:film_reviews", args=[popular_film.slug])
    for sort in ORDERINGS:
        cursor = deep_cursor(popular_film, sort)
        for query in [
            f"?sort={sort}",
            f"?sort={sort}&after={cursor}",
            f"?sort={sort}&before={cursor}",
            f"?sort={sort}&rating=7&hide_spoilers=on&after={cursor}",
        ]:
            assert_index_only_work(client, url + query)


def test_a_deep_page_shows_the_reviews_after_its_cursor(client, popular_film):
    url = reverse("reviews:film_reviews", args=[popular_film.slug])
    response = client.get(url, {"sort": "newest", "after": deep_cursor(popular_film, "newest")})
    shown = [review.pk for review in response.context["reviews"]]
    expected = list(
        Review.objects.visible()
        .filter(film=popular_film)
        .order_by("-created", "-pk")
        .values_list("pk", flat=True)[REVIEWS // 2 + 1 : REVIEWS // 2 + 21]
    )
    assert shown == expected
