"""Update stamps of films and people: moved by a change their page shows, and by nothing else."""

import datetime

import pytest
from django.db import connection

from catalog import services
from catalog.importers import imdb
from catalog.importers.writers import OrmWriter, PostgresCopyWriter
from catalog.models import Credit, Film, Person
from tests.catalog.test_import_imdb import BASICS, CREW, NAMES, PRINCIPALS, RATINGS, write
from tests.factories import CreditFactory, FilmFactory, GenreFactory, PersonFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)


def age_every_stamp():
    Film.objects.update(updated=LONG_AGO)
    Person.objects.update(updated=LONG_AGO)


def moved(row):
    row.refresh_from_db(fields=["updated"])
    return row.updated != LONG_AGO


@pytest.fixture
def film():
    film = FilmFactory(title="Leaving Las Vegas")
    age_every_stamp()
    return Film.objects.get(pk=film.pk)


def test_saving_a_film_unchanged_keeps_its_stamp(film):
    film.save()
    assert not moved(film)


def test_changing_a_shown_field_moves_the_film_stamp(film):
    film.plot = "A new plot."
    film.save()
    assert moved(film)


def test_saving_only_fields_the_page_does_not_show_keeps_the_stamp(film):
    film.user_review_count = 3
    film.save(update_fields=["user_review_count"])
    assert not moved(film)


def test_publishing_moves_the_stamp_and_publishing_again_does_not():
    draft = FilmFactory(status=Film.Status.DRAFT)
    age_every_stamp()
    services.publish(films=Film.objects.filter(pk=draft.pk))
    assert moved(draft)
    Film.objects.update(updated=LONG_AGO)
    services.publish(films=Film.objects.filter(pk=draft.pk))
    assert not moved(draft)


def test_publishing_moves_the_stamps_of_the_people_it_credits():
    credit = CreditFactory(film=FilmFactory(status=Film.Status.DRAFT))
    age_every_stamp()
    services.publish(films=Film.objects.filter(pk=credit.film_id))
    assert moved(Person.objects.get(pk=credit.person_id))


def test_adding_a_credit_moves_the_film_and_the_person(film):
    person = PersonFactory()
    age_every_stamp()
    CreditFactory(film=film, person=person)
    assert moved(film)
    assert moved(person)


def test_renaming_a_person_moves_the_films_that_credit_them(film):
    credit = CreditFactory(film=film)
    age_every_stamp()
    person = Person.objects.get(pk=credit.person_id)
    person.save()
    assert not moved(film)
    person.name = "Someone Else"
    person.save()
    assert moved(person)
    assert moved(film)


def test_retitling_a_film_moves_its_people(film):
    credit = CreditFactory(film=film)
    age_every_stamp()
    film.title = "Leaving Las Vegas Again"
    film.save()
    assert moved(Person.objects.get(pk=credit.person_id))


def test_genres_set_to_what_they_were_keep_the_stamp_and_a_new_one_moves_it(film):
    drama = GenreFactory(name="Drama", slug="drama")
    film.genres.set([drama])
    Film.objects.update(updated=LONG_AGO)
    film.genres.set([drama])
    assert not moved(film)
    film.genres.set([drama, GenreFactory(name="Romance", slug="romance")])
    assert moved(film)


# The importer -----------------------------------------------------------------------------


@pytest.fixture(params=["orm", "copy"])
def importer_for(request):
    if request.param == "copy" and connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    writer = OrmWriter if request.param == "orm" else PostgresCopyWriter

    def importer(directory):
        importer = imdb.Importer(directory, batch_size=2)
        importer.writer = writer()
        return importer

    return importer


@pytest.fixture
def dataset(tmp_path):
    for name, lines in (
        ("title.basics.tsv", BASICS),
        ("title.ratings.tsv", RATINGS),
        ("title.principals.tsv", PRINCIPALS),
        ("title.crew.tsv", CREW),
        ("name.basics.tsv", NAMES),
    ):
        write(tmp_path, name, lines)
    return tmp_path


def test_importing_the_same_files_again_moves_no_stamp(dataset, importer_for):
    importer_for(dataset).run()
    age_every_stamp()
    importer_for(dataset).run()
    assert not Film.objects.exclude(updated=LONG_AGO).exists()
    assert not Person.objects.exclude(updated=LONG_AGO).exists()


def test_a_changed_title_moves_that_film_and_its_people_only(dataset, importer_for):
    importer_for(dataset).run()
    age_every_stamp()
    write(
        dataset,
        "title.basics.tsv",
        [line.replace("\tTimecode\t", "\tTime Code\t", 1) for line in BASICS],
    )
    importer_for(dataset).run()
    assert set(Film.objects.exclude(updated=LONG_AGO).values_list("tconst", flat=True)) == {
        "tt0210075"
    }
    assert set(Person.objects.exclude(updated=LONG_AGO).values_list("nconst", flat=True)) == {
        "nm0001241"  # Mike Figgis directed it
    }


def test_changed_genres_move_the_film(dataset, importer_for):
    importer_for(dataset).run()
    age_every_stamp()
    write(dataset, "title.basics.tsv", [line.replace("Comedy,Drama", "Comedy") for line in BASICS])
    importer_for(dataset).run()
    assert set(Film.objects.exclude(updated=LONG_AGO).values_list("tconst", flat=True)) == {
        "tt0210075"
    }


def test_a_renamed_person_moves_them_and_their_films(dataset, importer_for):
    importer_for(dataset).run()
    age_every_stamp()
    write(
        dataset,
        "name.basics.tsv",
        [line.replace("Elisabeth Shue", "Elisabeth Judson Shue") for line in NAMES],
    )
    importer_for(dataset).run()
    assert set(Person.objects.exclude(updated=LONG_AGO).values_list("nconst", flat=True)) == {
        "nm0000223"
    }
    assert set(Film.objects.exclude(updated=LONG_AGO).values_list("tconst", flat=True)) == {
        "tt0113627"
    }


def test_a_reordered_credit_moves_its_film_and_person(dataset, importer_for):
    importer_for(dataset).run()
    age_every_stamp()
    reordered = [
        line.replace("tt0113627\t2\tnm0000223", "tt0113627\t5\tnm0000223") for line in PRINCIPALS
    ]
    write(dataset, "title.principals.tsv", reordered)
    importer_for(dataset).run()
    assert Credit.objects.get(person__nconst="nm0000223").billing_order == 5
    assert set(Film.objects.exclude(updated=LONG_AGO).values_list("tconst", flat=True)) == {
        "tt0113627"
    }
    assert set(Person.objects.exclude(updated=LONG_AGO).values_list("nconst", flat=True)) == {
        "nm0000223"
    }
