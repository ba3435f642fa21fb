"""A new member adds films to their watchlist and makes and reorders a list, in a real browser,
with JavaScript on and again with it off."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from catalog.models import Film
from filmsite.library.models import FilmList, WatchlistEntry
from tests.factories import FilmFactory

PASSWORD = "a-long-passphrase-42"
TITLES = ["Heat", "Ronin", "Thief"]


@pytest.fixture
def films(seeded_site):
    for title in TITLES:
        FilmFactory(title=title, slug=f"{title.lower()}-1995")
    return seeded_site


def sign_up(page, site, username):
    page.goto(f"{site}/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text(f"Welcome to Filmsite, {username}.")).to_be_visible()


def add_to_list(page, site, title, list_choice, new_title=""):
    page.goto(f"{site}/films/{title.lower()}-1995/")
    page.get_by_text("Add to a list").click()
    page.get_by_label("List:", exact=True).select_option(label=list_choice)
    if new_title:
        page.get_by_label("Title of a new list").fill(new_title)
    page.get_by_role("button", name=f"Add {title}").click()
    expect(page.get_by_text(f"{title} is added to")).to_be_visible()


def list_order(page):
    return [
        text.strip() for text in page.locator(".list-entry .list-entry-title").all_inner_texts()
    ]


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_member_keeps_a_watchlist_and_makes_and_reorders_a_list(films, browser, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    site = films
    username = "js-fan" if javascript else "plain-fan"
    sign_up(page, site, username)
    member = get_user_model().objects.get(username=username)

    # Two films onto the watchlist: one from its film card, one from its page.
    page.goto(f"{site}/films/?sort=title")
    card_button = page.get_by_role("button", name="Add to watchlist (Heat)")
    card_button.click()
    if javascript:
        # Changed in place: same page, the focus kept, the label now says what it does.
        expect(page.get_by_role("button", name="Remove from watchlist (Heat)")).to_be_focused()
        expect(page).to_have_url(f"{site}/films/?sort=title")
    else:
        expect(page.get_by_text("Heat is on your watchlist.")).to_be_visible()
        expect(page.get_by_role("button", name="Remove from watchlist (Heat)")).to_be_visible()
    page.goto(f"{site}/films/ronin-1995/")
    page.get_by_role("button", name="Add to watchlist (Ronin)").click()
    expect(page.get_by_role("button", name="Remove from watchlist (Ronin)")).to_be_visible()
    assert set(
        WatchlistEntry.objects.filter(member=member).values_list("film__title", flat=True)
    ) == {"Heat", "Ronin"}
    page.get_by_role("link", name="Watchlist", exact=True).click()
    expect(page.locator(".watchlist-item")).to_have_count(2)

    # A list of three films, made from the first film's page.
    add_to_list(page, site, "Heat", "A new list…", new_title="Heists")
    add_to_list(page, site, "Ronin", "Heists")
    add_to_list(page, site, "Thief", "Heists")
    film_list = FilmList.objects.get(owner=member)
    page.goto(f"{site}{film_list.get_absolute_url()}")
    page.get_by_role("link", name="Edit list and order").click()
    assert list_order(page) == TITLES

    # Reordered: Thief up to the top with its Up button twice.
    up = page.get_by_role("button", name="Up (move Thief up)")
    up.click()
    if javascript:
        expect(up).to_be_focused()
    page.get_by_role("button", name="Up (move Thief up)").click()
    expect(page.locator(".list-entry .list-entry-title").first).to_have_text("Thief")
    if javascript:
        expect(page.get_by_text("Thief moved to place 1 of 3. Saved.")).to_be_attached()
        # And Heat dragged by its handle below Ronin.
        heat = page.locator(".list-entry").filter(has_text="Heat")
        ronin = page.locator(".list-entry").filter(has_text="Ronin")
        below_middle = {"x": 10, "y": ronin.bounding_box()["height"] - 5}
        heat.locator(".drag-handle").drag_to(ronin, target_position=below_middle)
        expect(page.get_by_text("Heat moved to place 3 of 3. Saved.")).to_be_attached()
        expected = ["Thief", "Ronin", "Heat"]
    else:
        expected = ["Thief", "Heat", "Ronin"]
    page.reload()
    assert list_order(page) == expected
    assert [entry.film.title for entry in film_list.entries.select_related("film")] == expected
    context.close()
    assert Film.objects.count() == 4  # the seed film and the three
