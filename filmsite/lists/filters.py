"""FilterSets whose `sort` GET parameter picks one of a few named orderings, and the chips
that show a list's filters in force, each a link to the list without it."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, cast

import django_filters
from django import forms
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


# Parameters that place or order a list rather than narrow it: no chip, and kept by every chip.
NOT_FILTERS = frozenset({"sort"})
# Where a page of the list starts: meaningless once a filter goes, so every chip drops them.
PLACE_IN_LIST = ("page", "after", "before")


@dataclass(frozen=True)
class ActiveFilter:
    """A filter in force, as a removable chip: what it says, and the list without it."""

    label: str
    remove_query: QueryDict


def active_filters(filterset: django_filters.FilterSet, query: QueryDict) -> list[ActiveFilter]:
    """The filters `query` applies to `filterset`'s list, in the form's order, one per value.

    Only values the form accepted and that filter: one it refused is shown as an error beside
    its field and filters nothing, as does an unticked checkbox's `false`. Each chip's query
    is `query` without that one value (a value repeated goes with it) and without a place in
    the list; the sort and the other filters stay.
    """
    form = filterset.form
    cleaned = getattr(form, "cleaned_data", {})
    chips = []
    for name, field in form.fields.items():
        if name in NOT_FILTERS or name in form.errors or _filters_nothing(cleaned.get(name)):
            continue
        values = [value for value in query.getlist(name) if value]
        for value in values:
            remaining = query.copy()
            remaining.setlist(name, [other for other in values if other != value])
            for place in PLACE_IN_LIST:
                remaining.pop(place, None)
            chips.append(ActiveFilter(_chip_label(field, value, cleaned.get(name)), remaining))
    return chips


def _filters_nothing(cleaned: Any) -> bool:
    # A checkbox sent as `false` or `0` is a value, but not a filter in force.
    return cleaned is None or cleaned is False or cleaned == ""


def _chip_label(field: forms.Field, value: str, cleaned: Any) -> str:
    if isinstance(field, forms.BooleanField) or isinstance(field.widget, forms.CheckboxInput):
        return str(field.label)  # "Has a trailer"
    if isinstance(field, forms.ModelChoiceField):
        shown = str(cleaned)  # the object the form already read, not its labelled choice
    elif isinstance(field, forms.ChoiceField):
        choices = cast(Iterable[tuple[Any, Any]], field.choices)  # flat: no groups here
        shown = str({str(key): label for key, label in choices}.get(value, value))
    else:
        shown = value
    return f"{field.label}: {shown}"
