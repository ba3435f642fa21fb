"""A member's own films: the watchlist of films to see, and ordered lists they share or keep.

Positions in a list are unique per list and kept by the database; `services` renumbers them in
two steps inside a transaction, since neither SQLite nor PostgreSQL checks a plain unique
constraint only at the end of an UPDATE.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.models import Film

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 500
# A list holds at most this many films: reordering posts every entry's id, and Django takes
# at most 1,000 fields from a form.
MAX_ENTRIES = 500


class WatchlistEntry(models.Model):
    """A film a member means to see."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watchlist_entries"
    )
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="watchlist_entries")
    # A default rather than auto_now_add, so an import can keep the date given elsewhere.
    added = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "watchlist entries"
        constraints = [
            models.UniqueConstraint(fields=["member", "film"], name="watchlist_one_per_film")
        ]
        indexes = [models.Index(fields=["member", "-added"], name="watchlist_member_added_idx")]

    def __str__(self) -> str:
        return f"{self.film} on {self.member}'s watchlist"


class FilmListQuerySet(models.QuerySet):
    def public(self) -> "FilmListQuerySet":
        """Lists anyone may see: public, and not hidden by a moderator."""
        return self.filter(is_public=True, is_hidden=False)

    def visible_to(self, user: User | AnonymousUser) -> "FilmListQuerySet":
        """The public lists, and a member's own lists, private or hidden."""
        shown = Q(is_public=True, is_hidden=False)
        if user.is_authenticated:
            shown |= Q(owner=user)
        return self.filter(shown)


class FilmList(models.Model):
    """A member's ordered selection of films, public or private, with a note per film."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="film_lists"
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    description = models.CharField(max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    is_public = models.BooleanField(
        "public", default=True, help_text="Public lists are shown to everyone, on your profile too."
    )
    is_hidden = models.BooleanField(
        "hidden by a moderator",
        default=False,
        help_text="Hidden lists are kept, but shown to their owners only.",
    )
    films = models.ManyToManyField(Film, through="FilmListEntry", related_name="film_lists")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = FilmListQuerySet.as_manager()

    class Meta:
        permissions = [("moderate_filmlist", "Can hide and reinstate lists")]
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="filmlist_title_set")]
        indexes = [
            models.Index(fields=["owner", "-updated"], name="filmlist_owner_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} by {self.owner}"

    def get_absolute_url(self) -> str:
        return reverse("library:list_detail", kwargs={"pk": self.pk})

    def is_editable_by(self, user: User | AnonymousUser) -> bool:
        return user.is_authenticated and user.pk == self.owner_id


class FilmListEntry(models.Model):
    """One film in a list, at a position (1 first), with its owner's optional note."""

    film_list = models.ForeignKey(FilmList, on_delete=models.CASCADE, related_name="entries")
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="film_list_entries")
    position = models.PositiveIntegerField()
    note = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    added = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "film list entries"
        constraints = [
            models.UniqueConstraint(fields=["film_list", "film"], name="filmlist_one_per_film"),
            models.UniqueConstraint(
                fields=["film_list", "position"], name="filmlist_position_unique"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="filmlist_position_from_1"),
        ]
        indexes = [models.Index(fields=["film", "film_list"], name="filmlist_entry_film_idx")]

    def __str__(self) -> str:
        return f"{self.position}. {self.film} in {self.film_list}"


class ListReport(models.Model):
    """A visitor's flag on a list, for moderators to act on in the admin."""

    class Reason(models.TextChoices):
        ABUSE = "abuse", "Abusive or hateful"
        SPAM = "spam", "Spam or advertising"
        SPOILERS = "spoilers", "Spoilers in its title, description or notes"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DISMISSED = "dismissed", "Dismissed"
        UPHELD = "upheld", "Upheld: list hidden"

    film_list = models.ForeignKey(FilmList, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="list_reports",
        help_text="Empty when an anonymous visitor reported.",
    )
    reason = models.CharField(max_length=20, choices=Reason)
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "-created"], name="listreport_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.film_list}"


class PendingImportQuerySet(models.QuerySet):
    def expired(self) -> "PendingImportQuerySet":
        return self.filter(created__lt=timezone.now() - PendingImport.LIFETIME)


class PendingImport(models.Model):
    """An uploaded export, read and matched, waiting for its owner to confirm it.

    Kept in the database rather than the session or a file, so that any app server can show
    the preview and another apply the confirmation. `rows` holds the file's rows sorted into
    matched (with their film's id), ambiguous, unmatched and malformed.
    """

    LIFETIME = timedelta(hours=24)

    class Kind(models.TextChoices):
        IMDB_RATINGS = "imdb-ratings", "IMDb ratings"
        LETTERBOXD_RATINGS = "letterboxd-ratings", "Letterboxd ratings"
        LETTERBOXD_WATCHLIST = "letterboxd-watchlist", "Letterboxd watchlist"
        FILMSITE_RATINGS = "filmsite-ratings", "Filmsite ratings"
        FILMSITE_WATCHLIST = "filmsite-watchlist", "Filmsite watchlist"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_imports"
    )
    kind = models.CharField(max_length=30, choices=Kind)
    rows = models.JSONField()
    created = models.DateTimeField(default=timezone.now)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["owner", "-created"], name="pendingimport_owner_idx"),
            models.Index(fields=["created"], name="pendingimport_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import by {self.owner}"

    def get_absolute_url(self) -> str:
        return reverse("library:import_preview", kwargs={"pk": self.pk})

    @property
    def is_ratings(self) -> bool:
        return self.kind in {
            self.Kind.IMDB_RATINGS,
            self.Kind.LETTERBOXD_RATINGS,
            self.Kind.FILMSITE_RATINGS,
        }

    @property
    def has_expired(self) -> bool:
        return self.created < timezone.now() - self.LIFETIME
