"""User reviews of films."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property

from catalog.models import Film

from .excerpts import excerpt


class ReviewQuerySet(models.QuerySet):
    def for_film(self, film):
        return self.filter(film=film).select_related("author")

    def for_detail_page(self):
        return self.select_related("author", "film")


class ReviewManager(models.Manager.from_queryset(ReviewQuerySet)):
    def get_by_natural_key(self, film_slug, username):
        return self.get(film__slug=film_slug, author__username=username)


class Review(models.Model):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    body = models.TextField()
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="From 1 to 10; optional."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ReviewManager()

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["film", "author"], name="review_one_per_author_film"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=10),
                name="review_rating_1_to_10",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="review_body_not_empty"),
        ]
        indexes = [models.Index(fields=["film", "created"], name="review_film_created_idx")]

    def __str__(self):
        return f"{self.author} on {self.film}"

    def get_absolute_url(self):
        return reverse("reviews:review_detail", kwargs={"pk": self.pk})

    def natural_key(self):
        return (*self.film.natural_key(), *self.author.natural_key())

    natural_key.dependencies = ["catalog.film", "auth.user"]

    @cached_property
    def excerpt(self):
        return excerpt(self.body)
