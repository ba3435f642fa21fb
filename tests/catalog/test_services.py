"""The catalog's write services, called alone as the admin calls them."""

import datetime

import pytest
from django.utils import timezone

from catalog import services
from catalog.models import Film
from tests.factories import FilmFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=30)


def film_touched_long_ago(**fields):
    film = FilmFactory(**fields)
    Film.objects.filter(pk=film.pk).update(updated=LONG_AGO)
    return film


def test_publishing_changes_only_drafts_and_marks_them_updated():
    draft = film_touched_long_ago(status=Film.Status.DRAFT)
    published = film_touched_long_ago(status=Film.Status.PUBLISHED)
    assert services.publish(films=Film.objects.all()) == 1
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Film.Status.PUBLISHED
    assert draft.updated > LONG_AGO
    assert published.updated == LONG_AGO


def test_unpublishing_returns_published_films_to_draft_and_marks_them_updated():
    draft = film_touched_long_ago(status=Film.Status.DRAFT)
    published = film_touched_long_ago(status=Film.Status.PUBLISHED)
    assert services.unpublish(films=Film.objects.all()) == 1
    draft.refresh_from_db()
    published.refresh_from_db()
    assert published.status == Film.Status.DRAFT
    assert published.updated > LONG_AGO
    assert draft.updated == LONG_AGO
