"""PostgreSQL search: typo tolerance and ranking, served by the GIN indexes."""

import pytest
from django.db import connection

from catalog.models import AlternativeTitle, Film
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


def test_accents_and_case_do_not_matter(films):
    amelie = FilmFactory(title="Le Fabuleux Destin d'Amélie Poulain", year=2001)
    assert search_films("amelie")[0] == amelie
    assert search_films("AMÉLIE poulain")[0] == amelie
    cruz = PersonFactory(name="Penélope Cruz")
    assert search_people("penelope cruz") == [cruz]


def test_a_year_in_the_query_ranks_that_years_film_first(films):
    FilmFactory(title="Heat", year=1986, imdb_votes=900_000)
    FilmFactory(title="Heat", year=2013)
    results = search_films("heat 1995")
    assert (results[0].title, results[0].year) == ("Heat", 1995)
    assert {film.year for film in results if film.title == "Heat"} == {1986, 1995, 2013}


def test_popularity_breaks_ties_between_equal_matches(films):
    FilmFactory(title="Heat", year=1986, imdb_votes=900_000)
    assert [film.year for film in search_films("heat")][:2] == [1986, 1995]


def test_a_year_that_is_the_whole_query_is_a_title():
    nineteen_seventeen = FilmFactory(title="1917", year=2019)
    assert search_films("1917") == [nineteen_seventeen]


def test_a_title_with_a_year_in_it_is_found_first():
    FilmFactory(title="Blade Runner", year=1982, imdb_votes=800_000)
    sequel = FilmFactory(title="Blade Runner 2049", year=2017)
    assert search_films("blade runner 2049")[0] == sequel


def test_other_titles_are_searched(films):
    chungking = FilmFactory(title="Chungking Express", year=1994)
    AlternativeTitle.objects.create(film=chungking, title="恋する惑星", region="JP", ordering=1)
    AlternativeTitle.objects.create(film=chungking, title="Chong qing sen lin", ordering=2)
    assert search_films("恋する惑星") == [chungking]
    assert search_films("chong qing") == [chungking]


def test_a_draft_is_not_found_by_its_other_title():
    draft = FilmFactory(title="Secret", status="draft")
    AlternativeTitle.objects.create(film=draft, title="Geheimnis", region="DE", ordering=1)
    assert search_films("geheimnis") == []


def test_folded_search_uses_its_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    FilmFactory(title="Amélie")
    from catalog.search import _ranked

    plan = _ranked(Film.objects.order_by(), "amelie", ("title", "original_title")).explain()
    assert "film_title_folded_trgm_idx" in plan or "film_folded_search_idx" in plan
