"""Editors add a trailer through the film's inline in the admin, whose rows JavaScript adds."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from catalog.models import Trailer

FILM_PATH = "/films/leaving-las-vegas-1995/"


def test_editor_adds_a_trailer_inline_and_the_film_page_embeds_it(seeded_site, page):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-password")
    console = []
    page.on("console", lambda message: console.append(message.text))

    page.goto(seeded_site + "/admin/login/?next=/admin/catalog/film/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Leaving Las Vegas").click()

    page.get_by_role("button", name="Add another Trailer").click()
    page.locator("#id_trailers-0-title").fill("Official trailer")
    page.locator("#id_trailers-0-url").fill("https://youtu.be/dQw4w9WgXcQ?si=share")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    assert Trailer.objects.get().title == "Official trailer"
    page.goto(seeded_site + FILM_PATH)
    player = page.locator("iframe[title='Official trailer']")
    expect(player).to_have_attribute("src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    expect(page.get_by_text("No trailers")).to_have_count(0)
    assert not [text for text in console if "Content Security Policy" in text]
