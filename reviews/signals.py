"""Keeping stored figures and page versions exact when a member is deleted, however it is done.

A member's reviews, ratings and votes are deleted by cascade, which bypasses `services`; these
receivers run inside the deleting transaction (the admin's, a bulk delete's, a shell's alike):
films' ratings and counts, and the vote counts of reviews the member voted on.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from catalog.merging import film_merging
from catalog.models import Film
from filmsite.pagecache.versions import bump_film_ids

from . import services


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def lock_figures_fed_by_member(sender: type[User], instance: User, **kwargs: Any) -> None:
    # Carried on the instance being deleted from this signal to the next, which receives it.
    setattr(instance, "_figures_fed", services.figures_fed_by(instance))  # noqa: B010


@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def refresh_figures_fed_by_member(sender: type[User], instance: User, **kwargs: Any) -> None:
    figures = getattr(instance, "_figures_fed", None)
    if figures is not None:
        services.refresh_figures_fed_by(figures)
        bump_film_ids(figures.film_ids | figures.voted_film_ids)


@receiver(film_merging)
def move_reviews_and_ratings(
    sender: type[Film], kept: Film, duplicate: Film, **kwargs: Any
) -> None:
    services.move_to_merged_film(kept=kept, duplicate=duplicate)
