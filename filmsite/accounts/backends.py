"""Django's own authentication backend, with permissions held by staff alone.

Staff powers work on the site's own pages as well as in the admin (deleting others' reviews,
seeing drafts and hidden reviews), and staff prove a second factor before using them
(`filmsite.secondfactor`). A member who is no longer staff keeps their groups and granted
permissions in the database, but they grant nothing until the account is staff again: a
demoted member is a member, with no power left that a password alone would unlock.
Superusers hold every permission whatever this says (Django's `PermissionsMixin`), so the
second factor asks them for it too, staff or not.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q, QuerySet


class StaffPermissionsBackend(ModelBackend):
    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not getattr(user_obj, "is_staff", False):
            return set()
        return super().get_user_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not getattr(user_obj, "is_staff", False):
            return set()
        return super().get_group_permissions(user_obj, obj)

    def with_perm(
        self, perm: Any, is_active: bool = True, include_superusers: bool = True, obj: Any = None
    ) -> QuerySet[Any]:
        holders = super().with_perm(perm, is_active, include_superusers, obj)
        powers = Q(is_staff=True) | Q(is_superuser=True) if include_superusers else Q(is_staff=True)
        return holders.filter(powers)
