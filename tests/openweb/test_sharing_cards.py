"""Open Graph and Twitter tags, titles, descriptions and canonical links, as link previews and
crawlers read them; and that no request can change the addresses a page names."""

import pytest
from django.urls import reverse

from tests.catalog import image_files
from tests.factories import (
    CreditFactory,
    FilmFactory,
    FilmListEntryFactory,
    FilmListFactory,
    GenreFactory,
    PersonFactory,
    ReviewFactory,
    UserFactory,
)
from tests.openweb.conftest import SITE
from tests.openweb.head import get_head, read_head

pytestmark = pytest.mark.django_db

CARD_TAGS = ("og:type", "og:title", "og:description", "og:url", "twitter:card", "twitter:title")


def assert_card(head, kind, title, url):
    for tag in CARD_TAGS:
        assert head.one(tag), tag
    assert head.one("og:type") == kind
    assert head.one("og:title") == head.one("twitter:title") == title
    assert head.one("og:url") == url
    assert head.one("og:description") == head.one("twitter:description")
    for name, values in head.meta.items():
        if name.endswith((":url", ":image")) and name != "twitter:card":
            assert all(value.startswith(f"{SITE}/") for value in values), name


def test_film_page_card_is_a_movie_titled_with_its_year_and_the_title_card_image(client):
    film = FilmFactory(title="Heat", year=1995, plot="A thief and a detective.")
    head = get_head(client, film.get_absolute_url())
    assert_card(head, "video.movie", "Heat (1995)", f"{SITE}/films/{film.slug}/")
    assert head.one("og:description") == "A thief and a detective."
    image = head.one("og:image")
    assert image.startswith(f"{SITE}/films/{film.slug}/share-image-")
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "630")
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:image") == image


def test_a_poster_is_shared_at_its_largest_rendition_with_its_size(client, run_tasks):
    film = FilmFactory(poster=image_files.png(1000, 1500, mode="RGB"))
    run_tasks()  # the renditions
    film.refresh_from_db()
    head = get_head(client, film.get_absolute_url())
    assert head.one("og:image") == f"{SITE}{film.poster_renditions.jpeg_url(800)}"
    assert head.one("og:image").endswith("-800.jpg")
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("800", "1200")
    assert head.one("twitter:card") == "summary"
    assert head.thing("Movie")["image"] == head.one("og:image")


def test_person_review_and_list_pages_have_cards(client):
    person = PersonFactory(name="Mike Figgis")
    film = CreditFactory(person=person).film
    review = ReviewFactory(film=film, author=UserFactory(username="sera"))
    film_list = FilmListFactory(title="Vegas nights", owner=review.author)
    FilmListEntryFactory(film_list=film_list, film=film)

    head = get_head(client, person.get_absolute_url())
    assert_card(head, "profile", "Mike Figgis", f"{SITE}{person.get_absolute_url()}")
    assert str(film) in head.one("description")

    head = get_head(client, review.get_absolute_url())
    assert_card(head, "article", f"Review of {film} by sera", f"{SITE}{review.get_absolute_url()}")
    assert head.one("og:image").startswith(f"{SITE}/films/{film.slug}/share-image-")
    assert review.body.split()[0] in head.one("og:description")

    head = get_head(client, film_list.get_absolute_url())
    assert_card(head, "website", "Vegas nights", f"{SITE}{film_list.get_absolute_url()}")
    assert head.one("og:description") == "A list of 1 film by sera: Films worth seeing twice."
    assert head.one("og:image").startswith(f"{SITE}/films/{film.slug}/share-image-")


SPOILER = "Kaiser Soze was the cripple all along"


@pytest.mark.parametrize("page", ["film", "review", "film_reviews", "profile"])
def test_a_spoiler_reviews_words_never_reach_a_description_card_or_structured_data(client, page):
    review = ReviewFactory(
        body=f"{SPOILER}. " * 3,
        headline="Twist!",
        contains_spoilers=True,
        author=UserFactory(username="verbal"),
    )
    url = {
        "film": review.film.get_absolute_url(),
        "review": review.get_absolute_url(),
        "film_reviews": reverse("reviews:film_reviews", args=[review.film.slug]),
        "profile": reverse("profile", args=["verbal"]),
    }[page]
    head = get_head(client, url)
    # Neither its words nor its headline: the page keeps both behind the warning.
    assert "Kaiser" not in head.html
    assert "Twist!" not in head.html
    if page == "review":
        assert head.one("description") == (
            f"verbal's review of {review.film}, rated 7/10. Contains spoilers."
        )
        assert head.thing("Review")["reviewRating"]["ratingValue"] == 7


def test_seed_film_title_has_the_year_and_the_site_and_the_heading_stays_the_title(client, seed):
    html = client.get(seed.get_absolute_url()).content.decode()
    assert read_head(html).title == "Leaving Las Vegas (1995) — Filmsite"
    assert "<h1>Leaving Las Vegas</h1>" in html


def test_a_film_without_a_plot_is_described_by_its_facts(client):
    film = FilmFactory(title="Heat", year=1995, plot="", runtime_minutes=170, certificate="R")
    film.genres.add(GenreFactory(name="Crime"))
    CreditFactory(
        film=film, kind="director", character="", person=PersonFactory(name="Michael Mann")
    )
    head = get_head(client, film.get_absolute_url())
    expected = "Heat is a 1995 crime film directed by Michael Mann, rated R, 170 minutes."
    assert head.one("description") == head.one("og:description") == expected


PAGES = {
    "home": lambda data: reverse("catalog:home"),
    "film list": lambda data: reverse("catalog:film_list"),
    "film": lambda data: data["film"].get_absolute_url(),
    "person": lambda data: data["person"].get_absolute_url(),
    "review": lambda data: data["review"].get_absolute_url(),
    "reviews": lambda data: reverse("reviews:film_reviews", args=[data["film"].slug]),
    "list": lambda data: data["list"].get_absolute_url(),
    "profile": lambda data: reverse("profile", args=[data["review"].author.username]),
    "search": lambda data: reverse("catalog:search") + "?q=film",
    "log-in": lambda data: reverse("login"),
    "sign-up": lambda data: reverse("signup"),
}


@pytest.fixture
def pages():
    person = PersonFactory()
    film = CreditFactory(person=person).film
    review = ReviewFactory(film=film)
    film_list = FilmListFactory()
    FilmListEntryFactory(film_list=film_list, film=film)
    return {"film": film, "person": person, "review": review, "list": film_list}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_one_description_and_one_canonical_link_on_the_site(client, pages, page):
    url = PAGES[page](pages)
    head = get_head(client, url)
    assert head.one("description")
    assert head.links["canonical"] == [
        f"{SITE}{url.split('?')[0]}" + ("?q=film" if page == "search" else "")
    ]


def test_only_search_results_are_kept_out_of_search_engines_indexes(client, pages):
    for page, url in PAGES.items():
        robots = get_head(client, url(pages)).meta.get("robots", [])
        assert robots == (["noindex, follow"] if page == "search" else []), page


def test_a_filtered_lists_canonical_link_keeps_its_filters_and_drops_sort_and_page(client):
    GenreFactory(name="Drama", slug="drama")
    FilmFactory()
    url = reverse("catalog:film_list")
    head = get_head(client, f"{url}?sort=rating&page=1&genre=drama&decade=1990&utm_source=x")
    assert head.links["canonical"] == [f"{SITE}/films/?decade=1990&genre=drama"]
    # Empty parameters are redirected away first (forms), to a page whose canonical is bare.
    assert client.get(f"{url}?sort=year&genre=")["Location"] == f"{url}?sort=year"
    head = get_head(client, f"{url}?sort=year")
    assert head.links["canonical"] == [f"{SITE}/films/"]


@pytest.mark.parametrize("order", ["spoofed first", "spoofed second"])
def test_a_spoofed_host_changes_no_address_on_any_page(client, pages, order):
    spoof = {"HTTP_HOST": "evil.example", "HTTP_X_FORWARDED_HOST": "evil.example"}
    for page, url in PAGES.items():
        seen = []
        for headers in [spoof, {}] if order == "spoofed first" else [{}, spoof]:
            response = client.get(url(pages), **headers)
            assert response.status_code == 200, page
            html = response.content.decode()
            assert "evil.example" not in html, page
            seen.append(read_head(html))
        for head in seen:
            urls = [
                v for k, vs in head.meta.items() if k.startswith(("og:", "twitter:")) for v in vs
            ]
            urls = [value for value in urls if "://" in value] + head.links["canonical"]
            assert urls, page
            assert all(value.startswith(f"{SITE}/") for value in urls), page
