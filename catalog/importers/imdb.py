"""Importing the IMDb non-commercial dataset files (title.basics.tsv and friends).

The format: UTF-8, tab-separated, one header line, `\\N` for null, comma-separated lists, no
quoting. Files may be plain or gzipped. Rows stream through in batches, each written in one
transaction with upserts keyed on `tconst` and `nconst`, so memory stays flat, a second run
updates instead of duplicating, and an interrupted run leaves no half-written batch.

Order: titles (of the chosen types), their IMDb ratings, principal cast and crew (which create
the people they name), then names, which fill in those people. People nobody is credited with
are not imported.
"""

import gzip
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from catalog.models import Credit, Film, Genre, Person, film_slug
from catalog.statistics import analyze

from .writers import writer_for_database

NULL = "\\N"
BATCH_SIZE = 10_000
DEFAULT_TYPES = ("movie",)

FILES = {
    "basics": "title.basics.tsv",
    "ratings": "title.ratings.tsv",
    "principals": "title.principals.tsv",
    "crew": "title.crew.tsv",
    "names": "name.basics.tsv",
}
COLUMNS = {
    "basics": [
        "tconst",
        "titleType",
        "primaryTitle",
        "originalTitle",
        "isAdult",
        "startYear",
        "endYear",
        "runtimeMinutes",
        "genres",
    ],
    "ratings": ["tconst", "averageRating", "numVotes"],
    "principals": ["tconst", "ordering", "nconst", "category", "job", "characters"],
    "crew": ["tconst", "directors", "writers"],
    "names": [
        "nconst",
        "primaryName",
        "birthYear",
        "deathYear",
        "primaryProfession",
        "knownForTitles",
    ],
}
CREW_COLUMNS = ((Credit.Kind.DIRECTOR, "directors"), (Credit.Kind.WRITER, "writers"))
CATEGORY_KINDS = {
    "actor": Credit.Kind.CAST,
    "actress": Credit.Kind.CAST,
    "self": Credit.Kind.CAST,
    "director": Credit.Kind.DIRECTOR,
    "writer": Credit.Kind.WRITER,
    "producer": Credit.Kind.PRODUCER,
    "composer": Credit.Kind.COMPOSER,
    "cinematographer": Credit.Kind.CINEMATOGRAPHER,
    "editor": Credit.Kind.EDITOR,
}


class ImportFailed(Exception):
    """A file the import cannot go on without is missing or unreadable."""


class MalformedRow(ValueError):
    pass


@dataclass
class FileReport:
    name: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: Counter = field(default_factory=Counter)
    found: bool = True


@dataclass
class Report:
    files: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)

    def file(self, key):
        return self.files.setdefault(key, FileReport(FILES[key]))


def find_file(directory, key):
    """The plain or gzipped file for `key` in `directory`, or None."""
    for candidate in (FILES[key], FILES[key] + ".gz"):
        path = Path(directory) / candidate
        if path.is_file():
            return path
    return None


def read_rows(path, key):
    """Yield (line number, {column: value or None}); raise MalformedRow for a bad line."""
    opener = gzip.open if path.suffix == ".gz" else open
    columns = COLUMNS[key]
    try:
        with opener(path, "rt", encoding="utf-8", newline="\n") as lines:
            header = lines.readline().rstrip("\n").split("\t")
            if header != columns:
                raise ImportFailed(
                    f"{path.name}: the header is not that of {FILES[key]} "
                    f"(expected {', '.join(columns)})"
                )
            for number, line in enumerate(lines, start=2):
                values = line.rstrip("\n").split("\t")
                if len(values) != len(columns):
                    yield number, MalformedRow(f"{len(values)} columns instead of {len(columns)}")
                    continue
                yield (
                    number,
                    {
                        column: (None if value == NULL else value)
                        for column, value in zip(columns, values, strict=True)
                    },
                )
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise ImportFailed(f"{path.name}: cannot be read ({error})") from error


def to_int(value, name, low=None, high=None):
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise MalformedRow(f"{name} is not a whole number: {value!r}") from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise MalformedRow(f"{name} out of range: {number}")
    return number


def to_list(value):
    return [item for item in (value or "").split(",") if item]


class Importer:
    def __init__(self, directory, types=DEFAULT_TYPES, batch_size=BATCH_SIZE, progress=None):
        self.directory = Path(directory)
        self.types = set(types)
        self.batch_size = batch_size
        self.progress = progress or (lambda message: None)
        self.report = Report()
        self.writer = writer_for_database()

    def run(self):
        if not self.directory.is_dir():
            raise ImportFailed(f"{self.directory} is not a directory")
        if find_file(self.directory, "basics") is None:
            raise ImportFailed(f"{FILES['basics']} (or .gz) is missing from {self.directory}")
        for key, step in (
            ("basics", self.import_titles),
            ("ratings", self.import_ratings),
            ("principals", self.import_principals),
            ("crew", self.import_crew),
            ("names", self.import_names),
        ):
            path = find_file(self.directory, key)
            if path is None:
                self.report.file(key).found = False
                continue
            self._stream(path, key, step)
        analyze(Film, Film.genres.through, Genre, Person, Credit)
        return self.report

    def _stream(self, path, key, step):
        report = self.report.file(key)
        started = time.monotonic()
        batch = []
        for number, row in read_rows(path, key):
            report.rows += 1
            if isinstance(row, MalformedRow):
                self._skip(report, path, number, str(row))
                continue
            batch.append((number, row))
            if len(batch) >= self.batch_size:
                self._write(step, batch, report, path)
                batch = []
                elapsed = max(time.monotonic() - started, 1e-9)
                self.progress(
                    f"{path.name}: {report.rows:,} rows, {report.rows / elapsed:,.0f} rows/s"
                )
        if batch:
            self._write(step, batch, report, path)
        elapsed = max(time.monotonic() - started, 1e-9)
        self.progress(
            f"{path.name}: {report.rows:,} rows in {elapsed:.1f} s "
            f"({report.rows / elapsed:,.0f} rows/s)"
        )

    def _write(self, step, batch, report, path):
        with transaction.atomic():
            step(batch, report, path)

    def _skip(self, report, path, number, reason):
        report.skipped[reason.split(":")[0]] += 1
        if len(self.report.problems) < 1000:
            self.report.problems.append(f"{path.name}:{number}: {reason}")

    # Titles -----------------------------------------------------------------------------

    def import_titles(self, batch, report, path):
        films, genre_names = {}, {}
        for number, row in batch:
            if row["titleType"] not in self.types:
                report.skipped[f"title type not imported ({row['titleType']})"] += 1
                continue
            try:
                year = to_int(row["startYear"], "startYear", 1870, 2200)
                runtime = to_int(row["runtimeMinutes"], "runtimeMinutes", 1, 30000)
            except MalformedRow as error:
                self._skip(report, path, number, str(error))
                continue
            if not row["primaryTitle"]:
                self._skip(report, path, number, "primaryTitle is empty")
                continue
            title = row["primaryTitle"][:300]
            original = (row["originalTitle"] or "")[:300]
            films[row["tconst"]] = Film(
                tconst=row["tconst"],
                title=title,
                original_title="" if original == title else original,
                year=year,
                runtime_minutes=runtime,
                status=Film.Status.PUBLISHED,
            )
            genre_names[row["tconst"]] = to_list(row["genres"])
        if not films:
            return
        self._adopt_films_without_imdb_id(films)
        existing = dict(Film.objects.filter(tconst__in=films).values_list("tconst", "slug"))
        self._assign_film_slugs(films, existing)
        self.writer.upsert_films(list(films.values()))
        report.created += len(films) - len(existing)
        report.updated += len(existing)
        self._set_genres(genre_names)

    def _adopt_films_without_imdb_id(self, films):
        """A film an editor entered by hand (same title and year, no IMDb id) is this one."""
        by_slug: dict[str, list[str]] = {}
        for tconst, film in films.items():
            by_slug.setdefault(film_slug(film.title, film.year), []).append(tconst)
        for film in Film.objects.filter(slug__in=by_slug, tconst__isnull=True).only("pk", "slug"):
            if len(by_slug[film.slug]) == 1:
                Film.objects.filter(pk=film.pk).update(tconst=by_slug[film.slug][0])

    def _assign_film_slugs(self, films, existing):
        wanted: dict[str, list[str]] = {}
        for tconst, film in films.items():
            film.slug = existing.get(tconst) or film_slug(film.title, film.year)[:300]
            wanted.setdefault(film.slug, []).append(tconst)
        taken = dict(Film.objects.filter(slug__in=wanted).values_list("slug", "tconst"))
        for slug, tconsts in wanted.items():
            for tconst in tconsts:
                owner = taken.setdefault(slug, tconst)
                if owner != tconst:  # another film has this title and year
                    films[tconst].slug = f"{slug}-{tconst}"

    def _set_genres(self, genre_names):
        names = {name for names in genre_names.values() for name in names}
        genres = {genre.name: genre for genre in Genre.objects.filter(name__in=names)}
        missing = [Genre(name=name, slug=slugify(name)) for name in names - genres.keys()]
        Genre.objects.bulk_create(missing, ignore_conflicts=True)
        genres = {genre.name: genre for genre in Genre.objects.filter(name__in=names)}
        ids = dict(Film.objects.filter(tconst__in=genre_names).values_list("tconst", "pk"))
        through = Film.genres.through
        through.objects.filter(film_id__in=ids.values()).delete()
        through.objects.bulk_create(
            through(film_id=ids[tconst], genre_id=genres[name].pk)
            for tconst, names in genre_names.items()
            for name in dict.fromkeys(names)
        )

    def import_ratings(self, batch, report, path):
        ratings = {}
        for number, row in batch:
            try:
                rating = Decimal(row["averageRating"] or "")
                votes = to_int(row["numVotes"], "numVotes", 0)
                if not Decimal(0) <= rating <= Decimal(10):
                    raise MalformedRow(f"averageRating out of range: {rating}")
            except InvalidOperation:
                self._skip(
                    report, path, number, f"averageRating is not a number: {row['averageRating']!r}"
                )
                continue
            except MalformedRow as error:
                self._skip(report, path, number, str(error))
                continue
            ratings[row["tconst"]] = (rating, votes)
        updated = self.writer.update_ratings(ratings)
        report.updated += updated
        if len(ratings) > updated:
            report.skipped["title not imported"] += len(ratings) - updated

    # Credits and people -------------------------------------------------------------------

    def import_principals(self, batch, report, path):
        credits = []
        for number, row in batch:
            kind = CATEGORY_KINDS.get(row["category"])
            if kind is None:
                report.skipped[f"category not imported ({row['category']})"] += 1
                continue
            try:
                order = to_int(row["ordering"], "ordering", 0, 32767) or 0
                characters = json.loads(row["characters"]) if row["characters"] else []
                if not isinstance(characters, list):
                    raise MalformedRow("characters is not a list")
            except (MalformedRow, json.JSONDecodeError) as error:
                self._skip(report, path, number, f"characters or ordering: {error}")
                continue
            character = " / ".join(str(c) for c in characters)[:300] if kind == "cast" else ""
            credits.append((row["tconst"], row["nconst"], kind, character, order))
        self._write_credits(credits, report)

    def import_crew(self, batch, report, path):
        credits = []
        for _, row in batch:
            for kind, column in (
                (Credit.Kind.DIRECTOR, "directors"),
                (Credit.Kind.WRITER, "writers"),
            ):
                credits += [(row["tconst"], nconst, kind, "", 0) for nconst in to_list(row[column])]
        self._write_credits(credits, report)

    def _write_credits(self, credits, report):
        films = dict(
            Film.objects.filter(tconst__in={c[0] for c in credits}).values_list("tconst", "pk")
        )
        imported = [c for c in credits if c[0] in films]
        if len(credits) > len(imported):
            report.skipped["title not imported"] += len(credits) - len(imported)
        credits = imported
        people = self._people_for({c[1] for c in credits})
        rows = {
            (films[tconst], people[nconst], kind, character): order
            for tconst, nconst, kind, character, order in credits
        }
        created, updated = self.writer.upsert_credits(rows)
        report.created += created
        report.updated += updated

    def _people_for(self, nconsts):
        """{nconst: person id}, creating a placeholder for anyone not yet known."""
        known = dict(Person.objects.filter(nconst__in=nconsts).values_list("nconst", "pk"))
        Person.objects.bulk_create(
            [Person(nconst=n, name=n, slug=n) for n in nconsts - known.keys()],
            ignore_conflicts=True,
        )
        return dict(Person.objects.filter(nconst__in=nconsts).values_list("nconst", "pk"))

    def _adopted(self, placeholder, details):
        """Merge `placeholder` into a person an editor entered by hand under the same name.

        Returns True when it did: the hand-entered row takes the IMDb id and the credits.
        """
        name, birth, death = details
        match = Person.objects.filter(
            nconst__isnull=True, name=name, slug=slugify(name)[:200]
        ).first()
        if match is None:
            return False
        for credit in Credit.objects.filter(person=placeholder):
            duplicate = Credit.objects.filter(
                film_id=credit.film_id, person=match, kind=credit.kind, character=credit.character
            )
            if duplicate.exists():
                credit.delete()
            else:
                Credit.objects.filter(pk=credit.pk).update(person=match)
        placeholder.delete()
        Person.objects.filter(pk=match.pk).update(
            nconst=placeholder.nconst, birth_year=birth, death_year=death
        )
        return True

    def import_names(self, batch, report, path):
        rows = {}
        for number, row in batch:
            try:
                birth = to_int(row["birthYear"], "birthYear", 1, 2200)
                death = to_int(row["deathYear"], "deathYear", 1, 2200)
            except MalformedRow as error:
                self._skip(report, path, number, str(error))
                continue
            if not row["primaryName"]:
                self._skip(report, path, number, "primaryName is empty")
                continue
            rows[row["nconst"]] = (row["primaryName"][:200], birth, death)
        people = list(Person.objects.filter(nconst__in=rows))
        if len(rows) > len(people):
            report.skipped["person not credited in an imported title"] += len(rows) - len(people)
        hand_entered = set(
            Person.objects.filter(
                nconst__isnull=True, name__in={name for name, _, _ in rows.values()}
            ).values_list("name", flat=True)
        )
        remaining = [
            person
            for person in people
            if rows[person.nconst][0] not in hand_entered
            or not self._adopted(person, rows[person.nconst])
        ]
        report.updated += len(people) - len(remaining)
        people = remaining
        wanted: dict[str, list[Person]] = {}
        for person in people:
            name, person.birth_year, person.death_year = rows[person.nconst]
            if person.name != name or person.slug == person.nconst:
                person.name = name
                person.slug = slugify(name)[:200] or person.nconst  # type: ignore[assignment]
            wanted.setdefault(person.slug, []).append(person)
        taken = dict(Person.objects.filter(slug__in=wanted).values_list("slug", "nconst"))
        for slug, owners in wanted.items():
            for person in owners:
                if taken.setdefault(slug, person.nconst) != person.nconst:
                    person.slug = f"{slug}-{person.nconst}"
        self.writer.update_people(people)
        report.updated += len(people)
