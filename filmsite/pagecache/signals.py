"""New page versions when a member is renamed: their name heads their reviews and lists.

Site-wide, as the name shows through two apps (reviews, library). Loaded when the apps are
ready, so importing catalog here makes no cycle.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from catalog.models import Film

from .versions import bump


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def note_renamed_member(
    sender: type[User], instance: User, update_fields: Any = None, **kwargs: Any
) -> None:
    # Logging in saves `last_login` alone: only a save that may write the name is looked at.
    if instance.pk is None or (update_fields is not None and "username" not in update_fields):
        return
    stored = User.objects.filter(pk=instance.pk).values_list("username", flat=True).first()
    setattr(instance, "_renamed", stored is not None and stored != instance.username)  # noqa: B010


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def bump_films_showing_renamed_member(sender: type[User], instance: User, **kwargs: Any) -> None:
    if getattr(instance, "_renamed", False):
        instance._renamed = False  # type: ignore[attr-defined]
        # Film pages show their reviews, and their public lists the film is in.
        reviewed = Q(reviews__author=instance)
        listed = Q(film_list_entries__film_list__owner=instance)
        bump(Film.objects.filter(reviewed | listed))
