"""The feed of films recently added to the catalog, in RSS and Atom."""

from datetime import datetime

from django.urls import reverse
from django.utils.html import linebreaks

from filmsite.feeds import FEED_SIZE, AtomFeed, SiteFeed, absolute

from .models import Film, FilmQuerySet


class NewFilmsFeed(SiteFeed):
    viewname = "catalog:new_films_feed"
    title = "Filmsite: recently added films"
    description = "Films newly added to Filmsite's catalog."

    def link(self) -> str:
        return absolute(reverse("catalog:film_list") + "?sort=added")

    def items(self) -> FilmQuerySet:
        return Film.objects.published().order_by("-created", "-pk")[:FEED_SIZE]

    def item_title(self, item: Film) -> str:
        return str(item)

    def item_description(self, item: Film) -> str:
        # Readers render it as HTML: the plot is escaped.
        return linebreaks(item.plot, autoescape=True)

    def item_pubdate(self, item: Film) -> datetime:
        return item.created

    def item_updateddate(self, item: Film) -> datetime:
        return item.updated


class NewFilmsAtomFeed(AtomFeed, NewFilmsFeed):
    viewname = "catalog:new_films_atom"
