"""The repository's proxy configuration (deploy/Caddyfile), run by Caddy in front of both app
servers: HTTPS only, the client's own address, static files and uploads from the proxy."""

import re
from io import BytesIO

import pytest
from PIL import Image

from filmsite import ratelimit

from .visitor import Visitor

# A sign-up form sent empty: counted against the address before it is checked, and refused
# cheaply (no password is hashed).
SIGNUP = "/accounts/signup/"
EMPTY: dict[str, str] = {}


def stylesheet(page: str) -> str:
    found = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert found, "the page links no hashed stylesheet"
    return found[1]


def test_plain_http_is_redirected_to_https(proxy):
    answer = Visitor(proxy.http_port, host="localhost").get("/films/?page=2")

    assert answer.status == 308
    # To the standard HTTPS port: Caddy names a port only when it is not the one it serves
    # HTTPS on, which here (HTTPS_PORT) stands for 443.
    assert answer.header("Location") == "https://localhost/films/?page=2"


def test_pages_come_over_https_with_hsts_from_every_server(proxy, deployment):
    visitor = proxy.visitor()
    for _ in range(2 * len(deployment.servers)):  # round robin: each server answers
        answer = visitor.get(f"/films/{deployment.film_slug}/")
        assert answer.status == 200  # no redirect: the app knows the request came over HTTPS
        assert answer.header("Strict-Transport-Security").startswith("max-age=31536000")


def test_the_app_sees_each_clients_own_address(proxy):
    """Sign-ups from one client use up its limit; another client, behind the same proxy, is not
    refused: the limits count clients, not the proxy."""
    client = proxy.visitor(source="127.0.0.5")
    for _ in range(ratelimit.SIGNUP.limit):
        assert client.submit(SIGNUP, EMPTY).status == 200
    assert client.submit(SIGNUP, EMPTY).status == 429

    assert proxy.visitor(source="127.0.0.6").submit(SIGNUP, EMPTY).status == 200


def test_a_forged_forwarded_for_from_outside_is_not_believed(proxy):
    """Each attempt claims another address; all count against the client's real one."""
    client = proxy.visitor(source="127.0.0.7")
    for number in range(ratelimit.SIGNUP.limit):
        forged = {"X-Forwarded-For": f"203.0.113.{number + 1}"}
        assert client.submit(SIGNUP, EMPTY, headers=forged).status == 200
    forged = {"X-Forwarded-For": "198.51.100.99"}
    assert client.submit(SIGNUP, EMPTY, headers=forged).status == 429

    # And claiming to be the refused client does not get another one refused.
    innocent = proxy.visitor(source="127.0.0.8")
    spoofed = {"X-Forwarded-For": "127.0.0.7"}
    assert innocent.submit(SIGNUP, EMPTY, headers=spoofed).status == 200


def test_hashed_static_files_come_from_the_proxy_compressed_and_kept_a_year(proxy, deployment):
    visitor = proxy.visitor()
    path = stylesheet(visitor.get("/").text)

    answer = visitor.get(path, headers={"Accept-Encoding": "br, gzip"})

    assert answer.status == 200
    assert answer.header("Content-Encoding") == "br"
    assert answer.header("Cache-Control") == "public, max-age=31536000, immutable"
    assert answer.header("Strict-Transport-Security").startswith("max-age=31536000")
    assert answer.header("X-Content-Type-Options") == "nosniff"
    # The app's own answer for the file carries its Permissions-Policy; the proxy's does not.
    assert deployment.servers[0].visitor().get(path).header("Permissions-Policy")
    assert not answer.header("Permissions-Policy")


def test_unhashed_static_files_are_kept_a_minute(proxy):
    answer = proxy.visitor().get("/static/favicon.svg")

    assert answer.status == 200
    assert answer.header("Cache-Control") == "public, max-age=60"


@pytest.mark.parametrize(
    ("path", "cache_control"),
    [
        ("posters/a-film-x1y2z3.png", "public, max-age=31536000, immutable"),
        ("trailers/a-film.mp4", "public, max-age=3600"),
    ],
)
def test_uploads_come_from_the_proxy_with_their_caching(proxy, deployment, path, cache_control):
    stored = deployment.media / path
    stored.parent.mkdir(exist_ok=True)
    buffer = BytesIO()
    Image.new("RGB", (20, 30)).save(buffer, "PNG")
    stored.write_bytes(buffer.getvalue())

    answer = proxy.visitor().get(f"/media/{path}", headers={"Accept-Encoding": "gzip"})

    assert answer.status == 200
    assert answer.body == buffer.getvalue()
    assert answer.header("Cache-Control") == cache_control
    assert not answer.header("Content-Encoding")
    assert answer.header("Content-Security-Policy") == "default-src 'none'; sandbox"
    # The app servers do not serve uploads in this deployment: the proxy did.
    assert deployment.servers[1].visitor().get(f"/media/{path}").status == 404


def test_pages_with_a_csrf_token_are_never_compressed(proxy):
    answer = proxy.visitor().get("/accounts/login/", headers={"Accept-Encoding": "gzip, br"})

    assert answer.status == 200
    assert "csrfmiddlewaretoken" in answer.text
    assert not answer.header("Content-Encoding")
