"""The sitemap index and its sections, read as a crawler reads them."""

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from catalog.models import Film
from catalog.sitemaps import FilmSitemap
from tests.factories import FilmFactory, PersonFactory, ReviewFactory

pytestmark = pytest.mark.django_db

SITE = "https://films.example"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    # A second name the site answers to: locations must still be the site's own.
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]


def read_xml(client, url, root_tag):
    """The parsed document at `url` (absolute, on SITE), checked to be sitemap XML."""
    assert url.startswith(SITE + "/")
    response = client.get(urlsplit(url).path, HTTP_HOST="mirror.example")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{NS}{root_tag}"
    return root


def entries(root, child):
    """[(loc, lastmod)] of a sitemap index's <sitemap>s or a urlset's <url>s (an empty
    section's index entries have no lastmod: None)."""
    found = []
    for element in root.findall(f"{NS}{child}"):
        loc = element.findtext(f"{NS}loc")
        lastmod = element.findtext(f"{NS}lastmod")
        assert loc.startswith(SITE + "/"), loc
        found.append((loc, lastmod and datetime.datetime.fromisoformat(lastmod)))
    return found


def every_url(client):
    """{loc: lastmod} over every section page the index lists."""
    index = read_xml(client, f"{SITE}/sitemap.xml", "sitemapindex")
    urls = {}
    for page, _ in entries(index, "sitemap"):
        urls.update(entries(read_xml(client, page, "urlset"), "url"))
    return urls


def test_the_index_and_every_section_list_public_pages_and_nothing_else(client):
    film = FilmFactory()
    draft = FilmFactory(status=Film.Status.DRAFT)
    person = PersonFactory()
    review = ReviewFactory(film=film)
    hidden = ReviewFactory(film=film, is_hidden=True)
    of_draft = ReviewFactory(film=draft)

    urls = every_url(client)

    assert set(urls) == {
        SITE + film.get_absolute_url(),
        SITE + person.get_absolute_url(),
        SITE + review.get_absolute_url(),
    }
    for row in (draft, hidden, of_draft):
        assert SITE + row.get_absolute_url() not in urls


def test_each_url_carries_its_rows_update_stamp(client):
    film = FilmFactory()
    stamp = datetime.datetime(2020, 5, 4, 3, 2, 1, tzinfo=datetime.UTC)
    Film.objects.filter(pk=film.pk).update(updated=stamp)
    assert every_url(client)[SITE + film.get_absolute_url()] == stamp


def test_the_index_gives_each_section_its_newest_stamp(client):
    old, new = FilmFactory(), FilmFactory()
    Film.objects.filter(pk=old.pk).update(
        updated=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    newest = datetime.datetime(2024, 6, 1, 12, 0, tzinfo=datetime.UTC)
    Film.objects.filter(pk=new.pk).update(updated=newest)
    FilmFactory(status=Film.Status.DRAFT)  # a newer draft is no page of the sitemap's
    index = read_xml(client, f"{SITE}/sitemap.xml", "sitemapindex")
    films = [lastmod for loc, lastmod in entries(index, "sitemap") if "/sitemap-films-" in loc]
    assert films == [newest]


def test_sections_split_into_pages_of_at_most_their_limit(client, monkeypatch):
    monkeypatch.setattr(FilmSitemap, "limit", 2)
    films = FilmFactory.create_batch(5)
    FilmFactory(status=Film.Status.DRAFT)
    last = FilmFactory()
    index = read_xml(client, f"{SITE}/sitemap.xml", "sitemapindex")
    pages = [loc for loc, _ in entries(index, "sitemap") if "/sitemap-films-" in loc]
    assert len(pages) == -(-last.pk // 2)  # pages of two keys up to the highest
    listed = []
    for page in pages:
        urls = entries(read_xml(client, page, "urlset"), "url")
        assert len(urls) <= 2
        listed += [loc for loc, _ in urls]
    assert listed == [SITE + film.get_absolute_url() for film in [*films, last]]


@pytest.mark.parametrize(
    "path", ["/sitemap-films-0.xml", "/sitemap-films-2.xml", "/sitemap-lists-1.xml"]
)
def test_a_page_the_index_does_not_list_is_not_found(client, path):
    FilmFactory()
    assert client.get(path).status_code == 404


def test_query_counts_do_not_grow_with_the_catalog(client, django_assert_num_queries, fetch_raise):
    def counts():
        with django_assert_num_queries(6):  # newest stamp and highest key, per section
            client.get("/sitemap.xml")
        for section in ("films", "people", "reviews"):
            with django_assert_num_queries(2):  # the highest key, the page's rows
                client.get(f"/sitemap-{section}-1.xml")

    ReviewFactory()
    counts()
    ReviewFactory.create_batch(5)
    PersonFactory.create_batch(5)
    counts()
