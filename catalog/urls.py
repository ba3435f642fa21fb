from typing import Any

from django.http import HttpRequest
from django.urls import path

from filmsite.lists.queries import drop_empty_parameters
from filmsite.pagecache import versions
from filmsite.pagecache.pages import cached_page

from . import views
from .feeds import NewFilmsAtomFeed, NewFilmsFeed
from .filters import FilmFilter

app_name = "catalog"


def site_version(request: HttpRequest, **kwargs: Any) -> int:
    # Per request: on a miss, the list's counts key on the same read.
    return versions.request_site_version(request)


urlpatterns = [
    path("", cached_page("home", site_version)(views.HomeView.as_view()), name="home"),
    path(
        "films/",
        drop_empty_parameters(
            cached_page("film_list", site_version, query=[*FilmFilter.base_filters, "page"])(
                views.FilmListView.as_view()
            )
        ),
        name="film_list",
    ),
    # Not slugs (a slug has no dot), so no film's page can take these addresses.
    path("films/new.rss", NewFilmsFeed(), name="new_films_feed"),
    path("films/new.atom", NewFilmsAtomFeed(), name="new_films_atom"),
    path(
        "films/<uslug:slug>/",
        cached_page("film", views.film_page_version)(views.FilmDetailView.as_view()),
        name="film_detail",
    ),
    path(
        "films/<uslug:slug>/share-image-<slug:digest>.png",
        views.film_share_image,
        name="film_share_image",
    ),
    path(
        "people/<uslug:slug>/",
        cached_page("person", site_version)(views.PersonDetailView.as_view()),
        name="person_detail",
    ),
    path(
        "search/",
        drop_empty_parameters(
            cached_page("search", site_version, query=["q"])(views.SearchView.as_view())
        ),
        name="search",
    ),
]
