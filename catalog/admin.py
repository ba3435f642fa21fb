"""Curating the catalog: films with their credits, trailers and releases; people; genres."""

import logging
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django_tasks_db.models import DBTaskResult

from filmsite.lists.changelists import GuardedChangeListMixin
from filmsite.pagecache import versions

from . import media, services
from .forms import ImdbImportForm
from .images import Renditions
from .importers.imdb import BATCH_SIZE
from .importers.tasks import import_imdb
from .models import DECADES, Credit, Film, FilmQuerySet, Genre, Person, Release, Trailer

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = object  # the mixin goes before ModelAdmin in a class's bases


class UploadsAdminMixin(_ModelAdmin):
    """Each submission and its uploads in one `media.atomic()`.

    A submission that fails after writing files (an inline's row refused by the database,
    say) leaves none behind; a storage that refuses a file is reported, and nothing is saved.
    Its rows' page-version bumps are made once, at its end, so the site's page stamp is not
    held while uploads are stored.
    """

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            with media.atomic(), versions.deferred():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except media.StorageError as error:
            logger.exception("An upload could not be stored")
            self.message_user(
                request,
                f"Nothing was saved: the media storage refused a file ({error.__cause__}). "
                "Try again later, or tell whoever runs the site.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())


class OnePerFilmFormSet(BaseInlineFormSet):
    """Refuses, as a form error on `field`, a row that breaks a per-film rule together with
    another row of the same submission. Django checks such conditional rules only against
    saved rows, so two new rows breaking one together reached the database and answered 500.

    Subclasses define `rule_key(form)`.
    """

    field = ""
    message = ""

    def rule_key(self, form: ModelForm) -> Hashable | None:
        """What must be unique per film, or None when the rule does not apply to the row."""
        raise NotImplementedError

    def clean(self) -> None:
        super().clean()
        seen = set()
        for form in self.forms:
            # django-stubs leave out BaseFormSet._should_delete_form, which Django's own
            # formsets call to skip the rows ticked for deletion.
            should_delete = self._should_delete_form(form)  # type: ignore[attr-defined]
            if not form.cleaned_data or form.errors or should_delete:
                continue
            key = self.rule_key(form)
            if key is not None and key in seen:
                form.add_error(self.field, self.message)
            seen.add(key)


class PrimaryReleaseFormSet(OnePerFilmFormSet):
    field = "is_primary"
    message = "A film has one primary release: tick only one."

    def rule_key(self, form: ModelForm) -> str | None:
        return "primary" if form.cleaned_data.get("is_primary") else None


class TrailerFormSet(OnePerFilmFormSet):
    field = "url"
    message = "This video is already among the film's trailers."

    def rule_key(self, form: ModelForm) -> tuple[str, str] | None:
        trailer = form.instance
        return (trailer.provider, trailer.video_id) if trailer.video_id else None


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["billing_order", "person", "kind", "character"]


class TrailerInline(admin.TabularInline):
    model = Trailer
    formset = TrailerFormSet
    extra = 0
    fields = ["title", "url", "video_file", "order"]


class ReleaseInline(admin.TabularInline):
    model = Release
    formset = PrimaryReleaseFormSet
    extra = 0
    fields = ["date", "country", "is_primary"]


class DecadeFilter(admin.SimpleListFilter):
    title = "decade"
    parameter_name = "decade"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> list[tuple[str, str]]:
        return DECADES

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        decade = self.value()
        if decade in dict(DECADES):
            # FilmAdmin's, the one change list with this filter.
            return cast(FilmQuerySet, queryset).in_decade(int(decade))
        return queryset


class HasPosterFilter(admin.SimpleListFilter):
    title = "poster"
    parameter_name = "has_poster"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> list[tuple[str, str]]:
        return [("yes", "Has a poster"), ("no", "No poster")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.exclude(poster="")
        if self.value() == "no":
            return queryset.filter(poster="")
        return queryset


class HasTrailerFilter(admin.SimpleListFilter):
    title = "trailer"
    parameter_name = "has_trailer"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> list[tuple[str, str]]:
        return [("yes", "Has a trailer"), ("no", "No trailer")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        films = cast(FilmQuerySet, queryset)  # FilmAdmin's, the one change list with this filter
        if self.value() == "yes":
            return films.with_trailer()
        if self.value() == "no":
            return films.without_trailer()
        return queryset


def thumbnail(renditions: Renditions | None, alt: str = "") -> SafeString | str:
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
class FilmAdmin(GuardedChangeListMixin, UploadsAdminMixin, admin.ModelAdmin):
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
    def poster_thumbnail(self, film: Film) -> SafeString | str:
        return thumbnail(film.poster_renditions)

    def get_urls(self) -> list[URLPattern]:
        import_page = path(
            "import-imdb/",
            self.admin_site.admin_view(self.import_imdb_view),
            name="catalog_film_import_imdb",
        )
        return [import_page, *super().get_urls()]

    def import_imdb_view(self, request: HttpRequest) -> HttpResponse:
        """Queue an import of the IMDb dataset folder for the task worker; list recent ones."""
        if not request.user.has_perm("catalog.import_imdb"):
            raise PermissionDenied
        directory = settings.IMDB_DATASET_DIR
        form = ImdbImportForm(request.POST or None)
        if request.method == "POST" and directory and form.is_valid():
            queued = import_imdb.enqueue(
                directory=directory, types=form.cleaned_data["types"], batch_size=BATCH_SIZE
            )
            self.message_user(
                request, f"Import {queued.id} queued; the task worker runs it.", messages.SUCCESS
            )
            return HttpResponseRedirect(request.path)
        imports = DBTaskResult.objects.filter(task_path=import_imdb.module_path).order_by(
            "-enqueued_at"
        )[:10]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import films from IMDb files",
            "form": form,
            "directory": directory,
            "imports": imports,
        }
        return TemplateResponse(request, "admin/catalog/film/import_imdb.html", context)

    @admin.action(description="Publish selected films", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Film]) -> None:
        changed = services.publish(films=queryset)
        self.message_user(request, f"{changed} film(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish selected films (back to draft)", permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Film]) -> None:
        changed = services.unpublish(films=queryset)
        self.message_user(request, f"{changed} film(s) returned to draft.", messages.SUCCESS)


@admin.register(Person)
class PersonAdmin(GuardedChangeListMixin, UploadsAdminMixin, admin.ModelAdmin):
    list_display = ["photo_thumbnail", "name", "nconst"]
    list_display_links = ["photo_thumbnail", "name"]
    list_filter = ["credits__kind"]
    search_fields = ["name", "=nconst"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="photo")
    def photo_thumbnail(self, person: Person) -> SafeString | str:
        return thumbnail(person.renditions("photo"))


@admin.register(Genre)
class GenreAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
