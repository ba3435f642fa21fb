"""Keeping films' stored ratings and page versions exact when a member is deleted.

A member's reviews are deleted by cascade, which bypasses `services`; these receivers run
inside the deleting transaction (the admin's, a bulk delete's, a shell's alike).
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from catalog.models import Film
from filmsite.pagecache.versions import bump_film_ids

from . import services
from .models import HelpfulVote


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def lock_films_fed_by_member(sender: type[User], instance: User, **kwargs: Any) -> None:
    # Carried on the instance being deleted from this signal to the next, which receives it.
    setattr(instance, "_films_fed", services.films_fed_by(instance))  # noqa: B010
    # Their votes go too, changing the counts shown under other members' reviews: those
    # films' rows are locked now too, before the cascade, as every writer of a film does.
    voted = HelpfulVote.objects.filter(voter=instance).values_list("review__film_id", flat=True)
    films_voted_on = Film.objects.filter(pk__in=set(voted)).select_for_update().order_by("pk")
    setattr(instance, "_films_voted_on", list(films_voted_on.values_list("pk", flat=True)))  # noqa: B010


@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def refresh_films_fed_by_member(sender: type[User], instance: User, **kwargs: Any) -> None:
    film_ids = getattr(instance, "_films_fed", ())
    if film_ids:
        services.refresh_film_ratings(Film.objects.filter(pk__in=film_ids))
    bump_film_ids({*film_ids, *getattr(instance, "_films_voted_on", ())})
