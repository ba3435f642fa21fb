"""Members' ratings and reviews of films, the votes that rank reviews, the reports that flag them.

A rating (1 to 10) is one click, with or without a review; a review is text beside its author's
rating of the film, and shows that rating.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.deletion import Collector
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from catalog.models import Film, can_view_drafts
from filmsite.stamps import UpdateStampMixin

from .excerpts import Excerpt, excerpt

# A review's length as its reader sees it (`graphemes.visible_length`), checked by the form.
BODY_MIN_LENGTH = 20
BODY_MAX_LENGTH = 20_000
# The hard ceiling on stored characters (code points), kept by the database. One visible
# character can take several (an accented letter, an Indic conjunct, a joined emoji), so it
# leaves room for a review of the full visible length in any script.
BODY_MAX_STORED_LENGTH = 4 * BODY_MAX_LENGTH
RATING_CHOICES = [(n, str(n)) for n in range(1, 11)]
# "Most helpful" first: the stored helpfulness negated, so that one ascending index on
# (film, rank, id) gives the most helpful first and, among equals, the oldest first.
HELPFUL_RANK = F("helpful_score") * -1.0
# The author of a review kept on the site by a member who left.
FORMER_MEMBER = "a former member"


def delete_before_author(
    collector: Collector, field: models.ForeignKey, sub_objs: Any, using: str
) -> None:
    """CASCADE, in order: the reviews are deleted before their author, as for a required key.

    Django orders a nullable key's cascade freely, and would delete the member first; the
    figures `signals` recompute after a member's deletion must find their reviews gone.
    """
    collector.collect(
        sub_objs,
        source=field.remote_field.model,
        source_attr=field.name,
        nullable=False,
        fail_on_restricted=False,
    )


class ReviewQuerySet(models.QuerySet["Review"]):
    def visible(self) -> "ReviewQuerySet":
        """Reviews that count in public figures: published (not held), and not hidden."""
        return self.filter(is_hidden=False, is_held=False)

    def visible_to(self, user: User | AnonymousUser) -> "ReviewQuerySet":
        """The reviews `user` may see and act on (read, report, vote on).

        Everyone: the visible reviews of published films. A member: their own reviews too,
        hidden or held. Hidden and held reviews need `reviews.view_review`; reviews of draft
        films need `catalog.view_film`, as the drafts themselves do (`FilmQuerySet.visible_to`).
        """
        reviews = self if can_view_drafts(user) else self.filter(film__status=Film.Status.PUBLISHED)
        if user.has_perm("reviews.view_review"):
            return reviews
        shown = Q(is_hidden=False, is_held=False)
        if user.is_authenticated:
            shown |= Q(author=user)
        return reviews.filter(shown)

    def with_verdict_of(self, user: User | AnonymousUser) -> "ReviewQuerySet":
        """Each review's `reader_verdict` for a member: True if `user` found it helpful, False
        if not, None if they have not voted; read with the reviews, in the same query. Visitors
        cannot vote, so their reviews are read as they are."""
        if not user.is_authenticated:
            return self
        verdict = HelpfulVote.objects.filter(review=OuterRef("pk"), voter=user)
        return self.annotate(reader_verdict=Subquery(verdict.values("is_helpful")[:1]))

    def for_listing(self) -> "ReviewQuerySet":
        return self.select_related("author")

    def for_detail_page(self) -> "ReviewQuerySet":
        return self.select_related("author", "film")


class ReviewManager(models.Manager.from_queryset(ReviewQuerySet)):  # type: ignore[misc]
    def get_by_natural_key(self, film_slug: str, username: str) -> "Review":
        return self.get(film__slug=film_slug, author__username=username)


class Review(UpdateStampMixin, models.Model):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="reviews")
    # Empty for a review its author kept on the site when they left: "a former member" wrote
    # it. Deleting a member any other way (the admin) deletes their reviews with them.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=delete_before_author,
        null=True,
        blank=True,
        related_name="reviews",
    )
    headline = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    contains_spoilers = models.BooleanField(default=False)
    is_hidden = models.BooleanField(
        "hidden by a moderator",
        default=False,
        help_text="Hidden reviews are kept but left out of public pages and ratings.",
    )
    is_held = models.BooleanField(
        "held until its author confirms their address",
        default=False,
        db_default=False,
        editable=False,
        help_text="Held reviews are shown to their authors only, and count nowhere, until "
        "the author confirms their email address; their ratings count as ratings do.",
    )
    created = models.DateTimeField(auto_now_add=True)
    # When the review's page last changed: its words, spoiler flag, rating or visibility
    # (filmsite.stamps); helpful votes leave it.
    updated = models.DateTimeField(default=timezone.now, editable=False)
    # Stored so that pages sort and show reviews without counting or joining at read time:
    # written by `services` in the transaction that changes what they derive from.
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The author's rating of the film (a copy of their Rating), if they gave one.",
    )
    # Database defaults too, for loaders that write rows with SQL (generate_catalog's COPY).
    helpful_yes = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    helpful_total = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    helpful_score = models.FloatField(
        default=0.0,
        db_default=0.0,
        editable=False,
        help_text="The rank of 'most helpful': see `ranking.helpfulness`.",
    )

    objects = ReviewManager()
    shown_fields = ("headline", "body", "contains_spoilers", "rating", "is_hidden")

    class Meta:
        ordering = ["created", "pk"]
        permissions = [("moderate_review", "Can hide and reinstate reviews")]
        constraints = [
            models.UniqueConstraint(fields=["film", "author"], name="review_one_per_author_film"),
            models.CheckConstraint(condition=~Q(body=""), name="review_body_not_empty"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), BODY_MAX_STORED_LENGTH),
                name="review_body_max_length",
            ),
            models.CheckConstraint(
                condition=Q(helpful_yes__lte=F("helpful_total")),
                name="review_helpful_yes_within_total",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=10),
                name="review_rating_1_to_10",
            ),
            # A former member's ratings left with them, and a held review (never confirmed)
            # leaves with its author: a review without one is rated by nobody, and published.
            models.CheckConstraint(
                condition=Q(author__isnull=False) | Q(rating__isnull=True, is_held=False),
                name="review_former_member_unrated_published",
            ),
        ]
        # One index per sort of a film's reviews (reviews.filters.SORT_ORDERS), each ending in
        # the primary key, so that any page of any sort is an index range scan from a cursor.
        indexes = [
            models.Index(fields=["film", "created", "id"], name="review_film_created_idx"),
            models.Index(F("film"), HELPFUL_RANK, F("id"), name="review_film_helpful_idx"),
            models.Index(
                F("film"),
                Coalesce("rating", 0).desc(),
                F("id").desc(),
                name="review_film_highest_idx",
            ),
            models.Index(F("film"), Coalesce("rating", 11), F("id"), name="review_film_lowest_idx"),
            models.Index(fields=["author", "-created"], name="review_author_created_idx"),
            # The newest reviews anywhere (the home page), and a film's in either direction.
            models.Index(fields=["-created", "-id"], name="review_created_idx"),
            # The admin's "hidden" filter, newest first: few rows among a million.
            models.Index(
                fields=["-created", "-id"],
                condition=Q(is_hidden=True),
                name="review_hidden_created_idx",
            ),
            # Its "held" and "contains spoilers" filters alike: one review in twenty or fewer,
            # which the newest-first scan met only after reading twenty times as many rows.
            models.Index(
                fields=["-created", "-id"],
                condition=Q(is_held=True),
                name="review_held_created_idx",
            ),
            models.Index(
                fields=["-created", "-id"],
                condition=Q(contains_spoilers=True),
                name="review_spoilers_created_idx",
            ),
            # The newest stamp (the sitemap index's lastmod) without a scan.
            models.Index(fields=["-updated"], name="review_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.film}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:review_detail", kwargs={"pk": self.pk})

    @property
    def author_name(self) -> str:
        """Who wrote it, as pages name them."""
        return FORMER_MEMBER if self.author is None else self.author.get_username()

    def natural_key(self) -> tuple[str, ...]:
        if self.author is None:
            raise ValueError("a former member's review has no natural key: dump it by id")
        return (*self.film.natural_key(), *self.author.natural_key())

    natural_key.dependencies = ["catalog.film", "auth.user"]  # type: ignore[attr-defined]

    @cached_property
    def excerpt(self) -> Excerpt:
        return excerpt(self.body)

    def is_editable_by(self, user: User | AnonymousUser) -> bool:
        """Only authors change a review's words and rating; moderators hide it instead."""
        return user.is_authenticated and user.pk == self.author_id

    def is_deletable_by(self, user: User | AnonymousUser) -> bool:
        return self.is_editable_by(user) or user.has_perm("reviews.delete_review")


class RatingQuerySet(models.QuerySet["Rating"]):
    def counted(self) -> "RatingQuerySet":
        """Ratings that count in public figures: all but those whose review a moderator hid."""
        hidden_review = Review.objects.filter(
            film=OuterRef("film"), author=OuterRef("member"), is_hidden=True
        )
        return self.filter(~Exists(hidden_review))

    def visible_to(self, user: User | AnonymousUser) -> "RatingQuerySet":
        """Ratings of films `user` may see: a member's ratings are public, as their reviews are."""
        if can_view_drafts(user):
            return self
        return self.filter(film__status=Film.Status.PUBLISHED)

    def histogram(self) -> list[tuple[int, int]]:
        """[(score, number of ratings giving it)] for scores 10 down to 1, zeros included."""
        counts = dict(self.order_by().values_list("score").annotate(ratings=Count("pk")))
        return [(score, counts.get(score, 0)) for score in range(10, 0, -1)]


class Rating(models.Model):
    """A member's score of a film, 1 to 10: one per member and film, a review or not."""

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings"
    )
    score = models.PositiveSmallIntegerField(choices=RATING_CHOICES)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["film", "member"], name="rating_one_per_member_film"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=10), name="rating_score_1_to_10"
            ),
        ]
        indexes = [
            models.Index(fields=["film", "score"], name="rating_film_score_idx"),
            models.Index(fields=["member", "-updated"], name="rating_member_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} rates {self.film} {self.score}/10"


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

    def __str__(self) -> str:
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
        indexes = [
            models.Index(fields=["status", "-created"], name="report_status_idx"),
            # The admin's change list, newest first (the admin adds "-id" to every order).
            models.Index(fields=["-created", "-id"], name="report_created_idx"),
            # A review's open reports: the admin's column and "has open reports" filter.
            models.Index(
                fields=["review"], condition=Q(status="open"), name="report_open_review_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.review}"


APPEAL_MAX_LENGTH = 2_000


class Appeal(models.Model):
    """A hidden review's author asking moderators to reinstate it: once per review."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        UPHELD = "upheld", "Upheld: review reinstated"
        REJECTED = "rejected", "Rejected: review stays hidden"

    # One to one: the database keeps "once".
    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="appeal")
    text = models.TextField(max_length=APPEAL_MAX_LENGTH)
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)
    created = models.DateTimeField(auto_now_add=True)
    decided = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    note = models.TextField(
        "moderator's note", blank=True, max_length=1_000, help_text="Told to the author."
    )

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="appeal_text_not_empty"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), APPEAL_MAX_LENGTH),
                name="appeal_text_max_length",
            ),
            models.CheckConstraint(
                condition=Q(status="open", decided__isnull=True)
                | (~Q(status="open") & Q(decided__isnull=False)),
                name="appeal_decided_when_closed",
            ),
        ]
        # The admin's queue: open appeals, oldest first.
        indexes = [models.Index(fields=["status", "created", "id"], name="appeal_queue_idx")]

    def __str__(self) -> str:
        return f"Appeal on {self.review}"
