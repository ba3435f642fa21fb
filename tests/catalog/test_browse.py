"""Browsing: the film list's filters and sorts, person pages, search and the home page."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from catalog.models import Credit, Film
from tests.catalog import image_files
from tests.factories import (
    CreditFactory,
    FilmFactory,
    GenreFactory,
    PersonFactory,
    ReviewFactory,
    TrailerFactory,
)
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    drama = GenreFactory(name="Drama", slug="drama")
    comedy = GenreFactory(name="Comedy", slug="comedy")
    films = {
        "vegas": FilmFactory(title="Leaving Las Vegas", year=1995, certificate="R"),
        "heat": FilmFactory(title="Heat", year=1995, certificate="R"),
        "big": FilmFactory(title="Big", year=1988, certificate="PG"),
        "amelie": FilmFactory(title="Amélie", year=2001, certificate="R"),
    }
    films["vegas"].genres.add(drama)
    films["heat"].genres.add(drama)
    films["big"].genres.add(comedy)
    films["amelie"].genres.add(comedy, drama)
    Film.objects.filter(pk=films["heat"].pk).update(
        user_rating_average=Decimal("8.5"), user_rating_count=4, user_review_count=4
    )
    Film.objects.filter(pk=films["vegas"].pk).update(
        user_rating_average=Decimal("7.0"), user_rating_count=9, user_review_count=12
    )
    TrailerFactory(film=films["big"])
    FilmFactory(title="Unfinished Draft", year=1995, status=Film.Status.DRAFT).genres.add(drama)
    return films


def titles(client, **params):
    response = client.get(reverse("catalog:film_list"), params)
    assert response.status_code == 200
    return [film.title for film in response.context["films"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Amélie", "Big", "Heat", "Leaving Las Vegas"]),
        ({"genre": "drama"}, ["Amélie", "Heat", "Leaving Las Vegas"]),
        ({"genre": "drama", "decade": "1990"}, ["Heat", "Leaving Las Vegas"]),
        ({"year_from": 1990, "year_to": 2000}, ["Heat", "Leaving Las Vegas"]),
        ({"certificate": "PG"}, ["Big"]),
        ({"min_rating": 8}, ["Heat"]),
        ({"has_trailer": "on"}, ["Big"]),
        (
            {"genre": "drama", "certificate": "R", "sort": "rating"},
            ["Heat", "Leaving Las Vegas", "Amélie"],
        ),
        ({"sort": "newest"}, ["Amélie", "Heat", "Leaving Las Vegas", "Big"]),
        ({"sort": "oldest"}, ["Big", "Heat", "Leaving Las Vegas", "Amélie"]),
        ({"sort": "reviews"}, ["Leaving Las Vegas", "Heat", "Amélie", "Big"]),
    ],
)
def test_film_list_filters_and_sorts(client, catalog, params, expected):
    assert titles(client, **params) == expected


def test_recently_added_sort_puts_the_newest_row_first(client, catalog):
    newest = FilmFactory(title="Zzz Latest")
    assert titles(client, sort="added")[0] == newest.title


def test_film_list_states_the_total_and_genre_counts(client, catalog):
    html = client.get(reverse("catalog:film_list"), {"genre": "drama"}).content.decode()
    assert "3 films" in visible_text(html)
    assert "Drama (3)" in html  # the draft is not counted
    assert "Comedy (2)" in html


def test_empty_result_says_so_and_offers_to_clear(client, catalog):
    html = client.get(reverse("catalog:film_list"), {"certificate": "NC-17"}).content.decode()
    assert "0 films" in visible_text(html)
    assert "No films match these filters." in html
    assert f'href="{reverse("catalog:film_list")}">Clear all filters' in html


def test_bad_filter_values_are_explained_not_a_500(client, catalog):
    response = client.get(
        reverse("catalog:film_list"), {"genre": "nope", "year_from": "abc", "sort": "x"}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


def test_pagination_keeps_the_filters_and_deep_pages_are_bounded(client):
    FilmFactory.create_batch(55, certificate="PG")
    response = client.get(reverse("catalog:film_list"), {"certificate": "PG", "sort": "title"})
    assert len(response.context["films"]) == 50
    assert "?certificate=PG&amp;sort=title&amp;page=2" in response.content.decode()
    assert client.get(reverse("catalog:film_list"), {"page": 999}).status_code == 404


def test_thousands_in_the_total_are_grouped(client, monkeypatch):
    monkeypatch.setattr("filmsite.lists.pagination.CachedCountPaginator.count", 3192)
    assert "3,192 films" in visible_text(client.get(reverse("catalog:film_list")).content.decode())


@pytest.mark.parametrize("films", [2, 60])
def test_film_list_query_count_is_constant(client, django_assert_num_queries, fetch_raise, films):
    FilmFactory.create_batch(films)
    # Cold: the site's version (read once for the page cache and the counts), films per
    # genre, the genres, the number of films, the page of films.
    with django_assert_num_queries(5):
        assert client.get(reverse("catalog:film_list")).status_code == 200
    # Warm: the two counts come from the cache, under the version. (Another URL, so the page
    # cache misses: the version, the genres, the page.)
    with django_assert_num_queries(3):
        client.get(reverse("catalog:film_list"), {"page": 1})


def test_genre_and_year_links_lead_to_the_filtered_list(client, seed):
    html = client.get(seed.get_absolute_url()).content.decode()
    assert f'href="{reverse("catalog:film_list")}?genre=drama"' in html


def test_person_page_groups_the_filmography_by_role_newest_first(client):
    person = PersonFactory(name="Mike Figgis")
    older = FilmFactory(title="Stormy Monday", year=1988)
    newer = FilmFactory(title="Timecode", year=2000)
    draft = FilmFactory(title="Secret", year=2026, status=Film.Status.DRAFT)
    CreditFactory(person=person, film=older, kind=Credit.Kind.DIRECTOR, character="")
    CreditFactory(person=person, film=newer, kind=Credit.Kind.DIRECTOR, character="")
    CreditFactory(person=person, film=older, kind=Credit.Kind.WRITER, character="")
    CreditFactory(person=person, film=newer, kind=Credit.Kind.CAST, character="Himself")
    CreditFactory(person=person, film=draft, kind=Credit.Kind.DIRECTOR, character="")
    html = client.get(person.get_absolute_url()).content.decode()
    text = visible_text(html)
    # Each card: the title card drawn for a film without a poster, then the title and year.
    timecode, stormy_monday = "Timecode 2000 Timecode 2000", "Stormy Monday 1988 Stormy Monday 1988"
    assert f"Acting {timecode} as Himself Directing {timecode} {stormy_monday} Writing" in text
    assert f"Writing {stormy_monday}" in text
    assert "Acting, Directing, Writing — known for" in text
    assert "Secret" not in text
    assert f'href="{newer.get_absolute_url()}"' in html


def test_film_page_credits_link_to_person_pages(client, seed):
    html = client.get(seed.get_absolute_url()).content.decode()
    assert 'href="/people/nicolas-cage/"' in html
    assert 'href="/people/mike-figgis/"' in html
    person_page = client.get("/people/nicolas-cage/").content.decode()
    assert "Ben Sanderson" in person_page


def test_missing_person_is_a_404(client):
    assert client.get("/people/nobody/").status_code == 404


@pytest.mark.parametrize("credits", [2, 40])
def test_person_page_query_count_is_constant(
    client, django_assert_num_queries, fetch_raise, credits
):
    person = PersonFactory()
    CreditFactory.create_batch(credits, person=person)
    with django_assert_num_queries(3):  # the site's version, the person, credits with films
        assert client.get(person.get_absolute_url()).status_code == 200


def search(client, q):
    # An empty q is dropped by a redirect to /search/ (filmsite.lists.queries).
    response = client.get(reverse("catalog:search"), {"q": q}, follow=True)
    assert response.status_code == 200
    return response


def test_search_finds_films_and_people_in_one_page(client, seed):
    response = search(client, "las vegas")
    assert [film.title for film in response.context["films"]] == ["Leaving Las Vegas"]
    response = search(client, "cage")
    assert [person.name for person in response.context["people"]] == ["Nicolas Cage"]


def test_search_box_is_on_every_page(client, seed):
    for url in ("/", reverse("catalog:film_list"), seed.get_absolute_url()):
        assert (
            '<input type="search" id="site-search-q" name="q"' in client.get(url).content.decode()
        )


@pytest.mark.parametrize(
    "q", ["", "   ", "\x00", "x" * 5000, "<script>alert(1)</script>", "'; DROP TABLE"]
)
def test_empty_long_and_hostile_queries_are_handled(client, seed, q):
    response = search(client, q)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_very_long_query_is_shortened_and_says_so(client, seed):
    response = search(client, "leaving " * 100)
    assert "only its first 100 characters were used" in response.content.decode()


def test_drafts_are_not_found_by_search(client, catalog):
    assert search(client, "Unfinished").context["films"] == []


def test_home_page_has_recent_best_rated_and_latest_reviews(client, catalog):
    ReviewFactory(film=catalog["heat"], headline="A heist classic")
    html = client.get(reverse("catalog:home")).content.decode()
    text = visible_text(html)
    assert "Recently added" in text
    # Each card: the title card of a film without a poster, its title, year and user rating.
    assert (
        "Best rated by our visitors Heat 1995 Heat 1995 8.5 "
        "Leaving Las Vegas 1995 Leaving Las Vegas 1995 7.0"
    ) in text
    assert 'aria-label="User rating 8.5 out of 10"' in html
    assert "A heist classic" in text.partition("Latest reviews")[2]
    assert "Unfinished Draft" not in text


@pytest.mark.parametrize("films", [3, 30])
def test_home_page_query_count_is_constant(client, django_assert_num_queries, fetch_raise, films):
    for film in FilmFactory.create_batch(films):
        ReviewFactory(film=film)
    # The site's version, recently added, best rated, latest reviews.
    with django_assert_num_queries(4):
        assert client.get(reverse("catalog:home")).status_code == 200


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL uses pg_trgm instead")
def test_sqlite_search_still_finds_a_misspelt_title(client, seed):
    FilmFactory(title="Fear and Loathing in Las Vegas")
    FilmFactory(title="Heat")
    films = [film.title for film in search(client, "Leavng Las Vegas").context["films"]]
    assert films[0] == "Leaving Las Vegas"
    assert "Heat" not in films
    people = [person.name for person in search(client, "Nicholas Cage").context["people"]]
    assert people == ["Nicolas Cage"]


def test_search_box_holds_the_search_and_nothing_else(client, catalog):
    box = re.compile(r'<input type="search" id="site-search-q" name="q" value="([^"]*)"')
    listed = client.get(reverse("catalog:film_list"), {"genre": "drama", "sort": "rating"})
    assert box.search(listed.content.decode()).group(1) == ""
    searched = client.get(reverse("catalog:search"), {"q": "  Heat  "})
    assert box.search(searched.content.decode()).group(1) == "Heat"


def test_page_links_replace_the_page_and_keep_the_rest(client):
    FilmFactory.create_batch(120, certificate="PG")
    response = client.get(reverse("catalog:film_list"), {"page": 2, "certificate": "PG"})
    html = response.content.decode()
    assert 'href="?page=1&amp;certificate=PG" rel="prev"' in html
    assert 'href="?page=3&amp;certificate=PG" rel="next"' in html


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("year_to=-1", "year_to", "greater than or equal to 1870"),
        ("year_from=32768", "year_from", "less than or equal to 2200"),
        ("year_from=99999999999999999999", "year_from", "less than or equal to 2200"),
        ("year_from=1995.5", "year_from", "Enter a whole number."),
        ("min_rating=11", "min_rating", "less than or equal to 10"),
        ("min_rating=0", "min_rating", "greater than or equal to 1"),
        ("min_rating=NaN", "min_rating", "Enter a number."),
        ("min_rating=1e400", "min_rating", "less than or equal to 10"),
    ],
)
def test_out_of_range_filter_values_are_errors_beside_their_field(client, query, field, message):
    FilmFactory(title="Still Listed", year=1995)
    response = client.get(f"{reverse('catalog:film_list')}?{query}")
    assert response.status_code == 200
    assert message in str(response.context["filter"].form.errors[field])
    assert "Still Listed" in response.content.decode()


def test_a_year_range_ending_before_it_starts_is_an_error_beside_its_end(client):
    FilmFactory(title="Still Listed", year=2005)
    FilmFactory(title="Too Early", year=1995)
    response = client.get(reverse("catalog:film_list"), {"year_from": "2000", "year_to": "1990"})
    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert errors["year_to"] == ["Enter a year from 2000 on: the range starts there."]
    page = response.content.decode()
    assert "Still Listed" in page  # the range's start still applies
    assert "Too Early" not in page


def test_a_count_django_proves_empty_is_zero_without_a_query(django_assert_num_queries):
    from filmsite.lists.pagination import CachedCountPaginator

    impossible = Film.objects.filter(year__lte=-1)  # out of the column's range: EmptyResultSet
    with django_assert_num_queries(0):
        assert CachedCountPaginator(impossible, 10).count == 0


def test_film_list_is_poster_cards_lazy_below_the_first_row(client, media_root, run_tasks):
    with_posters = [
        FilmFactory(title=f"Film {letter}", poster=image_files.png(600, 900, mode="RGB"))
        for letter in "ABCDEFG"
    ]
    run_tasks()  # the renditions
    FilmFactory(title="Film Z, no poster")
    html = client.get(reverse("catalog:film_list") + "?sort=title").content.decode()
    cards = re.findall(r'<article class="film-card">.*?</article>', html, re.S)
    assert len(cards) == 8
    first = cards[0]
    assert f'<a class="film-card-link" href="{with_posters[0].get_absolute_url()}">' in first
    assert 'srcset="/media/posters/renditions/' in first
    assert 'width="600" height="900"' in first
    assert 'alt=""' in first  # the title beside it names the link
    assert ">1995</span>" in first
    # The first row loads at once, the rest as they near the screen.
    assert 'loading="lazy"' not in "".join(cards[:6])
    assert 'loading="lazy"' in cards[6]
    # A film without a poster gets a title card instead.
    assert "poster-placeholder" in cards[7]
    assert "<img" not in cards[7]
