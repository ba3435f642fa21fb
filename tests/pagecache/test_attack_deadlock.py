"""Finding of the review of issue 11, on PostgreSQL: a member's deletion and an edit of their
list take the list's row and its films' rows in opposite orders."""

import threading
import time

import pytest
from django.db import connection, connections

from filmsite.library import services as library
from tests.factories import FilmListEntryFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL's concurrency"
    ),
]


def test_deleting_a_member_while_their_list_is_edited_does_not_deadlock(monkeypatch):
    entry = FilmListEntryFactory(film_list__is_public=True)
    film_list, owner = entry.film_list, entry.film_list.owner
    list_locked = threading.Event()
    errors = []
    bump_films_of = library._bump_films_of

    def slow_bump_films_of(*args, **kwargs):
        # The list's row is locked: let the deletion take the films' rows meanwhile.
        list_locked.set()
        time.sleep(1)
        bump_films_of(*args, **kwargs)

    monkeypatch.setattr(library, "_bump_films_of", slow_bump_films_of)

    def edit():
        try:
            library.update_list(
                film_list=film_list, title="Renamed", description="", is_public=True
            )
        except Exception as error:  # what the request would have made a 500
            errors.append(error)
        finally:
            connections.close_all()

    def delete():
        list_locked.wait(10)
        try:
            type(owner).objects.get(pk=owner.pk).delete()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit), threading.Thread(target=delete)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
