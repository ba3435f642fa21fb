"""The feed of recently added films."""

import feedparser
import pytest

from catalog.models import Film
from tests.factories import FilmFactory

pytestmark = pytest.mark.django_db

SITE = "https://films.example"


@pytest.mark.parametrize(
    ("path", "version"), [("/films/new.rss", "rss20"), ("/films/new.atom", "atom10")]
)
def test_new_films_feed_lists_published_films_newest_first_with_absolute_links(
    client, settings, path, version
):
    settings.SITE_URL = SITE
    older = FilmFactory(title="Older", year=1995)
    FilmFactory(title="Unfinished", status=Film.Status.DRAFT)
    newer = FilmFactory(title="Newer", year=2001, plot="<b>Bold</b> claims.")
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.version == version
    assert [entry.title for entry in feed.entries] == ["Newer (2001)", "Older (1995)"]
    assert [entry.link for entry in feed.entries] == [
        SITE + newer.get_absolute_url(),
        SITE + older.get_absolute_url(),
    ]
    assert "&lt;b&gt;Bold" in feed.entries[0].summary


def test_new_films_feed_query_count_is_constant(client, django_assert_num_queries, fetch_raise):
    FilmFactory()
    client.get("/films/new.rss")  # reads the Site once per process (django.contrib.sites)
    with django_assert_num_queries(1):
        client.get("/films/new.rss")
    FilmFactory.create_batch(5)
    with django_assert_num_queries(1):
        client.get("/films/new.rss")
