"""FilterSets whose `sort` GET parameter picks one of a few named orderings."""

import django_filters
from django.http import QueryDict


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

    sort_orders = {}
    default_sort = None

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
