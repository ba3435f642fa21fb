"""The moderation log (read by whoever may view it, changed by nobody) and suspensions."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from filmsite.lists.changelists import GuardedChangeListMixin

from . import services
from .models import ModerationAction, Suspension
from .moderated import moderator_of

LOG_FIELDS = (
    "created",
    "moderator_name",
    "moderator",
    "action",
    "target_type",
    "target_id",
    "target_text",
    "reason",
)


@admin.register(ModerationAction)
class ModerationActionAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    """Every moderator's action, newest first. Nothing here adds, changes or deletes one:
    the services that act write them."""

    list_display = ["created", "moderator_name", "action", "target_type", "target_text", "reason"]
    list_filter = ["action", "target_type"]
    # Both trigram-indexed on PostgreSQL (migration 0004), for the admin's ilike.
    search_fields = ["moderator_name", "target_text"]
    ordering = ["-created", "-id"]
    fields = LOG_FIELDS
    readonly_fields = LOG_FIELDS
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SuspensionForm(forms.ModelForm):
    """A new suspension: the member by their username, until when, and why."""

    username = forms.CharField(label="Member's username", max_length=150)

    class Meta:
        model = Suspension
        fields = ["ends", "reason"]

    def clean_username(self) -> Any:
        username = self.cleaned_data["username"]
        member = get_user_model().objects.filter(username=username).first()
        if member is None:
            raise forms.ValidationError("No member has this username.")
        return member

    def clean_ends(self) -> Any:
        ends = self.cleaned_data["ends"]
        if ends <= timezone.now():
            raise forms.ValidationError("Choose an end in the future.")
        return ends


@admin.register(Suspension)
class SuspensionAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    """Members suspended from posting. Made here (logged, the member told) and lifted by the
    action; never edited or deleted, so the record stays."""

    list_display = ["member", "starts", "ends", "lifted", "in_force", "moderator"]
    list_select_related = ["member", "moderator"]
    list_filter = ["lifted"]
    search_fields = ["member__username__iexact"]
    ordering = ["-starts", "-id"]
    actions = ["lift"]

    @admin.display(boolean=True, description="in force")
    def in_force(self, suspension: Suspension) -> bool:
        now = timezone.now()
        return suspension.lifted is None and suspension.starts <= now < suspension.ends

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = SuspensionForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["username", "ends", "reason"]
        return ["member", "starts", "ends", "lifted", "reason", "moderator"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else self.get_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Suspension, form: Any, change: bool) -> None:
        if change:  # every field is read-only: lifting is the action's
            return
        made = services.suspend(
            member=form.cleaned_data["username"],
            ends=form.cleaned_data["ends"],
            reason=form.cleaned_data["reason"],
            moderator=moderator_of(request),
        )
        obj.pk, obj.member, obj.starts = made.pk, made.member, made.starts

    @admin.action(description="Lift selected suspensions now", permissions=["change"])
    def lift(self, request: HttpRequest, queryset: QuerySet[Suspension]) -> None:
        lifted = services.lift(queryset, moderator=moderator_of(request))
        self.message_user(request, f"{lifted} suspension(s) lifted.", messages.SUCCESS)
