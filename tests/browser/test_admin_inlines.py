"""An editor adds a poster and a trailer in the admin; the public page shows both, privately."""

import re
from importlib import import_module
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from catalog.models import Film, Trailer
from tests.browser.visiting import log_in_to_the_admin
from tests.catalog import image_files
from tests.factories import staff_member
from tests.task_worker import run_queued_tasks

FILM_PATH = "/films/leaving-las-vegas-1995/"


@pytest.fixture
def editors_group():
    """The Editors group as its data migration makes it: another browser test's flush before
    this one empties the table (the permissions come back by themselves, the groups do not)."""
    migration = import_module("catalog.migrations.0002_editors_group")
    codenames = [
        f"{action}_{model}" for action in migration.ACTIONS for model in migration.CATALOG_MODELS
    ]
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="catalog", codename__in=codenames)
    )
    return group


@pytest.fixture
def poster_file(tmp_path):
    upload = image_files.png(600, 900, mode="RGB")
    path = tmp_path / "poster.png"
    path.write_bytes(upload.read())
    return path


def test_editor_adds_poster_and_trailer_and_the_player_loads_only_on_click(
    seeded_site, editors_group, page, poster_file
):
    staff_member("Editors", username="editor", password="a-long-password")
    console, requests = [], []
    page.on("console", lambda message: console.append(message.text))
    page.on("request", lambda request: requests.append(request.url))

    log_in_to_the_admin(page, seeded_site, "editor", "a-long-password", "/admin/catalog/film/")
    page.get_by_role("link", name="Leaving Las Vegas").click()

    page.locator("#id_poster").set_input_files(poster_file)
    page.get_by_role("button", name="Add another Trailer").click()
    page.locator("#id_trailers-0-title").fill("Official trailer")
    page.locator("#id_trailers-0-url").fill("https://youtu.be/dQw4w9WgXcQ?si=share")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Trailer.objects.get().video_id == "dQw4w9WgXcQ"
    assert Film.objects.get(slug="leaving-las-vegas-1995").poster_width == 600
    page.goto(seeded_site + FILM_PATH)
    title_card = page.get_by_role("img", name="Poster of Leaving Las Vegas")
    expect(title_card).to_have_class(re.compile("poster-placeholder"))  # until the worker runs
    run_queued_tasks()

    requests.clear()
    page.goto(seeded_site + FILM_PATH)
    poster = page.get_by_role("img", name="Poster of Leaving Las Vegas")
    expect(poster).to_be_visible()
    assert poster.evaluate("img => img.currentSrc").endswith(".webp")
    assert poster.evaluate("img => img.naturalWidth") > 0

    expect(page.locator("iframe")).to_have_count(0)
    hosts = {urlsplit(url).hostname for url in requests}
    assert hosts == {urlsplit(seeded_site).hostname}, hosts  # nothing from the video host

    play = page.locator("a.trailer-facade")
    expect(play).to_have_accessible_name("Play trailer: Official trailer (on YouTube)")
    play.click()
    player = page.locator("iframe[title='Official trailer']")
    expect(player).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    expect(page).to_have_url(seeded_site + FILM_PATH)
    assert not [text for text in console if "Content Security Policy" in text]
