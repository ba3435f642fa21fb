"""List addresses without empty parameters.

A filter form sends every field, set or not (`?year_from=&year_to=&decade=&genre=drama`); the
list answers such a request with a redirect to the same address without the empty ones, so
what a visitor sees, shares and bookmarks is the clean one, and the page cache keeps one page.
"""

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.utils.encoding import escape_uri_path

View = Callable[..., HttpResponseBase]


def without_empty_parameters(query_string: str) -> str | None:
    """`query_string` without its empty parameters (`name=`, `name`, `&&`), the others kept in
    their order and spelling; None when it has none to drop."""
    if not query_string:
        return None
    parameters = query_string.split("&")
    kept = [parameter for parameter in parameters if parameter.partition("=")[2]]
    return None if len(kept) == len(parameters) else "&".join(kept)


def drop_empty_parameters(view: View) -> View:
    """Answer a list page asked for with empty parameters by a redirect to its clean address.

    A 302, not a 301: browsers keep a 301 for good, so if an empty value ever came to mean
    something (`?rating=` for unrated reviews, say), visitors who had met the redirect would
    never reach it; a 302 costs the same one round trip per form submission and binds nothing.
    The view's attributes are kept (functools.wraps), so the page cache still finds its page.
    """

    @functools.wraps(view)
    def list_page(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if request.method in ("GET", "HEAD"):
            clean = without_empty_parameters(request.META.get("QUERY_STRING", ""))
            if clean is not None:
                path = escape_uri_path(request.path)
                return HttpResponseRedirect(f"{path}?{clean}" if clean else path)
        return view(request, *args, **kwargs)

    return list_page
