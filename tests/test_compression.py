"""Pages without a secret are gzipped; pages with a CSRF token or a member's content are not."""

import gzip

import pytest
from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse

from filmsite import compression
from filmsite.compression import SecretFreeGZipMiddleware, carries_no_secret, compress
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
PAGE = "<!DOCTYPE html><title>A film</title>" + "<p>Leaving Las Vegas</p>" * 100


def vary(response):
    return {value.strip().lower() for value in response.get("Vary", "").split(",")}


def test_a_visitors_film_page_is_gzipped_and_unzips_to_the_same_html(seed, client):
    plain = client.get(seed.get_absolute_url())
    zipped = client.get(seed.get_absolute_url(), headers=GZIP)
    assert zipped.status_code == 200
    assert zipped["Content-Encoding"] == "gzip"
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content)
    assert gzip.decompress(zipped.content) == plain.content
    assert "accept-encoding" in vary(zipped)


def test_a_visitors_page_is_sent_plain_to_a_client_that_does_not_take_gzip(seed, client):
    response = client.get(seed.get_absolute_url(), headers={"Accept-Encoding": "identity"})
    assert not response.has_header("Content-Encoding")
    assert b"Leaving Las Vegas" in response.content
    assert "accept-encoding" in vary(response)  # a shared cache must not serve it to gzip's


@pytest.mark.parametrize("page", ["login", "signup", "password_reset"])
def test_a_page_with_a_csrf_token_is_not_compressed(client, page):
    response = client.get(reverse(page), headers=GZIP)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")


def test_a_members_page_is_not_compressed(seed, client):
    client.force_login(UserFactory(username="member"))
    response = client.get(seed.get_absolute_url(), headers=GZIP)
    assert response.status_code == 200
    assert b"member" in response.content
    assert not response.has_header("Content-Encoding")


def compressed_by_middleware(response, request=None):
    request = request or RequestFactory().get("/films/", headers=GZIP)
    return SecretFreeGZipMiddleware(lambda request: response)(request)


def test_a_strong_etag_becomes_weak_when_the_page_is_compressed():
    response = HttpResponse(PAGE)
    response["ETag"] = '"v1"'
    response = compressed_by_middleware(response)
    assert response["Content-Encoding"] == "gzip"
    assert response["ETag"] == 'W/"v1"'


def test_compress_gives_the_bytes_the_middleware_sends():
    response = compressed_by_middleware(HttpResponse(PAGE))
    assert response.content == compress(PAGE.encode()) == compress(PAGE.encode())
    assert gzip.decompress(compress(PAGE.encode())) == PAGE.encode()


def test_a_view_that_used_a_csrf_token_makes_its_page_secret():
    request = RequestFactory().get("/films/", headers=GZIP)
    response = HttpResponse(PAGE)
    assert carries_no_secret(request, response)
    get_token(request)
    assert not carries_no_secret(request, response)
    assert not compressed_by_middleware(response, request).has_header("Content-Encoding")


def test_a_page_for_a_request_with_a_session_is_not_compressed():
    # Pages read no session to decide: the cookie's presence is enough (a member, or was one).
    request = RequestFactory().get("/films/", headers=GZIP)
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
    response = compressed_by_middleware(HttpResponse(PAGE), request)
    assert not response.has_header("Content-Encoding")


def test_a_page_that_starts_a_session_is_not_compressed():
    response = HttpResponse(PAGE)
    response.set_cookie(settings.SESSION_COOKIE_NAME, "new-session")
    assert not compressed_by_middleware(response).has_header("Content-Encoding")


def test_streamed_short_and_non_html_answers_are_left_alone():
    streamed = StreamingHttpResponse(iter([PAGE.encode()]))
    short = HttpResponse("<p>Short</p>")
    text = HttpResponse(PAGE, content_type="text/plain")
    for response in (streamed, short, text):
        assert not compressed_by_middleware(response).has_header("Content-Encoding")


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip, deflate, br", True),
        ("GZIP", True),
        ("br;q=1.0, gzip;q=0.5", True),
        ("*", True),
        ("gzip;q=0, identity", False),
        ("gzip;q=0.0", False),
        ("*;q=0", False),
        ("identity", False),
        ("", False),
        ("gzip;q=junk", False),
        ("x-gzip-ish", False),
    ],
)
def test_gzip_is_sent_only_where_accept_encoding_admits_it(header, accepted):
    assert compression.accepts_gzip(header) is accepted
