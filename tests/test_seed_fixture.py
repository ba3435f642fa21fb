"""The seed fixture reproduces the captured Leaving Las Vegas page, and loads safely."""

import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import IntegrityError

from catalog import merging
from catalog.models import Credit, Film, Genre, Person, Release
from reviews.management.commands import load_seed
from reviews.models import Review
from reviews.services import post_review
from tests.factories import FilmFactory, UserFactory

from .seed_page import read_seed_page


def test_fixture_reviews_are_the_seed_reviews_byte_for_byte_in_order(seed):
    page = read_seed_page()
    reviews = [(r.author.username, r.body) for r in Review.objects.filter(film=seed)]
    assert reviews == page.reviews
    assert len(reviews) == 4


def test_fixture_film_matches_the_seed_page(seed):
    page = read_seed_page()
    assert seed.title == page.title
    assert seed.plot == page.plot
    assert seed.certificate == "R"
    release = seed.primary_release
    assert (release.date.isoformat(), release.country) == ("1995-10-27", "USA")
    assert [genre.name for genre in seed.genres.all()] == ["Drama"]
    assert not seed.trailers.exists()
    assert not seed.poster


def test_fixture_credits_the_director_and_the_three_leads(seed):
    credits = [
        (c.person.name, c.kind, c.character)
        for c in Credit.objects.filter(film=seed).select_related("person")
    ]
    assert credits == [
        ("Mike Figgis", "director", ""),
        ("Nicolas Cage", "cast", "Ben Sanderson"),
        ("Elisabeth Shue", "cast", "Sera"),
        ("Julian Sands", "cast", "Yuri"),
    ]


def test_review_authors_have_unusable_passwords(seed):
    authors = get_user_model().objects.filter(reviews__film=seed)
    assert authors.count() == 4
    assert not any(author.has_usable_password() for author in authors)


def _snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Film, Person, Credit, Release, Review, get_user_model())
    } | {"bodies": list(Review.objects.values_list("body", flat=True))}


def test_loading_the_fixture_twice_changes_nothing(seed):
    before = _snapshot()
    call_command("loaddata", "leaving_las_vegas", verbosity=0)
    assert _snapshot() == before


@pytest.fixture
def broken_fixture(tmp_path):
    """The seed with a valid first half and a review whose empty body breaks a constraint."""
    objects = json.loads((settings.BASE_DIR / "fixtures" / "leaving_las_vegas.json").read_text())
    objects[-1]["fields"]["body"] = ""
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(objects))
    return path


@pytest.mark.django_db(transaction=True)
def test_broken_fixture_fails_loaddata_and_writes_nothing(broken_fixture):
    with pytest.raises(IntegrityError, match="Problem installing fixture"):
        call_command("loaddata", str(broken_fixture), verbosity=0)
    assert not Film.objects.exists()
    assert not Review.objects.exists()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db(transaction=True)
def test_broken_fixture_is_a_one_line_error_and_exit_code_1_from_load_seed(broken_fixture, capsys):
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "load_seed", str(broken_fixture)])
    assert exit_info.value.code == 1
    stderr = capsys.readouterr().err
    assert stderr.startswith("CommandError: Problem installing fixture")
    assert stderr.count("\n") == 1
    assert "Traceback" not in stderr
    assert not Film.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_malformed_fixture_json_fails_and_writes_nothing(tmp_path):
    path = tmp_path / "truncated.json"
    path.write_text('[{"model": "catalog.genre", "fields": {"name": "Drama", "slug": "drama"}}, {')
    with pytest.raises(CommandError, match="Problem installing fixture"):
        call_command("load_seed", str(path), verbosity=0)
    assert not Genre.objects.exists()


def test_reloading_the_seed_keeps_the_films_user_rating(seed):
    post_review(author=UserFactory(), film=seed, rating=9, body="Rated after the seed was loaded.")
    call_command("load_seed", verbosity=0)
    seed.refresh_from_db()
    assert (seed.user_rating_count, seed.user_rating_average) == (1, Decimal("9.00"))


def test_the_seed_film_slug_load_seed_looks_for_is_the_fixtures():
    objects = json.loads((settings.BASE_DIR / "fixtures" / "leaving_las_vegas.json").read_text())
    films = [o["fields"]["slug"] for o in objects if o["model"] == "catalog.film"]
    assert films == [load_seed.SEED_FILM_SLUG]


def test_loading_the_seed_again_keeps_what_editors_and_moderators_did_to_it(seed, capsys):
    Film.objects.filter(pk=seed.pk).update(plot="An editor's plot.", runtime_minutes=111)
    hidden = Review.objects.filter(film=seed).order_by("pk").first()
    Review.objects.filter(pk=hidden.pk).update(is_hidden=True)
    call_command("load_seed")
    assert "The seed is in the catalog already: nothing changed." in capsys.readouterr().out
    seed.refresh_from_db()
    assert (seed.plot, seed.runtime_minutes) == ("An editor's plot.", 111)
    assert Review.objects.get(pk=hidden.pk).is_hidden


@pytest.mark.parametrize("how", ["renamed", "merged"])
def test_loading_the_seed_again_brings_no_second_film_back_at_its_old_address(seed, client, how):
    if how == "renamed":
        seed.slug = "leaving-las-vegas-figgis"
        seed.save()
        kept = seed
    else:
        kept = FilmFactory(title="Leaving Las Vegas", year=1995, slug="leaving-las-vegas")
        merging.merge_films(kept, [seed])
    call_command("load_seed", verbosity=0)
    assert Film.objects.filter(title="Leaving Las Vegas").count() == 1
    response = client.get("/films/leaving-las-vegas-1995/")
    assert (response.status_code, response["Location"]) == (301, kept.get_absolute_url())


def test_the_seed_named_is_loaded_over_what_is_there(seed):
    Film.objects.filter(pk=seed.pk).update(plot="An editor's plot.")
    call_command("load_seed", "leaving_las_vegas", verbosity=0)
    seed.refresh_from_db()
    assert seed.plot.startswith("Ben Sanderson, an alcoholic Hollywood screenwriter")
