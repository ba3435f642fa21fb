"""`manage.py generate_catalog --films N --reviews M`: a synthetic catalog for demos and benchmarks.

Films with genres, years, certificates and runtimes; three people per film on average with a
director, a writer and billed cast; users; reviews of realistic lengths and ratings. Rows go in
with bulk inserts, and the films' stored review and rating figures are computed in one
statement at the end. It lives in the project package because it writes to both apps.
"""

import random
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Model

from catalog.models import Certificate, Credit, Film, Genre, Person
from catalog.statistics import analyze
from filmsite.pagecache.versions import bump_film_ids
from reviews.models import Rating, Review
from reviews.services import refresh_film_ratings

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


class Command(BaseCommand):
    help = "Fill the database with a synthetic catalog: films, people, credits, users, reviews."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--films", type=int, required=True)
        parser.add_argument("--reviews", type=int, default=0)
        parser.add_argument("--people", type=int, help="default: three per film")
        parser.add_argument("--seed", type=int, default=1995, help="random seed, for repeatability")

    def handle(
        self, films: int, reviews: int, people: int | None, seed: int, **options: Any
    ) -> None:
        if films < 1 or reviews < 0:
            raise CommandError("--films must be at least 1 and --reviews at least 0")
        people = people or films * 3
        self.random = random.Random(seed)
        self.run_id = f"g{seed}-{int(time.time())}"
        started = time.monotonic()
        with transaction.atomic():
            genres = self.make_genres()
            film_ids = self.make_films(films, genres)
            person_ids = self.make_people(people)
            self.make_credits(film_ids, person_ids)
            user_ids = self.make_users(reviews, len(film_ids))
            self.make_reviews(reviews, film_ids, user_ids)
            refresh_film_ratings(Film.objects.all())
            # Reviews go to the new films only, so no other film's pages change.
            bump_film_ids(film_ids)
        analyze(Film, Film.genres.through, Person, Credit, get_user_model(), Review, Rating)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Generated {films:,} films, {people:,} people, {reviews:,} reviews in {elapsed:.1f} s"
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

    def make_users(self, reviews: int, films: int) -> list[int]:
        # Enough readers that each writes about twenty reviews, and one review per film each.
        count = max(1, reviews // 20, -(-reviews // films))
        if count % 7919 == 0:
            count += 1
        users = [
            get_user_model()(username=f"{self.run_id}-reader-{n}", password="!")
            for n in range(count)
        ]
        return self._bulk(get_user_model(), users)

    def make_reviews(self, count: int, film_ids: list[int], user_ids: list[int]) -> None:
        rnd = self.random
        films, users = len(film_ids), len(user_ids)
        reviews: list[Review] = []
        ratings: list[Rating] = []
        for n in range(count):
            film_index, round_ = n % films, n // films
            # Distinct readers for each film: 7919 is prime and does not divide `users`.
            author = user_ids[(round_ * 7919 + film_index) % users]
            words = int(min(2000, rnd.lognormvariate(4.6, 0.7)))
            film_id = film_ids[film_index]
            reviews.append(
                Review(
                    film_id=film_id,
                    author_id=author,
                    body=" ".join(rnd.choices(WORDS, k=max(words, 5))).capitalize() + ".",
                    contains_spoilers=rnd.random() < 0.05,
                )
            )
            score = min(10, max(1, round(rnd.gauss(6.8, 2))))
            ratings.append(Rating(film_id=film_id, member_id=author, score=score))
            if len(reviews) == BATCH:
                Review.objects.bulk_create(reviews)
                Rating.objects.bulk_create(ratings)
                reviews, ratings = [], []
        Review.objects.bulk_create(reviews)
        Rating.objects.bulk_create(ratings)
