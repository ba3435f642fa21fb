"""PostgreSQL search: typo tolerance and ranking, served by the GIN indexes."""

import pytest
from django.db import connection

from catalog.search import search_films, search_people
from tests.factories import FilmFactory, PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's"),
]


@pytest.fixture
def films():
    return [
        FilmFactory(title="Leaving Las Vegas", year=1995),
        FilmFactory(title="Fear and Loathing in Las Vegas", year=1998),
        FilmFactory(title="Viva Las Vegas", year=1964),
        FilmFactory(title="Heat", year=1995),
        FilmFactory(title="Les Quatre Cents Coups", original_title="The 400 Blows", year=1959),
    ]


@pytest.mark.parametrize("query", ["Leavng Las Vegas", "leaving las vegaz", "Leaving Vegas"])
def test_misspelt_title_still_finds_the_film_first(films, query):
    assert next(film.title for film in search_films(query)) == "Leaving Las Vegas"


def test_exact_words_rank_the_best_match_first(films):
    results = [film.title for film in search_films("Las Vegas")]
    assert set(results[:3]) == {
        "Leaving Las Vegas",
        "Fear and Loathing in Las Vegas",
        "Viva Las Vegas",
    }
    assert "Heat" not in results


def test_original_title_is_searched_too(films):
    assert [film.title for film in search_films("400 blows")] == ["Les Quatre Cents Coups"]


def test_misspelt_name_finds_the_person():
    PersonFactory(name="Elisabeth Shue")
    PersonFactory(name="Nicolas Cage")
    assert [person.name for person in search_people("Elizabeth Shu")] == ["Elisabeth Shue"]


def test_search_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%trgm%%'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"film_title_trgm_idx", "person_name_trgm_idx"} <= names
