"""Moderating lists in the admin: reported lists, hiding and reinstating them, dismissing
reports."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from filmsite.moderation import moderated

from . import services
from .models import FilmList, FilmListEntry, ListReport


class EntryInline(admin.TabularInline):
    model = FilmListEntry
    extra = 0
    fields = ["position", "film", "note"]
    readonly_fields = ["position", "film", "note"]
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[FilmListEntry]:
        # Each row shows its film and is titled by its str (film, list and owner).
        return super().get_queryset(request).select_related("film", "film_list__owner")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# What a report's row shows (its reporter, and what was reported), in the inline and the
# change list alike: joined in their one query.
REPORT_ROW = ("reporter", "film_list__owner")


class ReportInline(moderated.ReportInline):
    model = ListReport
    joined = REPORT_ROW


@admin.register(FilmList)
class FilmListAdmin(moderated.ModeratedAdmin):
    services = services
    moderate_permission = "library.moderate_filmlist"
    list_display = ["title", "owner", "is_public", "is_hidden", "open_reports", "updated"]
    list_filter = [
        moderated.OpenReportsFilter,
        "is_hidden",
        "is_public",
        ("created", admin.DateFieldListFilter),
    ]
    list_select_related = ["owner"]
    search_fields = ["title", "description", "owner__username"]
    # Only owners change a list's words and films (on the site); here it is moderated.
    readonly_fields = ["owner", "title", "description", "is_public", "created", "updated"]
    # No date hierarchy: its list of dates reads every matching row (see FilmAdmin).
    inlines = [EntryInline, ReportInline]


@admin.register(ListReport)
class ListReportAdmin(moderated.ReportAdmin):
    services = services
    list_display = ["film_list", "reason", "status", "reporter", "created"]
    list_select_related = REPORT_ROW
    search_fields = ["note", "film_list__title", "film_list__owner__username"]
    readonly_fields = ["film_list", "reporter", "reason", "note", "created"]
