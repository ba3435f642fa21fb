"""Lists on the site: making them, adding films, ordering, notes, privacy and ownership."""

import re

import pytest
from django.urls import reverse

from filmsite.library.models import FilmList, FilmListEntry
from filmsite.ratelimit import LIST_CREATE
from tests.factories import FilmFactory, FilmListEntryFactory, FilmListFactory, UserFactory
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def alice(client):
    user = UserFactory(username="alice")
    client.force_login(user)
    return user


@pytest.fixture
def alices_list(alice):
    """Alice's public list of three films, in order: Heat, Ronin, Thief."""
    film_list = FilmListFactory(owner=alice, title="Heists")
    for position, title in enumerate(["Heat", "Ronin", "Thief"], start=1):
        FilmListEntryFactory(film_list=film_list, film=FilmFactory(title=title), position=position)
    return film_list


def titles(film_list):
    return list(film_list.entries.order_by("position").values_list("film__title", flat=True))


def entry(film_list, title):
    return film_list.entries.get(film__title=title)


def test_member_makes_a_list_and_lands_on_it(client, alice):
    response = client.post(
        reverse("library:list_create"),
        {"title": "Rainy Sundays", "description": "Slow and warm.", "is_public": "on"},
    )
    film_list = FilmList.objects.get()
    assert response["Location"] == film_list.get_absolute_url()
    assert (film_list.owner, film_list.title, film_list.is_public) == (alice, "Rainy Sundays", True)
    page = visible_text(client.get(response["Location"]).content.decode())
    assert "Rainy Sundays" in page
    assert "Slow and warm." in page


def test_a_list_without_a_title_is_refused(client, alice):
    response = client.post(reverse("library:list_create"), {"title": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not FilmList.objects.exists()


def test_making_lists_is_rate_limited(client, alice):
    for number in range(LIST_CREATE.limit):
        client.post(reverse("library:list_create"), {"title": f"List {number}"})
    response = client.post(reverse("library:list_create"), {"title": "One too many"})
    assert response.status_code == 429
    assert FilmList.objects.count() == LIST_CREATE.limit


def test_adding_a_film_from_its_page_to_an_existing_list(client, alices_list):
    film = FilmFactory(title="Collateral")
    page = client.get(film.get_absolute_url()).content.decode()
    assert f'<option value="{alices_list.pk}">Heists</option>' in page
    response = client.post(
        reverse("library:film_add_to_list", args=[film.slug]),
        {"film_list": alices_list.pk, "note": "Night-time LA", "next": film.get_absolute_url()},
    )
    assert response["Location"] == film.get_absolute_url()
    assert titles(alices_list) == ["Heat", "Ronin", "Thief", "Collateral"]
    assert entry(alices_list, "Collateral").note == "Night-time LA"
    assert "Collateral is added to “Heists”." in client.get(film.get_absolute_url()).text


def test_adding_a_film_to_a_new_list_makes_the_list(client, alice):
    film = FilmFactory(title="Heat")
    client.post(
        reverse("library:film_add_to_list", args=[film.slug]),
        {"film_list": "", "new_title": "Best of Mann"},
    )
    film_list = FilmList.objects.get(owner=alice)
    assert film_list.title == "Best of Mann"
    assert titles(film_list) == ["Heat"]


def test_adding_a_film_already_in_the_list_says_so_and_changes_nothing(client, alices_list):
    heat = entry(alices_list, "Heat").film
    response = client.post(
        reverse("library:film_add_to_list", args=[heat.slug]), {"film_list": alices_list.pk}
    )
    assert "Heat is already in “Heists”." in client.get(response["Location"]).text
    assert titles(alices_list) == ["Heat", "Ronin", "Thief"]


@pytest.mark.parametrize("data", [{}, {"film_list": ""}, {"new_title": ""}])
def test_adding_without_a_list_or_a_title_is_refused(client, alice, data):
    film = FilmFactory()
    response = client.post(reverse("library:film_add_to_list", args=[film.slug]), data)
    assert "Choose one of your lists" in client.get(response["Location"]).text
    assert not FilmList.objects.exists()


def test_nobody_adds_a_film_to_someone_elses_list(client, alices_list):
    client.force_login(UserFactory(username="mallory"))
    film = FilmFactory()
    client.post(
        reverse("library:film_add_to_list", args=[film.slug]), {"film_list": alices_list.pk}
    )
    assert titles(alices_list) == ["Heat", "Ronin", "Thief"]
    assert not FilmListEntry.objects.filter(film=film).exists()


@pytest.mark.parametrize(
    ("title", "direction", "expected"),
    [("Ronin", "up", ["Ronin", "Heat", "Thief"]), ("Ronin", "down", ["Heat", "Thief", "Ronin"])],
)
def test_up_and_down_buttons_move_a_film_without_javascript(
    client, alices_list, title, direction, expected
):
    moved = entry(alices_list, title)
    response = client.post(reverse("library:entry_move", args=[moved.pk]), {"direction": direction})
    assert response["Location"] == f"/lists/{alices_list.pk}/edit/#entry-{moved.pk}"
    assert titles(alices_list) == expected


def test_the_page_script_posts_a_whole_new_order(client, alices_list):
    order = [entry(alices_list, title).pk for title in ["Thief", "Heat", "Ronin"]]
    url = reverse("library:list_reorder", args=[alices_list.pk])
    response = client.post(url, {"entries": order}, **JSON)
    assert response.json() == {"order": order}
    assert titles(alices_list) == ["Thief", "Heat", "Ronin"]


def test_an_order_read_before_the_list_changed_is_refused_with_409(client, alices_list):
    stale = [entry(alices_list, title).pk for title in ["Thief", "Heat"]]
    url = reverse("library:list_reorder", args=[alices_list.pk])
    response = client.post(url, {"entries": stale}, **JSON)
    assert response.status_code == 409
    assert "changed in another window" in response.json()["error"]
    assert titles(alices_list) == ["Heat", "Ronin", "Thief"]


def test_notes_are_edited_and_removing_an_entry_closes_the_gap(client, alices_list):
    ronin = entry(alices_list, "Ronin")
    client.post(reverse("library:entry_note", args=[ronin.pk]), {"note": "The car chases"})
    assert entry(alices_list, "Ronin").note == "The car chases"
    client.post(reverse("library:entry_remove", args=[entry(alices_list, "Heat").pk]))
    assert titles(alices_list) == ["Ronin", "Thief"]
    assert list(alices_list.entries.values_list("position", flat=True)) == [1, 2]


def test_a_note_too_long_is_refused_unchanged(client, alices_list):
    ronin = entry(alices_list, "Ronin")
    response = client.post(reverse("library:entry_note", args=[ronin.pk]), {"note": "x" * 501})
    assert response.status_code == 200
    assert "at most 500 characters" in response.text
    assert entry(alices_list, "Ronin").note == ""


def test_owner_edits_and_deletes_a_list(client, alices_list):
    url = reverse("library:list_edit", args=[alices_list.pk])
    client.post(url, {"title": "Heists, mostly", "description": ""})
    alices_list.refresh_from_db()
    assert (alices_list.title, alices_list.is_public) == ("Heists, mostly", False)
    response = client.post(reverse("library:list_delete", args=[alices_list.pk]))
    assert response["Location"] == "/users/alice/"
    assert not FilmList.objects.exists()
    assert not FilmListEntry.objects.exists()


def owner_only_requests(film_list):
    first = film_list.entries.order_by("position").first()
    ids = list(film_list.entries.order_by("-position").values_list("pk", flat=True))
    return [
        ("get", reverse("library:list_edit", args=[film_list.pk]), {}),
        ("post", reverse("library:list_edit", args=[film_list.pk]), {"title": "Mine now"}),
        ("get", reverse("library:list_delete", args=[film_list.pk]), {}),
        ("post", reverse("library:list_delete", args=[film_list.pk]), {}),
        ("post", reverse("library:list_reorder", args=[film_list.pk]), {"entries": ids}),
        ("post", reverse("library:entry_move", args=[first.pk]), {"direction": "down"}),
        ("post", reverse("library:entry_remove", args=[first.pk]), {}),
        ("get", reverse("library:entry_note", args=[first.pk]), {}),
        ("post", reverse("library:entry_note", args=[first.pk]), {"note": "Mine now"}),
    ]


def stored(film_list):
    return (
        list(FilmList.objects.values_list("pk", "title", "description", "is_public")),
        list(FilmListEntry.objects.order_by("pk").values_list("film_id", "position", "note")),
    )


def test_another_member_cannot_edit_reorder_or_delete_a_list(client, alices_list):
    before = stored(alices_list)
    client.force_login(UserFactory(username="mallory"))
    for method, url, data in owner_only_requests(alices_list):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, f"{method} {url}"
    assert stored(alices_list) == before


def test_a_visitor_is_sent_to_log_in_and_nothing_changes(client, alices_list):
    before = stored(alices_list)
    client.logout()
    for method, url, data in owner_only_requests(alices_list):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert stored(alices_list) == before


@pytest.mark.parametrize("change", [{"is_public": False}, {"is_hidden": True}])
def test_private_and_hidden_lists_are_found_only_by_their_owner(client, alices_list, change):
    FilmList.objects.filter(pk=alices_list.pk).update(**change)
    url = alices_list.get_absolute_url()
    page = visible_text(client.get(url).content.decode())
    assert "only you can see this list" in page
    client.force_login(UserFactory(username="mallory"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("library:list_report", args=[alices_list.pk])).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_list_page_shows_posters_in_order_with_notes(client, alices_list):
    FilmListEntry.objects.filter(pk=entry(alices_list, "Ronin").pk).update(note="Car chases")
    client.logout()
    html = client.get(alices_list.get_absolute_url()).content.decode()
    assert html.count('class="poster poster-placeholder') == 3
    grid_html = html.partition('class="poster-grid"')[2]
    grid = [visible_text(item) for item in re.findall(r"<li>.*?</li>", grid_html, re.DOTALL)]
    assert [item.partition("1995 ")[2] for item in grid] == [
        "1. Heat (1995)",
        "2. Ronin (1995) Car chases",
        "3. Thief (1995)",
    ]
    assert "Edit list" not in html
    assert "Report this list" in html


@pytest.mark.parametrize("films", [2, 40])
def test_list_page_query_count_is_constant(client, django_assert_num_queries, fetch_raise, films):
    film_list = FilmListFactory()
    for position, film in enumerate(FilmFactory.create_batch(films), start=1):
        FilmListEntryFactory(film_list=film_list, film=film, position=position)
    client.force_login(UserFactory())
    # Session, user, the list with its owner, the entries with their films (a member who is
    # not staff holds no permissions, so none are read: filmsite/accounts/backends.py).
    with django_assert_num_queries(4):
        response = client.get(film_list.get_absolute_url())
    assert response.content.decode().count('class="poster-grid-title"') == films


def test_film_page_names_a_few_public_lists_that_include_it(client):
    film = FilmFactory(title="Heat")
    shown = []
    for number in range(7):
        film_list = FilmListFactory(title=f"Public {number}")
        FilmListEntryFactory(film_list=film_list, film=film)
        shown.append(film_list.title)
    private = FilmListEntryFactory(film=film, film_list=FilmListFactory(is_public=False))
    hidden = FilmListEntryFactory(film=film, film_list=FilmListFactory(is_hidden=True))
    text = visible_text(client.get(film.get_absolute_url()).content.decode())
    in_lists = text.partition("In lists:")[2].partition("Trailers")[0]
    # The five most recently changed, newest first.
    assert re.findall(r"Public \d", in_lists) == shown[:1:-1]
    assert private.film_list.title not in in_lists
    assert hidden.film_list.title not in in_lists


def test_profile_shows_public_lists_to_all_and_private_ones_to_their_owner(client, alice):
    FilmListFactory(owner=alice, title="Open book")
    FilmListFactory(owner=alice, title="Secret shames", is_public=False)
    FilmListFactory(owner=alice, title="Taken down", is_hidden=True)
    own = visible_text(client.get("/users/alice/").content.decode())
    assert "Your watchlist" in own
    assert "Secret shames 0 films · private" in own
    assert "Taken down 0 films · hidden by a moderator" in own
    client.force_login(UserFactory(username="bob"))
    theirs = visible_text(client.get("/users/alice/").content.decode())
    assert "Open book" in theirs
    assert "Secret shames" not in theirs
    assert "Taken down" not in theirs
    assert "Your watchlist" not in theirs


def test_a_note_saved_after_its_entry_was_removed_is_a_404_that_says_so(client, alices_list):
    heat = entry(alices_list, "Heat")
    from filmsite.library import services

    FilmListEntry.objects.filter(pk=heat.pk).delete()  # removed in another tab
    with pytest.raises(services.Gone):
        services.set_note(entry=heat, note="Seen twice")


def test_editing_a_list_deleted_in_another_tab_is_a_404_that_says_so(client, alices_list):
    from filmsite.library import services

    stale = FilmList.objects.get(pk=alices_list.pk)
    alices_list.delete()
    with pytest.raises(services.Gone):
        services.update_list(film_list=stale, title="New", description="", is_public=True)


def test_a_film_unpublished_since_it_was_listed_keeps_its_place_but_not_its_name(
    client, alices_list
):
    ronin = entry(alices_list, "Ronin")
    ronin.film.status = "draft"
    ronin.film.save()
    edit_page = client.get(reverse("library:list_edit", args=[alices_list.pk]))
    text = visible_text(edit_page.content.decode())
    assert "Ronin" not in text
    assert "A film that is not published now" in text
    assert edit_page.content.decode().count("data-entry-id=") == 3  # reordering names all
    note_page = client.get(reverse("library:entry_note", args=[ronin.pk]))
    assert note_page.status_code == 404
    profile = visible_text(client.get(reverse("profile", args=["alice"])).content.decode())
    assert "Heists 2 films" in profile
