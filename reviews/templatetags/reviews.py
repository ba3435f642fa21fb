"""The film page's reviews section, rendered by the reviews app so catalog needs no import."""

from django import template
from django.contrib.auth.models import AnonymousUser

from reviews.models import Review

register = template.Library()

# How many reviews the film page shows before "See all N reviews".
FILM_PAGE_REVIEWS = 5


@register.inclusion_tag("reviews/film_reviews.html", takes_context=True)
def film_reviews(context, film):
    user = context["user"]
    visible = Review.objects.visible().filter(film=film)
    histogram = visible.rating_histogram()
    most_votes = max((count for _, count in histogram), default=0)
    reviews = (
        Review.objects.for_listing()
        .visible_to(user)
        .filter(film=film)
        .order_by("-helpful_yes", "created", "pk")
    )
    own_review = None
    if user.is_authenticated:
        # The reader's own review comes first, so they see what they posted.
        own_review = Review.objects.for_listing().filter(film=film, author=user).first()
        reviews = reviews.exclude(author=user)
    reviews = list(reviews[:FILM_PAGE_REVIEWS])
    review_count = visible.count()
    shown = len(reviews) + (own_review is not None and not own_review.is_hidden)
    return {
        "film": film,
        "user": user,
        "request": context["request"],
        "own_review": own_review,
        "reviews": reviews,
        "review_count": review_count,
        "more_reviews": review_count > shown,
        "histogram": histogram,
        "histogram_max": most_votes,
    }


@register.filter
def editable_by(review, user):
    """`{% if review|editable_by:user %}`: the model's rule, so links match what views allow."""
    return review.is_editable_by(user)


@register.filter
def deletable_by(review, user):
    return review.is_deletable_by(user)


LATEST_REVIEWS = 5


@register.inclusion_tag("reviews/latest_reviews.html", takes_context=True)
def latest_reviews(context):
    """The newest reviews anyone may read, for the home page: the same for every visitor."""
    reviews = (
        Review.objects.visible_to(AnonymousUser())
        .select_related("author", "film")
        .order_by("-created", "-pk")[:LATEST_REVIEWS]
    )
    return {"reviews": reviews, "user": context["user"], "request": context["request"]}
