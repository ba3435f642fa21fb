"""Public catalog pages: home, the film list, film and person pages, search."""

from typing import Any

from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from filmsite.lists.pagination import CachedCountPaginator
from filmsite.pagecache.versions import request_site_version

from . import search, share_images, structured_data
from .filters import SORT_ORDERS, FilmFilter
from .models import Film, FilmQuerySet, Person

HOME_SECTION_SIZE = 12
# What a film card shows (catalog/includes/film_card.html): read with the film, so a page of
# cards costs one query whatever its length.
CARD_FIELDS = (
    "title",
    "slug",
    "year",
    "poster",
    "poster_width",
    "poster_height",
    "user_rating_average",
)


# Read on every cached page's hit, where building the ORM query cost more than the rest of
# the answer; plain SQL any backend runs (names from the model, so a rename cannot break it).
FILM_VERSION_SQL = "SELECT {version} FROM {films} WHERE {slug} = %s AND {status} = %s".format(
    version=Film._meta.get_field("page_version").column,
    films=Film._meta.db_table,
    slug=Film._meta.get_field("slug").column,
    status=Film._meta.get_field("status").column,
)


def film_page_version(request: HttpRequest, slug: str) -> int | None:
    """The version of a published film's pages (film, reviews, a review), in one query; None
    for a draft or no such film, which are never cached."""
    with connection.cursor() as cursor:
        cursor.execute(FILM_VERSION_SQL, [slug, Film.Status.PUBLISHED.value])
        row = cursor.fetchone()
    return None if row is None else int(row[0])


class HomeView(TemplateView):
    template_name = "catalog/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        films = Film.objects.published().only(*CARD_FIELDS)
        recently_added = films.order_by("-created", "-pk")
        best_rated = films.filter(user_rating_count__gt=0).order_by(*SORT_ORDERS["rating"][1])
        return super().get_context_data(
            recently_added=recently_added[:HOME_SECTION_SIZE],
            best_rated=best_rated[:HOME_SECTION_SIZE],
            **kwargs,
        )


class FilmListView(FilterView):
    """The catalog, filtered by GET parameters; its canonical address keeps the filters but
    not the sort or the page, which show the same films another way."""

    filterset_class = FilmFilter
    queryset = Film.objects.published().only(*CARD_FIELDS, "certificate", "user_review_count")
    paginate_by = 50
    paginator_class = CachedCountPaginator
    template_name = "catalog/film_list.html"
    context_object_name = "films"
    strict = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kept = [name for name in FilmFilter.base_filters if name != "sort"]
        return super().get_context_data(canonical_query=kept, **kwargs)

    def get_paginator(self, *args: Any, **kwargs: Any) -> CachedCountPaginator:
        # The genre counts key on the same version: read it once.
        return CachedCountPaginator(*args, version=request_site_version(self.request), **kwargs)


class FilmDetailView(DetailView):
    template_name = "catalog/film_detail.html"
    context_object_name = "film"

    def get_queryset(self) -> FilmQuerySet:
        # No for_detail_page(): the page's shared fragments read what they show only when
        # they are rendered rather than served from the cache (catalog/templatetags/film_page.py).
        return Film.objects.visible_to(self.request.user)


# A share image's address names what it shows (`share_images.digest`): it never changes.
SHARE_IMAGE_CACHE = "public, max-age=31536000, immutable"


@require_safe
def film_share_image(request: HttpRequest, slug: str, digest: str) -> HttpResponseBase:
    """A published film's share image (its title card, drawn once and kept in the media
    storage); an outdated address leads to the current one."""
    film = get_object_or_404(Film.objects.published().only("slug", "title", "year"), slug=slug)
    if digest != share_images.digest(film):
        return redirect(share_images.url_path(film))
    name = share_images.stored_image(film)
    response = FileResponse(default_storage.open(name), content_type="image/png")
    response["Cache-Control"] = SHARE_IMAGE_CACHE
    # Made to be shown by other sites' link previews, unlike the rest of the site's files.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


class PersonDetailView(DetailView):
    model = Person
    template_name = "catalog/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filmography = self.object.filmography(self.request.user)
        films = {credit.film for _, credits in filmography for credit in credits}
        known_for = sorted(
            films, key=lambda film: (film.imdb_votes or 0, film.user_review_count), reverse=True
        )[:4]
        roles = [heading for heading, _ in filmography]
        return super().get_context_data(
            filmography=filmography,
            roles=roles,
            known_for=known_for,
            description=structured_data.person_description(self.object, roles, known_for),
            **kwargs,
        )


class SearchView(TemplateView):
    template_name = "catalog/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        raw = self.request.GET.get("q", "")
        query = search.clean_query(raw)
        films = people = []
        if query:
            films = list(search.search_films(query))
            people = list(search.search_people(query))
        return super().get_context_data(
            search_query=query,
            shortened=len(" ".join(raw.split())) > len(query),
            films=films,
            people=people,
            **kwargs,
        )
