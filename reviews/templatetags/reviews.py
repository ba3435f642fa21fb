"""The film page's reviews section, rendered by the reviews app so catalog needs no import."""

from django import template

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
    own_review = None
    if user.is_authenticated:
        own_review = Review.objects.filter(film=film, author=user).only("pk").first()
    return {
        "film": film,
        "user": user,
        "request": context["request"],
        "reviews": Review.objects.for_film(film).order_by("-helpful_yes", "created", "pk")[
            :FILM_PAGE_REVIEWS
        ],
        "review_count": visible.count(),
        "histogram": histogram,
        "histogram_max": most_votes,
        "own_review": own_review,
    }
