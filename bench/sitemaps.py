"""Benchmark: server time and queries of the sitemap index and its pages on a catalog of
millions. A script, not a test: it measures, it does not assert.

    DATABASE_URL=postgres://root@127.0.0.1:5432/filmsite_bench \\
        .venv/bin/python bench/sitemaps.py --films 1000000 --people 300000 --reviews 1000000

It migrates the database, tops it up to the requested size with plain SQL (`generate_series`:
the sitemaps read only keys, slugs, statuses and stamps, so bare rows do; one film in 50 a
draft, one review in 100 hidden), then requests the index and the first, middle and last
page of each section through Django's test client (server time: view, ORM, XML; no
network), and prints a Markdown table: median and worst of the timed runs, queries, URLs,
with robots.txt's time for scale. PostgreSQL only.
"""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

# The project instead of bench/, whose http.py would shadow the standard library's http.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()
logging.getLogger("filmsite.requests").setLevel(logging.WARNING)  # a line per request, else

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from catalog.models import Film, Person  # noqa: E402
from filmsite.urls import SITEMAP_SECTIONS  # noqa: E402
from reviews.models import Review  # noqa: E402

# Reviews are spread over films by these bench members, one review per member and film.
MEMBERS = 1_000


def top_up(films: int, people: int, reviews: int) -> tuple[int, int, int]:
    with transaction.atomic(), connection.cursor() as cursor:
        missing = films - Film.objects.count()
        if missing > 0:
            print(f"Adding {missing:,} films ...", file=sys.stderr)
            cursor.execute(
                f"""
                INSERT INTO {Film._meta.db_table} (title, original_title, slug, year, certificate,
                    plot, poster, user_review_count, user_rating_count, status, created, updated)
                SELECT 'Bench film ' || n, '', 'bench-film-' || n, 1900 + n %% 120, '', '', '',
                       0, 0, CASE WHEN n %% 50 = 0 THEN 'draft' ELSE 'published' END,
                       now() - make_interval(secs => n), now() - make_interval(secs => n)
                FROM generate_series(%s, %s) AS n
                """,
                [Film.objects.count() + 1, films],
            )
        missing = people - Person.objects.count()
        if missing > 0:
            print(f"Adding {missing:,} people ...", file=sys.stderr)
            cursor.execute(
                f"""
                INSERT INTO {Person._meta.db_table} (name, slug, photo, updated)
                SELECT 'Bench person ' || n, 'bench-person-' || n, '',
                       now() - make_interval(secs => n)
                FROM generate_series(%s, %s) AS n
                """,
                [Person.objects.count() + 1, people],
            )
        missing = reviews - Review.objects.count()
        if missing > 0:
            print(f"Adding {missing:,} reviews ...", file=sys.stderr)
            get_user_model().objects.bulk_create(
                [
                    get_user_model()(username=f"bench-member-{n}", password="!")
                    for n in range(MEMBERS)
                ],
                ignore_conflicts=True,
            )
            first_member = (
                get_user_model()
                .objects.filter(username__startswith="bench-member-")
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
            film_ids = Film.objects.order_by("pk").values_list("pk", flat=True)
            first_film = film_ids.first()
            start = Review.objects.count()
            # Review n: film n // MEMBERS, member n % MEMBERS; unique per member and film.
            cursor.execute(
                f"""
                INSERT INTO {Review._meta.db_table} (film_id, author_id, headline, body,
                    contains_spoilers, is_hidden, created, updated)
                SELECT %s + n / {MEMBERS}, %s + n %% {MEMBERS}, '', 'A benchmark review.',
                       false, n %% 100 = 0,
                       now() - make_interval(secs => n), now() - make_interval(secs => n)
                FROM generate_series(%s, %s) AS n
                """,
                [first_film, first_member, start, reviews - 1],
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Film.objects.count(), Person.objects.count(), Review.objects.count()


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int, int]:
    client.get(url)  # warm: connections, the database's caches
    timings, queries, urls = [], 0, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
        urls = response.content.count(b"<loc>")
    return statistics.median(timings), max(timings), queries, urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=300_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/sitemaps.py measures PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    films, people, reviews = top_up(args.films, args.people, args.reviews)
    print(f"{films:,} films, {people:,} people, {reviews:,} reviews\n")
    client = Client()
    # robots.txt (no query, a small template) for scale: this machine's load moves every row.
    rows = [("robots.txt, for scale", "/robots.txt"), ("index", "/sitemap.xml")]
    for name, section in SITEMAP_SECTIONS.items():
        last = section().page_count()
        for label, page in (("first", 1), ("middle", (last + 1) // 2), ("last", last)):
            rows.append((f"{name}, {label} page ({page} of {last})", f"/sitemap-{name}-{page}.xml"))
    print("| sitemap | median ms | worst ms | queries | URLs |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, url in rows:
        median, worst, queries, urls = measure(client, url, args.repeat)
        print(f"| {label} | {median:.1f} | {worst:.1f} | {queries} | {urls:,} |", flush=True)


if __name__ == "__main__":
    main()
