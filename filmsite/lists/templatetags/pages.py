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
