"""Review feeds (the newest anywhere, a film's, a member's), read as feed readers read them."""

import feedparser
import pytest
from django.contrib.auth.models import Permission

from catalog.models import Film
from tests.factories import FilmFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://films.example"
HOSTILE = "</script><script>alert(1)</script> & more"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]


def read_feed(client, path, version):
    response = client.get(path, HTTP_HOST="mirror.example")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == version
    return feed, response


FEEDS = [
    ("/reviews/latest.rss", "rss20"),
    ("/reviews/latest.atom", "atom10"),
]


@pytest.fixture
def film():
    return FilmFactory(title="Leaving Las Vegas", slug="leaving-las-vegas-1995")


@pytest.mark.parametrize(("path", "version"), FEEDS)
def test_latest_reviews_leave_out_hidden_reviews_and_reviews_of_drafts(client, film, path, version):
    shown = ReviewFactory(film=film, headline="Shown")
    ReviewFactory(film=film, headline="Hidden", is_hidden=True)
    ReviewFactory(film=FilmFactory(status=Film.Status.DRAFT), headline="Of a draft")
    feed, _ = read_feed(client, path, version)
    assert [entry.title for entry in feed.entries] == ["Shown"]
    assert feed.entries[0].link == SITE + shown.get_absolute_url()
    assert feed.feed.link == SITE + "/"


@pytest.mark.parametrize(("path", "version"), FEEDS)
def test_a_spoiler_review_carries_its_headline_and_a_warning_only(client, film, path, version):
    ReviewFactory(
        film=film, headline="The ending", body="He dies at the end. " * 3, contains_spoilers=True
    )
    feed, response = read_feed(client, path, version)
    (entry,) = feed.entries
    assert entry.title == "The ending"
    assert "contains spoilers" in entry.summary
    assert b"dies" not in response.content


@pytest.mark.parametrize(("path", "version"), FEEDS)
def test_review_words_reach_readers_as_text_never_as_markup(client, film, path, version):
    ReviewFactory(film=film, body=HOSTILE * 3)
    feed, response = read_feed(client, path, version)
    # Escaped twice in the XML: once as HTML for the reader, once for the XML itself.
    assert b"&lt;script" not in response.content
    assert "&lt;script&gt;" in feed.entries[0].summary


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_a_films_feed_has_its_public_reviews_and_a_draft_has_none(client, film, suffix):
    ReviewFactory(film=film, headline="Of this film")
    ReviewFactory(headline="Of another film")
    feed, _ = read_feed(
        client, f"/films/{film.slug}/reviews.{suffix}", "rss20" if suffix == "rss" else "atom10"
    )
    assert [entry.title for entry in feed.entries] == ["Of this film"]
    draft = FilmFactory(status=Film.Status.DRAFT)
    ReviewFactory(film=draft)
    assert client.get(f"/films/{draft.slug}/reviews.{suffix}").status_code == 404


def test_a_draft_stays_out_of_feeds_even_for_an_editor(client, film):
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="view_film"))
    draft = FilmFactory(status=Film.Status.DRAFT)
    ReviewFactory(film=draft)
    client.force_login(editor)
    assert client.get(f"/films/{draft.slug}/reviews.rss").status_code == 404
    feed, _ = read_feed(client, "/reviews/latest.rss", "rss20")
    assert feed.entries == []


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_a_members_feed_has_their_public_reviews(client, film, suffix):
    author = UserFactory(username="sera")
    ReviewFactory(author=author, film=film, headline="Mine")
    ReviewFactory(author=author, headline="Hidden one", is_hidden=True)
    ReviewFactory(film=film, headline="Someone else's")
    feed, _ = read_feed(
        client, f"/users/sera/reviews.{suffix}", "rss20" if suffix == "rss" else "atom10"
    )
    assert [entry.title for entry in feed.entries] == ["Mine"]
    assert feed.entries[0].author == "sera"
    assert client.get(f"/users/nobody/reviews.{suffix}").status_code == 404


def test_feed_query_counts_do_not_grow_with_the_reviews(
    client, film, django_assert_num_queries, fetch_raise
):
    author = UserFactory(username="sera")
    ReviewFactory(author=author, film=film)

    client.get("/reviews/latest.atom")  # reads the Site once per process (contrib.sites)

    def counts():
        with django_assert_num_queries(1):
            client.get("/reviews/latest.atom")
        with django_assert_num_queries(2):  # the film, its reviews
            client.get(f"/films/{film.slug}/reviews.rss")
        with django_assert_num_queries(2):  # the member, their reviews
            client.get("/users/sera/reviews.rss")

    counts()
    for other in FilmFactory.create_batch(4):
        ReviewFactory(author=author, film=other)
        ReviewFactory(film=film)
    counts()


def test_pages_link_the_feeds_they_follow(client, film):
    ReviewFactory(film=film, author=UserFactory(username="sera"))
    for path, feed in [
        ("/", "/reviews/latest.rss"),
        ("/", "/films/new.atom"),
        ("/films/", "/films/new.rss"),
        (film.get_absolute_url(), f"/films/{film.slug}/reviews.rss"),
        (f"/films/{film.slug}/reviews/", f"/films/{film.slug}/reviews.atom"),
        ("/users/sera/", "/users/sera/reviews.atom"),
    ]:
        kind = "rss" if feed.endswith(".rss") else "atom"
        link = f'<link rel="alternate" type="application/{kind}+xml"'
        html = client.get(path).content.decode()
        assert any(feed in line for line in html.splitlines() if link in line), (path, feed)
