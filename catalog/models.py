"""The catalog: films, the people who make them, their credits, trailers and releases."""

import contextlib
import re
import unicodedata
from functools import partial
from typing import Any, Self

from django import forms
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, validate_unicode_slug
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from filmsite.converters import COMBINING_MARKS, SLUG_CHARACTERS
from filmsite.stamps import UpdateStampMixin

from . import images, media
from .regions import region_name, sort_key

# Migration 0001 names the trailer validators as catalog.models attributes: keep them here.
from .trailers import (
    MAX_VIDEO_ID_LENGTH,
    parse_trailer_url,
    validate_language_tag,
    validate_trailer_url,
    validate_video_file,
    validate_webvtt,
    video_mime_type,
)

# The years a film may carry: from the first motion pictures to a generous future.
FIRST_FILM_YEAR, LAST_FILM_YEAR = 1870, 2200


class Certificate(models.TextChoices):
    """MPAA ratings, as printed on film pages."""

    G = "G", "G"
    PG = "PG", "PG"
    PG_13 = "PG-13", "PG-13"
    R = "R", "R"
    NC_17 = "NC-17", "NC-17"
    NOT_RATED = "Not Rated", "Not Rated"


class ManagedFilesMixin(models.Model):
    """Rows with uploads, which `catalog.media` writes on save and removes when replaced.

    `managed_images` names image fields (each with width and height fields and a
    `<field>_rendered` flag), cleaned on save and rendered in several widths by the task worker;
    `managed_files` names other file fields, stored as uploaded.
    """

    managed_images: tuple[str, ...] = ()
    managed_files: tuple[str, ...] = ()
    # The names of each file field's files as last loaded or saved (a new row has none yet);
    # `catalog.media` sets it.
    _stored_files: dict[str, list[str]]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        media.save_with_files(self, partial(super().save, *args, **kwargs))

    @classmethod
    def from_db(cls, *args: Any, **kwargs: Any) -> Self:
        instance = super().from_db(*args, **kwargs)
        media.remember_files(instance)
        return instance

    def renditions(self, field: str) -> images.Renditions | None:
        """The image's renditions, or None (no image, or the worker has yet to make them)."""
        image = getattr(self, field)
        if not image or not getattr(self, f"{field}_rendered"):
            return None
        return images.Renditions(
            image, getattr(self, f"{field}_width"), getattr(self, f"{field}_height")
        )


class SlugNaturalKeyManager(models.Manager):
    """Fixtures refer to rows by slug, so loading the seed twice updates instead of duplicating."""

    def get_by_natural_key(self, slug: str) -> models.Model:
        return self.get(slug=slug)


class Genre(models.Model):
    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


NOT_IN_SLUG = re.compile(rf"[^-\w\s{COMBINING_MARKS}]")


def readable_slug(text: str, max_length: int | None = None) -> str:
    """`slugify(text)`, or its Unicode form when ASCII would lose letters of another script:
    `amelie` for "Amélie" (accents fold away), `ночной-дозор` for "Ночной дозор" (nothing
    would be left), `godzilla-ゴジラ` for "Godzilla ゴジラ". The Unicode form keeps the marks
    Django's `slugify` drops, without which `दिलवाले` would read `दलवल`. Cut to `max_length`,
    it ends in a letter or digit, never a hyphen."""
    ascii_slug = slugify(text)
    unicode_slug = NOT_IN_SLUG.sub("", unicodedata.normalize("NFKC", text).lower())
    unicode_slug = re.sub(r"[-\s]+", "-", unicode_slug).strip("-_")
    slug = unicode_slug
    if sum(map(str.isalnum, ascii_slug)) >= sum(map(str.isalnum, unicode_slug)):
        slug = ascii_slug
    return slug[:max_length].rstrip("-_") if max_length else slug


validate_readable_slug = RegexValidator(
    re.compile(rf"\A{SLUG_CHARACTERS}+\Z"),
    "Enter a slug of letters (with their accents and marks) or digits of any script, "
    "hyphens or underscores.",
    "invalid",
)


class ReadableSlugFormField(forms.CharField):
    default_validators = [validate_readable_slug]

    def __init__(self, *, allow_unicode: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        # Composed, as readable_slug makes them and as an address typed by hand arrives:
        # "e" and a separate accent would be another address for the same word.
        return unicodedata.normalize("NFC", super().to_python(value) or "")


class ReadableSlugField(models.SlugField):
    """A Unicode slug as `readable_slug` makes it: Django's Unicode slugs, with marks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, allow_unicode=True, **kwargs)
        # CharField's __init__ has made the list already (adding the length's validator).
        self.validators[:] = [
            validate_readable_slug if validator is validate_unicode_slug else validator
            for validator in self.validators
        ]

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("allow_unicode", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": ReadableSlugFormField, **kwargs})


class KeepsFormerSlugs(models.Model):
    """A page whose slug changes keeps answering at every address it had (catalog.middleware
    redirects them): saving a changed slug records the one it replaces, and takes the new
    one back from the records if it had it before. Writes that bypass `save()` must not
    change slugs (the importer never does)."""

    slug: str  # the concrete model's field
    _stored_slug: str | None

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        stored = getattr(self, "_stored_slug", None)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if stored and stored != self.slug:
                former_slugs = self.former_slugs  # type: ignore[attr-defined]
                former_slugs.model.objects.filter(slug=self.slug).delete()
                former_slugs.model.objects.update_or_create(
                    slug=stored, defaults={former_slugs.field.name: self}
                )
        self._stored_slug = self.slug

    @classmethod
    def from_db(cls, *args: Any, **kwargs: Any) -> Any:
        instance = super().from_db(*args, **kwargs)
        instance._stored_slug = instance.__dict__.get("slug")
        return instance


class Person(KeepsFormerSlugs, UpdateStampMixin, ManagedFilesMixin, models.Model):
    name = models.CharField(max_length=200)
    slug = ReadableSlugField(max_length=220, unique=True)
    nconst = models.CharField(
        "IMDb id", max_length=12, unique=True, null=True, blank=True, help_text="e.g. nm0000115"
    )
    photo = models.ImageField(
        upload_to="photos/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        validators=[images.validate_image_upload],
        help_text="JPEG, PNG or WebP, up to 10 MB.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Whether the task worker has made the photo's renditions (catalog.media.make_renditions).
    photo_rendered = models.BooleanField(default=False, db_default=False, editable=False)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    death_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # When the person's page last changed: their own facts or credits (filmsite.stamps).
    updated = models.DateTimeField(default=timezone.now, editable=False)

    objects = SlugNaturalKeyManager()
    managed_images = ("photo",)
    shown_fields = ("name", "slug", "nconst", "photo", "birth_year", "death_year")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["name"], name="person_name_idx"),
            # The newest stamp (the sitemap index's lastmod) without a scan.
            models.Index(fields=["-updated"], name="person_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:person_detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def photo_renditions(self) -> images.Renditions | None:
        return self.renditions("photo")

    def filmography(self, user: User | AnonymousUser) -> list[tuple[str, list["Credit"]]]:
        """[(role heading, [credits])], acting first, each newest first; one query."""
        films = Film.objects.visible_to(user)
        credits = (
            self.credits.filter(film__in=films)
            .select_related("film")
            .order_by(F("film__year").desc(nulls_last=True), "film__title")
        )
        groups: dict[str, list[Credit]] = {}
        for credit in credits:
            groups.setdefault(credit.kind, []).append(credit)
        order = [kind for kind, _ in Credit.Kind.choices]
        return [(FILMOGRAPHY_HEADINGS[kind], groups[kind]) for kind in order if kind in groups]


FILMOGRAPHY_HEADINGS = {
    "cast": "Acting",
    "director": "Directing",
    "writer": "Writing",
    "producer": "Producing",
    "composer": "Music",
    "cinematographer": "Cinematography",
    "editor": "Editing",
}


def can_view_drafts(user: User | AnonymousUser) -> bool:
    """Whether `user` sees draft films, and everything that hangs off them."""
    return user.has_perm("catalog.view_film")


def detail_page_lookups() -> tuple[str | Prefetch, ...]:
    """What the film page shows beyond the film's row, as prefetch lookups: for a queryset
    (`for_detail_page`) or for a film already read (`prefetch_related_objects`)."""
    return (
        "genres",
        # Every release, for the list by country; the primary one drives the date line.
        Prefetch("releases", to_attr="all_releases"),
        Prefetch("credits", queryset=Credit.objects.select_related("person")),
        "trailers",
        # Not read at all for a film without trailers, which is a query fewer.
        "trailers__captions",
        "alternative_titles",
    )


class FilmQuerySet(models.QuerySet["Film"]):
    def published(self) -> "FilmQuerySet":
        return self.filter(status=Film.Status.PUBLISHED)

    def visible_to(self, user: User | AnonymousUser) -> "FilmQuerySet":
        """Published films for everyone; drafts too for those who may view them (editors)."""
        return self if can_view_drafts(user) else self.published()

    def for_detail_page(self) -> "FilmQuerySet":
        """Everything the film page shows, in a fixed number of queries."""
        return self.prefetch_related(*detail_page_lookups())

    def in_decade(self, start: int) -> "FilmQuerySet":
        """Films of the ten years from `start` (one of DECADES)."""
        return self.filter(year__gte=start, year__lt=start + 10)

    def with_trailer(self) -> "FilmQuerySet":
        return self.filter(Exists(Trailer.objects.filter(film=OuterRef("pk"))))

    def without_trailer(self) -> "FilmQuerySet":
        return self.filter(~Exists(Trailer.objects.filter(film=OuterRef("pk"))))


# The decades lists offer, newest first, as (value, label) choices.
DECADES = [(str(start), f"{start}s") for start in range(2020, 1880, -10)]


class FilmManager(SlugNaturalKeyManager.from_queryset(FilmQuerySet)):  # type: ignore[misc]
    pass


class Film(KeepsFormerSlugs, UpdateStampMixin, ManagedFilesMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=300)
    original_title = models.CharField(max_length=300, blank=True)
    slug = ReadableSlugField(
        max_length=320,
        unique=True,
        help_text="Set once from the title and year; part of the URL. Former ones keep "
        "answering, with a redirect here.",
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    certificate = models.CharField(max_length=10, choices=Certificate, blank=True)
    plot = models.TextField(blank=True)
    runtime_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    genres = models.ManyToManyField(Genre, related_name="films", blank=True)
    poster = models.ImageField(
        upload_to="posters/",
        blank=True,
        width_field="poster_width",
        height_field="poster_height",
        validators=[images.validate_image_upload],
        help_text="JPEG, PNG or WebP, up to 10 MB; shown in several sizes.",
    )
    poster_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Whether the task worker has made the poster's renditions: until then pages show the
    # title card (catalog.media.make_renditions).
    poster_rendered = models.BooleanField(default=False, db_default=False, editable=False)
    tconst = models.CharField(
        "IMDb id", max_length=12, unique=True, null=True, blank=True, help_text="e.g. tt0113627"
    )
    # Visitors' reviews and ratings, summed up by the reviews app whenever one changes, so that
    # lists can filter and sort on them without touching the reviews table.
    user_review_count = models.PositiveIntegerField(default=0, editable=False)
    user_rating_count = models.PositiveIntegerField(default=0, editable=False)
    user_rating_average = models.DecimalField(
        max_digits=4, decimal_places=2, null=True, blank=True, editable=False
    )
    # How many counted ratings give each score, 10 down to 1: the film page's histogram.
    user_rating_histogram = models.JSONField(
        default=list, db_default=Value([], models.JSONField()), blank=True, editable=False
    )
    # IMDb's own rating, as imported; kept apart from our visitors' ratings.
    imdb_rating = models.DecimalField(
        max_digits=3, decimal_places=1, null=True, blank=True, editable=False
    )
    imdb_votes = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The version of the film's cached pages (film, reviews, review): the site's page stamp
    # when a write last touched the film (`filmsite.pagecache.versions.bump`). A database
    # default too, for inserts that name their columns (the importer's COPY path).
    page_version = models.BigIntegerField(default=0, db_default=0, editable=False)
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="Drafts are seen only by staff; publish when the page is ready.",
    )
    created = models.DateTimeField(auto_now_add=True)
    # When the film's page last changed: its own facts, genres, credits, trailers, releases
    # or its visitors' figures (filmsite.stamps), not every save.
    updated = models.DateTimeField(default=timezone.now, editable=False)

    objects = FilmManager()
    managed_images = ("poster",)
    shown_fields = (
        "title",
        "original_title",
        "slug",
        "year",
        "certificate",
        "plot",
        "runtime_minutes",
        "poster",
        "tconst",
        "status",
    )

    class Meta:
        ordering = ["title", "year"]
        permissions = [("import_imdb", "Can start an IMDb import")]
        indexes = [
            models.Index(fields=["title"], name="film_title_idx"),
            models.Index(fields=["year"], name="film_year_idx"),
            models.Index(fields=["-created"], name="film_created_idx"),
            models.Index(fields=["status", "title"], name="film_status_title_idx"),
            # PostgreSQL also has NULLS LAST versions of the rating and year ones (0005).
            models.Index(fields=["status", "-user_rating_average"], name="film_status_rating_idx"),
            models.Index(fields=["status", "-user_review_count"], name="film_status_reviews_idx"),
            models.Index(fields=["status", "-year"], name="film_status_year_idx"),
            models.Index(fields=["status", "-created"], name="film_status_created_idx"),
            models.Index(fields=["status", "-updated"], name="film_status_updated_idx"),
            # The admin's "has a poster" filter, in the change list's order: few films of an
            # imported catalog have one, and the filter read them all to find none.
            models.Index(
                fields=["title", "year"],
                condition=~Q(poster=""),
                name="film_with_poster_title_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True)
                | Q(year__gte=FIRST_FILM_YEAR, year__lte=LAST_FILM_YEAR),
                name="film_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(runtime_minutes__isnull=True) | Q(runtime_minutes__gt=0),
                name="film_runtime_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = film_slug(self.title, self.year)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("catalog:film_detail", kwargs={"slug": self.slug})

    @property
    def rating_histogram(self) -> list[tuple[int, int]]:
        """[(score, number of ratings giving it)] for scores 10 down to 1, zeros included."""
        counts = self.user_rating_histogram or [0] * 10
        return list(zip(range(10, 0, -1), counts, strict=True))

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def poster_renditions(self) -> images.Renditions | None:
        return self.renditions("poster")

    @property
    def placeholder_colour(self) -> int:
        """One of the placeholder card's colours, stable for the film."""
        return sum(self.slug.encode()) % 6

    @property
    def primary_release(self) -> "Release | None":
        """The release that drives the page's date line (prefetched by `for_detail_page`)."""
        releases = getattr(self, "all_releases", None)
        if releases is None:
            return self.releases.filter(is_primary=True).first()
        return next((release for release in releases if release.is_primary), None)

    @property
    def releases_by_country(self) -> list["Release"]:
        """Every release, by date (prefetched by `for_detail_page`)."""
        releases = getattr(self, "all_releases", None)
        return list(self.releases.all()) if releases is None else releases

    @property
    def also_known_as(self) -> list["AlternativeTitle"]:
        """Other titles, each title once per country, leaving out the film's own title: the
        original title first, then by country name, those of no country last, each country's
        in IMDb's order."""
        seen: set[tuple[str, str]] = set()
        titles = []
        for title in self.alternative_titles.all():
            # By the name shown: IMDb's "XYU" and ISO's "YUCS" are both Yugoslavia.
            if title.title != self.title and (title.title, title.region_name) not in seen:
                seen.add((title.title, title.region_name))
                titles.append(title)

        def order(title: "AlternativeTitle") -> tuple[bool, bool, str]:
            return (not title.is_original, not title.region, sort_key(title.region_name))

        return sorted(titles, key=order)

    @property
    def cast(self) -> list["Credit"]:
        return [credit for credit in self.credits.all() if credit.kind == Credit.Kind.CAST]

    @property
    def crew(self) -> list["Credit"]:
        return [credit for credit in self.credits.all() if credit.kind != Credit.Kind.CAST]


# Of Film.slug's 320 characters: room left for the importer's suffix, "-tt1234567890".
FILM_SLUG_LENGTH = 300


def film_slug(title: str, year: int | None) -> str:
    """A readable, stable slug that carries the year: `leaving-las-vegas-1995`. A long title
    is cut, never the year."""
    year_part = f"-{year}" if year else ""
    base = readable_slug(title, FILM_SLUG_LENGTH - len(year_part)) or "film"
    return base + year_part


class AlternativeTitle(models.Model):
    """Another title a film is known by (IMDb's title.akas): in a country, a language, or of a
    kind such as a working title. Shown as "Also known as" and searched."""

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="alternative_titles")
    title = models.CharField(max_length=300)
    region = models.CharField(
        max_length=4, blank=True, help_text="Country code, as IMDb gives it (e.g. FR, XWW)."
    )
    language = models.CharField(max_length=8, blank=True)
    kinds = models.CharField(
        max_length=100, blank=True, help_text="IMDb's types, e.g. imdbDisplay, working."
    )
    ordering = models.PositiveIntegerField(help_text="IMDb's order of the film's titles.")

    class Meta:
        ordering = ["region", "ordering"]
        constraints = [
            models.UniqueConstraint(fields=["film", "ordering"], name="alternative_title_order"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.region})" if self.region else self.title

    @property
    def is_original(self) -> bool:
        """The film's title in its first release (IMDb's "original" type, given no region)."""
        return "original" in self.kinds.split(", ")

    @property
    def region_name(self) -> str:
        """The country's name ("Japan" for JP), or "" for a title of no country."""
        return region_name(self.region) if self.region else ""


class FormerSlug(models.Model):
    """An address a page had: it answers with a permanent redirect to the page's current one."""

    slug = models.SlugField(max_length=320, allow_unicode=True, unique=True)
    retired = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.slug


class FormerFilmSlug(FormerSlug):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="former_slugs")


class FormerPersonSlug(FormerSlug):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="former_slugs")


class MergedImdbId(models.Model):
    """The IMDb id of a row merged into one that kept its own: the importer leaves that id's
    title out, or files its credits under the kept person, rather than make the row again."""

    imdb_id = models.CharField("IMDb id", max_length=12, unique=True)
    merged = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.imdb_id


class MergedFilmId(MergedImdbId):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="merged_imdb_ids")


class MergedPersonId(MergedImdbId):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merged_imdb_ids")


class CreditManager(models.Manager["Credit"]):
    def get_by_natural_key(
        self, film_slug: str, person_slug: str, kind: str, character: str
    ) -> "Credit":
        return self.get(
            film__slug=film_slug, person__slug=person_slug, kind=kind, character=character
        )


class Credit(models.Model):
    class Kind(models.TextChoices):
        CAST = "cast", "Cast"
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        PRODUCER = "producer", "Producer"
        COMPOSER = "composer", "Composer"
        CINEMATOGRAPHER = "cinematographer", "Cinematographer"
        EDITOR = "editor", "Editor"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.CAST)
    character = models.CharField(max_length=300, blank=True)
    billing_order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers are listed first."
    )

    objects = CreditManager()

    class Meta:
        ordering = ["billing_order", "pk"]
        constraints = [
            # One row per role: an actor may play two characters, but not the same one twice;
            # a crew job (character left blank) is credited once per person.
            models.UniqueConstraint(
                fields=["film", "person", "kind", "character"], name="credit_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(kind="cast") | Q(character=""),
                name="credit_character_only_for_cast",
            ),
        ]
        indexes = [models.Index(fields=["film", "kind", "billing_order"], name="credit_film_idx")]

    def __str__(self) -> str:
        if self.kind == self.Kind.CAST:
            return f"{self.person} as {self.character}" if self.character else str(self.person)
        return f"{self.person} ({self.get_kind_display()})"

    def natural_key(self) -> tuple[str, ...]:
        return (*self.film.natural_key(), *self.person.natural_key(), self.kind, self.character)

    natural_key.dependencies = ["catalog.film", "catalog.person"]  # type: ignore[attr-defined]


class Trailer(ManagedFilesMixin, models.Model):
    class Provider(models.TextChoices):
        YOUTUBE = "youtube", "YouTube"
        VIMEO = "vimeo", "Vimeo"
        FILE = "file", "Uploaded file"

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="trailers")
    title = models.CharField(max_length=200)
    url = models.URLField(
        "video address",
        blank=True,
        validators=[validate_trailer_url],
        help_text="A YouTube or Vimeo page address; or leave empty and upload a file.",
    )
    video_file = models.FileField(
        upload_to="trailers/",
        blank=True,
        validators=[validate_video_file],
        help_text="An MP4 or WebM file, instead of an address.",
    )
    provider = models.CharField(max_length=10, choices=Provider, editable=False)
    video_id = models.CharField(max_length=MAX_VIDEO_ID_LENGTH, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(default=0)

    managed_files = ("video_file",)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "provider", "video_id"],
                condition=~Q(video_id=""),
                name="trailer_unique_video_per_film",
                violation_error_message="This film already has this video as a trailer.",
            ),
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(video_file="")) | (~Q(url="") & Q(video_file="")),
                name="trailer_address_or_file",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.url:
            self.provider, self.video_id = parse_trailer_url(self.url)
            self.url = self.watch_url
        else:
            self.provider, self.video_id = self.Provider.FILE, ""
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if bool(self.url) == bool(self.video_file):
            raise ValidationError(
                "Give either a YouTube or Vimeo address or an uploaded video file, not both."
            )
        if self.url:
            # Known before constraints are validated, so a duplicate video is a form error.
            # A bad address is reported on its field by the field's validator.
            with contextlib.suppress(ValidationError):
                self.provider, self.video_id = parse_trailer_url(self.url)

    @property
    def watch_url(self) -> str:
        """The video's own page: where the play button leads without JavaScript."""
        if self.provider == self.Provider.YOUTUBE:
            return f"https://www.youtube.com/watch?v={self.video_id}"
        if self.provider == self.Provider.VIMEO:
            return f"https://vimeo.com/{self.video_id}"
        return self.video_file.url

    @property
    def embed_url(self) -> str:
        """The player, loaded only on a click: YouTube's no-cookie domain or Vimeo's player."""
        if self.provider == self.Provider.YOUTUBE:
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}?autoplay=1"
        return f"https://player.vimeo.com/video/{self.video_id}?dnt=1&autoplay=1"

    @property
    def mime_type(self) -> str:
        return video_mime_type(self.video_file.name or "")


class Caption(ManagedFilesMixin, models.Model):
    """A WebVTT captions file for an uploaded trailer, in one language, played through the
    video's `<track>` (WCAG 1.2.2). Embedded players carry their own captions."""

    trailer = models.ForeignKey(Trailer, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(
        max_length=35,
        validators=[validate_language_tag],
        help_text="A language tag, e.g. en, fr, pt-BR.",
    )
    label = models.CharField(max_length=60, help_text="As the player lists it, e.g. English.")
    file = models.FileField(
        "WebVTT file",
        upload_to="captions/",
        validators=[validate_webvtt],
        help_text="A .vtt file (WebVTT), UTF-8, up to 1 MB.",
    )

    managed_files = ("file",)

    class Meta:
        ordering = ["label", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trailer", "language"], name="caption_one_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.language})"

    def clean(self) -> None:
        # An embedded player never gets our <track>: such captions would be stored, unseen.
        # The trailer may be unsaved (added with its captions); without one, None.
        trailer = getattr(self, "trailer", None)
        if trailer is not None and not trailer.video_file:
            raise ValidationError(
                "Captions are for uploaded trailers: YouTube and Vimeo play their own.",
                code="captions_embedded",
            )


class ReleaseKind(models.TextChoices):
    PREMIERE = "premiere", "Premiere"
    FESTIVAL = "festival", "Festival"
    LIMITED = "limited", "Limited"
    THEATRICAL = "theatrical", "Theatrical"
    DIGITAL = "digital", "Digital"
    PHYSICAL = "physical", "Physical"
    TV = "tv", "TV"


class ReleaseManager(models.Manager["Release"]):
    def get_by_natural_key(self, film_slug: str, country: str) -> "Release":
        return self.get(film__slug=film_slug, country=country)


class Release(models.Model):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="releases")
    date = models.DateField()
    country = models.CharField(max_length=60, help_text="As shown on the page, e.g. USA.")
    certificate = models.CharField(
        max_length=20, blank=True, help_text="That country's rating, as it reads there: 15, FSK 16."
    )
    kind = models.CharField("type", max_length=20, choices=ReleaseKind, blank=True)
    is_primary = models.BooleanField(
        "primary release",
        default=False,
        help_text="The release whose date the film page shows. One per film.",
    )

    objects = ReleaseManager()

    class Meta:
        ordering = ["date", "country"]
        constraints = [
            models.UniqueConstraint(fields=["film", "country"], name="release_one_per_country"),
            models.UniqueConstraint(
                fields=["film"], condition=Q(is_primary=True), name="release_one_primary_per_film"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date.day} {self.date:%B %Y} ({self.country})"

    def natural_key(self) -> tuple[str, str]:
        return (*self.film.natural_key(), self.country)

    natural_key.dependencies = ["catalog.film"]  # type: ignore[attr-defined]
