"""The library's pieces of other apps' pages: the watchlist button on film cards and pages,
the film page's "your lists" box and the public lists that include the film, and the lists on
a member's profile. Rendered here, so `catalog` and `accounts` need no import of `library`;
and a list page's sharing card."""

from collections.abc import Iterable
from typing import Any, cast

from django import template
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q
from django.http import HttpRequest
from django.template.defaultfilters import pluralize

from catalog.models import Film
from catalog.structured_data import film_image
from filmsite.library.forms import AddToListForm
from filmsite.library.models import FilmList, FilmListEntry, WatchlistEntry
from filmsite.members import MemberRequest
from filmsite.openweb.addresses import absolute_url
from filmsite.openweb.sharing import SharingCard, short_description

register = template.Library()

# How many public lists that include a film its page names.
FILM_PAGE_LISTS = 5
# How many of a member's lists their profile shows, most recently changed first.
PROFILE_LISTS = 50


def watchlisted_film_ids(request: HttpRequest) -> frozenset[int]:
    """The ids of the films on the requesting member's watchlist, read once per request.

    A page of fifty film cards asks fifty times; the first asks the database.
    """
    ids: frozenset[int] | None = getattr(request, "_watchlisted_film_ids", None)
    if ids is None:
        member = request.user
        assert member.is_authenticated  # only asked for members (`_member_request`)
        ids = frozenset(
            WatchlistEntry.objects.filter(member=member).values_list("film_id", flat=True)
        )
        # Kept on the request, so it lives exactly as long as the page being rendered.
        setattr(request, "_watchlisted_film_ids", ids)  # noqa: B010
    return ids


def _member_request(context: template.Context) -> MemberRequest | None:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    return cast(MemberRequest, request)


@register.inclusion_tag("library/includes/watchlist_button.html", takes_context=True)
def watchlist_button(
    context: template.Context, film: Film, compact: bool = False
) -> dict[str, Any]:
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
def film_library(context: template.Context, film: Film) -> dict[str, Any]:
    """The film page's box: the watchlist button, adding to a list, and public lists with it."""
    request = _member_request(context)
    add_form = AddToListForm(owner=request.user) if request is not None else None
    # Left lazy: the template reads it only when its shared fragment is not in the cache.
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
def member_lists(context: template.Context, member: AbstractBaseUser) -> dict[str, Any]:
    """A profile's lists: public ones for everyone; private and hidden ones for their owner."""
    user = context["user"]
    films = Film.objects.visible_to(user)
    lists = (
        FilmList.objects.visible_to(user)
        .filter(owner=member)
        .annotate(film_count=Count("entries", filter=Q(entries__film__in=films)))
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


@register.simple_tag
def list_sharing_card(film_list: FilmList, entries: Iterable[FilmListEntry]) -> SharingCard:
    """`{% list_sharing_card film_list entries as card %}`: the list's card, showing its first
    film's picture. Reads `entries` whole, as the page's grid then does without a query."""
    shown = list(entries)
    count = f"{len(shown)} film{pluralize(len(shown))}"
    about = f"A list of {count} by {film_list.owner.get_username()}"
    description = f"{about}: {film_list.description}" if film_list.description else f"{about}."
    return SharingCard(
        kind="website",
        title=film_list.title,
        description=short_description(description),
        url=absolute_url(film_list.get_absolute_url()),
        image=film_image(shown[0].film) if shown else None,
    )
