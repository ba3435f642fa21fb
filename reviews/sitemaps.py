"""The reviews' sitemap section: the reviews a visitor may read."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from filmsite.sitemaps import KeyRangeSitemap

from .models import Review


class ReviewSitemap(KeyRangeSitemap):
    viewname = "reviews:review_detail"

    def items(self) -> QuerySet[Review]:
        # What an anonymous visitor may read: no hidden reviews, none of draft films.
        return Review.objects.visible_to(AnonymousUser())
