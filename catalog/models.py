"""The catalog: films, the people who make them, their credits, trailers and releases."""

from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.text import slugify


class Certificate(models.TextChoices):
    """MPAA ratings, as printed on film pages."""

    G = "G", "G"
    PG = "PG", "PG"
    PG_13 = "PG-13", "PG-13"
    R = "R", "R"
    NC_17 = "NC-17", "NC-17"
    NOT_RATED = "Not Rated", "Not Rated"


class SlugNaturalKeyManager(models.Manager):
    """Fixtures refer to rows by slug, so loading the seed twice updates instead of duplicating."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Genre(models.Model):
    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Person(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    nconst = models.CharField(
        "IMDb id", max_length=12, unique=True, null=True, blank=True, help_text="e.g. nm0000115"
    )

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["name"], name="person_name_idx")]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class FilmQuerySet(models.QuerySet):
    def for_detail_page(self):
        """Everything the film page shows, in a fixed number of queries."""
        return self.prefetch_related(
            "genres",
            Prefetch(
                "releases",
                queryset=Release.objects.filter(is_primary=True),
                to_attr="primary_releases",
            ),
            Prefetch("credits", queryset=Credit.objects.select_related("person")),
            "trailers",
        )


class FilmManager(SlugNaturalKeyManager.from_queryset(FilmQuerySet)):
    pass


class Film(models.Model):
    title = models.CharField(max_length=300)
    original_title = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(
        max_length=320, unique=True, help_text="Set once from the title and year; part of the URL."
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    certificate = models.CharField(max_length=10, choices=Certificate, blank=True)
    plot = models.TextField(blank=True)
    runtime_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    genres = models.ManyToManyField(Genre, related_name="films", blank=True)
    poster = models.ImageField(upload_to="posters/", blank=True)
    tconst = models.CharField(
        "IMDb id", max_length=12, unique=True, null=True, blank=True, help_text="e.g. tt0113627"
    )
    # Visitors' ratings, summed up by the reviews app whenever a rating changes, so that lists
    # can filter and sort on them without touching the reviews table.
    user_rating_count = models.PositiveIntegerField(default=0, editable=False)
    user_rating_average = models.DecimalField(
        max_digits=4, decimal_places=2, null=True, blank=True, editable=False
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = FilmManager()

    class Meta:
        ordering = ["title", "year"]
        indexes = [
            models.Index(fields=["title"], name="film_title_idx"),
            models.Index(fields=["year"], name="film_year_idx"),
            models.Index(fields=["-created"], name="film_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1870, year__lte=2200),
                name="film_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(runtime_minutes__isnull=True) | Q(runtime_minutes__gt=0),
                name="film_runtime_positive",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = film_slug(self.title, self.year)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:film_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def primary_release(self):
        """The release that drives the page's date line (prefetched by `for_detail_page`)."""
        releases = getattr(self, "primary_releases", None)
        if releases is None:
            releases = self.releases.filter(is_primary=True)
        return next(iter(releases), None)

    @property
    def cast(self):
        return [credit for credit in self.credits.all() if credit.kind == Credit.Kind.CAST]

    @property
    def crew(self):
        return [credit for credit in self.credits.all() if credit.kind != Credit.Kind.CAST]


def film_slug(title, year):
    """A readable, stable slug that carries the year: `leaving-las-vegas-1995`."""
    base = slugify(title) or "film"
    return f"{base}-{year}" if year else base


class CreditManager(models.Manager):
    def get_by_natural_key(self, film_slug, person_slug, kind, character):
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

    def __str__(self):
        if self.kind == self.Kind.CAST:
            return f"{self.person} as {self.character}" if self.character else str(self.person)
        return f"{self.person} ({self.get_kind_display()})"

    def natural_key(self):
        return (*self.film.natural_key(), *self.person.natural_key(), self.kind, self.character)

    natural_key.dependencies = ["catalog.film", "catalog.person"]


# Trailer players come only from these hosts; the page embeds their privacy-friendly players.
TRAILER_HOSTS = {
    "youtube.com": "youtube",
    "www.youtube.com": "youtube",
    "m.youtube.com": "youtube",
    "youtu.be": "youtube",
    "www.youtube-nocookie.com": "youtube",
    "vimeo.com": "vimeo",
    "www.vimeo.com": "vimeo",
    "player.vimeo.com": "vimeo",
}


def parse_trailer_url(url):
    """Return (provider, video id) for a YouTube or Vimeo address, or raise ValidationError."""
    parts = urlsplit(url.strip())
    provider = TRAILER_HOSTS.get((parts.hostname or "").lower())
    if parts.scheme not in {"http", "https"} or provider is None:
        raise ValidationError(
            "Enter a YouTube or Vimeo address; other video hosts are not allowed.",
            code="trailer_host",
        )
    segments = [segment for segment in parts.path.split("/") if segment]
    video_id = ""
    if provider == "youtube":
        if parts.hostname == "youtu.be" and segments:
            video_id = segments[0]
        elif segments[:1] == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            video_id = segments[1]
        valid = len(video_id) == 11 and all(c.isalnum() or c in "-_" for c in video_id)
    else:
        video_id = next((s for s in reversed(segments) if s.isdigit()), "")
        valid = bool(video_id)
    if not valid:
        raise ValidationError(
            "This address does not point at a single video.", code="trailer_video_id"
        )
    return provider, video_id


def validate_trailer_url(url):
    parse_trailer_url(url)


class Trailer(models.Model):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="trailers")
    title = models.CharField(max_length=200)
    url = models.URLField(
        "video address",
        validators=[validate_trailer_url],
        help_text="A YouTube or Vimeo page address.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["film", "url"], name="trailer_unique_url_per_film")
        ]

    def __str__(self):
        return self.title

    @property
    def embed_url(self):
        """The player address: YouTube's no-cookie domain or Vimeo's player, never a tracker."""
        provider, video_id = parse_trailer_url(self.url)
        if provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
        return f"https://player.vimeo.com/video/{video_id}?dnt=1"


class ReleaseManager(models.Manager):
    def get_by_natural_key(self, film_slug, country):
        return self.get(film__slug=film_slug, country=country)


class Release(models.Model):
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="releases")
    date = models.DateField()
    country = models.CharField(max_length=60, help_text="As shown on the page, e.g. USA.")
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

    def __str__(self):
        return f"{self.date.day} {self.date:%B %Y} ({self.country})"

    def natural_key(self):
        return (*self.film.natural_key(), self.country)

    natural_key.dependencies = ["catalog.film"]
