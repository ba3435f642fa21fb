"""User reviews of films, the votes that rank them and the reports that flag them."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.functional import cached_property

from catalog.models import Film

from .excerpts import excerpt

BODY_MIN_LENGTH = 20
BODY_MAX_LENGTH = 20_000


class ReviewQuerySet(models.QuerySet):
    def visible(self):
        """Reviews the public may see: everything a moderator has not hidden."""
        return self.filter(is_hidden=False)

    def with_helpful_counts(self):
        return self.annotate(
            helpful_yes=Count("votes", filter=Q(votes__is_helpful=True)),
            helpful_total=Count("votes"),
        )

    def for_listing(self):
        return self.visible().select_related("author").with_helpful_counts()

    def for_film(self, film):
        return self.for_listing().filter(film=film)

    def for_detail_page(self):
        return self.select_related("author", "film").with_helpful_counts()

    def rating_histogram(self):
        """[(rating, number of reviews giving it)] for ratings 10 down to 1, zeros included."""
        counts = dict(
            self.filter(rating__isnull=False)
            .order_by()
            .values_list("rating")
            .annotate(reviews=Count("pk"))
        )
        return [(rating, counts.get(rating, 0)) for rating in range(10, 0, -1)]


class ReviewManager(models.Manager.from_queryset(ReviewQuerySet)):  # type: ignore[misc]
    def get_by_natural_key(self, film_slug, username):
        return self.get(film__slug=film_slug, author__username=username)


class Review(models.Model):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    headline = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="From 1 to 10; optional."
    )
    contains_spoilers = models.BooleanField(default=False)
    is_hidden = models.BooleanField(
        "hidden by a moderator",
        default=False,
        help_text="Hidden reviews are kept but left out of public pages and ratings.",
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
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), BODY_MAX_LENGTH),
                name="review_body_max_length",
            ),
        ]
        indexes = [
            models.Index(fields=["film", "created"], name="review_film_created_idx"),
            models.Index(fields=["film", "rating"], name="review_film_rating_idx"),
            models.Index(fields=["author", "-created"], name="review_author_created_idx"),
            models.Index(fields=["-created"], name="review_created_idx"),
        ]

    def __str__(self):
        return f"{self.author} on {self.film}"

    def get_absolute_url(self):
        return reverse("reviews:review_detail", kwargs={"pk": self.pk})

    def natural_key(self):
        return (*self.film.natural_key(), *self.author.natural_key())

    natural_key.dependencies = ["catalog.film", "auth.user"]  # type: ignore[attr-defined]

    @cached_property
    def excerpt(self):
        return excerpt(self.body)

    def is_editable_by(self, user):
        return user.is_authenticated and (user.pk == self.author_id or user.is_staff)


class HelpfulVote(models.Model):
    """One visitor's verdict on whether a review helped them; they may change it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_votes"
    )
    is_helpful = models.BooleanField()
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "voter"], name="vote_one_per_voter_review")
        ]

    def __str__(self):
        verdict = "helpful" if self.is_helpful else "not helpful"
        return f"{self.voter} found {self.review} {verdict}"


class Report(models.Model):
    """A visitor's flag on a review, for moderators to act on in the admin."""

    class Reason(models.TextChoices):
        SPOILERS = "spoilers", "Spoilers not marked as such"
        ABUSE = "abuse", "Abusive or hateful"
        SPAM = "spam", "Spam or advertising"
        OFF_TOPIC = "off_topic", "Not about the film"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DISMISSED = "dismissed", "Dismissed"
        UPHELD = "upheld", "Upheld: review hidden"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_reports",
        help_text="Empty when an anonymous visitor reported.",
    )
    reason = models.CharField(max_length=20, choices=Reason)
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "-created"], name="report_status_idx")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.review}"
