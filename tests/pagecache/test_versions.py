"""Every kind of write gives new page versions to what it changes, and only to that.

Each test makes one kind of write through the path the site uses for it (services, admin
POSTs, model saves as the admin and shells make them, importers, management commands) and
checks that the site version grew, that the films the write shows on got a version above any
handed out before it, and that a film it does not touch kept its version.
"""

import json
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog import services as catalog_services
from catalog.importers import imdb
from catalog.models import Credit, Film, Genre, Person
from filmsite.library import history
from filmsite.library import services as library_services
from filmsite.library.models import FilmList
from filmsite.pagecache.versions import site_version
from reviews import services
from reviews.models import Review
from tests.catalog import image_files
from tests.factories import (
    CreditFactory,
    FilmFactory,
    FilmListEntryFactory,
    GenreFactory,
    PersonFactory,
    RatingFactory,
    ReleaseFactory,
    ReviewFactory,
    TrailerFactory,
    UserFactory,
    staff_member,
)
from tests.logins import log_in_staff

pytestmark = pytest.mark.django_db


def page_version(film):
    return Film.objects.values_list("page_version", flat=True).get(pk=film.pk)


@contextmanager
def new_versions(*films, unchanged=()):
    """The block grows the site version, gives `films` new versions and leaves `unchanged`'s."""
    site_before = site_version()
    kept = {film.pk: page_version(film) for film in unchanged}
    yield
    assert site_version() > site_before
    for film in films:
        # Above every version handed out before the block: one of its writes set it.
        assert page_version(film) > site_before, film
    for film in unchanged:
        assert page_version(film) == kept[film.pk], film


@pytest.fixture
def film():
    return FilmFactory(title="Leaving Las Vegas")


@pytest.fixture
def other_film():
    return FilmFactory(title="Timecode")


# Reviews, ratings and votes ---------------------------------------------------------------


def test_posting_a_review_bumps_its_film(film, other_film):
    with new_versions(film, unchanged=[other_film]):
        services.post_review(author=UserFactory(), film=film, body="Bleak.", rating=8)


def test_editing_a_review_bumps_its_film(film, other_film):
    review = ReviewFactory(film=film)
    with new_versions(film, unchanged=[other_film]):
        services.update_review(review, headline="On second thoughts")


def test_deleting_a_review_bumps_its_film(film, other_film):
    review = ReviewFactory(film=film)
    with new_versions(film, unchanged=[other_film]):
        services.delete_review(review)


def test_hiding_and_reinstating_a_review_bump_its_film(film, other_film):
    review = ReviewFactory(film=film)
    with new_versions(film, unchanged=[other_film]):
        services.set_hidden(Review.objects.filter(pk=review.pk), hidden=True)
    with new_versions(film, unchanged=[other_film]):
        services.set_hidden(Review.objects.filter(pk=review.pk), hidden=False)


def test_a_moderator_hiding_a_review_in_the_admin_bumps_its_film(client, film, other_film):
    review = ReviewFactory(film=film)
    log_in_staff(client, staff_member("Moderators"))
    with new_versions(film, unchanged=[other_film]):
        response = client.post(
            reverse("admin:reviews_review_changelist"),
            {"action": "hide", "_selected_action": [review.pk], "apply": "yes", "reason": "Rude"},
        )
        assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).is_hidden


def test_voting_on_a_review_bumps_its_film_and_not_the_site(film, other_film):
    review = ReviewFactory(film=film)
    site_before, film_before = site_version(), page_version(film)
    other_before = page_version(other_film)
    services.vote(review=review, voter=UserFactory(), is_helpful=True)
    # Votes show on the film's own pages only: home, lists and people stay cached.
    assert site_version() == site_before
    assert page_version(film) > max(film_before, site_before)
    assert page_version(other_film) == other_before


def test_rating_and_unrating_bump_the_film(film, other_film):
    member = UserFactory()
    with new_versions(film, unchanged=[other_film]):
        services.rate(member=member, film=film, score=9)
    with new_versions(film, unchanged=[other_film]):
        services.unrate(member=member, film=film)


def test_importing_a_rating_history_bumps_the_films_rated(film, other_film):
    film.tconst = "tt0113627"
    film.save()
    member = UserFactory()
    pending = history.start_import(member=member, raw=b"Const,Your Rating\ntt0113627,8\n")
    with new_versions(film, unchanged=[other_film]):
        history.apply_import(member=member, pending_id=pending.pk)


def test_deleting_a_member_bumps_the_films_they_reviewed_rated_voted_on_or_listed(other_film):
    reviewed, rated, voted_on, listed = FilmFactory.create_batch(4)
    member = UserFactory()
    ReviewFactory(film=reviewed, author=member)
    RatingFactory(film=rated, member=member)
    services.vote(review=ReviewFactory(film=voted_on), voter=member, is_helpful=False)
    FilmListEntryFactory(film_list__owner=member, film=listed)
    with new_versions(reviewed, rated, voted_on, listed, unchanged=[other_film]):
        member.delete()


def test_renaming_a_member_bumps_the_films_they_reviewed_or_listed(film, other_film):
    member = UserFactory()
    listed = FilmFactory()
    ReviewFactory(film=film, author=member)
    FilmListEntryFactory(film_list__owner=member, film=listed)
    member.username = "renamed"
    with new_versions(film, listed, unchanged=[other_film]):
        member.save()


def test_logging_in_bumps_nothing(client, film):
    member = UserFactory(password="a long enough passphrase")
    ReviewFactory(film=film, author=member)
    before, film_before = site_version(), page_version(film)
    assert client.login(username=member.username, password="a long enough passphrase")
    assert (site_version(), page_version(film)) == (before, film_before)


# Lists, which film pages name ------------------------------------------------------------


@pytest.fixture
def film_list(film):
    """A public list holding `film` and another film."""
    entry = FilmListEntryFactory(film=film, position=1)
    FilmListEntryFactory(film_list=entry.film_list, position=2)
    return entry.film_list


def test_adding_a_film_to_a_list_bumps_it_and_the_lists_other_films(film, other_film):
    film_list = FilmListEntryFactory(film=film).film_list
    added = FilmFactory()
    with new_versions(added, film, unchanged=[other_film]):
        library_services.add_to_list(film_list=film_list, film=added)


def test_removing_a_film_from_a_list_bumps_it_and_the_lists_other_films(film_list, other_film):
    first, second = film_list.entries.order_by("position")
    with new_versions(first.film, second.film, unchanged=[other_film]):
        library_services.remove_entry(entry=first)


@pytest.mark.parametrize(
    "write",
    [
        lambda film_list, entries: library_services.update_list(
            film_list=film_list, title="Renamed", description="", is_public=False
        ),
        lambda film_list, entries: library_services.set_note(entry=entries[0], note="Again."),
        lambda film_list, entries: library_services.move_entry(entry=entries[0], direction="down"),
        lambda film_list, entries: library_services.reorder(
            film_list=film_list, entry_ids=[entries[1].pk, entries[0].pk]
        ),
        lambda film_list, entries: library_services.delete_list(film_list=film_list),
        lambda film_list, entries: library_services.set_hidden(
            FilmList.objects.filter(pk=film_list.pk), hidden=True
        ),
    ],
    ids=["edit", "note", "move", "reorder", "delete", "hide"],
)
def test_each_write_to_a_list_bumps_its_films(film_list, other_film, write):
    entries = list(film_list.entries.order_by("position"))
    with new_versions(*(entry.film for entry in entries), unchanged=[other_film]):
        write(film_list, entries)


def test_deleting_a_list_in_the_admin_bumps_its_films(admin_client, film_list, film, other_film):
    with new_versions(film, unchanged=[other_film]):
        admin_client.post(
            reverse("admin:library_filmlist_delete", args=[film_list.pk]), {"post": "yes"}
        )
    assert not FilmList.objects.exists()


# The catalog: films and what hangs off them ------------------------------------------------


def test_editing_a_film_in_the_admin_bumps_it(client, film, other_film):
    from tests.catalog.test_curation import post_film

    log_in_staff(client, staff_member("Editors"))
    with new_versions(film, unchanged=[other_film]):
        assert post_film(client, film, plot="A new plot.").status_code == 302


def test_an_admin_submission_makes_one_version_however_many_rows_it_saves(client, film, other_film):
    from tests.catalog.test_curation import post_film, with_rows

    log_in_staff(client, staff_member("Editors"))
    rows = with_rows(
        "releases",
        {"date": "1995-10-27", "country": "USA", "is_primary": "on"},
        {"date": "1996-01-19", "country": "UK"},
    )
    before = site_version()
    with new_versions(film, unchanged=[other_film]):
        assert post_film(client, film, plot="Longer.", **rows).status_code == 302
    after = site_version()
    assert after == page_version(film) > before  # one version for the film and its rows
    # Only a submission that saves bumps: viewing the form does not.
    client.get(reverse("admin:catalog_film_change", args=[film.pk]))
    assert site_version() == after


def test_a_new_poster_bumps_the_film(film, other_film):
    film.poster = image_files.png()
    with new_versions(film, unchanged=[other_film]):
        film.save()


def test_deleting_a_film_bumps_the_site_version(film, other_film):
    CreditFactory(film=film)
    with new_versions(unchanged=[other_film]):
        film.delete()


@pytest.mark.parametrize("factory", [CreditFactory, TrailerFactory, ReleaseFactory])
def test_adding_changing_and_deleting_a_film_part_bump_its_film(film, other_film, factory):
    with new_versions(film, unchanged=[other_film]):
        part = factory(film=film)
    part.refresh_from_db()
    with new_versions(film, unchanged=[other_film]):
        part.save()
    with new_versions(film, unchanged=[other_film]):
        part.delete()


def test_changing_a_films_genres_either_way_bumps_it(film, other_film):
    drama = GenreFactory()
    with new_versions(film, unchanged=[other_film]):
        film.genres.add(drama)
    with new_versions(film, unchanged=[other_film]):
        film.genres.remove(drama)
    with new_versions(film, unchanged=[other_film]):
        drama.films.add(film)
    with new_versions(film, unchanged=[other_film]):
        drama.films.clear()
    film.genres.add(drama)
    with new_versions(film, unchanged=[other_film]):
        film.genres.clear()


def test_renaming_or_deleting_a_genre_bumps_its_films(film, other_film):
    drama = GenreFactory()
    film.genres.add(drama)
    drama.name = "Melodrama"
    with new_versions(film, unchanged=[other_film]):
        drama.save()
    with new_versions(film, unchanged=[other_film]):
        Genre.objects.filter(pk=drama.pk).delete()


def test_renaming_a_person_bumps_the_films_they_are_credited_in(film, other_film):
    person = PersonFactory()
    CreditFactory(film=film, person=person)
    person.name = "Nicolas Kim Coppola"
    with new_versions(film, unchanged=[other_film]):
        person.save()


def test_deleting_a_person_bumps_the_films_they_are_credited_in(film, other_film):
    person = PersonFactory()
    CreditFactory(film=film, person=person)
    with new_versions(film, unchanged=[other_film]):
        Person.objects.filter(pk=person.pk).delete()
    assert not Credit.objects.exists()


def test_a_person_credited_nowhere_still_bumps_the_site_version(other_film):
    with new_versions(unchanged=[other_film]):
        PersonFactory()


@pytest.mark.parametrize("status", [Film.Status.DRAFT, Film.Status.PUBLISHED])
def test_publishing_and_unpublishing_bump_the_films_changed(other_film, status):
    film = FilmFactory(status=status)
    other_film.status = status
    other_film.save()
    change = catalog_services.unpublish if status == "published" else catalog_services.publish
    # Filtered on the status the write changes, as the admin's filtered change list is.
    with new_versions(film, unchanged=[other_film]):
        assert change(films=Film.objects.filter(status=status, pk=film.pk)) == 1


# Imports and generated data --------------------------------------------------------------

UNRELATED_TITLE = "tt0400001\tmovie\tHeat\tHeat\t0\t1995\t\\N\t170\tCrime"
IMPORT_FILES = {
    "title.basics.tsv": [
        "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\t"
        "runtimeMinutes\tgenres",
        "tt0113627\tmovie\tLeaving Las Vegas\tLeaving Las Vegas\t0\t1995\t\\N\t112\tDrama",
    ],
    "title.ratings.tsv": ["tconst\taverageRating\tnumVotes", "tt0113627\t7.5\t130000"],
    "title.principals.tsv": [
        "tconst\tordering\tnconst\tcategory\tjob\tcharacters",
        'tt0113627\t1\tnm0000115\tactor\t\\N\t["Ben Sanderson"]',
    ],
    "title.crew.tsv": ["tconst\tdirectors\twriters", "tt0113627\tnm0001241\t\\N"],
    "name.basics.tsv": [
        "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles",
        "nm0000115\tNicolas Cage\t1964\t\\N\tactor\ttt0113627",
    ],
}


@pytest.mark.parametrize("name", list(IMPORT_FILES))
def test_each_imdb_file_bumps_the_films_it_changes(tmp_path, film, other_film, name):
    """On PostgreSQL through COPY and ON CONFLICT, elsewhere through the ORM's upserts."""
    film.tconst = "tt0113627"
    film.save()
    person = PersonFactory(nconst="nm0000115", name="nm0000115", slug="nm0000115")
    CreditFactory(film=film, person=person, kind=Credit.Kind.DIRECTOR, character="")
    # The titles file must be there: alone, it names only a film the test leaves aside.
    files = {"title.basics.tsv": [IMPORT_FILES["title.basics.tsv"][0], UNRELATED_TITLE]}
    files[name] = IMPORT_FILES[name]
    for file_name, lines in files.items():
        (tmp_path / file_name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with new_versions(film, unchanged=[other_film]):
        imdb.Importer(tmp_path).run()


def test_loading_the_seed_again_never_takes_a_film_back_to_an_older_version(seed):
    with new_versions(seed):
        call_command("load_seed", "leaving_las_vegas", verbosity=0)  # over what is there


def test_loading_reviews_alone_bumps_the_films_they_review(tmp_path, film, other_film):
    """Reviews send no signal: load_seed bumps the films their figures change on."""
    review = {
        "model": "reviews.review",
        "pk": 999,
        "fields": {
            "film": film.pk,
            "author": UserFactory().pk,
            "body": "Loaded from a fixture.",
            "created": "2026-01-01T00:00:00Z",
            "updated": "2026-01-01T00:00:00Z",
        },
    }
    fixture = tmp_path / "reviews.json"
    fixture.write_text(json.dumps([review]))
    with new_versions(film, unchanged=[other_film]):
        call_command("load_seed", str(fixture), verbosity=0)
    assert Film.objects.get(pk=film.pk).user_review_count == 1


def test_generating_a_catalog_bumps_the_site_version_and_no_existing_film(other_film):
    with new_versions(unchanged=[other_film]):
        call_command("generate_catalog", films=3, reviews=4, verbosity=0)
    assert min(Film.objects.exclude(pk=other_film.pk).values_list("page_version", flat=True)) > 0
