"""A member rates three films without writing, then reviews one, with JavaScript on and off."""

import pytest
from playwright.sync_api import expect

from catalog.models import Film
from tests.factories import FilmFactory, UserFactory

PASSWORD = "a-long-test-password"


@pytest.fixture
def films_and_member(seeded_site):
    FilmFactory(title="Heat", slug="heat-1995")
    FilmFactory(title="Casino", slug="casino-1995")
    UserFactory(username="rater", password=PASSWORD)
    return seeded_site


def log_in(page, site):
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill("rater")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def rate_on_the_film_list(page, site, title, score, javascript):
    page.goto(f"{site}/films/")
    if javascript:
        page.evaluate("window.notReloaded = true")
    card = page.locator("li").filter(has=page.get_by_role("link", name=title, exact=True))
    card.get_by_label(f"Your rating of {title}").select_option(str(score))
    card.get_by_role("button", name="Rate").click()
    expect(card.get_by_text(f"Your rating: {score}/10")).to_be_visible()
    if javascript:  # answered in place, not by a new page
        assert page.evaluate("window.notReloaded") is True


def histogram_row(page, score):
    return page.locator(".rating-summary table tr").filter(
        has=page.get_by_role("rowheader", name=str(score), exact=True)
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_member_rates_three_films_and_reviews_one(browser, films_and_member, javascript):
    site = films_and_member
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    try:
        log_in(page, site)
        rate_on_the_film_list(page, site, "Heat", 9, javascript)
        rate_on_the_film_list(page, site, "Casino", 4, javascript)

        page.goto(f"{site}/films/leaving-las-vegas-1995/")
        expect(page.get_by_text("No user ratings yet.")).to_be_visible()
        page.get_by_role("radio", name="7", exact=True).check()
        page.get_by_role("button", name="Rate", exact=True).click()
        expect(
            page.locator(".rating-summary").get_by_text("User rating 7.0/10 from 1 rating")
        ).to_be_visible()
        page.reload()
        expect(histogram_row(page, 7)).to_contain_text("1")

        # A review is text beside the rating: the form starts from it, and may change it.
        page.get_by_role("link", name="Write a review").click()
        expect(page.get_by_role("radio", name="7", exact=True)).to_be_checked()
        page.get_by_role("radio", name="8", exact=True).check()
        page.get_by_label("Your review").fill("Bleak and tender; Figgis's own score carries it.")
        page.get_by_role("button", name="Publish review").click()
        expect(
            page.locator(".rating-summary").get_by_text("User rating 8.0/10 from 1 rating")
        ).to_be_visible()
        expect(histogram_row(page, 8)).to_contain_text("1")
        expect(histogram_row(page, 7)).to_contain_text("0")

        page.goto(f"{site}/films/heat-1995/")
        expect(
            page.locator(".rating-summary").get_by_text("User rating 9.0/10 from 1 rating")
        ).to_be_visible()
        page.get_by_role("button", name="Remove rating").click()
        expect(page.get_by_text("No user ratings yet.")).to_be_visible()

        page.goto(f"{site}/users/rater/")
        expect(page.get_by_text("2 films rated")).to_be_visible()
        casino = page.locator(".member-ratings li").filter(has_text="Casino")
        expect(casino.get_by_role("img", name="Rated 4 out of 10")).to_be_visible()
    finally:
        context.close()
    figures = dict(Film.objects.values_list("slug", "user_rating_count"))
    assert figures == {"leaving-las-vegas-1995": 1, "heat-1995": 0, "casino-1995": 1}


def test_the_star_control_is_a_radio_group_the_keyboard_moves_along(
    page_without_javascript, films_and_member
):
    page = page_without_javascript
    site = films_and_member
    log_in(page, site)
    page.goto(f"{site}/films/heat-1995/")
    seven = page.get_by_role("radio", name="7", exact=True)
    seven.check()
    page.mouse.move(0, 0)  # a pointer over the stars previews its own choice
    page.keyboard.press("ArrowRight")
    eight = page.get_by_role("radio", name="8", exact=True)
    expect(eight).to_be_checked()
    expect(eight).to_be_focused()
    # The focused half star shows the focus ring; the stars up to the choice are filled.
    halves = page.locator(".star-half")
    assert halves.nth(7).evaluate("label => getComputedStyle(label).outlineStyle") == "solid"
    filled, empty = (
        halves.nth(index).evaluate("label => getComputedStyle(label, '::before').backgroundColor")
        for index in (7, 8)
    )
    assert filled != empty
    assert (
        halves.nth(0).evaluate("label => getComputedStyle(label, '::before').backgroundColor")
        == filled
    )
    page.get_by_role("button", name="Rate", exact=True).click()
    expect(page.get_by_text("Your rating: 8/10")).to_be_visible()
