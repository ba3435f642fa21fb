"""The film page's ratings and reviews section, and members' rating controls on film cards.

Rendered by the reviews app, so catalog's pages show them without importing reviews.
"""

from collections.abc import Iterable
from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from catalog.models import Film
from filmsite.openweb.sharing import SharingCard
from filmsite.openweb.structured_data import json_ld
from reviews import structured_data
from reviews.filters import DEFAULT_SORT, SORT_ORDERS
from reviews.models import RATING_CHOICES, Rating, Review

register = template.Library()

# How many reviews the film page shows before "See all N reviews".
FILM_PAGE_REVIEWS = 5


@register.inclusion_tag("reviews/film_reviews.html", takes_context=True)
def film_reviews(context: template.Context, film: Film) -> dict[str, Any]:
    """The film page's reviews: stored figures, and the top reviews read from an index.

    Its cost does not grow with the film's reviews, ratings or votes: the histogram and counts
    are stored on the film, the helpfulness rank on each review (`reviews.ranking`).
    """
    user = context["user"]
    histogram = film.rating_histogram
    own_review = own_score = None
    if user.is_authenticated:
        own_score = own_scores(user, [film]).get(film.pk)
        # The reader's own review comes first, so they see what they posted.
        # One row at most (one review per member and film): no order to sort by.
        own = Review.objects.for_listing().filter(film=film, author=user).order_by()[:1]
        own_review = next(iter(own), None)
        reviews = list(top_reviews(film, user).exclude(author=user)[:FILM_PAGE_REVIEWS])
    else:
        reviews = public_top_reviews(film)
    review_count = film.user_review_count
    shown = len(reviews) + (
        own_review is not None and not own_review.is_hidden and not own_review.is_held
    )
    return {
        "film": film,
        "user": user,
        "request": context["request"],
        "own_review": own_review,
        "own_score": own_score,
        "reviews": reviews,
        "review_count": review_count,
        "more_reviews": review_count > shown,
        "histogram": histogram,
        "histogram_max": max(count for _, count in histogram),
    }


def top_reviews(film: Film, user: User | AnonymousUser) -> QuerySet[Review]:
    """The film's reviews `user` may read, in the film page's order."""
    # The reader's own helpful votes come in the same query (the pressed buttons).
    reviews = Review.objects.for_listing().visible_to(user).with_verdict_of(user).filter(film=film)
    return reviews.order_by(*SORT_ORDERS[DEFAULT_SORT][1])


def public_top_reviews(film: Film) -> list[Review]:
    """The film page's first reviews as every visitor sees them, read once per film object:
    the reviews section and the page's structured data show the same ones from one query."""
    shown: list[Review] | None = getattr(film, "_public_top_reviews", None)
    if shown is None:
        shown = list(top_reviews(film, AnonymousUser())[:FILM_PAGE_REVIEWS])
        film._public_top_reviews = shown  # type: ignore[attr-defined]
    return shown


@register.simple_tag
def film_structured_data(film: Film) -> SafeString:
    """`{% film_structured_data film %}`: the film page's JSON-LD, the Movie with the first
    reviews every visitor sees (the same whoever renders it: it is a shared fragment)."""
    return json_ld(structured_data.film_page(film, public_top_reviews(film)))


@register.simple_tag
def review_structured_data(review: Review) -> SafeString:
    return json_ld(structured_data.review_page(review))


@register.simple_tag
def review_sharing_card(review: Review) -> SharingCard:
    """`{% review_sharing_card review as card %}`, for `{% sharing_card card %}`."""
    return structured_data.review_card(review)


@register.filter
def review_description(review: Review) -> str:
    return structured_data.review_description(review)


def own_scores(member: User, films: Iterable[Film]) -> dict[int, int]:
    """{film id: score} of `member`'s ratings of `films`, in one query."""
    film_ids = [film.pk for film in films]
    ratings = Rating.objects.filter(member=member, film_id__in=film_ids)
    return dict(ratings.values_list("film_id", "score"))


@register.simple_tag(takes_context=True)
def member_scores(context: template.Context, films: Iterable[Film]) -> dict[int, int]:
    """`{% member_scores films as scores %}`: the reader's scores of a page of film cards.

    One query for the whole page (none for visitors), so cards stay constant in cost.
    """
    user = context["user"]
    return own_scores(user, films) if user.is_authenticated else {}


@register.filter
def score_of(scores: dict[int, int], film: Film) -> int | None:
    """`{{ scores|score_of:film }}`: the reader's score of `film`, or None."""
    return scores.get(film.pk)


@register.inclusion_tag("reviews/includes/rating_form.html", takes_context=True)
def rating_form(
    context: template.Context, film: Film, score: int | None, compact: bool = False
) -> dict[str, Any]:
    """The member's rating control for `film`: a radio group, or a select on a compact card."""
    return {
        "film": film,
        "score": score,
        "compact": compact,
        "choices": RATING_CHOICES,
        "user": context["user"],
        "request": context["request"],
    }


# How many of a member's latest ratings their profile lists.
PROFILE_RATINGS = 10


@register.inclusion_tag("reviews/includes/member_ratings.html", takes_context=True)
def member_ratings(context: template.Context, member: User) -> dict[str, Any]:
    """A member's ratings on their profile: how their scores spread, and the latest ones."""
    user = context["user"]
    ratings = Rating.objects.visible_to(user).filter(member=member)
    if user.pk != member.pk:  # others see the ratings that count, as on film pages
        ratings = ratings.counted()
    histogram = ratings.histogram()
    latest = ratings.select_related("film").order_by("-updated", "-pk")[:PROFILE_RATINGS]
    return {
        "member": member,
        "histogram": histogram,
        "histogram_max": max(count for _, count in histogram),
        "rating_count": sum(count for _, count in histogram),
        "latest": latest,
    }


@register.filter
def editable_by(review: Review, user: User | AnonymousUser) -> bool:
    """`{% if review|editable_by:user %}`: the model's rule, so links match what views allow."""
    return review.is_editable_by(user)


@register.filter
def deletable_by(review: Review, user: User | AnonymousUser) -> bool:
    return review.is_deletable_by(user)


LATEST_REVIEWS = 5


@register.inclusion_tag("reviews/latest_reviews.html", takes_context=True)
def latest_reviews(context: template.Context) -> dict[str, Any]:
    """The newest reviews anyone may read, for the home page: the same for every visitor."""
    reviews = (
        Review.objects.visible_to(AnonymousUser())
        .select_related("author", "film")
        .order_by("-created", "-pk")[:LATEST_REVIEWS]
    )
    return {"reviews": reviews, "user": context["user"], "request": context["request"]}
