"""The catalog's rules, kept by the database and by model validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from catalog.models import Credit, Film, Trailer
from catalog.trailers import parse_trailer_url
from tests.factories import (
    CreditFactory,
    FilmFactory,
    PersonFactory,
    ReleaseFactory,
    TrailerFactory,
)

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_title_and_year_once():
    film = Film.objects.create(title="Leaving Las Vegas", year=1995)
    assert film.slug == "leaving-las-vegas-1995"
    film.title = "Leaving Las Vegas (Director's Cut)"
    film.save()
    assert film.slug == "leaving-las-vegas-1995"
    assert film.get_absolute_url() == "/films/leaving-las-vegas-1995/"


def test_slug_is_unique():
    Film.objects.create(title="Heat", year=1995)
    with pytest.raises(IntegrityError):
        Film.objects.create(title="Heat", year=1995)


def test_imdb_id_is_unique_but_optional():
    Film.objects.create(title="One", year=1990, tconst=None)
    Film.objects.create(title="Two", year=1990, tconst=None)
    Film.objects.create(title="Three", year=1990, tconst="tt0000001")
    with pytest.raises(IntegrityError):
        Film.objects.create(title="Four", year=1990, tconst="tt0000001")


def test_implausible_year_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        FilmFactory(year=1066)


def test_str_shows_title_and_year():
    assert str(FilmFactory.build(title="Heat", year=1995)) == "Heat (1995)"
    assert str(FilmFactory.build(title="Untitled", year=None)) == "Untitled"


def test_same_actor_cannot_be_credited_twice_for_the_same_character():
    credit = CreditFactory(character="Ben Sanderson")
    with pytest.raises(IntegrityError):
        CreditFactory(film=credit.film, person=credit.person, character="Ben Sanderson")


def test_same_actor_may_play_two_characters():
    credit = CreditFactory(character="Twin A")
    CreditFactory(film=credit.film, person=credit.person, character="Twin B")
    assert credit.film.credits.count() == 2


def test_crew_job_is_credited_once_per_person():
    credit = CreditFactory(kind=Credit.Kind.DIRECTOR, character="")
    with pytest.raises(IntegrityError):
        CreditFactory(
            film=credit.film, person=credit.person, kind=Credit.Kind.DIRECTOR, character=""
        )


def test_crew_credit_cannot_carry_a_character():
    with pytest.raises(IntegrityError):
        CreditFactory(kind=Credit.Kind.DIRECTOR, character="Ben")


def test_credit_str_names_the_role():
    person = PersonFactory.build(name="Nicolas Cage")
    assert str(Credit(person=person, kind="cast", character="Ben")) == "Nicolas Cage as Ben"
    assert str(Credit(person=person, kind="director")) == "Nicolas Cage (Director)"


def test_a_film_has_at_most_one_primary_release():
    release = ReleaseFactory(country="USA", is_primary=True)
    ReleaseFactory(film=release.film, country="France", is_primary=False)
    with pytest.raises(IntegrityError):
        ReleaseFactory(film=release.film, country="UK", is_primary=True)


def test_a_film_has_one_release_per_country():
    release = ReleaseFactory(country="USA")
    with pytest.raises(IntegrityError):
        ReleaseFactory(film=release.film, country="USA", is_primary=False)


def test_primary_release_is_found_with_and_without_prefetching():
    release = ReleaseFactory(date=datetime.date(1995, 10, 27), country="USA")
    ReleaseFactory(film=release.film, country="France", is_primary=False)
    assert release.film.primary_release == release
    prefetched = Film.objects.for_detail_page().get(pk=release.film.pk)
    assert prefetched.primary_release == release
    assert str(release) == "27 October 1995 (USA)"


def test_film_without_releases_has_no_primary_release():
    assert FilmFactory().primary_release is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        (
            "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=5",
            ("youtube", "dQw4w9WgXcQ"),
        ),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", ("youtube", "dQw4w9WgXcQ")),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://youtube.com/shorts/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://vimeo.com/76979871", ("vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871?h=1", ("vimeo", "76979871")),
        ("https://vimeo.com/channels/staffpicks/76979871", ("vimeo", "76979871")),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&list=PL1&index=2", ("youtube", "dQw4w9WgXcQ")),
        ("https://www.youtube.com/live/dQw4w9WgXcQ?si=x", ("youtube", "dQw4w9WgXcQ")),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("http://youtu.be/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
    ],
)
def test_trailer_addresses_from_allowed_hosts_are_understood(url, expected):
    assert parse_trailer_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtube.com",
        "ftp://youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/",
        "https://vimeo.com/channels/staffpicks",
    ],
)
def test_trailer_addresses_elsewhere_are_refused(url):
    film = FilmFactory()
    trailer = Trailer(film=film, title="Trailer", url=url)
    with pytest.raises(ValidationError):
        trailer.full_clean()


def test_trailer_address_is_stored_as_provider_and_video_id_with_a_canonical_url():
    film = FilmFactory()
    youtube = Trailer.objects.create(
        film=film, title="Teaser", url="https://youtu.be/dQw4w9WgXcQ?si=share&t=3"
    )
    vimeo = Trailer.objects.create(film=film, title="Clip", url="https://vimeo.com/76979871")
    assert (youtube.provider, youtube.video_id) == ("youtube", "dQw4w9WgXcQ")
    assert youtube.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert youtube.embed_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert (vimeo.provider, vimeo.video_id, vimeo.url) == (
        "vimeo",
        "76979871",
        "https://vimeo.com/76979871",
    )
    assert vimeo.embed_url == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"


def test_same_video_twice_for_one_film_is_refused_whatever_the_address_shape():
    film = FilmFactory()
    Trailer.objects.create(film=film, title="One", url="https://youtu.be/dQw4w9WgXcQ")
    duplicate = Trailer(film=film, title="Two", url="https://www.youtube.com/embed/dQw4w9WgXcQ")
    with pytest.raises(ValidationError, match="already has this video"):
        duplicate.full_clean()


def test_trailer_needs_an_address_or_a_file_not_both_nor_neither():
    film = FilmFactory()
    with pytest.raises(ValidationError, match="either a YouTube or Vimeo address"):
        Trailer(film=film, title="Nothing").full_clean()
    with pytest.raises(IntegrityError):
        Trailer.objects.create(film=film, title="Nothing", url="")


def test_a_decade_runs_from_its_first_year_to_its_ninth():
    for year in (1989, 1990, 1999, 2000):
        FilmFactory(title=str(year), year=year)
    assert sorted(Film.objects.in_decade(1990).values_list("title", flat=True)) == ["1990", "1999"]


def test_films_with_and_without_a_trailer_split_the_catalog():
    with_one = TrailerFactory().film
    without = FilmFactory()
    assert list(Film.objects.with_trailer()) == [with_one]
    assert list(Film.objects.without_trailer()) == [without]
