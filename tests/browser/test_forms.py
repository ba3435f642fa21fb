"""Forms in a browser: the error summary takes the focus and its links lead to the fields by
keyboard (with JavaScript and without); the film list's filters are a row on a wide screen and
a panel on a phone; the admin's film change list and poster preview fit 1280 px."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from catalog.models import Film
from tests.browser.visiting import log_in_to_the_admin
from tests.catalog import image_files
from tests.factories import FilmFactory, GenreFactory
from tests.task_worker import run_queued_tasks

LOGIN_ERROR = "Please enter a correct username and password"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def fail_to_log_in(page, site):
    page.goto(f"{site}/accounts/login/?next=/films/")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()


def test_a_refused_log_in_focuses_the_summary_whose_link_leads_to_the_field(seeded_site, page):
    fail_to_log_in(page, seeded_site)
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page).to_have_title("Error: Log in — Filmsite")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text(LOGIN_ERROR)).to_have_count(1)

    page.keyboard.press("Tab")
    link = summary.get_by_role("link", name=LOGIN_ERROR)
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Username")).to_be_focused()
    assert (
        page.evaluate(
            "document.querySelector('label[for=id_username]').getBoundingClientRect().top"
        )
        >= 0
    )


def test_without_javascript_the_summary_is_an_alert_and_its_links_still_reach_the_field(
    seeded_site, page_without_javascript
):
    page = page_without_javascript
    fail_to_log_in(page, seeded_site)
    expect(page.get_by_role("alert")).to_contain_text(LOGIN_ERROR)
    link = page.locator("[data-error-summary]").get_by_role("link", name=LOGIN_ERROR)
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Username")).to_be_focused()


def test_a_field_error_link_focuses_its_field(seeded_site, page):
    page.goto(f"{seeded_site}/accounts/signup/")
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Email").fill("newcomer@example.org")
    page.locator("#id_password1").fill("a-long-passphrase-42")
    page.get_by_label("Password confirmation").fill("a-different-passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    confirmation = page.get_by_label("Password confirmation")
    expect(confirmation).to_be_focused()
    assert confirmation.get_attribute("aria-invalid") == "true"


@pytest.fixture
def filtered_list(seeded_site):
    GenreFactory(name="Comedy", slug="comedy")
    return f"{seeded_site}/films/?genre=drama&year_from=1990&sort=newest"


def test_on_a_wide_screen_the_filters_are_a_row_shown_without_opening(browser, filtered_list):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(filtered_list)
        fields = [page.get_by_label(name) for name in ("Genre", "From year", "Decade")]
        for field in fields:
            expect(field).to_be_visible()
        tops = {round(field.bounding_box()["y"]) for field in fields}
        assert len(tops) == 1, tops  # one row
        expect(page.locator(".filter-panel-toggle")).to_be_hidden()
        chip = page.get_by_role("link", name="Remove the filter Genre: Drama")
        chip.click()
        assert page.url.endswith("/films/?year_from=1990&sort=newest")
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    finally:
        context.close()


def test_on_a_phone_the_filters_are_a_closed_panel_and_the_chips_fit(browser, filtered_list):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(filtered_list)
        year = page.get_by_label("From year")
        expect(year).to_be_hidden()
        for chip in page.locator(".filter-chip").all():
            box = chip.bounding_box()
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= PHONE["width"]
            assert box["height"] >= 44
        page.get_by_text("Filter and sort films").click()
        expect(year).to_be_visible()
        assert year.bounding_box()["x"] + year.bounding_box()["width"] <= PHONE["width"]
        page.get_by_label("Decade").select_option("1990")
        page.get_by_role("button", name="Show films").click()
        # The form sends its empty fields; the list answers at the address without them.
        assert page.url.endswith("/films/?genre=drama&year_from=1990&decade=1990&sort=newest")
    finally:
        context.close()


@pytest.fixture
def editor_page(browser, seeded_site):
    get_user_model().objects.create_superuser("boss", "boss@example.org", "a-long-password")
    long_title = "The Assassination of Jesse James by the Coward Robert Ford, Extended Cut"
    FilmFactory(title=long_title, original_title=long_title, tconst="tt0443680")
    FilmFactory.create_batch(30)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    log_in_to_the_admin(page, seeded_site, "boss", "a-long-password", "/admin/catalog/film/")
    yield page
    context.close()


def test_the_admins_film_change_list_fits_1280_pixels(editor_page):
    expect(editor_page.locator("#result_list")).to_be_visible()
    assert editor_page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    assert (
        editor_page.evaluate("document.querySelector('#changelist').scrollWidth")
        <= (DESKTOP["width"])
    )


def test_the_admins_film_change_form_previews_the_poster(editor_page, seeded_site):
    film = Film.objects.get(slug="leaving-las-vegas-1995")
    film.poster = image_files.png(600, 900, mode="RGB")
    film.save()
    run_queued_tasks()  # the renditions, as the task worker makes them
    editor_page.goto(f"{seeded_site}/admin/catalog/film/{film.pk}/change/")
    preview = editor_page.get_by_role("img", name="Poster of Leaving Las Vegas")
    expect(preview).to_be_visible()
    assert preview.evaluate("img => img.naturalWidth") > 0
    assert editor_page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, selectors):
    """axe-core's WCAG A and AA violations within the elements `selectors` name, no rule off."""
    from axe_playwright_python.sync_playwright import Axe

    context = {"include": [[selector] for selector in selectors]}
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    return [(rule["id"], rule["impact"]) for rule in results.response["violations"]]


def test_the_error_summary_and_the_filters_pass_axe(browser, seeded_site):
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        try:
            fail_to_log_in(page, seeded_site)
            assert axe_violations(page, [".error-summary", ".stacked-form"]) == []
            page.goto(f"{seeded_site}/films/?genre=drama&year_from=1000&sort=newest")
            selectors = [".error-summary", ".filter-panel", ".filter-chips"]
            assert axe_violations(page, selectors) == []
        finally:
            context.close()
