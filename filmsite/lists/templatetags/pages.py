"""Links between pages of a list that keep the list's sort and filters, and links that take
its filters off."""

from django import template
from django.http import HttpRequest, QueryDict
from django.template import Context
from django.utils.encoding import escape_uri_path
from django_filters import FilterSet

from filmsite.lists.filters import NOT_FILTERS, active_filters

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: Context, number: int) -> str:
    """`?<the current GET parameters>&page=<number>`, for a pagination link."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def cursor_url(context: Context, after: str | None = None, before: str | None = None) -> str:
    """`?<the current GET parameters>&after=<cursor>` (or `before=`), for a keyset page link.

    Neither cursor: the list's first page, with its sort and filters.
    """
    query = context["request"].GET.copy()
    for name in ("after", "before", "page"):
        query.pop(name, None)
    if after:
        query["after"] = after
    elif before:
        query["before"] = before
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def filter_chips(context: Context, filterset: FilterSet) -> list[dict[str, str]]:
    """The filters in force on this list, each with the address of the list without it."""
    request = context["request"]
    return [
        {"label": chip.label, "remove_url": _address(request, chip.remove_query)}
        for chip in active_filters(filterset, request.GET)
    ]


@register.simple_tag(takes_context=True)
def unfiltered_url(context: Context) -> str:
    """This list without any filter, in the same sort."""
    request = context["request"]
    query = QueryDict(mutable=True)
    for name in NOT_FILTERS:
        query.setlist(name, request.GET.getlist(name))
    return _address(request, query)


def _address(request: HttpRequest, query: QueryDict) -> str:
    """`?<query>`, or the bare path when the query is empty (`?` alone is another address)."""
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else escape_uri_path(request.path)
