"""Links between pages of a list that keep the list's sort and filters."""

from django import template
from django.template import Context

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
