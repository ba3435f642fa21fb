"""`manage.py generate_catalog --films N --reviews M`: a synthetic catalog for demos and benchmarks.

Films with genres, years, certificates and runtimes; three people per film on average with a
director, a writer and billed cast; members; reviews of realistic lengths, each beside its
author's rating of the film; helpful votes. Reviews crowd onto a few films as on real sites
(Zipf's law by popularity, `--max-reviews-per-film` caps them) and votes onto the popular films'
reviews, so benchmarks see the films that real traffic hits. The same `--seed` makes the same
catalog. Films, people and members go in with bulk inserts, reviews, ratings and votes with COPY
on PostgreSQL; the films' stored figures are computed at the end in one place
(`refresh_stored_figures`). It lives in the project package because it writes to both apps.
"""

import random
import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone

from catalog.models import Certificate, Credit, Film, Genre, Person
from catalog.statistics import analyze
from filmsite.pagecache.versions import bump_film_ids
from reviews.models import HelpfulVote, Rating, Review
from reviews.services import refresh_stored_figures

GENRES = [
    "Action", "Adventure", "Animation", "Biography", "Comedy", "Crime", "Documentary",
    "Drama", "Family", "Fantasy", "History", "Horror", "Music", "Mystery", "Romance",
    "Sci-Fi", "Sport", "Thriller", "War", "Western",
]  # fmt: skip
WORDS = [
    "film",
    "story",
    "performance",
    "cast",
    "director",
    "scene",
    "ending",
    "script",
    "camera",
    "light",
    "music",
    "night",
    "city",
    "love",
    "loss",
    "road",
    "house",
    "family",
    "friend",
    "war",
    "money",
    "dream",
    "truth",
    "lie",
    "memory",
    "time",
    "heart",
    "fire",
    "water",
    "slow",
    "quiet",
    "brilliant",
    "tender",
    "brutal",
    "funny",
    "strange",
    "honest",
    "beautiful",
    "bleak",
    "warm",
    "cold",
    "long",
    "watch",
    "again",
    "believe",
    "remember",
    "feel",
    "lose",
    "find",
    "leave",
    "return",
    "begin",
    "end",
    "never",
    "always",
    "almost",
]
FIRST = [
    "Anna",
    "Ben",
    "Carla",
    "David",
    "Elena",
    "Frank",
    "Grace",
    "Hugo",
    "Iris",
    "Jack",
    "Kate",
    "Leo",
    "Mia",
    "Nick",
    "Olga",
    "Paul",
]
LAST = [
    "Adams",
    "Brook",
    "Cole",
    "Dunn",
    "Ellis",
    "Ford",
    "Gray",
    "Hale",
    "Irwin",
    "Jones",
    "Kerr",
    "Lane",
    "Moss",
    "Nash",
    "Owen",
    "Park",
]
BATCH = 5000
# The share of reviews spread evenly over all films, so that even the least popular has a few;
# the rest go by popularity rank r in proportion to 1 / r ** zipf_exponent.
EVEN_SHARE = 0.2
# Reviews are dated over the ten years before the catalog is made.
REVIEW_SPAN = timedelta(days=3650)
# A prime that must not divide the number of members: a film's j-th review is by member
# (j * AUTHOR_STRIDE + film's index) mod members, distinct for every j below that number.
AUTHOR_STRIDE = 7919
HELPFUL_SHARE = 0.8


def apportion(total: int, weights: Sequence[float], cap: int | None = None) -> list[int]:
    """Split `total` into whole shares in proportion to positive `weights`, none above `cap`.

    Shares that would pass the cap are held at it and the rest is shared again among the others
    (water filling); the largest remainders round, so the shares add up to `total` exactly.
    """
    limit = total if cap is None else cap
    if total > limit * len(weights):
        raise ValueError(f"{total} cannot be shared among {len(weights)} with at most {cap} each")
    shares = [0] * len(weights)
    uncapped = list(range(len(weights)))
    remaining = total
    exact: dict[int, float] = {}
    while uncapped and remaining:
        mass = sum(weights[i] for i in uncapped)
        exact = {i: remaining * weights[i] / mass for i in uncapped}
        over = [i for i in uncapped if exact[i] >= limit]
        if not over:
            break
        for i in over:
            shares[i] = limit
        remaining -= len(over) * limit
        uncapped = [i for i in uncapped if exact[i] < limit]
        exact = {}
    for i, value in exact.items():
        shares[i] = int(value)
    leftover = total - sum(shares)
    by_remainder = sorted(exact, key=lambda i: (exact[i] - int(exact[i]), -i), reverse=True)
    for i in by_remainder[:leftover]:
        shares[i] += 1
    return shares


def popularity(films: int, zipf_exponent: float) -> list[float]:
    """Weights by popularity rank (most popular first): Zipf's law plus an even share."""
    zipf = [1 / rank**zipf_exponent for rank in range(1, films + 1)]
    even = sum(zipf) * EVEN_SHARE / (1 - EVEN_SHARE) / films
    return [weight + even for weight in zipf]


def copy_rows(model: type[Model], fields: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert `rows` (values of `fields`, in order) with COPY on PostgreSQL, INSERTs elsewhere.

    Unlike `bulk_create`, keeps the given `created` and `updated` times, and builds no objects.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    column = {field.name: field.column for field in model._meta.concrete_fields if field.column}
    columns = ", ".join(connection.ops.quote_name(column[name]) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        adapt = connection.ops.adapt_datetimefield_value
        values = [
            tuple(adapt(value) if isinstance(value, datetime) else value for value in row)
            for row in rows
        ]
        placeholders = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic catalog: films, people, credits, members, reviews "
        "with their ratings, helpful votes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--films", type=int, required=True)
        parser.add_argument("--reviews", type=int, default=0)
        parser.add_argument("--people", type=int, help="default: three per film")
        parser.add_argument(
            "--votes", type=int, help="helpful votes on the reviews; default: one per review"
        )
        parser.add_argument(
            "--max-reviews-per-film",
            type=int,
            metavar="K",
            help="no film gets more than K reviews (the rest go to the others)",
        )
        parser.add_argument(
            "--zipf-exponent",
            type=float,
            default=1.0,
            help="how steeply reviews fall with a film's popularity rank; 0 spreads them evenly",
        )
        parser.add_argument("--seed", type=int, default=1995, help="random seed, for repeatability")

    def handle(
        self,
        films: int,
        reviews: int,
        people: int | None,
        votes: int | None,
        max_reviews_per_film: int | None,
        zipf_exponent: float,
        seed: int,
        **options: Any,
    ) -> None:
        if films < 1 or reviews < 0 or (votes or 0) < 0 or zipf_exponent < 0:
            raise CommandError(
                "--films must be at least 1, --reviews and --votes at least 0, "
                "--zipf-exponent not negative"
            )
        cap = max_reviews_per_film
        if cap is not None and (cap < 0 or reviews > cap * films):
            raise CommandError(
                f"{reviews:,} reviews do not fit on {films:,} films "
                f"with at most {cap:,} each (--max-reviews-per-film)"
            )
        people = people or films * 3
        votes = reviews if votes is None else votes
        self.random = random.Random(seed)
        self.run_id = f"g{seed}-{int(time.time())}"
        self.anchor = timezone.now()
        started = time.monotonic()
        counts = apportion(reviews, popularity(films, zipf_exponent), cap)
        self.random.shuffle(counts)  # popularity is not creation order
        with transaction.atomic():
            genres = self.make_genres()
            film_ids = self.make_films(films, genres)
            person_ids = self.make_people(people)
            self.make_credits(film_ids, person_ids)
            user_ids = self.make_users(reviews, max(counts))
            review_ids = self.make_reviews(counts, film_ids, user_ids)
            votes = self.make_votes(votes, counts, review_ids, user_ids)
            refresh_stored_figures(Film.objects.filter(pk__gte=min(film_ids)))
            # Reviews go to the new films only, so no other film's pages change.
            bump_film_ids(film_ids)
        analyze(
            Film, Film.genres.through, Person, Credit, get_user_model(), Review, Rating, HelpfulVote
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Generated {films:,} films, {people:,} people, {reviews:,} reviews "
            f"(at most {max(counts):,} on a film), {votes:,} helpful votes in {elapsed:.1f} s"
        )

    def _bulk[M: Model](self, model: type[M], objects: list[M]) -> list[int]:
        created: list[M] = []
        for start in range(0, len(objects), BATCH):
            created += model._default_manager.bulk_create(objects[start : start + BATCH])
        return [obj.pk for obj in created]

    def make_genres(self) -> list[Genre]:
        Genre.objects.bulk_create(
            [Genre(name=name, slug=name.lower()) for name in GENRES], ignore_conflicts=True
        )
        return list(Genre.objects.filter(name__in=GENRES))

    def make_films(self, count: int, genres: list[Genre]) -> list[int]:
        rnd = self.random
        certificates = [c for c, _ in Certificate.choices]
        films = [
            Film(
                title=" ".join(rnd.choice(WORDS).capitalize() for _ in range(rnd.randint(1, 4))),
                slug=f"{self.run_id}-film-{n}",
                year=rnd.randint(1920, 2025),
                certificate=rnd.choice(certificates),
                runtime_minutes=rnd.randint(70, 200),
                plot=" ".join(rnd.choices(WORDS, k=40)).capitalize() + ".",
                status=Film.Status.PUBLISHED,
            )
            for n in range(count)
        ]
        ids = self._bulk(Film, films)
        through = Film.genres.through
        links = [
            through(film_id=film_id, genre_id=genre.pk)
            for film_id in ids
            for genre in rnd.sample(genres, rnd.randint(1, 3))
        ]
        self._bulk(through, links)
        return ids

    def make_people(self, count: int) -> list[int]:
        rnd = self.random
        people = [
            Person(name=f"{rnd.choice(FIRST)} {rnd.choice(LAST)}", slug=f"{self.run_id}-person-{n}")
            for n in range(count)
        ]
        return self._bulk(Person, people)

    def make_credits(self, film_ids: list[int], person_ids: list[int]) -> None:
        rnd = self.random
        credits: list[Credit] = []
        for film_id in film_ids:
            cast = rnd.sample(person_ids, 3)
            director, writer = rnd.choice(person_ids), rnd.choice(person_ids)
            credits.append(Credit(film_id=film_id, person_id=director, kind="director"))
            if writer != director:
                credits.append(Credit(film_id=film_id, person_id=writer, kind="writer"))
            credits += [
                Credit(
                    film_id=film_id,
                    person_id=person_id,
                    kind="cast",
                    character=rnd.choice(FIRST),
                    billing_order=order,
                )
                for order, person_id in enumerate(cast, start=1)
            ]
        self._bulk(Credit, credits)

    def make_users(self, reviews: int, most_on_a_film: int) -> list[int]:
        # Enough members that each writes about twenty reviews, and the most reviewed film's
        # reviews are all by different members.
        count = max(1, reviews // 20, most_on_a_film)
        if count % AUTHOR_STRIDE == 0:
            count += 1
        users = [
            get_user_model()(username=f"{self.run_id}-reader-{n}", password="!")
            for n in range(count)
        ]
        return self._bulk(get_user_model(), users)

    def make_reviews(
        self, counts: list[int], film_ids: list[int], user_ids: list[int]
    ) -> list[int]:
        """Write counts[i] reviews of film i, each with its author's rating; their ids in order.

        A film's reviews are consecutive in the returned list, in the order of `counts`.
        """
        rnd = self.random
        users = len(user_ids)
        before = Review.objects.aggregate(last=Max("pk"))["last"] or 0
        reviews: list[tuple[Any, ...]] = []
        ratings: list[tuple[Any, ...]] = []
        for film_index, (film_id, count) in enumerate(zip(film_ids, counts, strict=True)):
            liking = rnd.gauss(6.6, 1.2)  # how well members like this film on the whole
            for j in range(count):
                author = user_ids[(j * AUTHOR_STRIDE + film_index) % users]
                created = self.anchor - REVIEW_SPAN * rnd.random()
                words = int(min(2000, rnd.lognormvariate(4.6, 0.7)))
                headline = (
                    " ".join(rnd.choices(WORDS, k=rnd.randint(2, 6))).capitalize()
                    if rnd.random() < 0.6
                    else ""
                )
                body = " ".join(rnd.choices(WORDS, k=max(words, 5))).capitalize() + "."
                spoilers = rnd.random() < 0.05
                reviews.append((film_id, author, headline, body, spoilers, False, created, created))
                score = min(10, max(1, round(rnd.gauss(liking, 1.8))))
                ratings.append((film_id, author, score, created, created))
                if len(reviews) == BATCH:
                    self._write_reviews(reviews, ratings)
                    reviews, ratings = [], []
        self._write_reviews(reviews, ratings)
        written = Review.objects.filter(pk__gt=before).order_by("pk")
        return list(written.values_list("pk", flat=True).iterator(chunk_size=BATCH * 4))

    def _write_reviews(
        self, reviews: list[tuple[Any, ...]], ratings: list[tuple[Any, ...]]
    ) -> None:
        fields = ["film", "author", "headline", "body", "contains_spoilers", "is_hidden"]
        copy_rows(Review, [*fields, "created", "updated"], reviews)
        copy_rows(Rating, ["film", "member", "score", "created", "updated"], ratings)

    def make_votes(
        self, total: int, counts: list[int], review_ids: list[int], user_ids: list[int]
    ) -> int:
        """Helpful votes, most on the popular films' first reviews; how many were written.

        A film gets votes in proportion to its reviews to the power 1.5, so the popular films'
        reviews get more each; within a film a few reviews get most. The voters of a review
        are distinct members other than its author, fewer than all members.
        """
        if total == 0 or not review_ids:
            return 0
        rnd = self.random
        users = len(user_ids)
        per_film = apportion(total, [count**1.5 for count in counts])
        votes: list[tuple[Any, ...]] = []
        written = 0
        first = 0  # the film's first review in `review_ids`
        for film_index, (count, film_votes) in enumerate(zip(counts, per_film, strict=True)):
            received: dict[int, int] = {}
            for _ in range(film_votes):
                j = int(count * rnd.random() ** 3)
                k = received.get(j, 0)
                if k >= users - 1:
                    continue  # every other member has voted on this review
                received[j] = k + 1
                author = (j * AUTHOR_STRIDE + film_index) % users
                voter = user_ids[(author + 1 + k) % users]
                helpful = rnd.random() < HELPFUL_SHARE
                votes.append((review_ids[first + j], voter, helpful, self.anchor, self.anchor))
                if len(votes) == BATCH:
                    written += self._write_votes(votes)
                    votes = []
            first += count
        return written + self._write_votes(votes)

    def _write_votes(self, votes: list[tuple[Any, ...]]) -> int:
        copy_rows(HelpfulVote, ["review", "voter", "is_helpful", "created", "updated"], votes)
        return len(votes)
