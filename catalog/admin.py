from django.contrib import admin

from .models import Credit, Film, Genre, Person, Release, Trailer


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "kind", "character", "billing_order"]


class TrailerInline(admin.TabularInline):
    model = Trailer
    extra = 0
    fields = ["title", "url", "order"]


class ReleaseInline(admin.TabularInline):
    model = Release
    extra = 0
    fields = ["date", "country", "is_primary"]


@admin.register(Film)
class FilmAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "certificate", "runtime_minutes", "tconst", "updated"]
    list_filter = ["certificate", "genres", "year"]
    search_fields = ["title", "original_title", "=tconst"]
    prepopulated_fields = {"slug": ["title", "year"]}
    filter_horizontal = ["genres"]
    readonly_fields = ["created", "updated"]
    inlines = [ReleaseInline, CreditInline, TrailerInline]
    date_hierarchy = "created"


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "nconst"]
    list_filter = ["credits__kind"]
    search_fields = ["name", "=nconst"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
