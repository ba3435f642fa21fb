"""Headless Chromium, driven by Playwright, against a live server with the seed loaded."""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Film, Person
from filmsite.moderation import services as moderation
from reviews import services
from reviews.models import Report, Review
from tests.browser.visiting import MEMBER_PASSWORD
from tests.catalog.image_files import png
from tests.factories import FilmFactory, GenreFactory, UserFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("FILMSITE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def seeded_site(transactional_db, live_server):
    call_command("load_seed", verbosity=0)
    return live_server.url


@pytest.fixture
def every_page(seeded_site, media_root):
    """The site with one of each kind of page, and [(name, path, as a member)] to visit them.

    The seed; a film as the IMDb importer leaves it (no poster, plot, release or certificate,
    IMDb's rating only); a film with a poster; and a member who rated, reviewed with a headline
    and voted, logged in for the pages only members see.
    """
    seed = Film.objects.get(slug="leaving-las-vegas-1995")
    imported = FilmFactory(
        title="The Long Night Train",
        slug="the-long-night-train-1987",
        year=1987,
        certificate="",
        plot="",
        runtime_minutes=112,
        imdb_rating=Decimal("7.9"),
        imdb_votes=151_365,
        tconst="tt9900001",
    )
    imported.genres.add(GenreFactory(name="Thriller", slug="thriller"))
    heat = FilmFactory(title="Heat", slug="heat-1995", poster=png(name="heat.png"))
    member = UserFactory(username="maria", password=MEMBER_PASSWORD)
    services.rate(member=member, film=seed, score=7)
    services.post_review(
        author=member,
        film=imported,
        rating=8,
        headline="A slow burn that pays off",
        body="The long takes and the night-time city stay with you for days. " * 4,
    )
    services.vote(review=seed.reviews.order_by("pk").first(), voter=member, is_helpful=True)
    person = Person.objects.get(credits__film=seed, name="Nicolas Cage")
    review = seed.reviews.order_by("pk").first()
    # The moderation loop, as the member sees it: a review of theirs hidden (a notice, an
    # appeal to make), a report of theirs upheld, and a suspension from posting.
    hidden = services.post_review(author=member, film=heat, body="Buy cheap pills here. " * 4)
    services.set_hidden(Review.objects.filter(pk=hidden.pk), hidden=True, reason="Spam.")
    services.report(review=review, reporter=member, reason="spam")
    services.dismiss_reports(Report.objects.filter(reporter=member))
    ends = timezone.now() + timedelta(days=7)
    moderation.suspend(member=member, ends=ends, reason="Spam links.", moderator=None)
    return [
        ("home", "/", False),
        ("film", seed.get_absolute_url(), False),
        ("imported film", imported.get_absolute_url(), False),
        ("film list", "/films/", False),
        ("search", "/search/?q=the", False),
        ("person", person.get_absolute_url(), False),
        ("reviews list", f"{seed.get_absolute_url()}reviews/", False),
        ("review", review.get_absolute_url(), False),
        ("sign-up", "/accounts/signup/", False),
        ("log-in", "/accounts/login/", False),
        ("profile", "/users/maria/", False),
        ("film as a member", seed.get_absolute_url(), True),
        ("write form", f"{seed.get_absolute_url()}reviews/new/", True),
        ("own profile", "/users/maria/", True),
        ("account", "/account/", True),
        ("notices", "/account/notices/", True),
        ("reports", "/account/reports/", True),
        ("appeal form", f"/reviews/{hidden.pk}/appeal/", True),
    ]
