"""What every page's <head> says to crawlers and link sharers: `{% canonical_url %}`,
`{% absolute_url path %}` and `{% sharing_card card %}`."""

from collections.abc import Iterable
from typing import Any

from django import template

from filmsite.openweb import addresses
from filmsite.openweb.sharing import SITE_NAME, SharingCard

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context, *keep: str | Iterable[str]) -> str:
    """This page's canonical address: `{% canonical_url "q" %}` or `{% canonical_url names %}`
    keep those query parameters; the rest go."""
    request = context.get("request")
    if request is None:  # an error page rendered without its request
        return ""
    names = [name for item in keep for name in ([item] if isinstance(item, str) else item)]
    return addresses.canonical_url(request, names)


@register.simple_tag
def absolute_url(location: str) -> str:
    return addresses.absolute_url(location)


@register.inclusion_tag("includes/sharing_card.html")
def sharing_card(card: SharingCard) -> dict[str, Any]:
    """Open Graph and Twitter tags for `card`."""
    return {"card": card, "site_name": SITE_NAME}
