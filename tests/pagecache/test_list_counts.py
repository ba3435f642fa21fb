"""List totals and genre counts, kept in the cache, follow the page versions at once."""

import pytest
from django.urls import reverse

from catalog import services
from catalog.models import Film
from tests.factories import FilmFactory, GenreFactory
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def drama():
    genre = GenreFactory(name="Drama", slug="drama")
    FilmFactory().genres.add(genre)
    return genre


def film_list(client):
    return client.get(reverse("catalog:film_list"), {"genre": "drama"}).content.decode()


def test_publishing_changes_the_cached_total_and_genre_count_at_once(client, drama):
    draft = FilmFactory(status=Film.Status.DRAFT)
    draft.genres.add(drama)
    html = film_list(client)
    assert "1 film" in visible_text(html)
    assert "Drama (1)" in html
    services.publish(films=Film.objects.filter(pk=draft.pk))
    html = film_list(client)
    assert "2 films" in visible_text(html)
    assert "Drama (2)" in html


def test_counts_stay_cached_while_the_version_stays(client, drama):
    film_list(client)
    # Rows written behind the site's back (no bump, no signal) are not counted yet.
    (film,) = Film.objects.bulk_create([Film(title="Unseen", slug="unseen")])
    Film.genres.through.objects.bulk_create([Film.genres.through(film=film, genre=drama)])
    Film.objects.filter(pk=film.pk).update(status=Film.Status.PUBLISHED)
    html = film_list(client)
    assert "Drama (1)" in html
    assert "1 film" in visible_text(html)
