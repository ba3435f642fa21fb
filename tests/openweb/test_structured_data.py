"""JSON-LD on each kind of page, checked against what Google documents as required and
recommended for Movie (carousel) and Review (snippet) rich results."""

import datetime
import json

import pytest
from django.urls import reverse

from catalog.models import Credit
from reviews import services
from tests.factories import (
    CreditFactory,
    FilmFactory,
    GenreFactory,
    PersonFactory,
    ReleaseFactory,
    ReviewFactory,
    UserFactory,
)
from tests.openweb.conftest import SITE
from tests.openweb.head import get_head

pytestmark = pytest.mark.django_db

HOSTILE = "</script><script>alert(1)</script> <!-- & &amp; <b>"


@pytest.fixture
def film():
    film = FilmFactory(
        title="Leaving Las Vegas", year=1995, runtime_minutes=111, tconst="tt0113627"
    )
    film.genres.add(GenreFactory(name="Drama", slug="drama"), GenreFactory(name="Romance"))
    ReleaseFactory(film=film, date=datetime.date(1995, 10, 27))
    CreditFactory(
        film=film,
        kind=Credit.Kind.DIRECTOR,
        character="",
        person=PersonFactory(name="Mike Figgis", slug="mike-figgis"),
    )
    CreditFactory(film=film, person=PersonFactory(name="Nicolas Cage", slug="nicolas-cage"))
    CreditFactory(film=film, person=PersonFactory(name="Elisabeth Shue", slug="elisabeth-shue"))
    return film


def rated_review(film, score, **fields):
    review = ReviewFactory(film=film, rating=score, **fields)
    services.refresh_film_rating(film.pk)
    return review


def test_film_page_movie_has_the_properties_google_requires_and_recommends(client, film):
    rated_review(film, 8, author=UserFactory(username="sera"))
    rated_review(film, 6)
    movie = get_head(client, film.get_absolute_url()).thing("Movie")

    # Required for the Movie carousel: name and image; recommended: aggregateRating,
    # dateCreated, director, review.
    assert movie["name"] == "Leaving Las Vegas"
    assert movie["image"].startswith(f"{SITE}/films/{film.slug}/share-image-")
    assert movie["dateCreated"] == movie["datePublished"] == "1995-10-27"
    assert movie["director"] == [
        {"@type": "Person", "name": "Mike Figgis", "url": f"{SITE}/people/mike-figgis/"}
    ]
    assert movie["actor"] == [
        {"@type": "Person", "name": "Nicolas Cage", "url": f"{SITE}/people/nicolas-cage/"},
        {"@type": "Person", "name": "Elisabeth Shue", "url": f"{SITE}/people/elisabeth-shue/"},
    ]
    assert movie["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 7.0,
        "ratingCount": 2,
        "bestRating": 10,
        "worstRating": 1,
    }
    assert len(movie["review"]) == 2
    for review in movie["review"]:
        assert review["@type"] == "Review"
        assert review["author"]["@type"] == "Person"
        assert review["author"]["name"]
        assert review["reviewRating"]["ratingValue"] in {6, 8}
        assert review["reviewRating"]["bestRating"] == 10
        assert review["reviewRating"]["worstRating"] == 1
        assert review["url"].startswith(f"{SITE}/reviews/")
    assert {"@type": "Person", "name": "sera", "url": f"{SITE}/users/sera/"} in [
        review["author"] for review in movie["review"]
    ]
    # And the rest the issue asks for.
    assert movie["url"] == f"{SITE}/films/{film.slug}/"
    assert movie["contentRating"] == "R"
    assert movie["genre"] == ["Drama", "Romance"]
    assert movie["duration"] == "PT1H51M"
    assert movie["description"] == " ".join(film.plot.split())
    assert movie["sameAs"] == "https://www.imdb.com/title/tt0113627/"


def test_movie_without_ratings_has_no_aggregate_rating_and_a_film_without_imdb_id_no_same_as(
    client,
):
    film = FilmFactory(tconst=None)
    ReviewFactory(film=film, rating=None)
    movie = get_head(client, film.get_absolute_url()).thing("Movie")
    assert "aggregateRating" not in movie
    assert "sameAs" not in movie
    assert "reviewRating" not in movie["review"][0]


def test_film_page_has_breadcrumbs_from_home_to_the_film(client, film):
    crumbs = get_head(client, film.get_absolute_url()).thing("BreadcrumbList")
    assert [
        (item["position"], item["name"], item["item"]) for item in crumbs["itemListElement"]
    ] == [
        (1, "Home", f"{SITE}/"),
        (2, "Films", f"{SITE}/films/"),
        (3, "Leaving Las Vegas (1995)", f"{SITE}/films/{film.slug}/"),
    ]


def test_review_page_review_has_the_properties_google_requires_and_recommends(client, film):
    review = rated_review(film, 9, headline="Devastating", author=UserFactory(username="sera"))
    head = get_head(client, review.get_absolute_url())
    data = head.thing("Review")
    # Required: author (a Person with a name), itemReviewed (with a name), reviewRating with
    # ratingValue; recommended: datePublished, and the scale's bounds.
    assert data["author"] == {"@type": "Person", "name": "sera", "url": f"{SITE}/users/sera/"}
    assert data["itemReviewed"]["@type"] == "Movie"
    assert data["itemReviewed"]["name"] == "Leaving Las Vegas"
    assert data["itemReviewed"]["url"] == f"{SITE}/films/{film.slug}/"
    assert data["itemReviewed"]["sameAs"] == "https://www.imdb.com/title/tt0113627/"
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 9,
        "bestRating": 10,
        "worstRating": 1,
    }
    assert data["datePublished"] == review.created.date().isoformat()
    assert data["name"] == "Devastating"
    assert data["reviewBody"] == review.body
    assert data["url"] == f"{SITE}{review.get_absolute_url()}"
    assert head.thing("BreadcrumbList")["itemListElement"][-1]["name"] == "Review by sera"


def test_unrated_review_has_no_review_rating(client):
    review = ReviewFactory(rating=None)
    data = get_head(client, review.get_absolute_url()).thing("Review")
    assert "reviewRating" not in data


def test_person_page_is_a_person_with_their_imdb_page(client, film):
    cage = film.credits.get(person__slug="nicolas-cage").person
    cage.nconst, cage.birth_year = "nm0000115", 1964
    cage.save()
    data = get_head(client, cage.get_absolute_url()).thing("Person")
    assert data["name"] == "Nicolas Cage"
    assert data["url"] == f"{SITE}/people/nicolas-cage/"
    assert data["sameAs"] == "https://www.imdb.com/name/nm0000115/"
    assert data["birthDate"] == "1964"
    assert "Leaving Las Vegas (1995)" in data["description"]


def test_home_page_is_a_website_whose_search_action_points_at_site_search(client):
    site = get_head(client, reverse("catalog:home")).thing("WebSite")
    assert site["url"] == f"{SITE}/"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{SITE}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"


@pytest.mark.parametrize("page", ["film", "review"])
def test_hostile_review_stays_inside_its_json_string(client, page):
    review = ReviewFactory(
        body=HOSTILE + " and then some words to make it a review.", headline=HOSTILE
    )
    url = review.film.get_absolute_url() if page == "film" else review.get_absolute_url()
    html = client.get(url).content.decode()
    head = html[: html.index("</head>")]
    for raw in ("</script><script>", "<!--", "<b>", "& &amp;"):
        assert raw not in head
    # The script element holds exactly one JSON document, whose strings read as written.
    found = get_head(client, url)
    reviews = found.things("Review") or found.thing("Movie")["review"]
    assert reviews[0]["name"] == HOSTILE
    assert reviews[0]["reviewBody"].startswith(HOSTILE)
    assert "\\u003C/script\\u003E\\u003Cscript\\u003E" in head
    assert json.loads(head.split('application/ld+json">')[1].split("</script>")[0])
