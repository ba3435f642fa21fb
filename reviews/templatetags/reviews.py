"""The film page's reviews section, rendered by the reviews app so catalog needs no import."""

from django import template

from catalog.models import Film
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
    reviews = Review.objects.for_film(film).order_by("-helpful_yes", "created", "pk")
    own_review = None
    if user.is_authenticated:
        # The reader's own review comes first, so they see what they posted.
        own_review = (
            Review.objects.select_related("author")
            .with_helpful_counts()
            .filter(film=film, author=user)
            .first()
        )
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


LATEST_REVIEWS = 5


@register.inclusion_tag("reviews/latest_reviews.html", takes_context=True)
def latest_reviews(context):
    """The newest visible reviews of published films, for the home page."""
    reviews = (
        Review.objects.visible()
        .filter(film__status=Film.Status.PUBLISHED)
        .select_related("author", "film")
        .order_by("-created", "-pk")[:LATEST_REVIEWS]
    )
    return {"reviews": reviews, "user": context["user"], "request": context["request"]}
