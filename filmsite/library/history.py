"""A member's history, in and out: reading IMDb, Letterboxd and our own CSV exports, matching
their rows to films, applying a confirmed import, and writing the member's data as CSV.

Reading never writes: `read_export` parses and matches a file into a plain dict that a
PendingImport stores until its owner confirms it, and `apply_import` writes it then. Films are
matched in bulk, a fixed number of queries whatever the number of rows.
"""

import codecs
import csv
import io
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from catalog.models import Film
from filmsite.converters import SLUG_CHARACTERS
from reviews import services as reviews_services
from reviews.models import Rating, Review

from . import services
from .models import FilmList, FilmListEntry, PendingImport, WatchlistEntry

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Keeps each bulk lookup's parameters well under SQLite's limit of 32,766 per query; a file of
# up to this many distinct titles or ids is matched in one query per kind of key.
LOOKUP_BATCH = 5_000

# A preview lists at most this many rows of each sort, and counts the rest.
PREVIEW_ROWS = 500

Kind = PendingImport.Kind
TCONST = re.compile(r"tt\d{7,10}")
# A spreadsheet runs a cell beginning with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class UnreadableExport(Exception):
    """The file as a whole cannot be read: the message says why, for the member."""


@dataclass(frozen=True)
class Layout:
    """How to recognise one kind of export by its header, and the columns it needs."""

    kind: str
    required: frozenset[str]
    forbidden: frozenset[str] = frozenset()


# The first layout whose required columns the header holds names the kind; columns are found
# by name, so IMDb's older header (without Original Title) reads as well as the newer one.
LAYOUTS = [
    Layout(Kind.IMDB_RATINGS, frozenset({"Const", "Your Rating"})),
    Layout(Kind.FILMSITE_RATINGS, frozenset({"Film", "Your Rating"})),
    Layout(Kind.FILMSITE_WATCHLIST, frozenset({"Film", "Added"})),
    Layout(Kind.LETTERBOXD_RATINGS, frozenset({"Name", "Year", "Letterboxd URI", "Rating"})),
    Layout(
        Kind.LETTERBOXD_WATCHLIST,
        frozenset({"Name", "Year", "Letterboxd URI"}),
        forbidden=frozenset({"Rating"}),
    ),
]

EXPORT_HEADERS = {
    "ratings": ["Film", "Title", "Year", "IMDb ID", "Your Rating", "Date Rated"],
    "watchlist": ["Film", "Title", "Year", "IMDb ID", "Added"],
    "reviews": [
        "Film",
        "Title",
        "Year",
        "Headline",
        "Review",
        "Contains Spoilers",
        "Your Rating",
        "Written",
    ],
    "lists": ["List", "Public", "Description", "Position", "Film", "Title", "Year", "Note"],
}


@dataclass
class Entry:
    """One readable row of an export: how to find its film, and what to record for it."""

    line: int
    title: str
    year: int | None = None
    tconst: str = ""
    slug: str = ""
    score: int | None = None
    date: str = ""


# Digits as files write them: str.isdigit() also takes "²" and "①", which int() refuses.
ASCII_NUMBER = re.compile(r"[0-9]{1,9}")
# Dates before the first films, or after today, are not real dates of rating or adding.
EARLIEST_DATE = date(1870, 1, 1)


class BadRow(ValueError):
    """A row that cannot be read; the message says why."""


def decode(raw: bytes) -> str:
    """The text of an uploaded export, or UnreadableExport."""
    if not raw.strip():
        raise UnreadableExport("The file is empty.")
    if len(raw) > MAX_BYTES:
        raise UnreadableExport(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    not_utf8 = UnreadableExport(
        "The file is not in UTF-8: export it again from IMDb or Letterboxd, or save it "
        "as “CSV UTF-8”."
    )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # a spreadsheet's "Unicode"
        raise not_utf8
    if b"\x00" in raw:
        raise UnreadableExport("This is not a CSV file: it holds binary data.")
    try:
        # utf-8-sig reads plain UTF-8 too, and drops the byte-order mark spreadsheets add.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise not_utf8 from None


def detect_kind(header: list[str]) -> str:
    columns = {name.strip() for name in header}
    for layout in LAYOUTS:
        if layout.required <= columns and not layout.forbidden & columns:
            return layout.kind
    raise UnreadableExport(
        "This is not an IMDb ratings export or a Letterboxd ratings.csv or watchlist.csv: "
        "its first row does not name their columns."
    )


def read_entries(text: str) -> tuple[str, list[Entry], list[dict[str, Any]]]:
    """The kind of export, its readable rows, and its unreadable ones (line and reason)."""
    # strict: a quote left open is an error, not the rest of the file read as one cell.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise UnreadableExport("The file is empty.")
        kind = detect_kind(header)
        names = [name.strip() for name in header]
        entries, malformed = [], []
        rows = (cells for cells in reader if any(cell.strip() for cell in cells))
        for number, cells in enumerate(rows, start=1):
            if number > MAX_ROWS:
                raise UnreadableExport(f"The file has more than {MAX_ROWS:,} rows.")
            row = dict(zip(names, (cell.strip() for cell in cells), strict=False))
            try:
                entries.append(ROW_READERS[kind](row, reader.line_num))
            except BadRow as reason:
                malformed.append({"line": reader.line_num, "reason": str(reason)})
    except csv.Error as error:
        message = f"The file is not valid CSV (line {reader.line_num}: {error})."
        raise UnreadableExport(message) from None
    return kind, entries, malformed


def _title(row: dict[str, str], column: str) -> str:
    title = row.get(column, "")
    if not title:
        raise BadRow("It has no title.")
    return title[:300]


def _year(row: dict[str, str]) -> int | None:
    year = row.get("Year", "")
    if not year:
        return None
    if not ASCII_NUMBER.fullmatch(year) or not 1870 <= int(year) <= 2100:
        raise BadRow(f"Its year “{year[:20]}” is not a year.")
    return int(year)


def _score_out_of_ten(row: dict[str, str]) -> int:
    text = row.get("Your Rating", "")
    if not ASCII_NUMBER.fullmatch(text) or not 1 <= int(text) <= 10:
        raise BadRow(f"Its rating “{text[:20]}” is not a whole number from 1 to 10.")
    return int(text)


def _score_in_stars(row: dict[str, str]) -> int:
    """Letterboxd's 0.5 to 5 stars, in half stars, doubled onto our 1 to 10."""
    text = row.get("Rating", "")
    try:
        stars = Decimal(text)
    except InvalidOperation:
        stars = Decimal(0)
    if not stars.is_finite() or not Decimal("0.5") <= stars <= 5 or (stars * 2) % 1:
        raise BadRow(f"Its rating “{text[:20]}” is not 0.5 to 5 stars in half stars.")
    return int(stars * 2)


def _date(row: dict[str, str], column: str) -> str:
    """The row's date as ISO 8601, or "" if it has none, an unreadable one or one outside
    1870 to today (dates are extras; an entry without one is dated when it is imported)."""
    text = row.get(column, "")[:10]
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return ""
    return day.isoformat() if EARLIEST_DATE <= day <= timezone.localdate() else ""


def _imdb_rating(row: dict[str, str], line: int) -> Entry:
    tconst = row.get("Const", "")
    if not TCONST.fullmatch(tconst):
        raise BadRow(f"Its IMDb id “{tconst[:20]}” is missing or not an id like tt0113627.")
    return Entry(
        line=line,
        title=row.get("Title", "")[:300] or tconst,
        year=_year_or_none(row),
        tconst=tconst,
        score=_score_out_of_ten(row),
        date=_date(row, "Date Rated"),
    )


def _year_or_none(row: dict[str, str]) -> int | None:
    """IMDb rows are matched by id: a year there only labels the row, so a bad one is dropped."""
    try:
        return _year(row)
    except BadRow:
        return None


def _letterboxd_rating(row: dict[str, str], line: int) -> Entry:
    return Entry(
        line=line,
        title=_title(row, "Name"),
        year=_year(row),
        score=_score_in_stars(row),
        date=_date(row, "Date"),
    )


def _letterboxd_watchlist(row: dict[str, str], line: int) -> Entry:
    return Entry(line=line, title=_title(row, "Name"), year=_year(row), date=_date(row, "Date"))


def _own_slug(row: dict[str, str]) -> str:
    slug = row.get("Film", "")
    if not re.fullmatch(rf"{SLUG_CHARACTERS}{{1,320}}", slug):
        raise BadRow("Its film is missing.")
    return slug


def _filmsite_rating(row: dict[str, str], line: int) -> Entry:
    return Entry(
        line=line,
        title=row.get("Title", "")[:300],
        year=_year_or_none(row),
        slug=_own_slug(row),
        score=_score_out_of_ten(row),
        date=_date(row, "Date Rated"),
    )


def _filmsite_watchlist(row: dict[str, str], line: int) -> Entry:
    return Entry(
        line=line,
        title=row.get("Title", "")[:300],
        year=_year_or_none(row),
        slug=_own_slug(row),
        date=_date(row, "Added"),
    )


ROW_READERS: dict[str, Callable[[dict[str, str], int], Entry]] = {
    Kind.IMDB_RATINGS: _imdb_rating,
    Kind.LETTERBOXD_RATINGS: _letterboxd_rating,
    Kind.LETTERBOXD_WATCHLIST: _letterboxd_watchlist,
    Kind.FILMSITE_RATINGS: _filmsite_rating,
    Kind.FILMSITE_WATCHLIST: _filmsite_watchlist,
}


def _batches(values: Iterable[str]) -> Iterator[list[str]]:
    values = sorted(set(values))
    for start in range(0, len(values), LOOKUP_BATCH):
        yield values[start : start + LOOKUP_BATCH]


# What a preview shows of a matched film, kept with the row so it needs no query of its own.
MATCHED_FIELDS = ("pk", "slug", "title", "year")


def _films_by(films: QuerySet[Film], column: str, keys: Iterable[str]) -> dict[str, Film]:
    found: dict[str, Film] = {}
    for batch in _batches(keys):
        for film in films.filter(**{f"{column}__in": batch}).only(*MATCHED_FIELDS, column):
            found[getattr(film, column)] = film
    return found


def _films_once_by(films: QuerySet[Film], relation: str, keys: Iterable[str]) -> dict[str, Film]:
    """Films by a key they had once (`relation`: their former slugs, or the IMDb ids of the
    films merged into them), so a row written before a rename or a merge finds the film."""
    found: dict[str, Film] = {}
    for batch in _batches(keys):
        once = films.annotate(once=F(relation)).filter(once__in=batch)
        for film in once.only(*MATCHED_FIELDS):
            found[film.once] = film
    return found


def _films_by_title(films: QuerySet[Film], titles: Iterable[str]) -> dict[str, list[Film]]:
    """Films whose title or original title is one of `titles`, by lower-cased title.

    str.lower, not casefold, to agree with the database's LOWER: casefold turns "ß" into "ss",
    and "Das weiße Band" would then match nothing.
    """
    found: dict[str, list[Film]] = defaultdict(list)
    for batch in _batches(title.lower() for title in titles):
        named = films.alias(lower_title=Lower("title"), lower_original=Lower("original_title"))
        matches = named.filter(Q(lower_title__in=batch) | Q(lower_original__in=batch)).only(
            *MATCHED_FIELDS, "original_title"
        )
        for film in matches:
            for name in {film.title.lower(), film.original_title.lower()} - {""}:
                found[name].append(film)
    return found


def match(member: User, entries: list[Entry]) -> dict[str, list[dict[str, Any]]]:
    """Sort entries into matched (one film each), ambiguous and unmatched, in bulk.

    Only films the member may see are matched. A film named twice in a file is matched once,
    from its last row, as a spreadsheet would keep the last value.
    """
    films = Film.objects.visible_to(member)
    tconsts = {e.tconst for e in entries if e.tconst}
    by_tconst = _films_by(films, "tconst", tconsts)
    by_tconst |= _films_once_by(films, "merged_imdb_ids__imdb_id", tconsts - by_tconst.keys())
    slugs = {e.slug for e in entries if e.slug}
    by_slug = _films_by(films, "slug", slugs)
    by_slug |= _films_once_by(films, "former_slugs__slug", slugs - by_slug.keys())
    by_title = _films_by_title(films, (e.title for e in entries if not e.tconst and not e.slug))
    matched: dict[int, dict[str, Any]] = {}
    ambiguous, unmatched = [], []
    for entry in entries:
        row = {"line": entry.line, "title": entry.title, "year": entry.year}
        if entry.tconst:
            candidates = [by_tconst[entry.tconst]] if entry.tconst in by_tconst else []
        elif entry.slug:
            candidates = [by_slug[entry.slug]] if entry.slug in by_slug else []
        else:
            named = by_title.get(entry.title.lower(), [])
            candidates = [f for f in named if entry.year is None or f.year == entry.year]
        if not candidates:
            unmatched.append(row)
        elif len(candidates) > 1:
            ambiguous.append({**row, "films": [f.pk for f in candidates]})
        else:
            film = candidates[0]
            matched.pop(film.pk, None)
            matched[film.pk] = {
                **row,
                "film": film.pk,
                "slug": film.slug,
                "film_title": film.title,
                "film_year": film.year,
                "score": entry.score,
                "date": entry.date,
            }
    return {"matched": list(matched.values()), "ambiguous": ambiguous, "unmatched": unmatched}


def read_export(member: User, raw: bytes) -> tuple[str, dict[str, list[dict[str, Any]]]]:
    """The kind of an uploaded export and its rows, sorted for a preview; UnreadableExport."""
    kind, entries, malformed = read_entries(decode(raw))
    return kind, {**match(member, entries), "malformed": malformed}


def start_import(*, member: User, raw: bytes) -> PendingImport:
    """Read an upload into a pending import for its owner to confirm; write nothing else.

    Expired pending imports, the member's or anyone's, are cleared on the way.
    """
    kind, rows = read_export(member, raw)
    PendingImport.objects.expired().delete()
    return PendingImport.objects.create(owner=member, kind=kind, rows=rows)


@dataclass
class Preview:
    """What confirming a pending import would do, row by row, as its owner's data stands now."""

    pending: PendingImport
    new: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    up_to_date: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows(self) -> dict[str, list[dict[str, Any]]]:
        return self.pending.rows


def _current(pending: PendingImport) -> dict[int, int | None]:
    """The owner's current score (ratings) or None (watchlist) for each film they have."""
    if pending.is_ratings:
        return dict(
            Rating.objects.filter(member_id=pending.owner_id).values_list("film_id", "score")
        )
    entries = WatchlistEntry.objects.filter(member_id=pending.owner_id).values_list(
        "film_id", flat=True
    )
    return dict.fromkeys(entries)


def preview(pending: PendingImport) -> Preview:
    """Sort the matched rows into new, changed and already up to date; two queries."""
    current = _current(pending)
    shown = Preview(pending)
    for row in pending.rows["matched"]:
        if row["film"] not in current:
            shown.new.append(row)
        elif current[row["film"]] == row["score"]:
            shown.up_to_date.append(row)
        else:
            shown.changed.append({**row, "was": current[row["film"]]})
    return shown


class ImportExpired(Exception):
    """The pending import is older than PendingImport.LIFETIME, or gone: upload it again."""


@dataclass(frozen=True)
class Applied:
    written: int
    up_to_date: int


def apply_import(*, member: User, pending_id: int) -> Applied:
    """Write a confirmed import to its owner's ratings or watchlist, and delete it; all or nothing.

    The pending import's row is locked first, so a confirmation sent twice applies once.
    Ratings go through `reviews.services.rate_many`, which keeps the films' figures exact.
    """
    with transaction.atomic():
        locked = PendingImport.objects.select_for_update().filter(pk=pending_id, owner=member)
        pending = locked.first()
        if pending is None or pending.has_expired:
            raise ImportExpired
        shown = preview(pending)
        # Films unpublished or deleted since the preview are left out.
        visible = Film.objects.visible_to(member).filter(
            pk__in=[row["film"] for row in shown.new + shown.changed]
        )
        still_there = set(visible.values_list("pk", flat=True))
        writes = [row for row in shown.new + shown.changed if row["film"] in still_there]
        if pending.is_ratings:
            scores = {row["film"]: row["score"] for row in writes}
            reviews_services.rate_many(member=member, scores=scores)
        else:
            added = {row["film"]: _moment(row["date"]) for row in writes}
            services.add_many_to_watchlist(member=member, added=added)
        pending.delete()
    return Applied(written=len(writes), up_to_date=len(shown.up_to_date))


def _moment(day: str) -> datetime | None:
    if not day:
        return None
    return timezone.make_aware(datetime.combine(date.fromisoformat(day), time(12)))


def neutralise(value: object) -> str:
    """A cell a spreadsheet shows as text: one beginning like a formula gets a leading quote."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_csv(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The lines of a CSV file, header first, every cell neutralised; for a streaming response."""
    line = io.StringIO()
    writer = csv.writer(line)
    for cells in itertools.chain([header], rows):
        writer.writerow([neutralise(cell) for cell in cells])
        yield line.getvalue()
        line.seek(0)
        line.truncate()


def export_rows(member: User, what: str) -> Iterator[Iterable[object]]:
    """The member's ratings, watchlist, reviews or lists as rows under EXPORT_HEADERS[what]."""
    films = Film.objects.visible_to(member)
    if what == "ratings":
        ratings = Rating.objects.filter(member=member, film__in=films).order_by("-updated", "pk")
        yield from ratings.values_list(
            "film__slug", "film__title", "film__year", "film__tconst", "score", "updated__date"
        ).iterator()
    elif what == "watchlist":
        entries = WatchlistEntry.objects.filter(member=member, film__in=films).order_by("-added")
        yield from entries.values_list(
            "film__slug", "film__title", "film__year", "film__tconst", "added__date"
        ).iterator()
    elif what == "reviews":
        scores = dict(Rating.objects.filter(member=member).values_list("film_id", "score"))
        reviews = Review.objects.filter(author=member, film__in=films).order_by("-created")
        for film_id, *cells, written in reviews.values_list(
            "film_id",
            "film__slug",
            "film__title",
            "film__year",
            "headline",
            "body",
            "contains_spoilers",
            "created__date",
        ).iterator():
            spoilers = "yes" if cells[-1] else "no"
            yield [*cells[:-1], spoilers, scores.get(film_id, ""), written]
    elif what == "lists":
        # Every list, one row per film it shows; a list with none still has its own row.
        shown_entries = FilmListEntry.objects.filter(film__in=films).order_by("position")
        lists = (
            FilmList.objects.filter(owner=member)
            .order_by("title", "pk")
            .prefetch_related(Prefetch("entries", queryset=shown_entries.select_related("film")))
        )
        for film_list in lists:
            about = [film_list.title, "yes" if film_list.is_public else "no", film_list.description]
            shown = list(film_list.entries.all())
            if not shown:
                yield [*about, "", "", "", "", ""]
            for entry in shown:
                film = entry.film
                yield [*about, entry.position, film.slug, film.title, film.year, entry.note]
    else:
        raise ValueError(f"no export of {what!r}")
