"""Benchmark: server time and query count of the main pages on a large catalog, and the
IMDb importer's throughput. A script, not a test: it measures, it does not assert.

    DATABASE_URL=postgres://root@127.0.0.1:5432/filmsite_bench \\
        .venv/bin/python bench/run.py --films 100000 --people 300000 --reviews 1000000

It tops the database up to the requested size with `generate_catalog` (so a second run reuses
it), requests each page through Django's test client (server time: view, ORM, template, no
network), and prints a Markdown table: median and worst of the timed runs, and queries.
"""

import argparse
import gzip
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Run as `python bench/run.py`, this folder comes first on the path, where bench/http.py would
# hide the standard library's `http` package from everything imported after it.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from catalog.importers.imdb import Importer  # noqa: E402
from catalog.models import Credit, Film, Person  # noqa: E402
from filmsite.lists.pagination import MAX_PAGES  # noqa: E402
from reviews.models import Review  # noqa: E402


def top_up(films, people, reviews):
    have = Film.objects.count(), Person.objects.count(), Review.objects.count()
    missing = films - have[0]
    if missing > 0:
        print(f"Generating {missing:,} films ...", file=sys.stderr)
        call_command(
            "generate_catalog",
            films=missing,
            people=max(people - have[1], 1),
            reviews=max(reviews - have[2], 0),
        )
    return Film.objects.count(), Person.objects.count(), Review.objects.count()


def measure(client, url, repeat):
    client.get(url)  # warm: connections, template and count caches
    timings, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(timings), max(timings), queries


def pages():
    film = Film.objects.published().order_by("-user_review_count").first()
    person = Person.objects.filter(pk__in=Credit.objects.values("person")[:1]).get()
    title = film.title
    deep_page = min(MAX_PAGES, -(-Film.objects.published().count() // 50))
    misspelt = title[:2] + title[3:] if len(title) > 4 else title + "x"
    return [
        ("home", "/"),
        ("film list", "/films/"),
        ("film list, filtered", "/films/?genre=drama&decade=1990&certificate=R"),
        ("film list, sorted by rating", "/films/?sort=rating"),
        (f"film list, page {deep_page} (the last)", f"/films/?page={deep_page}"),
        ("search, exact", f"/search/?q={title}"),
        ("search, misspelt", f"/search/?q={misspelt}"),
        ("person page", person.get_absolute_url()),
        (f"film page ({film.user_review_count} reviews)", film.get_absolute_url()),
    ]


def write_imdb_files(directory, titles):
    rnd = random.Random(7)
    words = [
        "night",
        "city",
        "love",
        "road",
        "house",
        "river",
        "fire",
        "glass",
        "winter",
        "summer",
        "last",
        "first",
    ]

    def lines(name, header, rows):
        with gzip.open(directory / f"{name}.gz", "wt", encoding="utf-8") as file:
            file.write(header + "\n")
            for row in rows:
                file.write("\t".join(row) + "\n")

    lines(
        "title.basics.tsv",
        "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear"
        "\truntimeMinutes\tgenres",
        (
            (f"tt9{n:07d}", "movie", t := " ".join(rnd.choices(words, k=3)).title(), t, "0",
             str(rnd.randint(1920, 2025)), "\\N", str(rnd.randint(70, 200)), "Drama,Comedy")
            for n in range(titles)
        ),
    )  # fmt: skip
    lines(
        "title.ratings.tsv",
        "tconst\taverageRating\tnumVotes",
        ((f"tt9{n:07d}", f"{rnd.uniform(1, 10):.1f}", str(rnd.randint(5, 10**6)))
         for n in range(titles)),
    )  # fmt: skip
    lines(
        "title.principals.tsv",
        "tconst\tordering\tnconst\tcategory\tjob\tcharacters",
        ((f"tt9{n:07d}", str(k), f"nm9{(n * 3 + k) % (titles * 2):07d}", "actor", "\\N",
          '["Someone"]') for n in range(titles) for k in range(1, 4)),
    )  # fmt: skip
    lines(
        "title.crew.tsv",
        "tconst\tdirectors\twriters",
        ((f"tt9{n:07d}", f"nm9{n % (titles * 2):07d}", "\\N") for n in range(titles)),
    )
    lines(
        "name.basics.tsv",
        "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles",
        ((f"nm9{n:07d}", f"Person {n}", "1950", "\\N", "actor", "\\N")
         for n in range(titles * 2)),
    )  # fmt: skip
    return titles * 10  # rows across the five files


def bench_import(titles):
    """Import generated files twice (creating, then updating); [(seconds, rows)], peak MB."""
    Film.objects.filter(tconst__startswith="tt9").delete()  # a true first import
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        rows = write_imdb_files(Path(folder), titles)
        for _ in range(2):
            started = time.perf_counter()
            Importer(folder).run()
            runs.append((time.perf_counter() - started, rows))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return runs, peak_mb


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--films", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=300_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--import-titles", type=int, default=20_000)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)  # as a deployment has
    films, people, reviews = top_up(args.films, args.people, args.reviews)
    print(f"\n{connection.vendor}: {films:,} films, {people:,} people, {reviews:,} reviews\n")
    print("| page | median ms | worst ms | queries |")
    print("| --- | ---: | ---: | ---: |")
    client = Client()
    for name, url in pages():
        median, worst, queries = measure(client, url, args.repeat)
        print(f"| {name} | {median:.1f} | {worst:.1f} | {queries} |")

    runs, peak_mb = bench_import(args.import_titles)
    for label, (elapsed, rows) in zip(("first import", "second import"), runs, strict=True):
        print(
            f"\nimport_imdb, {label}: {rows:,} rows ({args.import_titles:,} titles) in "
            f"{elapsed:.1f} s = {rows / elapsed:,.0f} rows/s"
        )
    print(f"peak memory of this process: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
