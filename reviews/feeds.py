"""Feeds of reviews: the newest anywhere, a film's, a member's; each in RSS and Atom.

Only what an anonymous visitor may read is in them (no hidden reviews, none of draft films).
A spoiler review carries its headline and a warning, never its words.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html, linebreaks

from catalog.models import Film
from filmsite.feeds import FEED_SIZE, AtomFeed, SiteFeed, absolute

from .models import Review, ReviewQuerySet

SPOILER_WARNING = "This review contains spoilers, so the feed leaves its words out."


def public_reviews() -> ReviewQuerySet:
    return Review.objects.visible_to(AnonymousUser()).select_related("film", "author")


class ReviewFeed(SiteFeed):
    """What every review feed says of a review."""

    def item_title(self, item: Review) -> str:
        return item.headline or f"{item.author_name} on {item.film}"

    def item_description(self, item: Review) -> str:
        # Feed readers render the description as HTML: the review's words are escaped here.
        if item.contains_spoilers:
            return format_html("<p><strong>{}</strong></p>", SPOILER_WARNING)
        rating = format_html("<p>Rated {}/10</p>", item.rating) if item.rating else ""
        return rating + linebreaks(item.body, autoescape=True)

    def item_author_name(self, item: Review) -> str:
        return item.author_name

    def item_author_link(self, item: Review) -> str | None:
        if item.author is None:  # a former member's: no page to link
            return None
        return absolute(reverse("profile", args=[item.author.get_username()]))

    def item_pubdate(self, item: Review) -> datetime:
        return item.created

    def item_updateddate(self, item: Review) -> datetime:
        return item.updated


class LatestReviewsFeed(ReviewFeed):
    viewname = "reviews:latest_reviews_feed"
    title = "Filmsite: latest reviews"
    description = "The newest reviews of every film on Filmsite."

    def link(self) -> str:
        return absolute(reverse("catalog:home"))

    def items(self) -> ReviewQuerySet:
        return public_reviews().order_by("-created", "-pk")[:FEED_SIZE]


class LatestReviewsAtomFeed(AtomFeed, LatestReviewsFeed):
    viewname = "reviews:latest_reviews_atom"


class FilmReviewsFeed(ReviewFeed):
    viewname = "reviews:film_reviews_feed"

    def get_object(self, request: HttpRequest, slug: str) -> Film:
        return get_object_or_404(Film.objects.published(), slug=slug)

    def url_kwargs(self, obj: Film) -> dict[str, str]:
        return {"slug": obj.slug}

    def title(self, obj: Film) -> str:
        return f"Filmsite: reviews of {obj}"

    def description(self, obj: Film) -> str:
        return f"The newest reviews of {obj} on Filmsite."

    def link(self, obj: Film) -> str:
        return absolute(reverse("reviews:film_reviews", kwargs={"slug": obj.slug}))

    def items(self, obj: Film) -> ReviewQuerySet:
        return public_reviews().filter(film=obj).order_by("-created", "-pk")[:FEED_SIZE]


class FilmReviewsAtomFeed(AtomFeed, FilmReviewsFeed):
    viewname = "reviews:film_reviews_atom"


class MemberReviewsFeed(ReviewFeed):
    viewname = "reviews:member_reviews_feed"

    def get_object(self, request: HttpRequest, username: str) -> User:
        return get_object_or_404(get_user_model(), username=username)

    def url_kwargs(self, obj: User) -> dict[str, str]:
        return {"username": obj.get_username()}

    def title(self, obj: User) -> str:
        return f"Filmsite: reviews by {obj.get_username()}"

    def description(self, obj: User) -> str:
        return f"The newest reviews {obj.get_username()} wrote on Filmsite."

    def link(self, obj: User) -> str:
        return absolute(reverse("profile", args=[obj.get_username()]))

    def items(self, obj: User) -> ReviewQuerySet:
        return public_reviews().filter(author=obj).order_by("-created", "-pk")[:FEED_SIZE]


class MemberReviewsAtomFeed(AtomFeed, MemberReviewsFeed):
    viewname = "reviews:member_reviews_atom"
