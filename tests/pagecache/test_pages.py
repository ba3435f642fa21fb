"""Visitors' pages come whole from the cache, under versions, with ETags; nobody else's do."""

import gzip

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.middleware.gzip import GZipMiddleware
from django.test import RequestFactory
from django.urls import reverse

from catalog.models import Film
from catalog.views import film_page_version
from filmsite.pagecache import pages, versions
from reviews.views import review_page_version
from tests.factories import (
    FilmFactory,
    PersonFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ANY_REQUEST = RequestFactory().get("/")


@pytest.fixture
def film():
    film = FilmFactory(title="Leaving Las Vegas")
    versions.bump(Film.objects.filter(pk=film.pk))
    return film


def write_review(film, headline):
    """A write as the services make it: the data, then a bump of the film's version.

    (Each service's own bump is pinned in test_freshness.py and test_versions.py.)
    """
    ReviewFactory(film=film, headline=headline)
    versions.bump(Film.objects.filter(pk=film.pk))


def visitor_pages(film):
    """One URL of each kind of cached page."""
    review = ReviewFactory(film=film, headline="A fine wreck")
    person = PersonFactory()
    return [
        reverse("catalog:home"),
        reverse("catalog:film_list"),
        reverse("catalog:film_list") + "?sort=rating&page=1",
        film.get_absolute_url(),
        reverse("reviews:film_reviews", args=[film.slug]),
        reverse("reviews:film_reviews", args=[film.slug]) + "?sort=newest",
        review.get_absolute_url(),
        person.get_absolute_url(),
        reverse("catalog:search") + "?q=Las+Vegas",
    ]


def test_a_visitors_second_visit_costs_only_the_version_read(
    client, film, django_assert_num_queries
):
    for url in visitor_pages(film):
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(1):
            again = client.get(url)
        assert again.content == first.content, url
        assert again["ETag"] == first["ETag"], url


def test_a_visitors_page_is_public_but_revalidated_and_varies_by_cookie_and_encoding(client, film):
    response = client.get(film.get_absolute_url())
    assert response["Cache-Control"] in ("public, no-cache", "no-cache, public")
    vary = {name.strip() for name in response["Vary"].split(",")}
    assert {"Cookie", "Accept-Encoding"} <= vary
    assert response["ETag"].startswith('W/"')


def test_a_members_page_is_private_and_their_own(client, film):
    client.get(film.get_absolute_url())  # a visitor's copy is now stored
    member = UserFactory(username="sera")
    client.force_login(member)
    response = client.get(film.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response
    html = response.content.decode()
    assert "Your rating of Leaving Las Vegas" in html
    assert "csrfmiddlewaretoken" in html  # rendered for them, not served from the cache


def test_a_session_cookie_bypasses_the_shared_cache(client, film):
    url = film.get_absolute_url()
    client.get(url)
    client.cookies["sessionid"] = "no-such-session"
    response = client.get(url)
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response


def test_a_flash_message_is_shown_not_the_cached_page(client, film):
    review = ReviewFactory(film=film)
    client.get(film.get_absolute_url())
    response = client.post(
        reverse("reviews:review_report", args=[review.pk]), {"reason": "spam"}, follow=True
    )
    assert "a moderator will look at this review" in response.content.decode()
    assert "private" in response["Cache-Control"]
    # The message is gone once shown; then the shared page again.
    assert "a moderator will look" not in client.get(film.get_absolute_url()).content.decode()


def test_a_messages_cookie_alone_bypasses_the_shared_cache(client, film):
    client.get(film.get_absolute_url())
    client.cookies["messages"] = "whatever"
    response = client.get(film.get_absolute_url())
    assert "private" in response["Cache-Control"]


def test_a_matching_etag_is_answered_304_without_a_template_or_a_cache_read(
    client, film, django_assert_num_queries, monkeypatch
):
    url = film.get_absolute_url()
    etag = client.get(url)["ETag"]
    monkeypatch.setattr(cache, "get", pytest.fail)
    with django_assert_num_queries(1):
        response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.templates == []
    assert response["ETag"] == etag
    assert response.content == b""
    # Compared weakly, as If-None-Match is: the strong form of the tag matches too.
    strong = client.get(url, headers={"If-None-Match": etag.removeprefix("W/")})
    assert strong.status_code == 304


def test_a_stale_etag_gets_the_new_page(client, film):
    url = film.get_absolute_url()
    old = client.get(url)["ETag"]
    write_review(film, "Changed my mind")
    response = client.get(url, headers={"If-None-Match": old})
    assert response.status_code == 200
    assert response["ETag"] != old
    assert "Changed my mind" in response.content.decode()


def test_no_shared_page_holds_a_csrf_token(client, film):
    for url in visitor_pages(film):
        for _ in range(2):  # rendered, then from the cache
            response = client.get(url)
            assert "csrfmiddlewaretoken" not in response.content.decode(), url
            assert "csrftoken" not in response.cookies, url


def test_a_page_that_rendered_a_csrf_token_is_not_stored(film):
    rendered = []

    def view_with_a_form(request):
        rendered.append(get_token(request))
        return HttpResponse(f"<input value='{rendered[-1]}'>")

    page = pages.cached_page("form", lambda request: 1)(view_with_a_form)
    factory = RequestFactory()
    first = page(factory.get("/form/"))
    second = page(factory.get("/form/"))
    assert len(rendered) == 2
    assert "private" in first["Cache-Control"]
    assert "private" in second["Cache-Control"]


def test_a_page_that_set_a_cookie_is_not_stored(film):
    rendered = []

    def view_with_a_cookie(request):
        rendered.append(1)
        response = HttpResponse("hello")
        response.set_cookie("seen", "yes")
        return response

    page = pages.cached_page("cookie", lambda request: 1)(view_with_a_cookie)
    page(RequestFactory().get("/cookie/"))
    page(RequestFactory().get("/cookie/"))
    assert len(rendered) == 2


@pytest.mark.parametrize(
    "query", ["?utm_source=spam", "?sort=no-such-order", "?rating=11", "?page=2", "?after=x"]
)
def test_unknown_parameters_refused_values_and_missing_pages_are_never_stored(client, film, query):
    ReviewFactory(film=film)
    url = reverse("reviews:film_reviews", args=[film.slug]) + query
    client.get(url)
    response = client.get(url)
    assert response.templates  # rendered again
    assert "ETag" not in response


def test_a_draft_or_a_missing_film_is_never_stored(client):
    draft = FilmFactory(status="draft")
    for url in (draft.get_absolute_url(), "/films/no-such-film/"):
        assert client.get(url).status_code == 404
        response = client.get(url)
        assert response.status_code == 404
        assert "ETag" not in response


def test_a_review_page_has_a_version_only_when_any_visitor_may_read_it(client, film):
    shown = ReviewFactory(film=film)
    hidden = ReviewFactory(film=film, is_hidden=True)
    of_a_draft = ReviewFactory(film=FilmFactory(status="draft"))
    assert review_page_version(ANY_REQUEST, shown.pk) == Film.objects.get(pk=film.pk).page_version
    assert review_page_version(ANY_REQUEST, hidden.pk) is None
    assert review_page_version(ANY_REQUEST, of_a_draft.pk) is None
    assert review_page_version(ANY_REQUEST, 0) is None
    for review in (hidden, of_a_draft):
        assert client.get(review.get_absolute_url()).status_code == 404


def test_a_film_page_has_a_version_only_when_the_film_is_published(film):
    draft = FilmFactory(status="draft")
    assert film_page_version(ANY_REQUEST, film.slug) == Film.objects.get(pk=film.pk).page_version
    assert film_page_version(ANY_REQUEST, draft.slug) is None
    assert film_page_version(ANY_REQUEST, "no-such-film") is None


def test_gzip_is_served_from_the_copy_compressed_when_stored(client, film):
    url = film.get_absolute_url()
    plain = client.get(url)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert int(zipped["Content-Length"]) == len(zipped.content)
    assert gzip.decompress(zipped.content) == plain.content
    assert zipped["ETag"] == plain["ETag"]  # weak: the same page in either encoding
    # Django's GZipMiddleware leaves an encoded answer alone: never compressed twice.
    again = GZipMiddleware(lambda request: zipped)(
        RequestFactory().get(url, headers={"Accept-Encoding": "gzip"})
    )
    assert gzip.decompress(again.content) == plain.content


def test_head_is_answered_from_the_cache_too(client, film, django_assert_num_queries):
    url = film.get_absolute_url()
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(1):
        response = client.head(url)
    assert response.status_code == 200
    assert response["ETag"] == etag


def test_a_new_build_does_not_serve_pages_rendered_by_the_old_one(client, film, monkeypatch):
    url = film.get_absolute_url()
    old = client.get(url)["ETag"]
    monkeypatch.setattr(pages, "build_id", lambda: "next-deploy")
    response = client.get(url, headers={"If-None-Match": old})
    assert response.status_code == 200
    assert response["ETag"] != old
    assert response.templates  # rendered again, not read from the old build's entry


def test_the_build_id_changes_with_any_template(settings, tmp_path):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>one</p>")
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    pages._code_digest.cache_clear()
    pages.build_id.cache_clear()
    try:
        before = pages.build_id()
        page.write_text("<p>two</p>")
        pages._code_digest.cache_clear()
        pages.build_id.cache_clear()
        assert pages.build_id() != before
    finally:
        pages._code_digest.cache_clear()
        pages.build_id.cache_clear()


def test_the_build_id_takes_the_static_manifest_from_a_static_root_elsewhere(settings, tmp_path):
    """compose.yaml keeps the collected files in a volume outside the project."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    manifest.write_text('{"paths": {"css/site.css": "css/site.0123456789ab.css"}}')
    pages._code_digest.cache_clear()
    pages.build_id.cache_clear()
    try:
        before = pages.build_id()
        manifest.write_text('{"paths": {"css/site.css": "css/site.ba9876543210.css"}}')
        pages._code_digest.cache_clear()
        pages.build_id.cache_clear()
        assert pages.build_id() != before
    finally:
        pages._code_digest.cache_clear()
        pages.build_id.cache_clear()


def test_a_flushed_cache_never_brings_back_an_old_version(client, film):
    url = film.get_absolute_url()
    seen = {client.get(url)["ETag"]}
    for number in range(3):
        cache.clear()
        write_review(film, f"Take {number}")
        response = client.get(url, headers={"If-None-Match": ", ".join(seen)})
        assert response.status_code == 200
        assert f"Take {number}" in response.content.decode()
        assert response["ETag"] not in seen
        seen.add(response["ETag"])


def test_with_the_page_cache_off_every_visit_is_rendered(client, film, settings):
    settings.PAGE_CACHE = False
    url = film.get_absolute_url()
    client.get(url)
    response = client.get(url)
    assert response.templates
    assert "ETag" not in response


def test_a_stored_page_is_answered_before_the_members_middleware_runs(client, film, monkeypatch):
    url = film.get_absolute_url()
    etag = client.get(url)["ETag"]
    for middleware in (SessionMiddleware, AuthenticationMiddleware, MessageMiddleware):
        monkeypatch.setattr(middleware, "process_request", pytest.fail)
    hit = client.get(url)
    assert hit.status_code == 200
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["Content-Security-Policy"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_a_stored_page_is_refused_to_a_host_not_allowed(client, film):
    url = film.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"Host": "evil.example"}).status_code == 400
    revalidation = {"Host": "evil.example", "If-None-Match": etag}
    assert client.get(url, headers=revalidation).status_code == 400


def test_a_miss_reads_the_version_once_though_the_middleware_looked_first(
    client, film, django_assert_num_queries
):
    from tests.catalog.test_views import FILM_PAGE_QUERIES_WITHOUT_TRAILERS

    with django_assert_num_queries(FILM_PAGE_QUERIES_WITHOUT_TRAILERS):
        assert client.get(film.get_absolute_url()).status_code == 200


def test_a_views_own_vary_is_kept_beside_the_page_caches(film):
    def view_varying_by_language(request):
        response = HttpResponse("bonjour")
        response["Vary"] = "Accept-Language"
        return response

    page = pages.cached_page("language", lambda request: 1)(view_varying_by_language)
    for _ in range(2):  # stored, then served from the cache
        response = page(RequestFactory().get("/language/"))
        vary = {name.strip() for name in response["Vary"].split(",")}
        assert vary == {"Accept-Language", "Cookie", "Accept-Encoding"}
        assert response["Cache-Control"] == "public, no-cache"
