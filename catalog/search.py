"""Finding films and people by what people type: misspelt, without accents, by another title,
with a year.

Text is compared folded (lower case, accents removed: "Amelie" finds "Amélie"). On PostgreSQL
`filmsite_fold()` (unaccent) and the `filmsite_folded` text search configuration do it, with
GIN indexes over the very expressions used here (catalog migration 0009): full-text matches or
trigram similarity (the `%` operator), ranked by the better of the two, so "Leavng Las Vegas"
still finds the film; other titles (IMDb's akas) are searched the same way. On SQLite a Python
function of the same name is registered on each connection: substring matches, exact and
prefix matches first; failing those, titles sharing a word with the query, ranked by closeness
of spelling (difflib), for catalogs of the size SQLite serves.

A year in the query ("heat 1995") is matched both as text and as the year: films of that year
come first. Popularity (IMDb votes, then our ratings) breaks ties.
"""

import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    Model,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Greatest

from .models import AlternativeTitle, Film, Person

MAX_QUERY_LENGTH = 100
# SQLite's misspelling fallback: candidates share a word of at least this many letters with
# the query, at most CANDIDATES of them are compared, and MIN_CLOSENESS of spelling is needed.
SHARED_WORD_LENGTH = 3
CANDIDATES = 500
MIN_CLOSENESS = 0.6
RESULTS = 20
# Matches taken from each source (titles, other titles) before they are merged and ranked.
CANDIDATES_PER_SOURCE = 100
FILM_FIELDS = ("title", "original_title")
PERSON_FIELDS = ("name",)
FOLDED_CONFIG = "filmsite_folded"
YEAR = re.compile(r"^\(?(1[89]\d\d|2[01]\d\d)\)?$")
# Letters that decomposition leaves whole but unaccent folds, as PostgreSQL does.
FOLDS = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})


class Folded(Func):
    """Lower case without accents: `filmsite_fold(text)` in SQL (catalog migration 0009)."""

    function = "filmsite_fold"
    output_field = TextField()


def fold(text: str) -> str:
    """What `filmsite_fold` makes of `text`, in Python: SQLite's version of it."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.translate(FOLDS)


def register_fold(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: SQLite learns `filmsite_fold`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "filmsite_fold", 1, lambda text: None if text is None else fold(text),
            deterministic=True,
        )  # fmt: skip


def clean_query(raw: str) -> str:
    """The query as searched: whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    return " ".join(raw.replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


def split_year(query: str) -> tuple[int | None, str]:
    """(the year the query names, the query without it): "heat 1995" → (1995, "heat").

    A query that is only a year ("1917") names a title, not a year.
    """
    words = query.split()
    for index in range(len(words) - 1, -1, -1):
        if (match := YEAR.match(words[index])) and len(words) > 1:
            return int(match[1]), " ".join(words[:index] + words[index + 1 :])
    return None, query


def search_films(query: str) -> list[Film]:
    year, without_year = split_year(query)
    # The whole query, then (a shade lower, so "blade runner 2049" prefers the film of that
    # title) the query without its year.
    texts = [(query, 1.0), (without_year, 0.99)] if year else [(query, 1.0)]
    ranks: dict[int, float] = {}
    for text, weight in texts:
        if connection.vendor == "postgresql":
            found = [*_ranked_films(text, year), *_ranked_alternative_titles(text, year)]
        else:
            found = _substring_films(text, year)
        for pk, rank in found:
            ranks[pk] = max(ranks.get(pk, 0.0), rank * weight)
    if not ranks and connection.vendor != "postgresql":
        spelling = _closest_spelling(Film.objects.published(), without_year, FILM_FIELDS)
        ranks = {film.pk: closeness for closeness, film in spelling}
    films = Film.objects.published().filter(pk__in=ranks)

    def order(film: Film) -> tuple[Any, ...]:
        popularity = (film.imdb_votes or 0, film.user_rating_count)
        return (film.year != year, -round(ranks[film.pk], 3), [-n for n in popularity], film.pk)

    return sorted(films, key=order)[:RESULTS]


def search_people(query: str) -> list[Person]:
    people = Person.objects.all()
    if connection.vendor == "postgresql":
        return list(_ranked(people, query, PERSON_FIELDS).order_by("-rank", "name", "pk")[:RESULTS])
    found = list(_substring(people, query, PERSON_FIELDS).order_by("closeness", "name", "pk"))
    if found:
        return found[:RESULTS]
    return [person for _, person in _closest_spelling(people, query, PERSON_FIELDS)]


# PostgreSQL ----------------------------------------------------------------------------------


def _ranked(queryset: QuerySet[Any], text: str, fields: Sequence[str]) -> QuerySet[Any]:
    """Rows whose `fields` match `text` in words or in spelling, annotated with `rank`."""
    words = SearchQuery(text, config=FOLDED_CONFIG, search_type="websearch")
    wanted = Folded(Value(text))
    document = SearchVector(*fields, config=FOLDED_CONFIG)
    matches = Q(document=words)
    for field in fields:
        matches |= Q(**{f"folded_{field}__trigram_similar": wanted})
    # django-stubs type TrigramSimilarity's second argument as str; Django takes expressions.
    similarities = [
        TrigramSimilarity(Folded(field), wanted)  # type: ignore[arg-type]
        for field in fields
    ]
    similarity = Greatest(*similarities) if len(similarities) > 1 else similarities[0]
    return (
        queryset.annotate(document=document, **{f"folded_{f}": Folded(f) for f in fields})
        .filter(matches)
        .annotate(rank=Greatest(SearchRank(document, words), similarity))
    )


def _year_first(year: int | None, field: str) -> Case | Value:
    if year is None:
        return Value(0)
    return Case(When(**{field: year}, then=Value(0)), default=Value(1), output_field=IntegerField())


def _ranked_films(text: str, year: int | None) -> list[tuple[int, float]]:
    films = _ranked(Film.objects.published(), text, FILM_FIELDS)
    ordered = films.order_by(
        _year_first(year, "year"), "-rank", F("imdb_votes").desc(nulls_last=True), "pk"
    )
    return list(ordered.values_list("pk", "rank")[:CANDIDATES_PER_SOURCE])


def _ranked_alternative_titles(text: str, year: int | None) -> list[tuple[int, float]]:
    titles = _ranked(
        AlternativeTitle.objects.filter(film__status=Film.Status.PUBLISHED), text, ("title",)
    )
    ordered = titles.order_by(_year_first(year, "film__year"), "-rank", "pk")
    return list(ordered.values_list("film_id", "rank")[:CANDIDATES_PER_SOURCE])


# SQLite --------------------------------------------------------------------------------------


def _substring(queryset: QuerySet[Any], text: str, fields: Sequence[str]) -> QuerySet[Any]:
    """Rows with `text` (folded) inside a field, annotated with `closeness`: 0 for the whole
    first field, 1 for its start, 2 for anywhere."""
    wanted = fold(text)
    folded = {f"folded_{field}": Folded(field) for field in fields}
    matches = Q()
    for field in fields:
        matches |= Q(**{f"folded_{field}__contains": wanted})
    first = f"folded_{fields[0]}"
    closeness = Case(
        When(**{first: wanted}, then=Value(0)),
        When(**{f"{first}__startswith": wanted}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return queryset.annotate(**folded).filter(matches).annotate(closeness=closeness)


def _substring_films(text: str, year: int | None) -> list[tuple[int, float]]:
    films = _substring(Film.objects.published(), text, FILM_FIELDS)
    ranked = films.order_by(
        _year_first(year, "year"), "closeness", F("imdb_votes").desc(nulls_last=True), "pk"
    )
    found = [
        (pk, 1 - closeness / 3)
        for pk, closeness in ranked.values_list("pk", "closeness")[:CANDIDATES_PER_SOURCE]
    ]
    titles = _substring(
        AlternativeTitle.objects.filter(film__status=Film.Status.PUBLISHED), text, ("title",)
    ).order_by("closeness", "pk")
    found += [
        (film_id, 1 - closeness / 3)
        for film_id, closeness in titles.values_list("film_id", "closeness")[:CANDIDATES_PER_SOURCE]
    ]
    return found


def _closest_spelling[M: Model](
    queryset: QuerySet[M], query: str, fields: Sequence[str]
) -> list[tuple[float, M]]:
    """[(closeness, row)] of rows sharing a word with `query`, spelt closely enough."""
    words = [fold(word) for word in query.split() if len(word) >= SHARED_WORD_LENGTH]
    if not words:
        return []
    shares_a_word = Q()
    for field in fields:
        for word in words:
            shares_a_word |= Q(**{f"folded_{field}__contains": word})
    folded = {f"folded_{field}": Folded(field) for field in fields}
    candidates = queryset.annotate(**folded).filter(shares_a_word).order_by("pk")[:CANDIDATES]
    wanted = fold(query)

    def closeness(row: M) -> float:
        return max(
            SequenceMatcher(None, wanted, fold(getattr(row, field) or "")).ratio()
            for field in fields
        )

    scored = [(closeness(row), row) for row in candidates]
    close = [item for item in scored if item[0] >= MIN_CLOSENESS]
    close.sort(key=lambda item: -item[0])
    return close[:RESULTS]
