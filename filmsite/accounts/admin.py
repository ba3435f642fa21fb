"""Django's user and group admins, with change lists that hostile query strings cannot break."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from filmsite.lists.changelists import GuardedChangeListMixin

admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(get_user_model())
class MemberAdmin(GuardedChangeListMixin, UserAdmin):
    """Django's user admin, guarded."""


@admin.register(Group)
class StaffGroupAdmin(GuardedChangeListMixin, GroupAdmin):
    """Django's group admin, guarded."""
