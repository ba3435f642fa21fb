"""The library's pieces of other apps' pages: the watchlist button on film cards and pages,
the film page's "your lists" box and the public lists that include the film, and the lists on
a member's profile. Rendered here, so `catalog` and `accounts` need no import of `library`."""

from django import template
from django.db.models import Count
from django.http import HttpRequest

from filmsite.library.forms import AddToListForm
from filmsite.library.models import FilmList, WatchlistEntry

register = template.Library()

# How many public lists that include a film its page names.
FILM_PAGE_LISTS = 5
# How many of a member's lists their profile shows, most recently changed first.
PROFILE_LISTS = 50


def watchlisted_film_ids(request: HttpRequest) -> frozenset[int]:
    """The ids of the films on the requesting member's watchlist, read once per request.

    A page of fifty film cards asks fifty times; the first asks the database.
    """
    ids = getattr(request, "_watchlisted_film_ids", None)
    if ids is None:
        ids = frozenset(
            WatchlistEntry.objects.filter(member=request.user).values_list("film_id", flat=True)
        )
        request._watchlisted_film_ids = ids
    return ids


def _member_request(context) -> HttpRequest | None:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    return request


@register.inclusion_tag("library/includes/watchlist_button.html", takes_context=True)
def watchlist_button(context, film, compact=False):
    """Add or remove `film` from the member's watchlist; for visitors, a way to log in
    (on film pages) or nothing (on compact film cards)."""
    request = _member_request(context)
    return {
        "film": film,
        "request": context.get("request"),
        "member": request is not None,
        "in_watchlist": request is not None and film.pk in watchlisted_film_ids(request),
        "compact": compact,
    }


@register.inclusion_tag("library/film_library.html", takes_context=True)
def film_library(context, film):
    """The film page's box: the watchlist button, adding to a list, and public lists with it."""
    request = _member_request(context)
    add_form = AddToListForm(owner=request.user) if request is not None else None
    public_lists = (
        FilmList.objects.public()
        .filter(entries__film=film)
        .select_related("owner")
        .order_by("-updated", "-pk")[:FILM_PAGE_LISTS]
    )
    return {
        "film": film,
        "request": context.get("request"),
        "user": context.get("user"),
        "add_form": add_form,
        "public_lists": public_lists,
    }


@register.inclusion_tag("library/member_lists.html", takes_context=True)
def member_lists(context, member):
    """A profile's lists: public ones for everyone; private and hidden ones for their owner."""
    user = context["user"]
    lists = (
        FilmList.objects.visible_to(user)
        .filter(owner=member)
        .annotate(film_count=Count("entries"))
        .order_by("-updated", "-pk")[:PROFILE_LISTS]
    )
    return {
        "member": member,
        "is_owner": user.is_authenticated and user.pk == member.pk,
        "film_lists": lists,
        "limit": PROFILE_LISTS,
        "user": user,
        "request": context.get("request"),
    }
