"""Editors' pages in the Django admin load and save for a superuser."""

from pathlib import Path

import pytest
from django.urls import reverse

from catalog.models import Film, Person
from tests.catalog import image_files
from tests.factories import FilmFactory
from tests.html_elements import attribute, find_all

pytestmark = pytest.mark.django_db

MODELS = ["catalog.film", "catalog.person", "catalog.genre", "reviews.review"]


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_search_pages_load(admin_client, seed, model):
    app_label, model_name = model.split(".")
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Las Vegas"}).status_code == 200


@pytest.mark.parametrize("model", MODELS[:3])
def test_catalog_add_pages_load(admin_client, model):
    app_label, model_name = model.split(".")
    assert admin_client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200


def test_reviews_cannot_be_added_in_the_admin(admin_client):
    """Members write reviews on the site, under their own names."""
    assert admin_client.get(reverse("admin:reviews_review_add")).status_code == 403


def test_film_change_page_shows_inline_credits_trailers_and_releases(admin_client, seed):
    response = admin_client.get(reverse("admin:catalog_film_change", args=[seed.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for prefix in ("credits", "trailers", "releases"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    assert "Ben Sanderson" in html


def test_film_change_form_shows_the_stored_poster_with_alt_text(
    admin_client, media_root, run_tasks
):
    film = FilmFactory(title="Heat", poster=image_files.png(600, 900, mode="RGB"))
    run_tasks()  # the renditions
    html = admin_client.get(reverse("admin:catalog_film_change", args=[film.pk])).content
    (preview,) = find_all(html.decode(), "img", class_="admin-preview")
    assert attribute(preview, "alt") == "Poster of Heat"
    assert attribute(preview, "src").startswith("/media/posters/renditions/")
    assert attribute(preview, "src").endswith("-320.jpg")
    assert (attribute(preview, "width"), attribute(preview, "height")) == ("160", "240")
    assert (Path(media_root) / attribute(preview, "src").removeprefix("/media/")).is_file()


def test_film_change_form_without_a_poster_says_so(admin_client):
    film = FilmFactory()
    html = admin_client.get(reverse("admin:catalog_film_change", args=[film.pk])).content
    assert not find_all(html.decode(), "img", class_="admin-preview")
    assert "No poster yet." in html.decode()


def test_person_change_form_shows_the_stored_photo_with_alt_text(admin_client, run_tasks):
    person = Person.objects.create(
        name="Mike Figgis", slug="mike-figgis", photo=image_files.png(320, 400, mode="RGB")
    )
    run_tasks()  # the renditions
    html = admin_client.get(reverse("admin:catalog_person_change", args=[person.pk])).content
    (preview,) = find_all(html.decode(), "img", class_="admin-preview")
    assert attribute(preview, "alt") == "Photo of Mike Figgis"
    assert (attribute(preview, "width"), attribute(preview, "height")) == ("160", "200")


def test_review_change_page_loads(admin_client, seed):
    review = seed.reviews.first()
    url = reverse("admin:reviews_review_change", args=[review.pk])
    assert admin_client.get(url).status_code == 200


def test_admin_refuses_a_trailer_from_an_unknown_host(admin_client, seed):
    url = reverse("admin:catalog_film_change", args=[seed.pk])
    form = {
        "title": seed.title,
        "slug": seed.slug,
        "year": seed.year,
        "certificate": seed.certificate,
        "plot": seed.plot,
        "genres": [genre.pk for genre in seed.genres.all()],
        "releases-TOTAL_FORMS": 0,
        "releases-INITIAL_FORMS": 0,
        "credits-TOTAL_FORMS": 0,
        "credits-INITIAL_FORMS": 0,
        "trailers-TOTAL_FORMS": 1,
        "trailers-INITIAL_FORMS": 0,
        "trailers-0-title": "Trailer",
        "trailers-0-url": "https://evil.example/video.mp4",
        "trailers-0-order": 0,
    }
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "Enter a YouTube or Vimeo address" in response.content.decode()
    assert not Film.objects.get(pk=seed.pk).trailers.exists()


def test_admin_is_closed_to_anonymous_visitors(client):
    response = client.get(reverse("admin:catalog_film_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:catalog_film_changelist",
        "admin:catalog_person_changelist",
        "admin:catalog_genre_changelist",
        "admin:reviews_review_changelist",
        "admin:reviews_report_changelist",
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
    ],
)
def test_change_lists_survive_a_long_search_and_a_nul_in_a_filter(admin_client, changelist):
    url = reverse(changelist)
    # SQLite refuses a LIKE pattern over 50,000 bytes; PostgreSQL refuses NUL in a query.
    assert admin_client.get(url, {"q": "x" * 100_000}).status_code == 200
    response = admin_client.get(url, {"status__exact": "draft\x00", "q": "a"})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")  # the admin's "invalid filter" answer
    # A NUL in the search: Django's search form says so, and the filters stay.
    response = admin_client.get(url, {"q": "a\x00b", "o": "1"}, follow=True)
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert response.context["cl"].params.get("o") == "1"
