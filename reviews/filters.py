"""Sorting and filtering a film's reviews, all as GET parameters so a view can be shared."""

import django_filters
from django import forms
from django.db.models import F
from django.http import QueryDict

from .forms import RATING_CHOICES
from .models import Review

SORT_ORDERS = {
    "helpful": ("Most helpful", ["-helpful_yes", "-helpful_total", "-created", "-pk"]),
    "newest": ("Newest", ["-created", "-pk"]),
    "oldest": ("Oldest", ["created", "pk"]),
    "highest": ("Highest rating", [F("rating").desc(nulls_last=True), "-created", "-pk"]),
    "lowest": ("Lowest rating", [F("rating").asc(nulls_last=True), "-created", "-pk"]),
}
DEFAULT_SORT = "helpful"


class ReviewFilter(django_filters.FilterSet):
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(key, label) for key, (label, _) in SORT_ORDERS.items()],
        method="sort_reviews",
        empty_label=None,
    )
    rating = django_filters.ChoiceFilter(
        label="Rating", choices=RATING_CHOICES, empty_label="Any rating"
    )
    hide_spoilers = django_filters.BooleanFilter(
        label="Hide reviews with spoilers",
        method="without_spoilers",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Review
        fields = ["sort", "rating", "hide_spoilers"]

    def __init__(self, data=None, *args, **kwargs):
        # Always bound, so the default sort applies to a plain visit too.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("sort"):
            data["sort"] = DEFAULT_SORT
        super().__init__(data, *args, **kwargs)

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):  # an unknown sort in the URL
            queryset = queryset.order_by(*SORT_ORDERS[DEFAULT_SORT][1])
        return queryset

    def sort_reviews(self, queryset, name, value):
        return queryset.order_by(*SORT_ORDERS[value or DEFAULT_SORT][1])

    def without_spoilers(self, queryset, name, value):
        return queryset.filter(contains_spoilers=False) if value else queryset
