"""Bodies Django refuses to read are a 400 page in the site's look, with its security headers.

Django answers a urlencoded form in another charset than UTF-8 with BadRequest, and its default
error pages read the body again (through the CSRF check), so the 400 escaped as the WSGI
server's bare 500. The CSRF check is what reads the body, so these clients pass it as a browser
would: a CSRF cookie and the matching token.
"""

import http.client
import importlib.util
import os

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from tests import servers

FORM = "application/x-www-form-urlencoded"
REFUSED_BODIES = {
    "utf-16": (f"{FORM}; charset=utf-16", "username=a&password=b".encode("utf-16")),
    "utf-32": (f"{FORM}; charset=utf-32", "username=a&password=b".encode("utf-32")),
    "latin-1 with bytes invalid in UTF-8": (f"{FORM}; charset=latin-1", b"username=\xe9\xff"),
    "multipart without a boundary": ("multipart/form-data", b"username=a"),
    "multipart with an empty boundary": ("multipart/form-data; boundary=", b"--\r\n"),
}
# A form route answers 400; an address that serves nothing stays a 404, whatever the body.
PATHS = {"/accounts/login/": 400, "/accounts/signup/": 400, "/no/such/page/": 404}
SECURITY_HEADERS = [
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
]


def csrf_token():
    return get_token(RequestFactory().get("/"))


@pytest.fixture
def csrf_client():
    client = Client(enforce_csrf_checks=True, raise_request_exception=True)
    token = csrf_token()
    client.cookies["csrftoken"] = token
    client.defaults["HTTP_X_CSRFTOKEN"] = token
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "status"), PATHS.items())
@pytest.mark.parametrize(("content_type", "body"), REFUSED_BODIES.values(), ids=REFUSED_BODIES)
def test_unreadable_body_is_an_error_page_with_security_headers(
    csrf_client, path, status, content_type, body
):
    response = csrf_client.generic("POST", path, body, content_type=content_type)
    assert response.status_code == status
    assert 'class="site-header"' in response.content.decode()
    for header in SECURITY_HEADERS:
        assert response.has_header(header), header


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """The site under gunicorn in production mode, as the Dockerfile runs it: its port."""
    env = {
        **os.environ,
        **servers.PRODUCTION,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('gunicorn') / 'db.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    with servers.gunicorn(env, "filmsite.wsgi") as port:
        yield port


@pytest.mark.skipif(importlib.util.find_spec("gunicorn") is None, reason="needs gunicorn")
@pytest.mark.parametrize(("path", "status"), PATHS.items())
@pytest.mark.parametrize(("content_type", "body"), REFUSED_BODIES.values(), ids=REFUSED_BODIES)
def test_gunicorn_answers_unreadable_body_with_the_sites_error_page(
    gunicorn, path, status, content_type, body
):
    token = csrf_token()
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn, timeout=10)
    connection.request(
        "POST",
        path,
        body=body,
        headers={
            "Content-Type": content_type,
            "Cookie": f"csrftoken={token}",
            "X-CSRFToken": token,
        },
    )
    response = connection.getresponse()
    page = response.read().decode()
    connection.close()
    assert response.status == status
    assert 'class="site-header"' in page
    for header in SECURITY_HEADERS:
        assert response.getheader(header), header
