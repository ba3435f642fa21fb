"""Curating the catalog: films with their credits, trailers and releases; people; genres."""

import logging
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.forms import ModelForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django_tasks_db.models import DBTaskResult

from filmsite.lists.changelists import GuardedChangeListMixin
from filmsite.pagecache import versions

from . import media, merging, services
from .forms import ImdbImportForm
from .images import Renditions
from .importers.imdb import BATCH_SIZE
from .importers.tasks import import_imdb
from .models import (
    DECADES,
    Caption,
    Credit,
    Film,
    FilmQuerySet,
    Genre,
    Person,
    Release,
    Trailer,
)

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


class PrimedAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete, taking its selected row from `primed` (the rows of a whole
    formset, read in one query) rather than querying for it in each row of an inline."""

    primed: dict[str, Model] | None = None

    def optgroups(self, name: str, value: Sequence[str], attr: Any = None) -> list[Any]:
        if self.primed is None:
            return super().optgroups(name, value, attr)
        options: list[Any] = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        field = self.choices.field
        for key in {str(v) for v in value if str(v) not in field.empty_values}:
            row = self.primed.get(key)
            if row is not None:
                label = field.label_from_instance(row)
                options.append(self.create_option(name, row.pk, label, True, len(options)))
        return [(None, options, 0)]


def prime_autocomplete(forms: list[ModelForm], name: str) -> None:
    """Read the rows that the forms' `name` autocompletes show, for all of them at once."""
    if not forms:
        return
    queryset = forms[0].fields[name].queryset  # type: ignore[attr-defined]
    keys = set()
    for form in forms:
        try:
            key = queryset.model._meta.pk.to_python(form[name].value())
        except ValidationError:
            continue  # not a key: the form says so when it is cleaned
        if key is not None:
            keys.add(key)
    rows = {str(row.pk): row for row in queryset.filter(pk__in=keys)} if keys else {}
    for form in forms:
        widget = form.fields[name].widget
        inner = getattr(widget, "widget", widget)  # inside the related-field wrapper
        if isinstance(inner, PrimedAutocompleteSelect):
            inner.primed = rows


class CreditFormSet(BaseInlineFormSet):
    """A film's credits, whose people are read in one query, however many the credits."""

    @cached_property
    def forms(self) -> list[ModelForm]:
        forms = super().forms
        prime_autocomplete(forms, "person")
        return forms


class CreditInline(admin.TabularInline):
    model = Credit
    formset = CreditFormSet
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["billing_order", "person", "kind", "character"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Credit]:
        return super().get_queryset(request).select_related("person")  # each row's title

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "person":
            using = kwargs.get("using")
            kwargs["widget"] = PrimedAutocompleteSelect(db_field, self.admin_site, using=using)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TrailerInline(admin.TabularInline):
    model = Trailer
    formset = TrailerFormSet
    extra = 0
    fields = ["title", "url", "video_file", "order", "captions_link"]
    readonly_fields = ["captions_link"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Trailer]:
        return super().get_queryset(request).prefetch_related("captions")

    @admin.display(description="captions")
    def captions_link(self, trailer: Trailer) -> SafeString | str:
        # The admin nests no inlines: an uploaded trailer's captions are on its own page.
        if trailer.pk is None or trailer.provider != Trailer.Provider.FILE:
            return "—"
        return format_html(
            '<a href="{}">Captions ({})</a>',
            reverse("admin:catalog_trailer_change", args=[trailer.pk]),
            len(trailer.captions.all()),
        )


class CaptionInline(admin.TabularInline):
    model = Caption
    extra = 1
    fields = ["language", "label", "file"]


class ReleaseInline(admin.TabularInline):
    model = Release
    formset = PrimaryReleaseFormSet
    extra = 0
    fields = ["date", "country", "kind", "certificate", "is_primary"]


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


class PresenceFilter(admin.SimpleListFilter):
    """Rows that have something ("yes") or lack it ("no"), each a query of the subclass's."""

    labels: tuple[str, str]  # for "yes", then "no"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> list[tuple[str, str]]:
        return list(zip(("yes", "no"), self.labels, strict=True))

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return self.having(queryset)
        if self.value() == "no":
            return self.lacking(queryset)
        return queryset

    def having(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        raise NotImplementedError

    def lacking(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        raise NotImplementedError


class HasPosterFilter(PresenceFilter):
    title = "poster"
    parameter_name = "has_poster"
    labels = ("Has a poster", "No poster")

    def having(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.exclude(poster="")

    def lacking(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(poster="")


class HasTrailerFilter(PresenceFilter):
    title = "trailer"
    parameter_name = "has_trailer"
    labels = ("Has a trailer", "No trailer")

    def having(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # FilmAdmin's, the one change list with this filter.
        return cast(FilmQuerySet, queryset).with_trailer()

    def lacking(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return cast(FilmQuerySet, queryset).without_trailer()


class RelatedRowFilter(admin.SimpleListFilter):
    """Rows with a related row of the chosen value, as a semi-join (EXISTS): the admin's own
    filter across a relation joins it, and then needs DISTINCT over every matching row before
    it can sort and page."""

    def related_rows(self, value: str) -> QuerySet[Any] | None:
        """The related rows of `value`, tied to the outer row by `OuterRef("pk")`; None for a
        value that filters nothing."""
        raise NotImplementedError

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        related = self.related_rows(value) if value else None
        return queryset if related is None else queryset.filter(Exists(related))


class GenreFilter(RelatedRowFilter):
    title = "genre"
    parameter_name = "genre"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> list[tuple[str, str]]:
        return list(Genre.objects.values_list("slug", "name"))

    def related_rows(self, value: str) -> QuerySet[Any]:
        return Film.genres.through.objects.filter(film=OuterRef("pk"), genre__slug=value)


class CreditKindFilter(RelatedRowFilter):
    title = "credited as"
    parameter_name = "credited_as"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> list[tuple[str, str]]:
        return list(Credit.Kind.choices)

    def related_rows(self, value: str) -> QuerySet[Any] | None:
        if value not in Credit.Kind.values:
            return None
        return Credit.objects.filter(person=OuterRef("pk"), kind=value)


MAX_MERGED = 20  # rows one merge takes: duplicates come in twos and threes, not hundreds


class MergeMixin(_ModelAdmin):
    """Who may merge: those who may both change and delete the rows (Django ORs an action's
    permissions, so the pair is one check here)."""

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return self.has_change_permission(request) and self.has_delete_permission(request)


def merge_action(
    model_admin: "admin.ModelAdmin[Any]",
    request: HttpRequest,
    queryset: QuerySet[Any],
    merge: Any,
    moves: str,
) -> TemplateResponse | None:
    """The merge actions' two steps: a page to choose the row kept, then the merge itself.

    Returns the page, or None to go back to the change list with a message.
    """
    rows = list(queryset.order_by("pk")[: MAX_MERGED + 1])
    plural = model_admin.opts.verbose_name_plural
    if not 2 <= len(rows) <= MAX_MERGED:
        model_admin.message_user(
            request, f"Select between 2 and {MAX_MERGED} {plural} to merge.", messages.ERROR
        )
        return None
    error = ""
    if request.POST.get("post"):
        kept = next((row for row in rows if str(row.pk) == request.POST.get("kept")), None)
        if kept is None:
            error = f"Choose the {model_admin.opts.verbose_name} to keep."
        else:
            others = [row for row in rows if row.pk != kept.pk]
            try:
                merge(kept, others)
            except merging.MergeRefused as refusal:
                model_admin.message_user(request, str(refusal), messages.ERROR)
                return None
            merged = ", ".join(f"{row} (#{row.pk})" for row in others)
            model_admin.log_change(request, kept, f"Merged into this: {merged}.")
            model_admin.message_user(request, f"Merged {merged} into {kept}.", messages.SUCCESS)
            return None
    for row in rows:
        row.merge_facts = model_admin.merge_facts(row)  # type: ignore[attr-defined]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Merge {plural}",
        "opts": model_admin.opts,
        "rows": rows,
        "moves": moves,
        "error": error,
        "action_name": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/catalog/merge_confirmation.html", context)


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


# The change form's preview: a rendition of about this width, shown at half of it (sharp on
# screens of two pixels per point).
PREVIEW_RENDITION_WIDTH = 320


def preview(renditions: Renditions | None, alt: str, missing: str) -> SafeString | str:
    """The change form's picture of a stored image, beside its file name; `missing` if none."""
    if renditions is None:
        return missing
    shown = PREVIEW_RENDITION_WIDTH // 2
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="admin-preview">',
        renditions.fallback_url(PREVIEW_RENDITION_WIDTH),
        shown,
        renditions.height_for(shown),
        alt,
    )


@admin.register(Film)
class FilmAdmin(GuardedChangeListMixin, UploadsAdminMixin, MergeMixin, admin.ModelAdmin):
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
        GenreFilter,
        "certificate",
        DecadeFilter,
        HasPosterFilter,
        HasTrailerFilter,
        ("created", admin.DateFieldListFilter),
    ]
    # Trigram-indexed (catalog migration 0004); a tconst is matched exactly, on its unique index.
    search_fields = ["title", "original_title", "tconst__exact"]
    prepopulated_fields = {"slug": ["title", "year"]}
    filter_horizontal = ["genres"]
    readonly_fields = [
        "created",
        "updated",
        "user_rating_count",
        "user_rating_average",
        "poster_preview",
    ]
    fieldsets = [
        (None, {"fields": ["title", "original_title", "slug", "status"]}),
        ("Facts", {"fields": ["year", "certificate", "runtime_minutes", "genres", "tconst"]}),
        ("Page", {"fields": ["plot", "poster_preview", "poster"]}),
        (
            "Record",
            {"fields": ["user_rating_count", "user_rating_average", "created", "updated"]},
        ),
    ]
    inlines = [ReleaseInline, CreditInline, TrailerInline]
    # No date hierarchy: its list of dates read every matching row (50-120 ms on 120,000
    # films); the "created" filter offers the same ranges on film_created_idx.
    actions = ["publish", "unpublish", "merge"]

    @admin.display(description="poster")
    def poster_thumbnail(self, film: Film) -> SafeString | str:
        return thumbnail(film.poster_renditions)

    @admin.display(description="poster as stored")
    def poster_preview(self, film: Film) -> SafeString | str:
        return preview(film.poster_renditions, f"Poster of {film.title}", "No poster yet.")

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

    @admin.action(description="Merge selected films into one", permissions=["merge"])
    def merge(self, request: HttpRequest, queryset: QuerySet[Film]) -> TemplateResponse | None:
        moves = (
            "credits, releases, trailers, genres, other titles, reviews and ratings (one per "
            "member: the newer), votes, watchlists, lists and IMDb id"
        )
        return merge_action(self, request, queryset, merging.merge_films, moves)

    def merge_facts(self, film: Film) -> list[str]:
        return [
            film.get_status_display(),
            film.tconst or "no IMDb id",
            f"{film.user_review_count} reviews",
            f"slug {film.slug}",
        ]


@admin.register(Person)
class PersonAdmin(GuardedChangeListMixin, UploadsAdminMixin, MergeMixin, admin.ModelAdmin):
    list_display = ["photo_thumbnail", "name", "nconst"]
    list_display_links = ["photo_thumbnail", "name"]
    list_filter = [CreditKindFilter]
    search_fields = ["name", "nconst__exact"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "nconst", "photo_preview", "photo", "birth_year", "death_year"]
    readonly_fields = ["photo_preview"]

    actions = ["merge"]

    @admin.display(description="photo")
    def photo_thumbnail(self, person: Person) -> SafeString | str:
        return thumbnail(person.renditions("photo"))

    @admin.display(description="photo as stored")
    def photo_preview(self, person: Person) -> SafeString | str:
        return preview(person.photo_renditions, f"Photo of {person.name}", "No photo yet.")

    @admin.action(description="Merge selected people into one", permissions=["merge"])
    def merge(self, request: HttpRequest, queryset: QuerySet[Person]) -> TemplateResponse | None:
        moves = "credits, IMDb id, photo and years"
        return merge_action(self, request, queryset, merging.merge_people, moves)

    def merge_facts(self, person: Person) -> list[str]:
        years = f"{person.birth_year or '?'}-{person.death_year or ''}"
        return [person.nconst or "no IMDb id", years, f"slug {person.slug}"]


@admin.register(Credit)
class CreditAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    """Every credit of the catalog, to find and mend one without opening its film."""

    list_display = ["person", "kind", "character", "film", "billing_order"]
    list_display_links = ["person", "kind", "character"]
    list_select_related = ["person", "film"]
    list_filter = ["kind"]
    search_fields = ["person__name", "film__title", "character"]
    autocomplete_fields = ["film", "person"]
    ordering = ["-pk"]


@admin.register(Trailer)
class TrailerAdmin(GuardedChangeListMixin, UploadsAdminMixin, admin.ModelAdmin):
    """A trailer on its own: where an uploaded one gets its captions (WebVTT, per language)."""

    list_display = ["title", "film", "provider"]
    list_select_related = ["film"]
    list_filter = ["provider"]
    search_fields = ["title", "film__title"]
    autocomplete_fields = ["film"]
    fields = ["film", "title", "url", "video_file", "order"]
    inlines = [CaptionInline]


@admin.register(Genre)
class GenreAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
