"""New page versions for the films of lists that go, however they go.

A list is deleted by its owner (`services.delete_list`), in the admin, or by cascade with its
owner; film pages name the public lists a film is in.
"""

from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from catalog.merging import film_merging
from catalog.models import Film
from filmsite.pagecache.versions import bump

from . import services
from .models import FilmList


@receiver(pre_delete, sender=FilmList)
def bump_films_of_deleted_list(sender: type[FilmList], instance: FilmList, **kwargs: Any) -> None:
    # The list's row first, then its films' (in `bump`), as every writer of a list takes
    # them: a list deleted with its owner would otherwise lock the films, then wait for the
    # list's row that an edit holds while it waits for the films.
    list(FilmList.objects.select_for_update().filter(pk=instance.pk).values_list("pk"))
    # Before the cascade takes the entries that say which films the list held.
    bump(Film.objects.filter(film_list_entries__film_list=instance))


@receiver(film_merging)
def move_watchlist_and_list_entries(
    sender: type[Film], kept: Film, duplicate: Film, **kwargs: Any
) -> None:
    services.move_to_merged_film(kept=kept, duplicate=duplicate)
