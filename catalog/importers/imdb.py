"""Importing the IMDb non-commercial dataset files (title.basics.tsv and friends).

The format: UTF-8, tab-separated, one header line, `\\N` for null, comma-separated lists, no
quoting. Files may be plain or gzipped. Rows stream through in batches, each written in one
transaction with upserts keyed on `tconst` and `nconst`, so memory stays flat, a second run
updates instead of duplicating, and an interrupted run leaves no half-written batch.

Order: titles (of the chosen types), their IMDb ratings, their other titles (akas),
principal cast and crew (which create
the people they name), then names, which fill in those people. People nobody is credited with
are not imported.
"""

import gzip
import json
import time
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import CharField, Model, Q
from django.utils import timezone
from django.utils.text import slugify

from catalog.models import (
    AlternativeTitle,
    Credit,
    Film,
    FormerPersonSlug,
    Genre,
    MergedFilmId,
    MergedPersonId,
    Person,
    film_slug,
    readable_slug,
)
from catalog.statistics import analyze
from filmsite.pagecache.versions import bump, bump_film_ids
from filmsite.stamps import touch

from .writers import FILM_UPDATE_FIELDS, CreditRows, writer_for_database

NULL = "\\N"
# Of Person.slug's 220 characters: room left for a suffix, "-nm1234567890".
PERSON_SLUG_LENGTH = 200
BATCH_SIZE = 10_000
DEFAULT_TYPES = ("movie",)

FILES = {
    "basics": "title.basics.tsv",
    "ratings": "title.ratings.tsv",
    "akas": "title.akas.tsv",
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
    "akas": [
        "titleId",
        "ordering",
        "title",
        "region",
        "language",
        "types",
        "attributes",
        "isOriginalTitle",
    ],
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


# One line of a dataset file, {column: value}, None for `\N`; a batch keeps their line numbers.
Row = dict[str, str | None]
Batch = list[tuple[int, Row]]
# (tconst, nconst, credit kind, character, billing order) from a principals or crew row.
ParsedCredit = tuple[str, str, str, str, int]
# (name, birth year, death year) from a name.basics row, by nconst.
PersonDetails = tuple[str, int | None, int | None]


class ImportFailed(Exception):
    """A file the import cannot go on without is missing or unreadable."""


class MalformedRow(ValueError):
    """A row that breaks the format or a column's limits: skipped and reported as file:line."""


class RowLeftOut(Exception):
    """A well-formed row this import does not take (a title type not asked for): only counted."""


@dataclass
class FileReport:
    name: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    found: bool = True


@dataclass
class Report:
    files: dict[str, FileReport] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def file(self, key: str) -> FileReport:
        return self.files.setdefault(key, FileReport(FILES[key]))


def find_file(directory: str | Path, key: str) -> Path | None:
    """The plain or gzipped file for `key` in `directory`, or None."""
    for candidate in (FILES[key], FILES[key] + ".gz"):
        path = Path(directory) / candidate
        if path.is_file():
            return path
    return None


def read_rows(path: Path, key: str) -> Iterator[tuple[int, Row | MalformedRow]]:
    """Yield (line number, {column: value or None}), or (line number, MalformedRow) for a bad line.

    Lines are decoded one by one, so an invalid byte costs only its own line.
    """
    opener = gzip.open if path.suffix == ".gz" else open
    columns = COLUMNS[key]
    try:
        with opener(path, "rb") as lines:
            header = lines.readline().decode("utf-8", "replace").rstrip("\n").split("\t")
            if header != columns:
                raise ImportFailed(
                    f"{path.name}: the header is not that of {FILES[key]} "
                    f"(expected {', '.join(columns)})"
                )
            for number, line in enumerate(lines, start=2):
                row: Row | MalformedRow
                try:
                    row = parse_line(line, columns)
                except MalformedRow as error:
                    row = error
                yield number, row
    except (OSError, EOFError, zlib.error) as error:
        raise ImportFailed(f"{path.name}: cannot be read ({error})") from error


def parse_line(line: bytes, columns: list[str]) -> Row:
    """{column: value, None for `\\N`} from one line of a dataset file."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MalformedRow(f"not UTF-8: byte {error.object[error.start]:#04x}") from None
    if "\0" in text:  # PostgreSQL's text cannot hold it
        raise MalformedRow("contains a NUL character")
    values = text.rstrip("\n").split("\t")
    if len(values) != len(columns):
        raise MalformedRow(f"{len(values)} columns instead of {len(columns)}")
    return {
        column: (None if value == NULL else value)
        for column, value in zip(columns, values, strict=True)
    }


def to_int(
    value: str | None, name: str, low: int | None = None, high: int | None = None
) -> int | None:
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise MalformedRow(f"{name} is not a whole number: {value!r}") from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise MalformedRow(f"{name} out of range: {number}")
    return number


def to_id(value: str | None, column: str, model: type[Model]) -> str:
    """An IMDb id (`tconst` or `nconst`) that fits `model`'s column of that name."""
    limit = max_length(model, column)
    if value is None or value in ("", NULL):
        raise MalformedRow(f"{column} is missing")
    if len(value) > limit:
        raise MalformedRow(f"{column} is longer than {limit} characters: {value[:limit]!r}...")
    return value


def max_length(model: type[Model], name: str) -> int:
    """How many characters `model`'s text column `name` holds."""
    column = model._meta.get_field(name)
    if not isinstance(column, CharField) or column.max_length is None:
        raise TypeError(f"{model.__name__}.{name} is not a text column with a length limit")
    return column.max_length


def column_range(model: type[Model], name: str) -> tuple[int, int]:
    """The lowest and highest whole number `model`'s integer column holds on every database."""
    return BaseDatabaseOperations.integer_field_ranges[
        model._meta.get_field(name).get_internal_type()
    ]


def to_genres(value: str | None) -> list[str]:
    """Genre names from a comma-separated list; each must fit a Genre's name and slug."""
    names = to_list(value)
    limit = max_length(Genre, "name")
    slug_limit = max_length(Genre, "slug")
    for name in names:
        slug = slugify(name)
        if len(name) > limit:
            raise MalformedRow(f"genre is longer than {limit} characters: {name[:limit]!r}...")
        if len(slug) > slug_limit:
            raise MalformedRow(f"genre slug is longer than {slug_limit} characters: {slug!r}")
        if not slug:
            raise MalformedRow(f"genre has no letter or digit: {name!r}")
    return names


def to_list(value: str | None) -> list[str]:
    return [item for item in (value or "").split(",") if item]


def parse_rating(row: Row) -> tuple[str, Decimal, int | None]:
    """(tconst, IMDb rating, votes) from a title.ratings row."""
    try:
        rating = Decimal(row["averageRating"] or "")
        votes = to_int(row["numVotes"], "numVotes", *column_range(Film, "imdb_votes"))
        if not Decimal(0) <= rating <= Decimal(10):
            raise MalformedRow(f"averageRating out of range: {rating}")
    except InvalidOperation:
        raise MalformedRow(f"averageRating is not a number: {row['averageRating']!r}") from None
    return to_id(row["tconst"], "tconst", Film), rating, votes


def parse_aka(row: Row) -> tuple[str, AlternativeTitle]:
    """(tconst, AlternativeTitle without its film) from a title.akas row."""
    tconst = to_id(row["titleId"], "tconst", Film)  # IMDb names it titleId here
    ordering = to_int(row["ordering"], "ordering", 1, 1_000_000)
    if ordering is None:
        raise MalformedRow("ordering is missing")
    if not row["title"]:
        raise MalformedRow("title is empty")
    fields = {
        "title": row["title"],
        "region": row["region"] or "",
        "language": row["language"] or "",
        "kinds": (row["types"] or "").replace("\x02", ", "),
    }
    for name, value in fields.items():
        if len(value) > max_length(AlternativeTitle, name):
            limit = max_length(AlternativeTitle, name)
            raise MalformedRow(f"{name} is longer than {limit} characters: {value[:limit]!r}...")
    return tconst, AlternativeTitle(ordering=ordering, **fields)


def parse_principal(row: Row) -> ParsedCredit:
    """(tconst, nconst, credit kind, character, billing order) from a title.principals row."""
    category = row["category"]
    kind = CATEGORY_KINDS.get(category) if category is not None else None
    if kind is None:
        raise RowLeftOut(f"category not imported ({row['category']})")
    tconst = to_id(row["tconst"], "tconst", Film)
    nconst = to_id(row["nconst"], "nconst", Person)
    order = to_int(row["ordering"], "ordering", *column_range(Credit, "billing_order")) or 0
    characters = to_characters(row["characters"])
    character = " / ".join(str(c) for c in characters)[:300] if kind == "cast" else ""
    return tconst, nconst, kind, character, order


def to_characters(value: str | None) -> list[Any]:
    """The JSON list of characters an actor plays, as IMDb writes it: `["Ben Sanderson"]`."""
    try:
        characters = json.loads(value) if value else []
    except json.JSONDecodeError as error:
        raise MalformedRow(f"characters is not JSON: {error}") from None
    except RecursionError:
        # json recurses once per bracket: Python's recursion limit bounds the depth it reads.
        raise MalformedRow("characters is nested too deeply") from None
    if not isinstance(characters, list):
        raise MalformedRow("characters is not a list")
    return characters


def parse_crew(row: Row) -> list[ParsedCredit]:
    """[(tconst, nconst, credit kind, "", 0)] for the directors and writers of a title.crew row."""
    tconst = to_id(row["tconst"], "tconst", Film)
    return [
        (tconst, to_id(nconst, "nconst", Person), kind, "", 0)
        for kind, column in CREW_COLUMNS
        for nconst in to_list(row[column])
    ]


def parse_name(row: Row) -> tuple[str, str, int | None, int | None]:
    """(nconst, name, birth year, death year) from a name.basics row."""
    birth = to_int(row["birthYear"], "birthYear", 1, 2200)
    death = to_int(row["deathYear"], "deathYear", 1, 2200)
    if not row["primaryName"]:
        raise MalformedRow("primaryName is empty")
    return to_id(row["nconst"], "nconst", Person), row["primaryName"][:200], birth, death


def make_slugs_unique[M: (Film, Person)](model: type[M], imdb_id: str, rows: Iterable[M]) -> None:
    """Suffix the IMDb id to a row's slug when another row, in `rows` or stored, has it first.

    `rows` are films or people with their wanted slug set; `imdb_id` names their IMDb id field.
    The IMDb id is unique, so `heat-1995-tt0400002` cannot clash in turn.
    """
    wanted: dict[str, list[M]] = {}
    for row in rows:
        wanted.setdefault(row.slug, []).append(row)
    taken = dict(model.objects.filter(slug__in=wanted).values_list("slug", imdb_id))
    for slug, claimants in wanted.items():
        for row in claimants:
            own_id = getattr(row, imdb_id)
            if taken.setdefault(slug, own_id) != own_id:
                row.slug = f"{slug}-{own_id}"


class Importer:
    def __init__(
        self,
        directory: str | Path,
        types: Iterable[str] = DEFAULT_TYPES,
        batch_size: int = BATCH_SIZE,
        progress: Callable[[str], object] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.types = set(types)
        self.batch_size = batch_size
        self.progress = progress or (lambda message: None)
        self.report = Report()
        self.writer = writer_for_database()

    def run(self) -> Report:
        if not self.directory.is_dir():
            raise ImportFailed(f"{self.directory} is not a directory")
        if find_file(self.directory, "basics") is None:
            raise ImportFailed(f"{FILES['basics']} (or .gz) is missing from {self.directory}")
        for key, step in (
            ("basics", self.import_titles),
            ("ratings", self.import_ratings),
            ("akas", self.import_akas),
            ("principals", self.import_principals),
            ("crew", self.import_crew),
            ("names", self.import_names),
        ):
            path = find_file(self.directory, key)
            if path is None:
                self.report.file(key).found = False
                continue
            self._stream(path, key, step)
        analyze(Film, Film.genres.through, Genre, Person, Credit, AlternativeTitle)
        return self.report

    def _stream(
        self, path: Path, key: str, step: Callable[[Batch, FileReport, Path], None]
    ) -> None:
        report = self.report.file(key)
        started = time.monotonic()
        batch: Batch = []
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

    def _write(
        self,
        step: Callable[[Batch, FileReport, Path], None],
        batch: Batch,
        report: FileReport,
        path: Path,
    ) -> None:
        with transaction.atomic():
            step(batch, report, path)

    def _parsed[T](
        self, batch: Batch, report: FileReport, path: Path, parse: Callable[[Row], T]
    ) -> Iterator[T]:
        """parse(row) for each row of `batch` that `parse` takes.

        A row it leaves out is counted; a malformed one is also reported as file:line.
        """
        for number, row in batch:
            try:
                parsed = parse(row)
            except RowLeftOut as reason:
                report.skipped[str(reason)] += 1
            except MalformedRow as error:
                self._skip(report, path, number, str(error))
            else:
                yield parsed

    def _skip(self, report: FileReport, path: Path, number: int, reason: str) -> None:
        report.skipped[reason.split(":")[0]] += 1
        if len(self.report.problems) < 1000:
            self.report.problems.append(f"{path.name}:{number}: {reason}")

    # Titles -----------------------------------------------------------------------------

    def import_titles(self, batch: Batch, report: FileReport, path: Path) -> None:
        films: dict[str, Film] = {}
        genre_names: dict[str, list[str]] = {}
        for tconst, film, genres in self._parsed(batch, report, path, self._film_from):
            films[tconst] = film
            genre_names[tconst] = genres
        for tconst in self._merged_away(films):
            del films[tconst], genre_names[tconst]
            report.skipped["title merged into another film"] += 1
        if not films:
            return
        self._adopt_films_without_imdb_id(films)
        stored = {
            tconst: (slug, updated, values)
            for tconst, slug, updated, *values in Film.objects.filter(tconst__in=films)
            .order_by()
            .values_list("tconst", "slug", "updated", *FILM_UPDATE_FIELDS)
        }
        existing = {tconst: slug for tconst, (slug, _, _) in stored.items()}
        self._assign_film_slugs(films, existing)
        retitled = self._stamp_films(films, stored)
        self.writer.upsert_films(list(films.values()))
        report.created += len(films) - len(existing)
        report.updated += len(existing)
        self._set_genres(genre_names)
        # Their people's pages list them by title and year.
        touch(
            Person,
            Credit.objects.filter(film__tconst__in=retitled).values_list("person_id", flat=True),
        )
        bump(Film.objects.filter(tconst__in=films))

    def _stamp_films(
        self, films: dict[str, Film], stored: dict[str, tuple[str, Any, list[Any]]]
    ) -> list[str]:
        """Give each film its update stamp: now when it is new or its page's facts change,
        else its stored one, so an unchanged film keeps its stamp. Returns the changed films'
        tconsts."""
        now = timezone.now()
        changed = []
        for tconst, film in films.items():
            _, film.updated, values = stored.get(tconst, ("", now, None))
            if values is not None and values != [getattr(film, f) for f in FILM_UPDATE_FIELDS]:
                film.updated = now
                changed.append(tconst)
        return changed

    def _film_from(self, row: Row) -> tuple[str, Film, list[str]]:
        """(tconst, Film, [genre name]) from a title.basics row."""
        if row["titleType"] not in self.types:
            raise RowLeftOut(f"title type not imported ({row['titleType']})")
        year = to_int(row["startYear"], "startYear", 1870, 2200)
        runtime = to_int(row["runtimeMinutes"], "runtimeMinutes", 1, 30000)
        if not row["primaryTitle"]:
            raise MalformedRow("primaryTitle is empty")
        title = row["primaryTitle"][:300]
        original = (row["originalTitle"] or "")[:300]
        tconst = to_id(row["tconst"], "tconst", Film)
        film = Film(
            tconst=tconst,
            title=title,
            original_title="" if original == title else original,
            year=year,
            runtime_minutes=runtime,
            status=Film.Status.PUBLISHED,
        )
        return tconst, film, to_genres(row["genres"])

    @staticmethod
    def _merged_away(tconsts: Collection[str]) -> set[str]:
        """Those of `tconsts` an editor merged into another film (catalog.merging), unless a
        film has taken the id since: importing them would make the duplicate again."""
        merged = set(
            MergedFilmId.objects.filter(imdb_id__in=tconsts).values_list("imdb_id", flat=True)
        )
        return merged - set(Film.objects.filter(tconst__in=merged).values_list("tconst", flat=True))

    def _adopt_films_without_imdb_id(self, films: dict[str, Film]) -> None:
        """A film an editor entered by hand (same title and year, no IMDb id) is this one.

        Titles and years are compared as slugs ("Heat!" is "Heat"), made from what the editor
        typed, not taken from the stored slug: the admin's keeps accents ("amélie-2001").
        """
        by_key: dict[str, list[str]] = {}
        for tconst, film in films.items():
            by_key.setdefault(film_slug(film.title, film.year), []).append(tconst)
        titles = {film.title for film in films.values()}
        hand_entered: dict[str, list[int]] = {}
        for pk, title, year, slug in Film.objects.filter(
            Q(slug__in=by_key) | Q(title__in=titles), tconst__isnull=True
        ).values_list("pk", "title", "year", "slug"):
            for key in {film_slug(title, year), slug} & by_key.keys():
                hand_entered.setdefault(key, []).append(pk)
        for key, film_ids in hand_entered.items():
            if len(by_key[key]) == 1 and len(set(film_ids)) == 1:
                # The page links to the film's IMDb title now.
                Film.objects.filter(pk=film_ids[0], tconst__isnull=True).update(
                    tconst=by_key[key][0], updated=timezone.now()
                )

    def _assign_film_slugs(self, films: dict[str, Film], existing: dict[str, str]) -> None:
        for tconst, film in films.items():
            film.slug = existing.get(tconst) or film_slug(film.title, film.year)
        make_slugs_unique(Film, "tconst", films.values())

    def _set_genres(self, genre_names: dict[str, list[str]]) -> None:
        # In file order, so that of two spellings new to the catalog the first names the genre.
        names = dict.fromkeys(name for names in genre_names.values() for name in names)
        genres = self._genres_named(names)
        missing: dict[str, str] = {}
        for name in names:
            if slugify(name) not in genres:
                missing.setdefault(slugify(name), name)
        Genre.objects.bulk_create(
            [Genre(name=name, slug=slug) for slug, name in missing.items()], ignore_conflicts=True
        )
        genres = self._genres_named(names)
        ids = dict(Film.objects.filter(tconst__in=genre_names).values_list("tconst", "pk"))
        through = Film.genres.through
        wanted = {
            ids[tconst]: list(dict.fromkeys(genres[slugify(name)] for name in names))
            for tconst, names in genre_names.items()
        }
        stored: dict[int, set[int]] = {film_id: set() for film_id in wanted}
        for film_id, genre_id in through.objects.filter(film_id__in=wanted).values_list(
            "film_id", "genre_id"
        ):
            stored[film_id].add(genre_id)
        through.objects.filter(film_id__in=wanted).delete()
        through.objects.bulk_create(
            through(film_id=film_id, genre_id=genre_id)
            for film_id, genre_ids in wanted.items()
            for genre_id in genre_ids
        )
        touch(Film, (pk for pk, genre_ids in wanted.items() if set(genre_ids) != stored[pk]))

    def _genres_named(self, names: Collection[str]) -> dict[str, int]:
        """{slug: genre id} for the genres `names` stand for.

        `Film-Noir`, `film noir` and `Film Noir` are one genre: names are matched by their slug,
        and by name too, in case an editor gave a genre another slug.
        """
        slugs = {slugify(name) for name in names}
        genres = list(
            Genre.objects.filter(Q(slug__in=slugs) | Q(name__in=names)).values_list(
                "pk", "name", "slug"
            )
        )
        found = {slugify(name): genre_id for genre_id, name, _ in genres}
        found.update({slug: genre_id for genre_id, _, slug in genres})  # a slug match wins
        return found

    def import_ratings(self, batch: Batch, report: FileReport, path: Path) -> None:
        parsed = self._parsed(batch, report, path, parse_rating)
        ratings = {tconst: (rating, votes) for tconst, rating, votes in parsed}
        updated = self.writer.update_ratings(ratings)
        report.updated += updated
        if updated:
            bump(Film.objects.filter(tconst__in=ratings))
        if len(ratings) > updated:
            report.skipped["title not imported"] += len(ratings) - updated

    # Other titles ---------------------------------------------------------------------------

    def import_akas(self, batch: Batch, report: FileReport, path: Path) -> None:
        parsed = list(self._parsed(batch, report, path, parse_aka))
        films = dict(
            Film.objects.filter(tconst__in={t for t, _ in parsed}).values_list("tconst", "pk")
        )
        titles: dict[tuple[int, int], AlternativeTitle] = {}
        for tconst, title in parsed:
            if tconst not in films:
                report.skipped["title not imported"] += 1
                continue
            title.film_id = films[tconst]
            titles[(title.film_id, title.ordering)] = title  # a repeated row: the last wins
        if not titles:
            return
        known = AlternativeTitle.objects.filter(
            film_id__in={film_id for film_id, _ in titles}
        ).values_list("film_id", "ordering", "title", "region", "language", "kinds")
        stored = {(row[0], row[1]): row[2:] for row in known}
        changed = [
            title
            for key, title in titles.items()
            if stored.get(key) != (title.title, title.region, title.language, title.kinds)
        ]
        # Only rows that differ are written, so a second run of the same file writes nothing.
        AlternativeTitle.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["film", "ordering"],
            update_fields=["title", "region", "language", "kinds"],
        )
        created = sum(1 for title in changed if (title.film_id, title.ordering) not in stored)
        report.created += created
        report.updated += len(changed) - created
        if changed:
            bump_film_ids({title.film_id for title in changed})

    # Credits and people -------------------------------------------------------------------

    def import_principals(self, batch: Batch, report: FileReport, path: Path) -> None:
        credits = list(self._parsed(batch, report, path, parse_principal))
        self._write_credits(credits, report)

    def import_crew(self, batch: Batch, report: FileReport, path: Path) -> None:
        credits = [
            credit for crew in self._parsed(batch, report, path, parse_crew) for credit in crew
        ]
        self._write_credits(credits, report)

    def _write_credits(self, credits: list[ParsedCredit], report: FileReport) -> None:
        films = dict(
            Film.objects.filter(tconst__in={c[0] for c in credits}).values_list("tconst", "pk")
        )
        imported = [c for c in credits if c[0] in films]
        if len(credits) > len(imported):
            report.skipped["title not imported"] += len(credits) - len(imported)
        credits = imported
        people = self._people_for({c[1] for c in credits})
        rows: CreditRows = {
            (films[tconst], people[nconst], kind, character): order
            for tconst, nconst, kind, character, order in credits
        }
        created, updated, changed = self.writer.upsert_credits(rows)
        report.created += created
        report.updated += updated
        # New or reordered credits change both pages they show on.
        touch(Film, (film_id for film_id, _ in changed))
        touch(Person, (person_id for _, person_id in changed))
        bump_film_ids(film_id for film_id, _, _, _ in rows)

    def _people_for(self, nconsts: set[str]) -> dict[str | None, int]:
        """{nconst: person id}, creating a placeholder for anyone not yet known; someone an
        editor merged into another person is that person."""
        known = dict(Person.objects.filter(nconst__in=nconsts).values_list("nconst", "pk"))
        merged: dict[str | None, int] = dict(
            MergedPersonId.objects.filter(imdb_id__in=nconsts - known.keys()).values_list(
                "imdb_id", "person_id"
            )
        )
        Person.objects.bulk_create(
            [Person(nconst=n, name=n, slug=n) for n in nconsts - known.keys() - merged.keys()],
            ignore_conflicts=True,
        )
        stored = Person.objects.filter(nconst__in=nconsts - merged.keys())
        return {**merged, **dict(stored.values_list("nconst", "pk"))}

    def _adopted(self, placeholder: Person, details: PersonDetails) -> bool:
        """Merge `placeholder` into a person an editor entered by hand under the same name.

        Returns True when it did: the hand-entered row takes the IMDb id and the credits.
        """
        name, birth, death = details
        # By name and the importer's slug for it; failing that, by name alone if no one else
        # has it: the admin's slugs keep accents ("björk" where the importer makes "bjork").
        namesakes = Person.objects.filter(nconst__isnull=True, name=name)
        match = namesakes.filter(slug=readable_slug(name, PERSON_SLUG_LENGTH)).first()
        if match is None and len(only := list(namesakes[:2])) == 1:
            match = only[0]
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
            nconst=placeholder.nconst, birth_year=birth, death_year=death, updated=timezone.now()
        )
        touch(Film, Credit.objects.filter(person=match).values_list("film_id", flat=True))
        return True

    def import_names(self, batch: Batch, report: FileReport, path: Path) -> None:
        parsed = self._parsed(batch, report, path, parse_name)
        details = {nconst: (name, birth, death) for nconst, name, birth, death in parsed}
        people = list(Person.objects.filter(nconst__in=details))
        missing = details.keys() - {person.nconst for person in people}
        # The kept person keeps their own name and years.
        merged = MergedPersonId.objects.filter(imdb_id__in=missing).count()
        if merged:
            report.skipped["person merged into another"] += merged
        if len(missing) > merged:
            report.skipped["person not credited in an imported title"] += len(missing) - merged
        remaining = self._adopt_hand_entered_people(people, details)
        report.updated += len(people) - len(remaining)
        before = {person.pk: self._person_facts(person) for person in remaining}
        self._fill_in_people(remaining, details)
        self.writer.update_people(remaining)
        # A placeholder's page was public at its IMDb id: that address now leads to the name.
        FormerPersonSlug.objects.bulk_create(
            [
                FormerPersonSlug(slug=before[person.pk][1], person=person)
                for person in remaining
                if before[person.pk][1] == person.nconst != person.slug
            ],
            update_conflicts=True,
            unique_fields=["slug"],
            update_fields=["person"],
        )
        report.updated += len(remaining)
        # A name shows on the person's page and in the credits of their films.
        renamed = [p.pk for p in remaining if self._person_facts(p) != before[p.pk]]
        touch(Person, renamed)
        touch(Film, Credit.objects.filter(person__in=renamed).values_list("film_id", flat=True))
        # Names show in the credits of their films (adopted people's under their new nconst).
        bump(Film.objects.filter(credits__person__nconst__in=details))

    def _adopt_hand_entered_people(
        self, people: list[Person], details: dict[str, PersonDetails]
    ) -> list[Person]:
        """Merge each of `people` an editor also entered by hand; return the others."""
        names = {name for name, _, _ in details.values()}
        hand_entered = set(
            Person.objects.filter(nconst__isnull=True, name__in=names).values_list(
                "name", flat=True
            )
        )
        # Each of `people` was fetched by its nconst, so has one.
        return [
            person
            for person in people
            if details[cast(str, person.nconst)][0] not in hand_entered
            or not self._adopted(person, details[cast(str, person.nconst)])
        ]

    @staticmethod
    def _person_facts(person: Person) -> tuple[str, str, int | None, int | None]:
        return person.name, person.slug, person.birth_year, person.death_year

    def _fill_in_people(self, people: list[Person], details: dict[str, PersonDetails]) -> None:
        """Set names, years and, for placeholders only, unique slugs: a person IMDb renames
        keeps their address (an address, once given, never changes under an importer)."""
        for person in people:
            nconst = cast(str, person.nconst)  # each was fetched by its nconst
            name, person.birth_year, person.death_year = details[nconst]
            person.name = name
            if person.slug == nconst:
                person.slug = readable_slug(name, PERSON_SLUG_LENGTH) or nconst
        make_slugs_unique(Person, "nconst", people)
