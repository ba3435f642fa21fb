"""Django's user and group admins, with change lists that hostile query strings cannot break,
and superusers' reset of a staff member's second factor."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group, User
from django.db.models import QuerySet
from django.http import HttpRequest

from filmsite.lists.changelists import GuardedChangeListMixin
from filmsite.secondfactor import services as second_factor

from .forms import free_email

admin.site.unregister(get_user_model())
admin.site.unregister(Group)


class MemberChangeForm(UserChangeForm):
    """Django's form, refusing an address another account has (the database would, with a
    500: accounts migration 0005)."""

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        return free_email(email, self.instance) if email else email


@admin.register(get_user_model())
class MemberAdmin(GuardedChangeListMixin, UserAdmin):
    """Django's user admin, guarded."""

    form = MemberChangeForm
    actions = ["reset_second_factor"]

    def has_reset_second_factor_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    @admin.action(
        permissions=["reset_second_factor"],
        description="Reset the second factor of the selected members",
    )
    def reset_second_factor(self, request: HttpRequest, members: QuerySet[User]) -> None:
        """For someone who lost their phone and their recovery codes: they enrol again at
        their next sign-in. One's own is replaced from the two-factor page, with a code."""
        if members.filter(username=request.user.get_username()).exists():
            self.message_user(
                request,
                "Your own second factor is not reset here: replace your authenticator app "
                "from your two-factor page, with a current code.",
                messages.ERROR,
            )
            return
        for member in members:
            second_factor.reset(user=member, by=f"{request.user.get_username()} in the admin")
            # In the member's admin history, beside the JSON log's line.
            self.log_change(request, member, "Reset their second factor.")
        self.message_user(
            request,
            f"Second factor reset for {', '.join(m.get_username() for m in members)}: "
            "each enrols an authenticator app again at their next sign-in.",
            messages.SUCCESS,
        )


@admin.register(Group)
class StaffGroupAdmin(GuardedChangeListMixin, GroupAdmin):
    """Django's group admin, guarded."""
