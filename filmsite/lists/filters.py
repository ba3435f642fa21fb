"""FilterSets whose `sort` GET parameter picks one of a few named orderings."""

from typing import Any, ClassVar

import django_filters
from django.db.models import OrderBy, QuerySet
from django.http import QueryDict

# Each sort's key (the `sort` GET value): (its label, the `order_by` arguments it applies).
type SortOrders = dict[str, tuple[str, list[str | OrderBy]]]


def sort_filter(sort_orders: SortOrders) -> django_filters.ChoiceFilter:
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

    # Each subclass names its own.
    sort_orders: ClassVar[SortOrders]
    default_sort: ClassVar[str]

    def __init__(self, data: QueryDict | None = None, *args: Any, **kwargs: Any) -> None:
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("sort"):
            data["sort"] = self.default_sort
        super().__init__(data, *args, **kwargs)

    @property
    def qs(self) -> QuerySet[Any]:
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = self.sort_by(queryset, "sort", self.default_sort)
        return queryset

    def sort_by[Q: QuerySet[Any]](self, queryset: Q, name: str, value: str) -> Q:
        return queryset.order_by(*self.sort_orders[value or self.default_sort][1])
