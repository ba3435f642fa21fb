"""Sorting and filtering a film's reviews, all as GET parameters so a view can be shared."""

import datetime

import django_filters
from django import forms
from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from filmsite.lists.filters import SortedFilterSet, SortOrders, sort_filter
from filmsite.lists.keyset import Ordering

from .models import HELPFUL_RANK, RATING_CHOICES, Review

# Each sort is a keyset order with an index of its own (Review.Meta.indexes), so every page of
# every sort is a range scan. Unrated reviews come last in both rating sorts; reviews of equal
# helpfulness (those nobody voted on) in the order they were written, as on the seed page.
ORDERINGS: dict[str, tuple[str, Ordering]] = {
    "helpful": ("Most helpful", Ordering(HELPFUL_RANK, float, descending=False)),
    "newest": ("Newest", Ordering("created", datetime.datetime, descending=True)),
    "oldest": ("Oldest", Ordering("created", datetime.datetime, descending=False)),
    "highest": ("Highest rating", Ordering(Coalesce("rating", 0), int, descending=True)),
    "lowest": ("Lowest rating", Ordering(Coalesce("rating", 11), int, descending=False)),
}
SORT_ORDERS: SortOrders = {
    key: (label, ordering.order_by()) for key, (label, ordering) in ORDERINGS.items()
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

    @property
    def ordering(self) -> Ordering:
        """The keyset order of the sort chosen (the default if none or an unknown one)."""
        chosen = getattr(self.form, "cleaned_data", {}).get("sort")
        return ORDERINGS[chosen or self.default_sort][1]

    def without_spoilers(
        self, queryset: QuerySet[Review], name: str, value: bool | None
    ) -> QuerySet[Review]:
        return queryset.filter(contains_spoilers=False) if value else queryset
