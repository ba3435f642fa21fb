"""The page stamp and `bump`: versions only grow, and reach exactly the films given."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from catalog.models import Film
from filmsite.pagecache.models import PageStamp
from filmsite.pagecache.versions import (
    STAMP_ID,
    bump,
    bump_film_ids,
    bump_film_pages,
    deferred,
    site_version,
)
from tests.factories import FilmFactory

pytestmark = pytest.mark.django_db


def test_migrations_create_the_stamp_from_the_clock():
    # Far above any count of writes, so a database made again never repeats a version.
    assert PageStamp.objects.get(pk=STAMP_ID).value > 1_700_000_000_000_000


def test_bump_grows_the_site_version_and_returns_it():
    before = site_version()
    after = bump()
    assert after > before
    assert site_version() == after


def test_bump_gives_the_new_version_to_the_films_given_and_no_others():
    touched, untouched = FilmFactory(), FilmFactory()
    untouched_version = Film.objects.get(pk=untouched.pk).page_version
    version = bump(Film.objects.filter(pk=touched.pk))
    assert Film.objects.get(pk=touched.pk).page_version == version
    assert Film.objects.get(pk=untouched.pk).page_version == untouched_version


def test_bump_without_films_leaves_every_film_version_alone():
    film = FilmFactory()
    version = Film.objects.get(pk=film.pk).page_version
    bump()
    assert Film.objects.get(pk=film.pk).page_version == version


def test_site_version_is_one_query():
    with CaptureQueriesContext(connection) as queries:
        site_version()
    assert len(queries) == 1


def test_a_lost_stamp_comes_back_above_every_version_handed_out():
    handed_out = bump()
    PageStamp.objects.all().delete()
    assert site_version() > handed_out
    assert bump() > handed_out


def test_a_rolled_back_write_leaves_the_version_as_it_was():
    def write_that_fails():
        with transaction.atomic():
            bump()
            raise RuntimeError

    before = site_version()
    with pytest.raises(RuntimeError):
        write_that_fails()
    assert site_version() == before


def test_deferred_bumps_become_one_at_the_end_of_the_block():
    first, second, untouched = FilmFactory(), FilmFactory(), FilmFactory()
    untouched_version = Film.objects.get(pk=untouched.pk).page_version
    before = site_version()
    with deferred():
        bump(Film.objects.filter(pk=first.pk))
        bump_film_ids([second.pk])
        assert site_version() == before  # nothing yet: the stamp is not locked meanwhile
    after = site_version()
    assert after > before
    versions = dict(Film.objects.values_list("pk", "page_version"))
    assert versions[first.pk] == versions[second.pk] == after  # one version for both
    assert versions[untouched.pk] == untouched_version


def test_a_deferred_block_without_bumps_bumps_nothing():
    before = site_version()
    with deferred():
        FilmFactory.build()
    assert site_version() == before


def test_a_failed_deferred_block_bumps_nothing():
    def write_that_fails():
        with deferred():
            bump()
            raise RuntimeError

    before = site_version()
    with pytest.raises(RuntimeError):
        write_that_fails()
    assert site_version() == before


def test_the_stamp_never_falls_below_the_clock_as_after_a_restore():
    # A database restored from a backup holds an older stamp; the next version must still be
    # above every one handed out since (they were at most the clock then).
    PageStamp.objects.filter(pk=STAMP_ID).update(value=1)
    assert bump() > 1_700_000_000_000_000


def test_a_film_page_only_write_leaves_the_site_version():
    film = FilmFactory()
    before_site, before_film = site_version(), Film.objects.get(pk=film.pk).page_version
    bump_film_pages(Film.objects.filter(pk=film.pk))
    assert site_version() == before_site
    assert Film.objects.get(pk=film.pk).page_version > max(before_film, before_site)
