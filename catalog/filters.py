"""Browsing the catalog: every filter and sort is a GET parameter, so every result is a URL."""

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Count, Exists, F, OrderBy, OuterRef, Q
from django.http import QueryDict

from .models import Certificate, Film, Genre, Trailer

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
GENRE_COUNTS_SECONDS = 300
FIRST_DECADE, LAST_DECADE = 1890, 2020


def sort_filter(sort_orders):
    """The `sort` choice of a SortedFilterSet: one of `sort_orders` (key: (label, ordering))."""
    return django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(key, label) for key, (label, _) in sort_orders.items()],
        method="sort_by",
        empty_label=None,
    )


class SortedFilterSet(django_filters.FilterSet):
    """A FilterSet whose `sort` parameter picks one of `sort_orders`, `default_sort` if none.

    Always bound, so a plain visit gets the default sort too; an unknown sort in the URL is
    reported on the form and the default applies.
    """

    sort_orders: dict[str, tuple[str, list[str | OrderBy]]] = {}
    default_sort = ""

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("sort"):
            data["sort"] = self.default_sort
        super().__init__(data, *args, **kwargs)

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = self.sort_by(queryset, "sort", self.default_sort)
        return queryset

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*self.sort_orders[value or self.default_sort][1])


class GenreChoiceFilter(django_filters.ModelChoiceFilter):
    """Genres by slug in the URL (`?genre=drama`), labelled with how many films each has."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            queryset=Genre.objects.all(),
            to_field_name="slug",
            empty_label="Any genre",
            **kwargs,
        )


def genre_film_counts():
    """{genre id: published films}, kept in the cache: counting scans the whole catalog."""
    counts = cache.get(GENRE_COUNTS_KEY)
    if counts is None:
        published = Q(films__status=Film.Status.PUBLISHED)
        counts = dict(
            Genre.objects.annotate(n=Count("films", filter=published)).values_list("pk", "n")
        )
        cache.set(GENRE_COUNTS_KEY, counts, GENRE_COUNTS_SECONDS)
    return counts


class FilmFilter(SortedFilterSet):
    genre = GenreChoiceFilter(field_name="genres", label="Genre")
    year_from = django_filters.NumberFilter(field_name="year", lookup_expr="gte", label="From year")
    year_to = django_filters.NumberFilter(field_name="year", lookup_expr="lte", label="To year")
    decade = django_filters.ChoiceFilter(
        label="Decade",
        choices=[(str(d), f"{d}s") for d in range(LAST_DECADE, FIRST_DECADE - 1, -10)],
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        counts = genre_film_counts()
        self.filters["genre"].field.label_from_instance = lambda genre: (
            f"{genre.name} ({counts.get(genre.pk, 0):,})"
        )

    def in_decade(self, queryset, name, value):
        start = int(value)
        return queryset.filter(year__gte=start, year__lt=start + 10)

    def with_trailer(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(Trailer.objects.filter(film=OuterRef("pk"))))
