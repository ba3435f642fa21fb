"""A reader never sees a page older than the last write that touches it, whatever the write.

Each test stores the pages a write shows on, as a visitor (the whole page, from the page
cache) and as a member (the shared fragments), makes the write through the path the site
uses for it (services, admin POSTs, model saves as the admin makes them, importers, commands)
and reads the pages again as both.
"""

import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from catalog import services as catalog_services
from catalog.importers import imdb
from catalog.models import Film, Genre, Person
from filmsite.library import history
from filmsite.library import services as library_services
from reviews import services
from reviews.models import Review
from tests.catalog import image_files
from tests.factories import (
    CreditFactory,
    FilmFactory,
    FilmListEntryFactory,
    GenreFactory,
    PersonFactory,
    ReleaseFactory,
    ReviewFactory,
    TrailerFactory,
    UserFactory,
    staff_member,
)
from tests.logins import log_in_staff
from tests.pagecache.test_versions import IMPORT_FILES, UNRELATED_TITLE

pytestmark = pytest.mark.django_db

HOME = "/"
FILM_LIST = "/films/"


@pytest.fixture
def film():
    film = FilmFactory(title="Leaving Las Vegas", plot="A writer drinks himself to death.")
    return Film.objects.get(pk=film.pk)


@pytest.fixture
def readers(client):
    """A visitor (the test client) and a logged-in member, who reads as the other does."""
    member = Client()
    member.force_login(UserFactory(username="reader"))
    return [client, member]


def film_page(film):
    return film.get_absolute_url()


def reviews_page(film):
    return reverse("reviews:film_reviews", args=[film.slug])


def read(readers, *urls):
    """Every reader's copy of every page: {url: [html, ...]} (stores them in the caches)."""
    pages: dict[str, list[str | None]] = {}
    for url in urls:
        pages[url] = []
        for reader in readers:
            response = reader.get(url)
            pages[url].append(response.content.decode() if response.status_code == 200 else None)
    return pages


def shows(readers, text, *urls):
    """Assert that every reader sees `text` on every page in `urls`."""
    for url, copies in read(readers, *urls).items():
        for reader, html in zip(("visitor", "member"), copies, strict=True):
            assert html is not None, (reader, url)
            assert text in html, (reader, url)


def hides(readers, text, *urls):
    """Assert that no reader sees `text` on any page in `urls` (or that the page is gone)."""
    for url, copies in read(readers, *urls).items():
        for reader, html in zip(("visitor", "member"), copies, strict=True):
            assert html is None or text not in html, (reader, url)


def gone(readers, url):
    for reader in readers:
        assert reader.get(url).status_code == 404


# Reviews, ratings and votes ---------------------------------------------------------------


def test_a_posted_review_shows_at_once(readers, film):
    read(readers, film_page(film), reviews_page(film), HOME)
    services.post_review(
        author=UserFactory(username="sera"),
        film=film,
        headline="A fine wreck",
        body="Bleak.",
        rating=8,
    )
    shows(readers, "A fine wreck", film_page(film), reviews_page(film))
    shows(readers, "Read sera's review", HOME)
    shows(readers, "User rating <strong>8.0</strong>", film_page(film))


def test_an_edited_review_shows_at_once(readers, film):
    review = ReviewFactory(film=film, headline="First thoughts")
    read(readers, film_page(film), reviews_page(film), review.get_absolute_url())
    services.update_review(review, headline="Second thoughts")
    pages = (film_page(film), reviews_page(film), review.get_absolute_url())
    shows(readers, "Second thoughts", *pages)
    hides(readers, "First thoughts", *pages)


def test_a_deleted_review_goes_at_once(readers, film):
    review = ReviewFactory(film=film, headline="Soon gone")
    review_page = review.get_absolute_url()
    read(readers, film_page(film), reviews_page(film), review_page, HOME)
    services.delete_review(review)
    hides(readers, "Soon gone", film_page(film), reviews_page(film), HOME)
    gone(readers, review_page)


def test_a_review_hidden_by_a_moderator_goes_at_once(readers, film):
    review = ReviewFactory(film=film, headline="Rude words")
    read(readers, film_page(film), reviews_page(film), review.get_absolute_url())
    moderator = Client()
    log_in_staff(moderator, staff_member("Moderators"))
    response = moderator.post(
        reverse("admin:reviews_review_changelist"),
        {"action": "hide", "_selected_action": [review.pk], "apply": "yes", "reason": "Rude"},
    )
    assert response.status_code == 302
    hides(readers, "Rude words", film_page(film), reviews_page(film))
    gone(readers, review.get_absolute_url())


def test_a_vote_shows_at_once(readers, film):
    review = ReviewFactory(film=film)
    read(readers, film_page(film), review.get_absolute_url())
    services.vote(review=review, voter=UserFactory(), is_helpful=True)
    shows(readers, "1 of 1 found this helpful", film_page(film), review.get_absolute_url())


def test_a_rating_shows_at_once(readers, film):
    read(readers, film_page(film), HOME, FILM_LIST)
    services.rate(member=UserFactory(), film=film, score=9)
    shows(readers, "User rating <strong>9.0</strong>", film_page(film))
    shows(readers, "9.0", HOME, FILM_LIST)


def test_an_imported_rating_history_shows_at_once(readers, film):
    Film.objects.filter(pk=film.pk).update(tconst="tt0113627")
    member = UserFactory()
    pending = history.start_import(member=member, raw=b"Const,Your Rating\ntt0113627,7\n")
    read(readers, film_page(film))
    history.apply_import(member=member, pending_id=pending.pk)
    shows(readers, "User rating <strong>7.0</strong>", film_page(film))


def test_a_deleted_members_reviews_go_at_once(readers, film):
    member = UserFactory(username="leaving")
    review = ReviewFactory(film=film, author=member, headline="Soon without an author")
    read(readers, film_page(film), reviews_page(film), review.get_absolute_url())
    member.delete()
    hides(readers, "Soon without an author", film_page(film), reviews_page(film))
    gone(readers, review.get_absolute_url())


def test_a_renamed_members_reviews_show_their_new_name_at_once(readers, film):
    member = UserFactory(username="oldname")
    review = ReviewFactory(film=film, author=member)
    read(readers, film_page(film), reviews_page(film), review.get_absolute_url())
    member.username = "newname"
    member.save()
    shows(readers, "newname", film_page(film), reviews_page(film), review.get_absolute_url())
    hides(readers, "oldname", film_page(film), reviews_page(film), review.get_absolute_url())


def test_a_film_added_to_a_public_list_names_it_at_once(readers, film):
    film_list = FilmListEntryFactory(film_list__title="Bleak and good").film_list
    read(readers, film_page(film))
    library_services.add_to_list(film_list=film_list, film=film)
    shows(readers, "Bleak and good", film_page(film))


# The catalog -------------------------------------------------------------------------------


def test_a_film_edited_in_the_admin_shows_at_once(readers, film):
    from tests.catalog.test_curation import post_film

    read(readers, film_page(film), FILM_LIST, HOME)
    editor = Client()
    log_in_staff(editor, staff_member("Editors"))
    assert post_film(editor, film, title="Leaving Las Vegas Again").status_code == 302
    shows(readers, "Leaving Las Vegas Again", film_page(film), FILM_LIST, HOME)


def test_a_new_poster_shows_as_soon_as_its_renditions_are_made(readers, film, run_tasks):
    read(readers, film_page(film))
    film.poster = image_files.png()
    film.save()
    shows(readers, "poster-placeholder", film_page(film))  # the title card, until...
    run_tasks()
    shows(readers, '<picture class="poster">', film_page(film))


def test_a_new_photo_shows_as_soon_as_its_renditions_are_made(readers, run_tasks):
    person = PersonFactory(name="Elisabeth Shue")
    read(readers, person.get_absolute_url())
    person.photo = image_files.png()
    person.save()
    hides(readers, "/media/photos/", person.get_absolute_url())
    run_tasks()
    shows(readers, "/media/photos/renditions/", person.get_absolute_url())


def test_a_new_credit_shows_at_once_on_the_film_and_the_person(readers, film):
    person = PersonFactory(name="Elisabeth Shue")
    read(readers, film_page(film), person.get_absolute_url())
    CreditFactory(film=film, person=person, character="Sera")
    shows(readers, "Elisabeth Shue", film_page(film))
    shows(readers, "Leaving Las Vegas", person.get_absolute_url())


def test_a_new_trailer_shows_at_once(readers, film):
    read(readers, film_page(film))
    TrailerFactory(film=film, title="Teaser from Cannes")
    shows(readers, "Teaser from Cannes", film_page(film))


def test_a_new_release_shows_at_once(readers, film):
    read(readers, film_page(film))
    ReleaseFactory(film=film, country="Atlantis")
    shows(readers, "(Atlantis)", film_page(film))


def test_a_genre_added_or_renamed_shows_at_once(readers, film):
    read(readers, film_page(film))
    film.genres.add(GenreFactory(name="Drama", slug="drama"))
    shows(readers, "Drama", film_page(film))
    drama = Genre.objects.get(slug="drama")  # as the admin reads it
    drama.name = "Melodrama"
    drama.save()
    shows(readers, "Melodrama", film_page(film), FILM_LIST)


def test_a_renamed_person_shows_at_once(readers, film):
    credit = CreditFactory(film=film, person=PersonFactory(name="Nicholas Cage"))
    person = Person.objects.get(pk=credit.person_id)  # as the admin reads it
    read(readers, film_page(film), person.get_absolute_url())
    person.name = "Nicolas Cage"
    person.save()
    shows(readers, "Nicolas Cage", film_page(film), person.get_absolute_url())


def test_unpublishing_and_publishing_show_at_once_with_the_list_total_and_genre_counts(
    readers, film
):
    film.genres.add(GenreFactory(name="Drama", slug="drama"))
    drama_list = FILM_LIST + "?genre=drama"
    shows(readers, "1 film<", FILM_LIST, drama_list)
    shows(readers, "Drama (1)", FILM_LIST)
    read(readers, film_page(film), HOME)
    search = "/search/?q=Leaving"
    shows(readers, "Leaving Las Vegas", search)
    catalog_services.unpublish(films=Film.objects.filter(pk=film.pk))
    gone(readers, film_page(film))
    hides(readers, "Leaving Las Vegas", FILM_LIST, HOME, search)
    shows(readers, "0 films<", FILM_LIST, drama_list)
    shows(readers, "Drama (0)", FILM_LIST)
    catalog_services.publish(films=Film.objects.filter(pk=film.pk))
    shows(readers, "Leaving Las Vegas", film_page(film), FILM_LIST, HOME, search)
    shows(readers, "1 film<", FILM_LIST, drama_list)
    shows(readers, "Drama (1)", FILM_LIST)


def test_a_deleted_film_goes_at_once(readers, film):
    read(readers, film_page(film), FILM_LIST, HOME)
    Film.objects.get(pk=film.pk).delete()
    gone(readers, film_page(film))
    hides(readers, "Leaving Las Vegas", FILM_LIST, HOME)


# Imports and generated data --------------------------------------------------------------


def test_an_imdb_import_shows_at_once(readers, film, tmp_path):
    """On PostgreSQL through COPY and ON CONFLICT, elsewhere through the ORM's upserts."""
    Film.objects.filter(pk=film.pk).update(tconst="tt0113627", runtime_minutes=None)
    read(readers, film_page(film), FILM_LIST)
    for name, lines in IMPORT_FILES.items():
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    basics = tmp_path / "title.basics.tsv"
    basics.write_text(basics.read_text() + UNRELATED_TITLE + "\n")
    imdb.Importer(tmp_path).run()
    shows(readers, "112 min", film_page(film))
    shows(readers, "Nicolas Cage", film_page(film))
    shows(readers, "Heat", FILM_LIST)


def test_loading_reviews_shows_them_at_once(readers, film, tmp_path):
    read(readers, film_page(film))
    review = {
        "model": "reviews.review",
        "pk": 999,
        "fields": {
            "film": film.pk,
            "author": UserFactory().pk,
            "headline": "Loaded from a fixture",
            "body": "Words.",
            "created": "2026-01-01T00:00:00Z",
            "updated": "2026-01-01T00:00:00Z",
        },
    }
    fixture = tmp_path / "reviews.json"
    fixture.write_text(json.dumps([review]))
    call_command("load_seed", str(fixture), verbosity=0)
    assert Review.objects.filter(pk=999).exists()
    shows(readers, "Loaded from a fixture", film_page(film))


def test_a_generated_catalog_shows_at_once(readers, film):
    read(readers, FILM_LIST, HOME)
    call_command("generate_catalog", films=3, reviews=0, verbosity=0)
    new = Film.objects.exclude(pk=film.pk).published().order_by("title").first()
    assert new is not None
    shows(readers, new.title, FILM_LIST)
