"""Absolute URLs, built from the SITE_URL setting and never from the request's Host header.

Pages are cached and served to everyone (filmsite/pagecache), so an address a page prints
must not depend on who asked or how: a forged Host would otherwise be stored in the page.
Structured data, sharing cards, canonical links, sitemaps and feeds all build theirs here.
"""

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.encoding import iri_to_uri
from django.utils.http import urlencode


def absolute_url(location: str) -> str:
    """`location` (a path such as "/films/heat-1995/", or an already absolute URL, as a
    storage on another host gives) as an absolute URL on this site."""
    if urlsplit(location).scheme:
        return iri_to_uri(location)
    return f"{settings.SITE_URL}/{iri_to_uri(location).lstrip('/')}"


def canonical_url(request: HttpRequest, keep: Iterable[str] = ()) -> str:
    """The address that stands for this page: its path, with only the query parameters named
    in `keep` (what changes the page's content, not its order or paging), sorted."""
    kept = sorted(
        (name, value) for name in set(keep) for value in request.GET.getlist(name) if value.strip()
    )
    query = f"?{urlencode(kept)}" if kept else ""
    return absolute_url(request.path) + query
