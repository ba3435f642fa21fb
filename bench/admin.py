"""Admin benchmark: server time of every change list at catalog scale, plain, filtered and
searched, on PostgreSQL. A script, not a test: it measures, it does not assert.

    make bench-admin
    .venv/bin/python bench/admin.py --database-url postgres://root@127.0.0.1:5432/filmsite_bench

It tops the catalog up with `generate_catalog` to at least --films films, --people people and
--reviews reviews (the editors' issue's sizes: 120,000, 340,000 and 1,000,000), adds reports
and hidden reviews for the moderation lists through the services (so the stored figures stay
exact), runs VACUUM ANALYZE, then requests each page with Django's test client as a superuser, with
production settings (debug off). Pages are requested in turn, round after round, so that drift
on a shared machine falls on every page alike; each figure is the median of the rounds, with
/healthz in the same rounds as the reference and the page's query count.
"""

import argparse
import logging
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import NoReturn

# Run as `python bench/admin.py`, this folder comes first on the path, where bench/http.py
# would hide the standard library's `http` package from everything imported after it.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://root@127.0.0.1:5432/filmsite_bench"
TARGET_MS = 200
BENCH_EDITOR = "bench-editor"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--films", type=int, default=120_000)
    parser.add_argument("--people", type=int, default=340_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=7)
    return parser.parse_args()


ARGS = parse_args()
os.environ.update(
    DATABASE_URL=ARGS.database_url,
    DJANGO_DEBUG="0",
    DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
    DJANGO_ALLOWED_HOSTS="testserver",
    # Pages name the hashed static files, as in production: collected here first.
    DJANGO_STATIC_ROOT=tempfile.mkdtemp(prefix="filmsite-bench-static-"),
)
os.environ.pop("REDIS_URL", None)  # the admin is not cached: the local-memory cache will do
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")

import django  # noqa: E402

django.setup()
logging.getLogger("filmsite.requests").setLevel(logging.WARNING)  # a line per request, else

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from catalog.models import Film, Person  # noqa: E402
from reviews import services  # noqa: E402
from reviews.models import Report, Review  # noqa: E402
from tests.logins import log_in_staff  # noqa: E402


def fail(message: str) -> NoReturn:
    print(f"bench/admin.py: {message}", file=sys.stderr)
    sys.exit(2)


def top_up() -> None:
    films, people, reviews = Film.objects.count(), Person.objects.count(), Review.objects.count()
    if films < ARGS.films or reviews < ARGS.reviews or people < ARGS.people:
        missing_films = max(ARGS.films - films, 1)
        print(
            f"Generating {missing_films:,} films, {max(ARGS.people - people, 0):,} people, "
            f"{max(ARGS.reviews - reviews, 0):,} reviews ...",
            file=sys.stderr,
        )
        call_command(
            "generate_catalog",
            films=missing_films,
            people=max(ARGS.people - people, 1),
            reviews=max(ARGS.reviews - reviews, 0),
        )
    if not Report.objects.exists():
        print("Reporting and hiding some reviews ...", file=sys.stderr)
        sample = list(Review.objects.order_by("?").values_list("pk", flat=True)[:2_000])
        Report.objects.bulk_create(
            Report(review_id=pk, reason=Report.Reason.SPAM, note="bench report") for pk in sample
        )
        services.set_hidden(Review.objects.filter(pk__in=sample[:300]), hidden=True)
    with connection.cursor() as cursor:
        # As autovacuum leaves a live database after bulk inserts: statistics for the
        # planner, and a visibility map for index-only scans (the capped counts use them).
        cursor.execute("VACUUM ANALYZE")


def pages() -> list[tuple[str, str]]:
    """(name, URL) of each page measured, with search words taken from the catalog itself."""
    film = Film.objects.order_by("-user_review_count").first()
    person = Person.objects.annotate(n=Count("credits")).filter(n__gt=0).order_by("pk").first()
    author = (
        Review.objects.values("author__username")
        .annotate(n=Count("*"))
        .order_by("-n")
        .values_list("author__username", flat=True)[:1]
    )
    if film is None or person is None or not author:
        return fail("the catalog is empty")
    title_word = max(film.title.split(), key=len)
    surname = person.name.split()[-1]
    review = Review.objects.order_by("-pk").first()
    assert review is not None
    return [
        ("/healthz (reference)", "/healthz"),
        ("films", "/admin/catalog/film/"),
        ("films: drafts", "/admin/catalog/film/?status__exact=draft"),
        ("films: genre", "/admin/catalog/film/?genre=drama"),
        ("films: decade", "/admin/catalog/film/?decade=1990"),
        ("films: has poster", "/admin/catalog/film/?has_poster=yes"),
        ("films: has trailer", "/admin/catalog/film/?has_trailer=yes"),
        ("films: certificate", "/admin/catalog/film/?certificate__exact=NC-17"),
        ("films: search title", f"/admin/catalog/film/?q={title_word}"),
        ("films: search common", "/admin/catalog/film/?q=the"),
        ("films: last page", "/admin/catalog/film/?p=10"),
        ("film: change form", f"/admin/catalog/film/{film.pk}/change/"),
        ("people", "/admin/catalog/person/"),
        ("people: directors", "/admin/catalog/person/?credited_as=director"),
        ("people: search", f"/admin/catalog/person/?q={surname}"),
        ("credits", "/admin/catalog/credit/"),
        ("credits: directors", "/admin/catalog/credit/?kind__exact=director"),
        ("credits: search person", f"/admin/catalog/credit/?q={surname}"),
        ("reviews", "/admin/reviews/review/"),
        ("reviews: hidden", "/admin/reviews/review/?is_hidden__exact=1"),
        ("reviews: open reports", "/admin/reviews/review/?reports=open"),
        ("reviews: spoilers", "/admin/reviews/review/?contains_spoilers__exact=1"),
        ("reviews: held", "/admin/reviews/review/?is_held__exact=1"),
        ("reviews: search author", f"/admin/reviews/review/?q={author[0]}"),
        ("reviews: search film", f"/admin/reviews/review/?q={title_word}"),
        ("reviews: search common", "/admin/reviews/review/?q=the"),
        ("review: change form", f"/admin/reviews/review/{review.pk}/change/"),
        ("reports", "/admin/reviews/report/"),
        ("reports: open", "/admin/reviews/report/?status__exact=open"),
        ("reports: search", "/admin/reviews/report/?q=bench"),
    ]


def main() -> None:
    if connection.vendor != "postgresql":
        fail("measure on PostgreSQL: --database-url postgres://...")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    top_up()
    editor, _ = get_user_model().objects.get_or_create(
        username=BENCH_EDITOR, defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    log_in_staff(client, editor)  # as staff reach the admin: with a second factor proved
    measured = pages()
    timings: dict[str, list[float]] = {name: [] for name, _ in measured}
    queries: dict[str, int] = {}
    client.get(measured[1][1], secure=True)  # the first admin page after log-in stamps it
    for name, url in measured:  # a warm-up round, which also counts the queries
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, secure=True)
        if response.status_code != 200:
            fail(f"{url} answered {response.status_code}")
        queries[name] = len(captured)
    for _ in range(ARGS.rounds):
        for name, url in measured:
            started = time.perf_counter()
            client.get(url, secure=True)
            timings[name].append((time.perf_counter() - started) * 1000)
    films, people, reviews = Film.objects.count(), Person.objects.count(), Review.objects.count()
    print(
        f"Catalog (PostgreSQL): {films:,} films, {people:,} people, {reviews:,} reviews; "
        f"median of {ARGS.rounds} rounds, server time in-process"
    )
    reference = statistics.median(timings[measured[0][0]])
    print(f"{'page':<26} {'median ms':>10} {'max ms':>8} {'x healthz':>10} {'queries':>8}")
    slow = []
    for name, _ in measured:
        median = statistics.median(timings[name])
        if median >= TARGET_MS:
            slow.append(name)
        print(
            f"{name:<26} {median:>10.1f} {max(timings[name]):>8.1f} "
            f"{median / reference:>10.1f} {queries[name]:>8}"
        )
    print(f"Over {TARGET_MS} ms: {', '.join(slow) if slow else 'none'}")


if __name__ == "__main__":
    main()
