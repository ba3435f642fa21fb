"""Curating the catalog: films with their credits, trailers and releases; people; genres."""

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.utils.html import format_html

from .models import Credit, Film, Genre, Person, Release, Trailer


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["billing_order", "person", "kind", "character"]


class TrailerInline(admin.TabularInline):
    model = Trailer
    extra = 0
    fields = ["title", "url", "video_file", "order"]


class ReleaseInline(admin.TabularInline):
    model = Release
    extra = 0
    fields = ["date", "country", "is_primary"]


class DecadeFilter(admin.SimpleListFilter):
    title = "decade"
    parameter_name = "decade"

    def lookups(self, request, model_admin):
        return [(str(decade), f"{decade}s") for decade in range(2020, 1880, -10)]

    def queryset(self, request, queryset):
        decade = self.value()
        if decade and decade.isdigit():
            start = int(decade)
            return queryset.filter(year__gte=start, year__lt=start + 10)
        return queryset


class HasPosterFilter(admin.SimpleListFilter):
    title = "poster"
    parameter_name = "has_poster"

    def lookups(self, request, model_admin):
        return [("yes", "Has a poster"), ("no", "No poster")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(poster="")
        if self.value() == "no":
            return queryset.filter(poster="")
        return queryset


class HasTrailerFilter(admin.SimpleListFilter):
    title = "trailer"
    parameter_name = "has_trailer"

    def lookups(self, request, model_admin):
        return [("yes", "Has a trailer"), ("no", "No trailer")]

    def queryset(self, request, queryset):
        has_trailer = Exists(Trailer.objects.filter(film=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(has_trailer)
        if self.value() == "no":
            return queryset.filter(~has_trailer)
        return queryset


def thumbnail(renditions, alt=""):
    if renditions is None:
        return "—"
    width = renditions.widths[0]
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="admin-thumbnail">',
        renditions.thumbnail_url,
        width // 3,
        renditions.height_for(width) // 3,
        alt,
    )


@admin.register(Film)
class FilmAdmin(admin.ModelAdmin):
    list_display = [
        "poster_thumbnail",
        "title",
        "year",
        "certificate",
        "status",
        "tconst",
        "updated",
    ]
    list_display_links = ["poster_thumbnail", "title"]
    list_filter = [
        "status",
        "genres",
        "certificate",
        DecadeFilter,
        HasPosterFilter,
        HasTrailerFilter,
    ]
    search_fields = ["title", "original_title", "=tconst"]
    prepopulated_fields = {"slug": ["title", "year"]}
    filter_horizontal = ["genres"]
    readonly_fields = ["created", "updated", "user_rating_count", "user_rating_average"]
    fieldsets = [
        (None, {"fields": ["title", "original_title", "slug", "status"]}),
        ("Facts", {"fields": ["year", "certificate", "runtime_minutes", "genres", "tconst"]}),
        ("Page", {"fields": ["plot", "poster"]}),
        (
            "Record",
            {"fields": ["user_rating_count", "user_rating_average", "created", "updated"]},
        ),
    ]
    inlines = [ReleaseInline, CreditInline, TrailerInline]
    date_hierarchy = "created"
    actions = ["publish", "unpublish"]

    @admin.display(description="poster")
    def poster_thumbnail(self, film):
        return thumbnail(film.poster_renditions)

    @admin.action(description="Publish selected films", permissions=["change"])
    def publish(self, request, queryset):
        changed = queryset.exclude(status=Film.Status.PUBLISHED).update(
            status=Film.Status.PUBLISHED
        )
        self.message_user(request, f"{changed} film(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish selected films (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        changed = queryset.exclude(status=Film.Status.DRAFT).update(status=Film.Status.DRAFT)
        self.message_user(request, f"{changed} film(s) returned to draft.", messages.SUCCESS)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["photo_thumbnail", "name", "nconst"]
    list_display_links = ["photo_thumbnail", "name"]
    list_filter = ["credits__kind"]
    search_fields = ["name", "=nconst"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="photo")
    def photo_thumbnail(self, person):
        return thumbnail(person.renditions("photo"))


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
