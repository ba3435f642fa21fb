"""New page versions for every change to the catalog, however it is made.

The admin, fixtures and shells save and delete rows one by one: these receivers bump the
versions (`filmsite.pagecache.versions`) of the films whose pages show the row, inside the
saving transaction. Writes that bypass signals (`QuerySet.update`, bulk and COPY imports)
call `bump` themselves.
"""

from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from filmsite.pagecache.versions import bump

from .models import Credit, Film, Genre, Person, Release, Trailer


def _deleted_with(origin: object, model: type[Model]) -> bool:
    """Whether a cascade started by deleting `model` rows (which bump for it) deletes this."""
    if isinstance(origin, QuerySet):
        return origin.model is model
    return isinstance(origin, model)


@receiver(post_save, sender=Film)
def film_saved(sender: type[Film], instance: Film, **kwargs: Any) -> None:
    bump(Film.objects.filter(pk=instance.pk))


@receiver(post_delete, sender=Film)
def film_deleted(sender: type[Film], instance: Film, **kwargs: Any) -> None:
    # Its own pages are gone; lists, people and home showed it.
    bump()


@receiver(post_save, sender=Credit)
@receiver(post_save, sender=Trailer)
@receiver(post_save, sender=Release)
def film_part_saved(
    sender: type[Model], instance: Credit | Trailer | Release, **kwargs: Any
) -> None:
    bump(Film.objects.filter(pk=instance.film_id))


@receiver(post_delete, sender=Credit)
@receiver(post_delete, sender=Trailer)
@receiver(post_delete, sender=Release)
def film_part_deleted(
    sender: type[Model], instance: Credit | Trailer | Release, origin: object = None, **kwargs: Any
) -> None:
    if _deleted_with(origin, Film) or _deleted_with(origin, Person):
        return
    bump(Film.objects.filter(pk=instance.film_id))


@receiver(post_save, sender=Person)
def person_saved(sender: type[Person], instance: Person, **kwargs: Any) -> None:
    # Their name and photo show in the credits of their films; their own page is site-wide.
    bump(Film.objects.filter(credits__person=instance))


@receiver(pre_delete, sender=Person)
def person_deleted(sender: type[Person], instance: Person, **kwargs: Any) -> None:
    # Before the cascade takes their credits, while they still say which films lose them.
    bump(Film.objects.filter(credits__person=instance))


@receiver(post_save, sender=Genre)
def genre_saved(sender: type[Genre], instance: Genre, **kwargs: Any) -> None:
    bump(Film.objects.filter(genres=instance))


@receiver(pre_delete, sender=Genre)
def genre_deleted(sender: type[Genre], instance: Genre, **kwargs: Any) -> None:
    # The films' genre rows go by a fast delete that sends no signal: name the films now.
    bump(Film.objects.filter(genres=instance))


@receiver(m2m_changed, sender=Film.genres.through)
def film_genres_changed(
    sender: type[Model],
    instance: Film | Genre,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    if not reverse:  # film.genres changed
        if action in {"post_add", "post_remove", "post_clear"}:
            bump(Film.objects.filter(pk=instance.pk))
    elif action in {"post_add", "post_remove"}:  # genre.films changed
        bump(Film.objects.filter(pk__in=pk_set or ()))
    elif action == "pre_clear":
        bump(Film.objects.filter(genres=instance))
