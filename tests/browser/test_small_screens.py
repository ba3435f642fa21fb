"""Every page fits a 320 px wide phone: nothing scrolls sideways, logged in or not."""

import pytest

from catalog.models import AlternativeTitle, Film
from tests.factories import FilmListEntryFactory, FilmListFactory, UserFactory

PATHS = [
    "/",
    "/films/",
    "/films/leaving-las-vegas-1995/",
    "/films/leaving-las-vegas-1995/reviews/",
    "/search/?q=vegas",
    "/users/a-member-with-a-rather-long-name/",
    "/accounts/login/",
    "/accounts/signup/",
]
MEMBER_PATHS = ["/watchlist/", "/history/import/"]


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "member"])
def test_no_page_scrolls_sideways_at_320_pixels(browser, seeded_site, logged_in):
    member = UserFactory(
        username="a-member-with-a-rather-long-name", password="a-long-test-password"
    )
    film_list = FilmListFactory(owner=member, title="Night drives")
    FilmListEntryFactory(film_list=film_list, film__title="Collateral")
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        paths = [*PATHS, film_list.get_absolute_url()]
        if logged_in:
            page.goto(f"{seeded_site}/accounts/login/")
            page.get_by_label("Username").fill(member.username)
            page.get_by_label("Password").fill("a-long-test-password")
            page.get_by_role("button", name="Log in").click()
            paths += [*MEMBER_PATHS, f"/lists/{film_list.pk}/edit/"]
        too_wide = {}
        for path in paths:
            page.goto(seeded_site + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide[path] = width
        assert too_wide == {}
    finally:
        context.close()


def test_other_titles_of_a_long_country_name_fit_a_320_pixel_phone(browser, seeded_site):
    # The country column was as wide as its longest name: region codes fitted, but "South
    # Georgia and the South Sandwich Islands" pushed the titles off the screen.
    film = Film.objects.get(slug="leaving-las-vegas-1995")
    for ordering, (title, region) in enumerate(
        [("Adiós a Las Vegas", "GS"), ("Las Vegas", "VC"), ("Abschied in Las Vegas", "DE")]
    ):
        AlternativeTitle.objects.create(film=film, title=title, region=region, ordering=ordering)
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(f"{seeded_site}{film.get_absolute_url()}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        titles = page.locator(".also-known-as dd")
        assert titles.count() == 3
        for index in range(3):
            box = titles.nth(index).bounding_box()
            assert box is not None
            assert box["width"] >= 120
            assert box["x"] + box["width"] <= 320
    finally:
        context.close()
