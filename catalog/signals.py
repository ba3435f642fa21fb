"""New page versions and update stamps for every change to the catalog, however it is made.

The admin, fixtures and shells save and delete rows one by one: these receivers bump the
versions (`filmsite.pagecache.versions`) of the films whose pages show the row, inside the
saving transaction, and move the update stamps (`filmsite.stamps`) of the film and person
pages that show it. Writes that bypass signals (`QuerySet.update`, bulk and COPY imports)
call `bump` and `touch` themselves.
"""

from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from filmsite.pagecache.versions import bump
from filmsite.stamps import touch

from .models import Credit, Film, Genre, Person, Release, Trailer


def _deleted_with(origin: object, model: type[Model]) -> bool:
    """Whether a cascade started by deleting `model` rows (which bump for it) deletes this."""
    if isinstance(origin, QuerySet):
        return origin.model is model
    return isinstance(origin, model)


@receiver(post_save, sender=Film)
def film_saved(sender: type[Film], instance: Film, **kwargs: Any) -> None:
    bump(Film.objects.filter(pk=instance.pk))
    if instance.stamp_moved:
        # Its people's pages list it by title and year.
        touch(Person, Credit.objects.filter(film=instance).values_list("person_id", flat=True))


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
    _touch_pages_showing(instance)


@receiver(post_delete, sender=Credit)
@receiver(post_delete, sender=Trailer)
@receiver(post_delete, sender=Release)
def film_part_deleted(
    sender: type[Model], instance: Credit | Trailer | Release, origin: object = None, **kwargs: Any
) -> None:
    if _deleted_with(origin, Film) or _deleted_with(origin, Person):
        return
    bump(Film.objects.filter(pk=instance.film_id))
    _touch_pages_showing(instance)


def _touch_pages_showing(part: Credit | Trailer | Release) -> None:
    """Stamp the film page a credit, trailer or release shows on, and a credit's person's.

    Admin inlines save only the rows whose form changed, so an unchanged one stamps nothing.
    """
    touch(Film, [part.film_id])
    if isinstance(part, Credit):
        touch(Person, [part.person_id])


@receiver(post_save, sender=Person)
def person_saved(sender: type[Person], instance: Person, **kwargs: Any) -> None:
    # Their name and photo show in the credits of their films; their own page is site-wide.
    bump(Film.objects.filter(credits__person=instance))
    if instance.stamp_moved:
        touch(Film, Credit.objects.filter(person=instance).values_list("film_id", flat=True))


@receiver(pre_delete, sender=Person)
def person_deleted(sender: type[Person], instance: Person, **kwargs: Any) -> None:
    # Before the cascade takes their credits, while they still say which films lose them.
    bump(Film.objects.filter(credits__person=instance))
    touch(Film, Credit.objects.filter(person=instance).values_list("film_id", flat=True))


@receiver(post_save, sender=Genre)
def genre_saved(sender: type[Genre], instance: Genre, **kwargs: Any) -> None:
    bump(Film.objects.filter(genres=instance))
    touch(Film, Film.objects.filter(genres=instance).values_list("pk", flat=True))


@receiver(pre_delete, sender=Genre)
def genre_deleted(sender: type[Genre], instance: Genre, **kwargs: Any) -> None:
    # The films' genre rows go by a fast delete that sends no signal: name the films now.
    bump(Film.objects.filter(genres=instance))
    touch(Film, Film.objects.filter(genres=instance).values_list("pk", flat=True))


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
            # `set()` adds and removes only the difference; an empty one changed nothing.
            if pk_set or action == "post_clear":
                touch(Film, [instance.pk])
    elif action in {"post_add", "post_remove"}:  # genre.films changed
        bump(Film.objects.filter(pk__in=pk_set or ()))
        touch(Film, pk_set or ())
    elif action == "pre_clear":
        bump(Film.objects.filter(genres=instance))
        touch(Film, Film.objects.filter(genres=instance).values_list("pk", flat=True))
