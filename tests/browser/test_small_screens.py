"""Every page fits a 320 px wide phone: nothing scrolls sideways, logged in or not."""

import pytest

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
