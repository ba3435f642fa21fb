"""Sorting and filtering a film's reviews, all as GET parameters so a view can be shared."""

import django_filters
from django import forms
from django.db.models import F, OrderBy, QuerySet

from filmsite.lists.filters import SortedFilterSet, sort_filter

from .models import RATING_CHOICES, Review

SORT_ORDERS: dict[str, tuple[str, list[str | OrderBy]]] = {
    "helpful": ("Most helpful", ["-helpful_yes", "-helpful_total", "-created", "-pk"]),
    "newest": ("Newest", ["-created", "-pk"]),
    "oldest": ("Oldest", ["created", "pk"]),
    "highest": ("Highest rating", [F("rating").desc(nulls_last=True), "-created", "-pk"]),
    "lowest": ("Lowest rating", [F("rating").asc(nulls_last=True), "-created", "-pk"]),
}
DEFAULT_SORT = "helpful"


class ReviewFilter(SortedFilterSet):
    sort = sort_filter(SORT_ORDERS)
    rating = django_filters.ChoiceFilter(
        label="Rating", choices=RATING_CHOICES, empty_label="Any rating"
    )
    hide_spoilers = django_filters.BooleanFilter(
        label="Hide reviews with spoilers",
        method="without_spoilers",
        widget=forms.CheckboxInput,
    )

    sort_orders = SORT_ORDERS
    default_sort = DEFAULT_SORT

    class Meta:
        model = Review
        fields = ["sort", "rating", "hide_spoilers"]

    def without_spoilers(
        self, queryset: QuerySet[Review], name: str, value: bool | None
    ) -> QuerySet[Review]:
        return queryset.filter(contains_spoilers=False) if value else queryset
