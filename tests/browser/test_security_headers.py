"""The browser enforces the CSP and Permissions-Policy without breaking what the site uses."""

from playwright.sync_api import expect

from tests.browser.visiting import log_in_to_the_admin
from tests.factories import UserFactory

FILM_PATH = "/films/leaving-las-vegas-1995/"


def policy_complaints(console):
    return [text for text in console if "Content Security Policy" in text or "Permissions" in text]


def test_the_film_page_denies_unused_features_and_reports_nothing(seeded_site, page):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(seeded_site + FILM_PATH)
    allows = page.evaluate(
        "features => features.map(f => document.featurePolicy.allowsFeature(f))",
        ["camera", "geolocation", "microphone", "payment", "usb", "fullscreen", "autoplay"],
    )
    assert allows == [False, False, False, False, False, True, True]
    assert policy_complaints(console) == []


def test_the_admins_person_autocomplete_may_ask_the_site(seeded_site, page):
    UserFactory(username="editor", password="a-long-password", is_staff=True, is_superuser=True)
    console = []
    page.on("console", lambda message: console.append(message.text))
    log_in_to_the_admin(page, seeded_site, "editor", "a-long-password", "/admin/catalog/film/")
    page.get_by_role("link", name="Leaving Las Vegas").click()

    page.locator(".dynamic-credits .select2-selection").last.click()
    page.locator(".select2-search__field").fill("Cage")
    expect(page.locator(".select2-results__option").first).to_contain_text("Nicolas Cage")
    assert policy_complaints(console) == []
