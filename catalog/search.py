"""Finding films and people by name, misspellings included.

On PostgreSQL: full-text search (the `simple` configuration: titles are names, not prose) or
trigram similarity from `pg_trgm` (the `%` operator), both served by GIN indexes made in
migration 0004, ranked by the better of the two scores, so "Leavng Las Vegas" still finds the
film. On SQLite: substring matches, exact and prefix matches first; failing those, titles
sharing a word with the query, ranked by closeness of spelling (difflib), so a misspelling is
found there too on a catalog of the size SQLite serves.
"""

from collections.abc import Sequence
from difflib import SequenceMatcher

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import Case, IntegerField, Model, Q, QuerySet, Value, When
from django.db.models.functions import Greatest

from .models import Film, Person

MAX_QUERY_LENGTH = 100
# SQLite's misspelling fallback: candidates share a word of at least this many letters with
# the query, at most CANDIDATES of them are compared, and MIN_CLOSENESS of spelling is needed.
SHARED_WORD_LENGTH = 3
CANDIDATES = 500
MIN_CLOSENESS = 0.6
RESULTS = 20
FILM_FIELDS = ("title", "original_title")
PERSON_FIELDS = ("name",)


def clean_query(raw: str) -> str:
    """The query as searched: whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    return " ".join(raw.replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


def document(fields: Sequence[str]) -> SearchVector:
    """The indexed text of `fields`; migration 0004 indexes exactly this expression."""
    return SearchVector(*fields, config="simple")


def search_films(query: str) -> QuerySet[Film] | list[Film]:
    films = Film.objects.published()
    if connection.vendor == "postgresql":
        return _ranked(films, query, FILM_FIELDS)
    return _substring(films, query, FILM_FIELDS, "-user_review_count")


def search_people(query: str) -> QuerySet[Person] | list[Person]:
    if connection.vendor == "postgresql":
        return _ranked(Person.objects.all(), query, PERSON_FIELDS)
    return _substring(Person.objects.all(), query, PERSON_FIELDS, "name")


def _ranked[M: Model](queryset: QuerySet[M], query: str, fields: Sequence[str]) -> QuerySet[M]:
    words = SearchQuery(query, config="simple", search_type="websearch")
    similarities = [TrigramSimilarity(field, query) for field in fields]
    similarity = Greatest(*similarities) if len(similarities) > 1 else similarities[0]
    matches = Q(document=words)
    for field in fields:
        matches |= Q(**{f"{field}__trigram_similar": query})
    return (
        queryset.annotate(document=document(fields))
        .filter(matches)
        .annotate(rank=Greatest(SearchRank(document(fields), words), similarity))
        .order_by("-rank", "pk")[:RESULTS]
    )


def _substring[M: Model](
    queryset: QuerySet[M], query: str, fields: Sequence[str], tie_break: str
) -> list[M]:
    matches = Q()
    for field in fields:
        matches |= Q(**{f"{field}__icontains": query})
    closeness = Case(
        When(**{f"{fields[0]}__iexact": query}, then=Value(0)),
        When(**{f"{fields[0]}__istartswith": query}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    found = list(queryset.filter(matches).order_by(closeness, tie_break, "pk")[:RESULTS])
    return found or _closest_spelling(queryset, query, fields, tie_break)


def _closest_spelling[M: Model](
    queryset: QuerySet[M], query: str, fields: Sequence[str], tie_break: str
) -> list[M]:
    words = [word for word in query.split() if len(word) >= SHARED_WORD_LENGTH]
    if not words:
        return []
    shares_a_word = Q()
    for field in fields:
        for word in words:
            shares_a_word |= Q(**{f"{field}__icontains": word})
    candidates = queryset.filter(shares_a_word).order_by(tie_break, "pk")[:CANDIDATES]
    wanted = query.casefold()

    def closeness(row: M) -> float:
        return max(
            SequenceMatcher(None, wanted, (getattr(row, field) or "").casefold()).ratio()
            for field in fields
        )

    scored = [(closeness(row), row) for row in candidates]
    close = [item for item in scored if item[0] >= MIN_CLOSENESS]
    close.sort(key=lambda item: -item[0])
    return [row for _, row in close[:RESULTS]]
