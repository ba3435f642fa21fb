"""Moderating what members publish (reviews, lists) in the admin, the same way for each kind.

A moderated model has `is_hidden` and `reports` (rows with a `status`, `reason`, `note`,
`reporter`); its app's services module offers `set_hidden(queryset, hidden=...)` and
`dismiss_reports(reports)`, which keep the rules (figures, upheld reports) in one place.
"""

from types import ModuleType
from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from filmsite.lists.changelists import GuardedChangeListMixin

OPEN = "open"  # the open status of every kind of report


class OpenReportsFilter(admin.SimpleListFilter):
    title = "reports"
    parameter_name = "reports"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("open", "Has open reports"), ("none", "No open reports")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        reports = _open_reports(queryset.model)
        if self.value() == "open":
            return queryset.filter(Exists(reports))
        if self.value() == "none":
            return queryset.filter(~Exists(reports))
        return queryset


def _open_reports(model: Any) -> QuerySet:
    """The open reports of the moderated row in the outer query."""
    relation = model._meta.get_field("reports")
    return relation.related_model._default_manager.filter(
        **{relation.field.name: OuterRef("pk"), "status": OPEN}
    )


class ReportInline(admin.TabularInline):
    """A moderated row's reports, read-only but for their status."""

    extra = 0
    fields = ["reason", "note", "reporter", "status", "created"]
    readonly_fields = ["reason", "note", "reporter", "created"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ModeratedAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    """Hide, reinstate and dismiss reports, behind `moderate_permission`.

    Members write what is moderated on the site, under their own names: nothing is added
    here, and only `is_hidden` may change, for those who may moderate.
    """

    services: ModuleType  # the app's services module
    moderate_permission = ""
    actions = ["hide", "reinstate", "dismiss_reports"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # A correlated count, run for the page's rows only; a joined Count() grouped the
        # whole table before a page could be cut from it.
        counted = _open_reports(self.model).order_by().values("status").annotate(n=Count("*"))
        open_reports = Coalesce(Subquery(counted.values("n")), 0, output_field=IntegerField())
        return super().get_queryset(request).annotate(open_reports=open_reports)

    @admin.display(description="open reports")
    def open_reports(self, obj: Any) -> int:
        return obj.open_reports

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.moderate_permission)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = list(self.readonly_fields)
        return readonly if self.has_moderate_permission(request) else [*readonly, "is_hidden"]

    def _done(self, request: HttpRequest, count: int, what: str) -> None:
        self.message_user(request, f"{count} {what}", messages.SUCCESS)

    @admin.action(
        description="Hide selected %(verbose_name_plural)s (and uphold their reports)",
        permissions=["moderate"],
    )
    def hide(self, request: HttpRequest, queryset: QuerySet) -> None:
        changed = self.services.set_hidden(queryset, hidden=True)
        self._done(request, changed, f"{self.opts.verbose_name}(s) hidden.")

    @admin.action(
        description="Reinstate selected %(verbose_name_plural)s", permissions=["moderate"]
    )
    def reinstate(self, request: HttpRequest, queryset: QuerySet) -> None:
        changed = self.services.set_hidden(queryset, hidden=False)
        self._done(request, changed, f"{self.opts.verbose_name}(s) reinstated.")

    @admin.action(
        description="Dismiss open reports on selected %(verbose_name_plural)s",
        permissions=["moderate"],
    )
    def dismiss_reports(self, request: HttpRequest, queryset: QuerySet) -> None:
        reports = self.model._meta.get_field("reports").related_model
        dismissed = self.services.dismiss_reports(
            reports._default_manager.filter(**{f"{self.report_target}__in": queryset})
        )
        self._done(request, dismissed, "report(s) dismissed.")

    @property
    def report_target(self) -> str:
        """The name of the reports' foreign key to the moderated model."""
        return self.model._meta.get_field("reports").field.name


class ReportAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    """Reports themselves: read-only, dismissed in bulk."""

    services: ModuleType
    list_filter = ["status", "reason"]
    actions = ["dismiss"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Dismiss selected reports", permissions=["change"])
    def dismiss(self, request: HttpRequest, queryset: QuerySet) -> None:
        dismissed = self.services.dismiss_reports(queryset)
        self.message_user(request, f"{dismissed} report(s) dismissed.", messages.SUCCESS)
