"""Moderating what members publish (reviews, lists) in the admin, the same way for each kind.

A moderated model has `is_hidden` and `reports` (rows with a `status`, `reason`, `note`,
`reporter`); its app's services module offers `set_hidden(queryset, hidden=..., moderator=...,
reason=...)` and `dismiss_reports(reports, moderator=...)`, which keep the rules (figures,
upheld reports, the moderation log, telling the author) in one place. Every way the admin
changes visibility or a report's status goes through them: the actions, and the change form's
"hidden" box; a report's status is read-only elsewhere.
"""

from types import ModuleType
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.models import User
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.template.response import TemplateResponse

from filmsite.lists.changelists import GuardedChangeListMixin
from filmsite.views import ExplainedHttp404

from .models import REASON_MAX_LENGTH

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


REPORT_FIELDS = ("reason", "note", "reporter", "status", "created")


def moderator_of(request: HttpRequest) -> User:
    """The moderator acting: the admin lets in no one who is not logged in."""
    return cast(User, request.user)


class ReportInline(admin.TabularInline):
    """A moderated row's reports, read-only but for their status."""

    extra = 0
    fields = REPORT_FIELDS
    # The status changes through the actions, which log it: never by hand.
    readonly_fields = REPORT_FIELDS
    can_delete = False
    # What each row shows (its reporter, and its title: the report's str, naming what was
    # reported), joined in the inline's one query rather than read row by row.
    joined: tuple[str, ...] = ("reporter",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related(*self.joined)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ModerationReasonForm(forms.Form):
    """Why a moderator acts: a reason the author is told, word for word."""

    reason = forms.CharField(
        label="Reason, told to the author",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Say which rule it breaks, in words its author will understand.",
    )

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


def ask_reason(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    title: str,
    submit_label: str,
    required: bool = True,
) -> tuple[str | None, TemplateResponse | None]:
    """An admin action's intermediate page asking the moderator why.

    Returns the reason once posted and valid, else the page (first shown, or with its errors).
    """
    posted = request.POST if "apply" in request.POST else None
    form = ModerationReasonForm(posted, required=required)
    if form.is_valid():
        return form.cleaned_data["reason"], None
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "submit_label": submit_label,
        "form": form,
        "rows": queryset[:100],
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "action_name": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    status = 400 if posted is not None else 200
    return None, TemplateResponse(
        request, "admin/moderation/reason_form.html", context, status=status
    )


class ModeratedForm(forms.ModelForm):
    """The change form: `is_hidden`, with the reason its author is told when it changes."""

    moderation_reason = forms.CharField(
        label="Reason, told to the author",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you hide it; optional when you reinstate it.",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        hiding = "is_hidden" in self.changed_data and self.cleaned_data.get("is_hidden")
        if hiding and not self.cleaned_data.get("moderation_reason"):
            self.add_error("moderation_reason", "Say why it is hidden: its author is told.")
        return self.cleaned_data


class ModeratedAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    """Hide, reinstate and dismiss reports, behind `moderate_permission`.

    Members write what is moderated on the site, under their own names: nothing is added
    here, and only `is_hidden` may change, for those who may moderate, through the services.
    """

    services: ModuleType  # the app's services module
    moderate_permission = ""
    form = ModeratedForm
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

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The only field left to change is is_hidden: through the service, which logs it,
        # keeps the figures and reports, and tells the author.
        if "is_hidden" in form.changed_data:
            row = self.model._default_manager.filter(pk=obj.pk)
            if not row.exists():
                raise ExplainedHttp404(f"This {self.opts.verbose_name} has been deleted meanwhile.")
            self.services.set_hidden(
                row,
                hidden=obj.is_hidden,
                moderator=moderator_of(request),
                reason=form.cleaned_data.get("moderation_reason", ""),
            )

    def _done(self, request: HttpRequest, count: int, what: str) -> None:
        self.message_user(request, f"{count} {what}", messages.SUCCESS)

    @admin.action(
        description="Hide selected %(verbose_name_plural)s (and uphold their reports)",
        permissions=["moderate"],
    )
    def hide(self, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
        reason, page = ask_reason(
            self,
            request,
            queryset,
            title=f"Hide {self.opts.verbose_name_plural}",
            submit_label="Hide them",
        )
        if page is not None:
            return page
        changed = self.services.set_hidden(
            queryset, hidden=True, moderator=moderator_of(request), reason=reason
        )
        self._done(request, changed, f"{self.opts.verbose_name}(s) hidden.")
        return None

    @admin.action(
        description="Reinstate selected %(verbose_name_plural)s", permissions=["moderate"]
    )
    def reinstate(self, request: HttpRequest, queryset: QuerySet) -> None:
        changed = self.services.set_hidden(queryset, hidden=False, moderator=moderator_of(request))
        self._done(request, changed, f"{self.opts.verbose_name}(s) reinstated.")

    @admin.action(
        description="Dismiss open reports on selected %(verbose_name_plural)s",
        permissions=["moderate"],
    )
    def dismiss_reports(self, request: HttpRequest, queryset: QuerySet) -> None:
        reports = self.model._meta.get_field("reports").related_model
        dismissed = self.services.dismiss_reports(
            reports._default_manager.filter(**{f"{self.report_target}__in": queryset}),
            moderator=moderator_of(request),
        )
        self._done(request, dismissed, "report(s) dismissed.")

    @property
    def report_target(self) -> str:
        """The name of the reports' foreign key to the moderated model."""
        return self.model._meta.get_field("reports").field.name


class ReportAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    """Reports themselves: read-only (their status too), dismissed in bulk."""

    services: ModuleType
    list_filter = ["status", "reason"]
    actions = ["dismiss"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*self.readonly_fields, "status"]

    @admin.action(description="Dismiss selected reports", permissions=["change"])
    def dismiss(self, request: HttpRequest, queryset: QuerySet) -> None:
        dismissed = self.services.dismiss_reports(queryset, moderator=moderator_of(request))
        self.message_user(request, f"{dismissed} report(s) dismissed.", messages.SUCCESS)
