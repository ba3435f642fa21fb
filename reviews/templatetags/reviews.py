"""The film page's reviews section, rendered by the reviews app so catalog needs no import."""

from django import template

from reviews.models import Review

register = template.Library()


@register.inclusion_tag("reviews/film_reviews.html")
def film_reviews(film):
    return {"film": film, "reviews": Review.objects.for_film(film)}
