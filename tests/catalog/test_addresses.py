"""Addresses that never break: former slugs answer 301, importers keep slugs, and titles in
any script get readable slugs."""

import pytest
from django.forms import modelform_factory
from django.urls import reverse

from catalog.models import Film, FormerFilmSlug, Person, film_slug, readable_slug
from tests.catalog.test_import_imdb import BASICS, NAMES, PRINCIPALS, run, write
from tests.factories import FilmFactory, PersonFactory

pytestmark = pytest.mark.django_db


def rename(model, pk, slug):
    row = model.objects.get(pk=pk)
    row.slug = slug
    row.save()
    return row


def test_a_films_former_address_answers_301_to_the_current_one(client):
    film = FilmFactory(slug="heat-1995")
    rename(Film, film.pk, "heat-1995-mann")
    response = client.get("/films/heat-1995/")
    assert response.status_code == 301
    assert response["Location"] == "/films/heat-1995-mann/"
    assert client.get(response["Location"]).status_code == 200


def test_the_redirect_keeps_the_rest_of_the_path_and_the_query(client):
    film = FilmFactory(slug="heat-1995")
    rename(Film, film.pk, "heat-1995-mann")
    response = client.get("/films/heat-1995/reviews/", {"sort": "newest"})
    assert response.status_code == 301
    assert response["Location"] == "/films/heat-1995-mann/reviews/?sort=newest"


def test_every_former_address_leads_to_the_current_one_in_one_step(client):
    film = FilmFactory(slug="first")
    rename(Film, film.pk, "second")
    rename(Film, film.pk, "third")
    for old in ("first", "second"):
        response = client.get(f"/films/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/films/third/")


def test_a_former_address_typed_without_its_slash_takes_one_redirect(client):
    film = FilmFactory(slug="heat-1995")
    rename(Film, film.pk, "heat-1995-mann")
    response = client.get("/films/heat-1995", {"sort": "newest"})
    assert (response.status_code, response["Location"]) == (
        301,
        "/films/heat-1995-mann/?sort=newest",
    )
    response = client.get("/films/heat-1995/reviews")
    assert (response.status_code, response["Location"]) == (301, "/films/heat-1995-mann/reviews/")
    # The current address without its slash: CommonMiddleware's own redirect, as before.
    response = client.get("/films/heat-1995-mann")
    assert (response.status_code, response["Location"]) == (301, "/films/heat-1995-mann/")
    assert client.get("/films/no-such-film").status_code == 301  # to "/films/no-such-film/"


def test_taking_a_former_slug_back_retires_the_record(client):
    film = FilmFactory(slug="first")
    rename(Film, film.pk, "second")
    rename(Film, film.pk, "first")
    assert client.get("/films/first/").status_code == 200
    assert client.get("/films/second/")["Location"] == "/films/first/"
    assert list(FormerFilmSlug.objects.values_list("slug", flat=True)) == ["second"]


def test_a_current_slug_wins_over_another_films_former_one(client):
    old = FilmFactory(slug="solaris", title="Solaris (old)")
    rename(Film, old.pk, "solaris-1972")
    FilmFactory(slug="solaris", title="Solaris (new)")
    response = client.get("/films/solaris/")
    assert response.status_code == 200
    assert "Solaris (new)" in response.content.decode()


def test_a_draft_films_former_address_stays_404(client):
    film = FilmFactory(slug="secret-project")
    rename(Film, film.pk, "secret-project-2")
    Film.objects.filter(pk=film.pk).update(status=Film.Status.DRAFT)
    response = client.get("/films/secret-project/")
    assert response.status_code == 404
    assert "secret-project-2" not in response.content.decode()


def test_a_post_to_a_former_address_is_not_redirected(client, django_user_model):
    film = FilmFactory(slug="heat-1995")
    rename(Film, film.pk, "heat-1995-mann")
    client.force_login(django_user_model.objects.create_user("rater", password="x" * 12))
    response = client.post("/films/heat-1995/rating/", {"score": 8})
    assert response.status_code == 404


def test_a_persons_former_address_answers_301(client):
    person = PersonFactory(slug="nic-cage")
    rename(Person, person.pk, "nicolas-cage")
    response = client.get("/people/nic-cage/")
    assert (response.status_code, response["Location"]) == (301, "/people/nicolas-cage/")


def test_an_unknown_address_is_still_404(client):
    assert client.get("/films/never-was/").status_code == 404
    assert client.get("/people/never-was/").status_code == 404


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Leaving Las Vegas", "leaving-las-vegas"),
        ("Amélie", "amelie"),
        ("Ночной дозор", "ночной-дозор"),
        ("恋する惑星", "恋する惑星"),
        ("Godzilla ゴジラ", "godzilla-ゴジラ"),
        # Vowel signs and viramas are marks, not letters: without them the words are others.
        ("दिलवाले दुल्हनिया ले जाएंगे", "दिलवाले-दुल्हनिया-ले-जाएंगे"),
        ("ฟ้าทะลายโจร", "ฟ้าทะลายโจร"),
        ("!!!", ""),
    ],
)
def test_slugs_are_readable_in_every_script(title, slug):
    assert readable_slug(title) == slug


def test_a_non_latin_films_page_answers_at_its_readable_address(client):
    film = FilmFactory(title="Ночной дозор", year=2004, slug=film_slug("Ночной дозор", 2004))
    assert film.slug == "ночной-дозор-2004"
    url = film.get_absolute_url()
    assert url == "/films/%D0%BD%D0%BE%D1%87%D0%BD%D0%BE%D0%B9-%D0%B4%D0%BE%D0%B7%D0%BE%D1%80-2004/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Ночной дозор" in response.content.decode()
    assert client.get(reverse("reviews:film_reviews", args=[film.slug])).status_code == 200


def test_two_films_with_the_same_non_latin_title_get_distinct_slugs():
    from catalog.importers.imdb import make_slugs_unique

    films = [
        Film(tconst="tt0000001", title="七人の侍", year=1954, slug=film_slug("七人の侍", 1954)),
        Film(tconst="tt0000002", title="七人の侍", year=1954, slug=film_slug("七人の侍", 1954)),
    ]
    make_slugs_unique(Film, "tconst", films)
    assert [film.slug for film in films] == ["七人の侍-1954", "七人の侍-1954-tt0000002"]


def test_hostile_slugs_are_404_not_500(client):
    for path in (
        "/films/%00/",
        "/films/a%0Ab/",
        "/people/%E2%80%AE/",
        "/films/" + "a" * 5000 + "/",
    ):
        assert client.get(path).status_code == 404


def test_a_persons_address_from_before_their_name_was_imported_answers_301(tmp_path, client):
    write(tmp_path, "title.basics.tsv", BASICS)
    write(tmp_path, "title.principals.tsv", PRINCIPALS)
    run(tmp_path)  # no name.basics.tsv yet: Nicolas Cage is known by his IMDb id alone
    assert client.get("/people/nm0000115/").status_code == 200
    write(tmp_path, "name.basics.tsv", NAMES)
    run(tmp_path)
    response = client.get("/people/nm0000115/")
    assert (response.status_code, response["Location"]) == (301, "/people/nicolas-cage/")


def test_a_film_whose_slug_has_marks_answers_and_its_slug_can_be_edited(admin_client):
    title = "दिलवाले दुल्हनिया ले जाएंगे"
    film = FilmFactory(title=title, year=1995, slug=film_slug(title, 1995))
    assert admin_client.get(film.get_absolute_url()).status_code == 200
    form = modelform_factory(Film, fields=["slug"])({"slug": "दिलवाले-1995"}, instance=film)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("title", ["漢" * 297, "漢" * 300, "ab " * 150])
def test_a_long_titles_slug_is_cut_before_its_year_never_through_it(title):
    slug = film_slug(title, 2001)
    assert len(slug) <= 300
    assert slug.endswith("-2001")
    assert "--" not in slug


def test_a_long_names_slug_ends_in_a_letter_not_a_hyphen():
    assert readable_slug("ab " * 150, max_length=200).endswith("ab")


def test_a_non_latin_former_address_answers_301_percent_encoded_with_its_query(client):
    film = FilmFactory(slug="ночной-дозор-2004")
    rename(Film, film.pk, "ночной-дозор")
    response = client.get("/films/ночной-дозор-2004/", {"sort": "newest"})
    assert response.status_code == 301
    assert response["Location"] == (
        "/films/%D0%BD%D0%BE%D1%87%D0%BD%D0%BE%D0%B9-%D0%B4%D0%BE%D0%B7%D0%BE%D1%80/?sort=newest"
    )


def test_a_slug_typed_with_separate_accents_is_stored_composed(admin_client):
    film = FilmFactory()
    form = modelform_factory(Film, fields=["slug"])({"slug": "ame\u0301lie-2001"}, instance=film)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["slug"] == "am\u00e9lie-2001"
