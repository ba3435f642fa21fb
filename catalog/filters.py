"""Browsing the catalog: every filter and sort is a GET parameter, so every result is a URL."""

from typing import Any

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Count, F, OrderBy, Q

from filmsite.lists.filters import SortedFilterSet, sort_filter
from filmsite.pagecache.versions import request_site_version, site_version

from .models import (
    DECADES,
    FIRST_FILM_YEAR,
    LAST_FILM_YEAR,
    Certificate,
    Film,
    FilmQuerySet,
    Genre,
)

SORT_ORDERS: dict[str, tuple[str, list[str | OrderBy]]] = {
    "title": ("Title", ["title", "year", "pk"]),
    "newest": ("Year, newest first", [F("year").desc(nulls_last=True), "title", "pk"]),
    "oldest": ("Year, oldest first", [F("year").asc(nulls_last=True), "title", "pk"]),
    "rating": (
        "User rating",
        [F("user_rating_average").desc(nulls_last=True), "-user_rating_count", "title", "pk"],
    ),
    "reviews": ("Most reviewed", ["-user_review_count", "title", "pk"]),
    "added": ("Recently added", ["-created", "-pk"]),
}
DEFAULT_SORT = "title"
GENRE_COUNTS_KEY = "catalog-genre-film-counts"
# Counts are exact by their version; the timeout only lets those of old versions go.
GENRE_COUNTS_SECONDS = 24 * 60 * 60


class GenreChoiceFilter(django_filters.ModelChoiceFilter):
    """Genres by slug in the URL (`?genre=drama`), labelled with how many films each has."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(
            *args,
            queryset=Genre.objects.all(),
            to_field_name="slug",
            empty_label="Any genre",
            **kwargs,
        )


class YearFilter(django_filters.NumberFilter):
    """A whole year within what a film may carry; anything else is an error beside the field."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("field_name", "year")
        kwargs.setdefault("min_value", FIRST_FILM_YEAR)
        kwargs.setdefault("max_value", LAST_FILM_YEAR)
        super().__init__(*args, **kwargs)


def genre_film_counts(version: int | None = None) -> dict[int, int]:
    """{genre id: published films}, kept in the cache: counting scans the whole catalog.

    Kept under the site's page version (`version`, read now if None), which publishing,
    genre and import writes change.
    """
    key = f"{GENRE_COUNTS_KEY}:{site_version() if version is None else version}"
    counts = cache.get(key)
    if counts is None:
        published = Q(films__status=Film.Status.PUBLISHED)
        counts = dict(
            Genre.objects.annotate(n=Count("films", filter=published)).values_list("pk", "n")
        )
        cache.set(key, counts, GENRE_COUNTS_SECONDS)
    return counts


class FilmFilterForm(forms.Form):
    """The film list's filters: a year range that ends before it starts is an error beside
    its end, not an empty list that says nothing."""

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean() or {}
        first, last = cleaned_data.get("year_from"), cleaned_data.get("year_to")
        if first is not None and last is not None and last < first:
            self.add_error("year_to", f"Enter a year from {first} on: the range starts there.")
        return cleaned_data


class FilmFilter(SortedFilterSet):
    genre = GenreChoiceFilter(field_name="genres", label="Genre")
    year_from = YearFilter(lookup_expr="gte", label="From year")
    year_to = YearFilter(lookup_expr="lte", label="To year")
    decade = django_filters.ChoiceFilter(
        label="Decade",
        choices=DECADES,
        method="in_decade",
        empty_label="Any decade",
    )
    certificate = django_filters.ChoiceFilter(
        choices=Certificate.choices, label="Certificate", empty_label="Any certificate"
    )
    min_rating = django_filters.NumberFilter(
        field_name="user_rating_average",
        lookup_expr="gte",
        label="Minimum user rating",
        min_value=1,
        max_value=10,
        max_digits=4,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": 1, "max": 10, "step": "0.5"}),
    )
    has_trailer = django_filters.BooleanFilter(
        label="Has a trailer", method="with_trailer", widget=forms.CheckboxInput
    )
    sort = sort_filter(SORT_ORDERS)

    sort_orders = SORT_ORDERS
    default_sort = DEFAULT_SORT

    class Meta:
        model = Film
        fields: list[str] = []
        form = FilmFilterForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version = None if self.request is None else request_site_version(self.request)
        counts = genre_film_counts(version)
        self.filters["genre"].field.label_from_instance = lambda genre: (
            f"{genre.name} ({counts.get(genre.pk, 0):,})"
        )

    def in_decade(self, queryset: FilmQuerySet, name: str, value: str) -> FilmQuerySet:
        return queryset.in_decade(int(value))

    def with_trailer(self, queryset: FilmQuerySet, name: str, value: bool | None) -> FilmQuerySet:
        return queryset.with_trailer() if value else queryset
