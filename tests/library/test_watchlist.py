"""The watchlist: its buttons on film pages and cards, and the member's own watchlist page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Film
from filmsite.library.models import WatchlistEntry
from tests.factories import FilmFactory, TrailerFactory, UserFactory, WatchlistEntryFactory
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
BROWSER = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.fixture
def member(client):
    user = UserFactory(username="alice")
    client.force_login(user)
    return user


def toggle(client, film, action, next_url="/films/", **headers):
    url = reverse("library:watchlist_film", args=[film.slug])
    return client.post(url, {"action": action, "next": next_url}, **headers)


def test_adding_without_javascript_redirects_back_with_a_message(client, member):
    film = FilmFactory(title="Heat")
    response = toggle(client, film, "add", next_url="/films/?sort=title", **BROWSER)
    assert response.status_code == 302
    assert response["Location"] == "/films/?sort=title"
    assert WatchlistEntry.objects.get().member == member
    page = visible_text(client.get(response["Location"]).content.decode())
    assert "Heat is on your watchlist." in page


def test_adding_and_removing_with_javascript_answer_json_in_place(client, member):
    film = FilmFactory(title="Heat")
    added = toggle(client, film, "add", **JSON)
    assert added.json() == {"in_watchlist": True, "message": "Heat is on your watchlist."}
    removed = toggle(client, film, "remove", **JSON)
    assert removed.json() == {"in_watchlist": False, "message": "Heat is off your watchlist."}
    assert not WatchlistEntry.objects.exists()


@pytest.mark.parametrize("action", ["", "toggle", "ADD"])
def test_an_unknown_action_changes_nothing(client, member, action):
    film = FilmFactory()
    assert toggle(client, film, action, **JSON).status_code == 400
    response = toggle(client, film, action, **BROWSER)
    assert response.status_code == 302
    assert not WatchlistEntry.objects.exists()


def test_visitors_are_sent_to_log_in_and_nothing_is_written(client):
    film = FilmFactory()
    response = toggle(client, film, "add")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not WatchlistEntry.objects.exists()


def test_a_draft_film_cannot_be_added(client, member):
    draft = FilmFactory(status=Film.Status.DRAFT)
    assert toggle(client, draft, "add").status_code == 404
    assert not WatchlistEntry.objects.exists()


def test_film_page_button_says_what_pressing_it_does(client, member):
    film = FilmFactory(title="Heat")
    page = client.get(film.get_absolute_url()).content.decode()
    assert 'name="action" value="add"' in page
    assert "Add to watchlist" in visible_text(page)
    WatchlistEntryFactory(member=member, film=film)
    page = client.get(film.get_absolute_url()).content.decode()
    assert 'name="action" value="remove"' in page
    assert 'data-in-watchlist="true"' in page
    assert "Remove from watchlist" in visible_text(page)


def test_visitors_see_a_way_to_log_in_on_film_pages_and_nothing_on_cards(client):
    film = FilmFactory(title="Heat")
    page = client.get(film.get_absolute_url()).content.decode()
    assert "Log in to add Heat to your watchlist" in page
    assert f'href="/accounts/login/?next=/films/{film.slug}/"' in page
    assert "data-watchlist" not in client.get(reverse("catalog:film_list")).content.decode()


def test_film_cards_mark_the_members_films(client, member):
    heat, ronin = FilmFactory(title="Heat"), FilmFactory(title="Ronin")
    WatchlistEntryFactory(member=member, film=heat)
    WatchlistEntryFactory(film=ronin)  # on someone else's watchlist only
    page = client.get(reverse("catalog:film_list")).content.decode()
    assert page.count("data-watchlist>") == 2
    assert page.count('data-in-watchlist="true"') == 1
    assert "Remove from watchlist (Heat)" in visible_text(page)
    assert "Add to watchlist (Ronin)" in visible_text(page)


@pytest.mark.parametrize("films", [2, 40])
def test_film_list_with_watchlist_buttons_has_constant_queries(
    client, member, django_assert_num_queries, fetch_raise, films
):
    for film in FilmFactory.create_batch(films):
        WatchlistEntryFactory(member=member, film=film)
    client.get(reverse("catalog:film_list"))  # the counts are cached from here on
    # Session, user, the page version (the counts' key), the genres, the page of films, the
    # member's watchlisted film ids and their ratings of the page's films.
    with django_assert_num_queries(7):
        page = client.get(reverse("catalog:film_list")).content.decode()
    assert page.count('data-in-watchlist="true"') == films


@pytest.fixture
def watchlist(member):
    """Three films on alice's watchlist, added on three days; one with a trailer."""
    films = {
        "Heat": FilmFactory(title="Heat", year=1995, user_rating_average=8),
        "Alien": FilmFactory(title="Alien", year=1979, user_rating_average=9),
        "Ronin": FilmFactory(title="Ronin", year=1998, user_rating_average=None),
    }
    TrailerFactory(film=films["Ronin"])
    now = timezone.now()
    for days, title in enumerate(["Alien", "Ronin", "Heat"]):
        added = now - datetime.timedelta(days=3 - days)
        WatchlistEntryFactory(member=member, film=films[title], added=added)
    return films


def watchlist_titles(client, **params):
    # An empty sort is dropped by a redirect to the clean address (filmsite.lists.queries).
    response = client.get(reverse("library:watchlist"), params, follow=True)
    assert response.status_code == 200
    return [entry.film.title for entry in response.context["entries"]]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Heat", "Ronin", "Alien"]),
        ("added", ["Heat", "Ronin", "Alien"]),
        ("title", ["Alien", "Heat", "Ronin"]),
        ("newest", ["Ronin", "Heat", "Alien"]),
        ("oldest", ["Alien", "Heat", "Ronin"]),
        ("rating", ["Alien", "Heat", "Ronin"]),
    ],
)
def test_watchlist_sorts(client, watchlist, sort, expected):
    assert watchlist_titles(client, sort=sort) == expected


def test_watchlist_filters_films_with_a_trailer(client, watchlist):
    assert watchlist_titles(client, has_trailer="on") == ["Ronin"]


def test_watchlist_shows_only_the_members_own_films(client, watchlist):
    WatchlistEntryFactory(film=FilmFactory(title="Thief"))
    assert "Thief" not in watchlist_titles(client)


def test_watchlist_leaves_out_films_made_drafts(client, watchlist):
    Film.objects.filter(title="Alien").update(status=Film.Status.DRAFT)
    assert watchlist_titles(client) == ["Heat", "Ronin"]


def test_watchlist_asks_visitors_to_log_in(client):
    response = client.get(reverse("library:watchlist"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/watchlist/"


def test_watchlist_is_paginated(client, member):
    for film in FilmFactory.create_batch(51):
        WatchlistEntryFactory(member=member, film=film)
    assert len(watchlist_titles(client)) == 50
    assert len(watchlist_titles(client, page=2)) == 1


@pytest.mark.parametrize("films", [2, 40])
def test_watchlist_page_query_count_is_constant(
    client, member, django_assert_num_queries, fetch_raise, films
):
    for film in FilmFactory.create_batch(films):
        WatchlistEntryFactory(member=member, film=film)
    # Session, user, the count, the page of entries with their films (a member who is not
    # staff holds no permissions, so none are read: filmsite/accounts/backends.py).
    with django_assert_num_queries(4):
        response = client.get(reverse("library:watchlist"), {"sort": "rating"})
    assert len(response.context["entries"]) == films
