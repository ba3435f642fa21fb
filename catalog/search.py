"""Finding films and people by name, misspellings included.

On PostgreSQL: full-text search (the `simple` configuration: titles are names, not prose) or
trigram similarity from `pg_trgm` (the `%` operator), both served by GIN indexes made in
migration 0003, ranked by the better of the two scores, so "Leavng Las Vegas" still finds the
film. On SQLite: substring matches, exact and prefix matches first.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Greatest

from .models import Film, Person

MAX_QUERY_LENGTH = 100
RESULTS = 20
FILM_FIELDS = ("title", "original_title")
PERSON_FIELDS = ("name",)


def clean_query(raw):
    """The query as searched: whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    return " ".join(raw.replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


def document(fields):
    """The indexed text of `fields`; migration 0003 indexes exactly this expression."""
    return SearchVector(*fields, config="simple")


def search_films(query):
    films = Film.objects.published()
    if connection.vendor == "postgresql":
        return _ranked(films, query, FILM_FIELDS)
    return _substring(films, query, FILM_FIELDS, "-user_review_count")


def search_people(query):
    if connection.vendor == "postgresql":
        return _ranked(Person.objects.all(), query, PERSON_FIELDS)
    return _substring(Person.objects.all(), query, PERSON_FIELDS, "name")


def _ranked(queryset, query, fields):
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


def _substring(queryset, query, fields, tie_break):
    matches = Q()
    for field in fields:
        matches |= Q(**{f"{field}__icontains": query})
    closeness = Case(
        When(**{f"{fields[0]}__iexact": query}, then=Value(0)),
        When(**{f"{fields[0]}__istartswith": query}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return queryset.filter(matches).order_by(closeness, tie_break, "pk")[:RESULTS]
