"""Gzip for the pages that carry no secret, and only for them (BREACH).

BREACH: a compressed response is shorter when its text repeats itself. If a page holds a
secret (a CSRF token, a member's own data) and also echoes text an attacker chooses (a search
query, a `next` address), the attacker, who sees only the encrypted length on the wire, can
have a victim's browser request the page with guess after guess: a guess that matches the
secret compresses better, so the answer is shorter, and the secret comes out a character at a
time. TLS hides the content, not the length. A page without a secret gives nothing to guess,
so only such pages are compressed:

- the request carries no session cookie: every member's page is personal (their name, their
  ratings, the log-out form's token). The cookie is enough; neither the session nor the user
  is loaded to decide;
- the answer starts no session, nor ends one (no session cookie set);
- the view used no CSRF token. `get_token`, which `{% csrf_token %}` calls, marks the
  request with `CSRF_COOKIE_NEEDS_UPDATE`; CsrfViewMiddleware then sets the CSRF cookie on the
  answer and clears the mark. So a caller inside the middleware (the page cache, in the view)
  sees the mark, and this middleware, outside it, sees the cookie.

Visitors' pages (home, film list, film pages, people, search) hold no token, so the popular
pages are the ones compressed; log-in, sign-up and every member's page go uncompressed.
"""

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string


def carries_no_secret(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether `response` to `request` may be compressed without handing BREACH a secret."""
    return not (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or settings.SESSION_COOKIE_NAME in response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or settings.CSRF_COOKIE_NAME in response.cookies
    )


def compress(body: bytes) -> bytes:
    """`body` gzipped as SecretFreeGZipMiddleware sends it, for a cache to store once."""
    return compress_string(body)


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header admits gzip: named (or "*") with a q above 0.

    Django's GZipMiddleware only looks for the word, so "gzip;q=0" (gzip refused) passes.
    """
    weights: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        coding, *params = (item.strip() for item in part.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[coding] = weight
    return weights.get("gzip", weights.get("*", 0.0)) > 0


class SecretFreeGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for HTML pages that carry no secret (see the module's docstring).

    Left as they are: answers that carry a secret; anything but HTML (static files come
    precompressed from WhiteNoise, uploads are compressed images and video); streamed answers
    (files, exports); answers already encoded, or too short to gain (GZipMiddleware's rules).
    A compressed answer says `Vary: Accept-Encoding` and has its ETag made weak.
    """

    # Django pads the gzip header with up to 100 random bytes, so that a secret's length
    # changes from answer to answer ("Heal the Breach"). These pages have no secret to
    # disguise: the same page compresses to the same bytes, here and in a cache.
    max_random_bytes = 0

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or not carries_no_secret(request, response)
        ):
            return response
        if not accepts_gzip(request.headers.get("Accept-Encoding", "")):
            patch_vary_headers(response, ("Accept-Encoding",))
            return response
        return super().process_response(request, response)
