"""Addresses that never break: a film's or person's former slug answers 301 to the same page
at the current one (its reviews, its people), query string kept.

Only requests the site would otherwise answer 404 pay for the lookup, and only GET and HEAD
are redirected: a form posted to a former address is not replayed elsewhere. A film that is
no longer published keeps its former addresses to itself.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, Resolver404, ResolverMatch, resolve, reverse

from .models import Film, Person


def current_owner(route: str, slug: str) -> Film | Person | None:
    """The visible film or person that once had `slug`, by the route's first segment."""
    if route.startswith("films/"):
        return Film.objects.published().filter(former_slugs__slug=slug).only("slug").first()
    if route.startswith("people/"):
        return Person.objects.filter(former_slugs__slug=slug).only("slug").first()
    return None


def _with_a_slash(request: HttpRequest) -> ResolverMatch | None:
    """What the path resolves to with the slash that CommonMiddleware would add: a former
    address typed without it then takes one redirect, not two (the slash, then the slug)."""
    path = request.path_info
    if not settings.APPEND_SLASH or path.endswith("/"):
        return None
    try:
        return resolve(f"{path}/", getattr(request, "urlconf", None))
    except Resolver404:
        return None


class FormerAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        match = request.resolver_match or _with_a_slash(request)
        if match is None or "slug" not in match.kwargs:
            return response
        owner = current_owner(match.route, match.kwargs["slug"])
        if owner is None:
            return response
        try:
            url = reverse(
                match.view_name, args=match.args, kwargs={**match.kwargs, "slug": owner.slug}
            )
        except NoReverseMatch:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
