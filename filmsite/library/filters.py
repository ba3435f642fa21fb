"""Sorting and filtering a member's watchlist, as GET parameters like every list page."""

import django_filters
from django import forms
from django.db.models import F, QuerySet

from catalog.models import Film
from filmsite.lists.filters import SortedFilterSet, SortOrders, sort_filter

from .models import WatchlistEntry

SORT_ORDERS: SortOrders = {
    "added": ("Recently added", ["-added", "-pk"]),
    "title": ("Title", ["film__title", "film__year", "pk"]),
    "newest": ("Year, newest first", [F("film__year").desc(nulls_last=True), "film__title", "pk"]),
    "oldest": ("Year, oldest first", [F("film__year").asc(nulls_last=True), "film__title", "pk"]),
    "rating": (
        "User rating",
        [F("film__user_rating_average").desc(nulls_last=True), "film__title", "pk"],
    ),
}
DEFAULT_SORT = "added"


class WatchlistFilter(SortedFilterSet):
    has_trailer = django_filters.BooleanFilter(
        label="Has a trailer", method="with_trailer", widget=forms.CheckboxInput
    )
    sort = sort_filter(SORT_ORDERS)

    sort_orders = SORT_ORDERS
    default_sort = DEFAULT_SORT

    class Meta:
        model = WatchlistEntry
        fields: list[str] = []

    def with_trailer(
        self, queryset: QuerySet[WatchlistEntry], name: str, value: bool
    ) -> QuerySet[WatchlistEntry]:
        return queryset.filter(film__in=Film.objects.with_trailer()) if value else queryset
