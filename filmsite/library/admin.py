"""Moderating lists in the admin: reported lists, hiding and reinstating them, dismissing
reports."""

from django.contrib import admin, messages
from django.db.models import Count, Q

from filmsite.lists.changelists import GuardedChangeListMixin

from . import services
from .models import FilmList, FilmListEntry, ListReport


class OpenReportsFilter(admin.SimpleListFilter):
    title = "reports"
    parameter_name = "reports"

    def lookups(self, request, model_admin):
        return [("open", "Has open reports"), ("none", "No open reports")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(open_reports__gt=0)
        if self.value() == "none":
            return queryset.filter(open_reports=0)
        return queryset


class EntryInline(admin.TabularInline):
    model = FilmListEntry
    extra = 0
    fields = ["position", "film", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReportInline(admin.TabularInline):
    model = ListReport
    extra = 0
    fields = ["reason", "note", "reporter", "status", "created"]
    readonly_fields = ["reason", "note", "reporter", "created"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FilmList)
class FilmListAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    list_display = ["title", "owner", "is_public", "is_hidden", "open_reports", "updated"]
    list_filter = [OpenReportsFilter, "is_hidden", "is_public"]
    list_select_related = ["owner"]
    search_fields = ["title", "description", "owner__username"]
    # Only owners change a list's words and films (on the site); here it is moderated.
    readonly_fields = ["owner", "title", "description", "is_public", "created", "updated"]
    date_hierarchy = "created"
    inlines = [EntryInline, ReportInline]
    actions = ["hide", "reinstate", "dismiss_reports"]

    def get_queryset(self, request):
        open_reports = Count("reports", filter=Q(reports__status=ListReport.Status.OPEN))
        return super().get_queryset(request).annotate(open_reports=open_reports)

    @admin.display(description="open reports", ordering="open_reports")
    def open_reports(self, film_list):
        return film_list.open_reports

    def has_add_permission(self, request):
        return False  # members make lists on the site, under their own name

    def has_moderate_permission(self, request):
        return request.user.has_perm("library.moderate_filmlist")

    def get_readonly_fields(self, request, obj=None):
        if self.has_moderate_permission(request):
            return self.readonly_fields
        return [*self.readonly_fields, "is_hidden"]

    def save_model(self, request, obj, form, change):
        # The only field left to change is is_hidden, which reports follow.
        if "is_hidden" in form.changed_data:
            services.set_hidden(FilmList.objects.filter(pk=obj.pk), hidden=obj.is_hidden)

    @admin.action(
        description="Hide selected lists (and uphold their reports)", permissions=["moderate"]
    )
    def hide(self, request, queryset):
        changed = services.set_hidden(queryset, hidden=True)
        self.message_user(request, f"{changed} list(s) hidden.", messages.SUCCESS)

    @admin.action(description="Reinstate selected lists", permissions=["moderate"])
    def reinstate(self, request, queryset):
        changed = services.set_hidden(queryset, hidden=False)
        self.message_user(request, f"{changed} list(s) reinstated.", messages.SUCCESS)

    @admin.action(description="Dismiss open reports on selected lists", permissions=["moderate"])
    def dismiss_reports(self, request, queryset):
        dismissed = services.dismiss_reports(ListReport.objects.filter(film_list__in=queryset))
        self.message_user(request, f"{dismissed} report(s) dismissed.", messages.SUCCESS)


@admin.register(ListReport)
class ListReportAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    list_display = ["film_list", "reason", "status", "reporter", "created"]
    list_filter = ["status", "reason"]
    list_select_related = ["film_list__owner", "reporter"]
    search_fields = ["note", "film_list__title", "film_list__owner__username"]
    readonly_fields = ["film_list", "reporter", "reason", "note", "created"]
    actions = ["dismiss"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Dismiss selected reports", permissions=["change"])
    def dismiss(self, request, queryset):
        dismissed = services.dismiss_reports(queryset)
        self.message_user(request, f"{dismissed} report(s) dismissed.", messages.SUCCESS)
