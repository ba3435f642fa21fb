"""The library's writes: watchlist entries, lists and the order of their films."""

import pytest
from django.db import IntegrityError, transaction

from filmsite.library import services
from filmsite.library.models import MAX_ENTRIES, FilmListEntry, WatchlistEntry
from tests.factories import FilmFactory, FilmListEntryFactory, FilmListFactory, UserFactory

pytestmark = pytest.mark.django_db


def titles(film_list):
    return list(film_list.entries.order_by("position").values_list("film__title", flat=True))


def positions(film_list):
    return list(film_list.entries.order_by("position").values_list("position", flat=True))


@pytest.fixture
def three(db):
    film_list = FilmListFactory()
    for title in ["Heat", "Ronin", "Thief"]:
        services.add_to_list(film_list=film_list, film=FilmFactory(title=title))
    return film_list


def test_adding_a_film_twice_to_the_watchlist_keeps_one_entry_and_its_date():
    member, film = UserFactory(), FilmFactory()
    first = services.add_to_watchlist(member=member, film=film)
    again = services.add_to_watchlist(member=member, film=film)
    assert WatchlistEntry.objects.get() == first == again
    assert again.added == first.added


def test_removing_from_the_watchlist_says_whether_the_film_was_there():
    member, film = UserFactory(), FilmFactory()
    services.add_to_watchlist(member=member, film=film)
    assert services.remove_from_watchlist(member=member, film=film) is True
    assert services.remove_from_watchlist(member=member, film=film) is False
    assert not WatchlistEntry.objects.exists()


def test_films_are_appended_to_a_list_in_order(three):
    assert titles(three) == ["Heat", "Ronin", "Thief"]
    assert positions(three) == [1, 2, 3]


def test_a_film_already_in_a_list_is_refused_and_nothing_changes(three):
    heat = three.entries.get(position=1)
    with pytest.raises(services.AlreadyInList) as refusal:
        services.add_to_list(film_list=three, film=heat.film)
    assert refusal.value.entry == heat
    assert positions(three) == [1, 2, 3]


def test_a_full_list_refuses_another_film(monkeypatch, three):
    monkeypatch.setattr(services, "MAX_ENTRIES", 3)
    with pytest.raises(services.ListFull):
        services.add_to_list(film_list=three, film=FilmFactory())
    assert FilmListEntry.objects.count() == 3 < MAX_ENTRIES


@pytest.mark.parametrize(
    ("title", "direction", "expected"),
    [
        ("Ronin", "up", ["Ronin", "Heat", "Thief"]),
        ("Ronin", "down", ["Heat", "Thief", "Ronin"]),
        ("Heat", "up", ["Heat", "Ronin", "Thief"]),
        ("Thief", "down", ["Heat", "Ronin", "Thief"]),
    ],
)
def test_moving_an_entry_swaps_it_with_its_neighbour_and_stops_at_the_ends(
    three, title, direction, expected
):
    services.move_entry(entry=three.entries.get(film__title=title), direction=direction)
    assert titles(three) == expected
    assert positions(three) == [1, 2, 3]


def test_reorder_puts_every_entry_where_it_is_named(three):
    by_title = {entry.film.title: entry.pk for entry in three.entries.select_related("film")}
    order = [by_title["Thief"], by_title["Heat"], by_title["Ronin"]]
    services.reorder(film_list=three, entry_ids=order)
    assert titles(three) == ["Thief", "Heat", "Ronin"]
    assert positions(three) == [1, 2, 3]


@pytest.mark.parametrize("change", ["missing", "repeated", "foreign"])
def test_reorder_that_does_not_name_each_entry_once_is_refused_unchanged(three, change):
    ids = list(three.entries.order_by("position").values_list("pk", flat=True))
    order = {
        "missing": ids[:2],
        "repeated": [ids[0], ids[0], ids[1]],
        "foreign": [*ids[:2], FilmListEntryFactory().pk],
    }[change]
    with pytest.raises(services.StaleOrder):
        services.reorder(film_list=three, entry_ids=reversed(order))
    assert titles(three) == ["Heat", "Ronin", "Thief"]


def test_removing_an_entry_closes_the_gap(three):
    services.remove_entry(entry=three.entries.get(film__title="Heat"))
    assert titles(three) == ["Ronin", "Thief"]
    assert positions(three) == [1, 2]
    services.add_to_list(film_list=three, film=FilmFactory(title="Collateral"))
    assert positions(three) == [1, 2, 3]


def test_a_gap_left_by_a_deleted_film_does_not_stop_moving(three):
    three.entries.get(film__title="Ronin").film.delete()
    services.move_entry(entry=three.entries.get(film__title="Thief"), direction="up")
    assert titles(three) == ["Thief", "Heat"]
    assert positions(three) == [1, 2]


def test_the_database_refuses_two_entries_at_one_position(three):
    with pytest.raises(IntegrityError), transaction.atomic():
        FilmListEntry.objects.create(film_list=three, film=FilmFactory(), position=2)


def test_the_database_refuses_one_film_twice_in_a_list(three):
    heat = three.entries.get(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        FilmListEntry.objects.create(film_list=three, film=heat.film, position=4)
