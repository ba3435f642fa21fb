"""Whole pages for visitors, kept in the cache under the version of what they show.

`cached_page` wraps a view. A visitor without a session or a flash message (told by cookies
alone, so deciding costs no query) gets the page stored under the version the view's page
reads (`versions`: a film's `page_version`, or the site's); every write that changes the page
bumps that version first, so a stored page is never older than the last write. The version
is also the page's ETag: a matching If-None-Match is answered 304 before any cache read.
Everyone else, and every answer that cannot be shared, is rendered as usual and marked private.
"""

import functools
import hashlib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, urlencode
from django.utils.text import compress_string

View = Callable[..., HttpResponseBase]
# The version of the page a view would render for these URL arguments, in one query; None
# when the page must not be shared (no such published film, a hidden review...).
PageVersion = Callable[..., int | None]

# Versions change on every write, so an entry is never stale: this only bounds how long an
# unread one takes room.
ENTRY_SECONDS = 24 * 60 * 60
# The same test as Django's GZipMiddleware.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# What a build id is made of: what renders pages (templates, code) and what they link to.
BUILD_SOURCES = ("templates", "static", "catalog", "reviews", "filmsite")
BUILD_SUFFIXES = frozenset({".html", ".txt", ".py", ".css", ".js", ".svg", ".json"})


@dataclass(frozen=True, slots=True)
class StoredPage:
    """A rendered answer as kept in the cache: compressed once, when stored."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    gzipped: bytes | None


@functools.cache
def build_id() -> str:
    """A digest of the templates, static files and code this server runs, taken once.

    Part of every key and ETag, so a deploy never serves pages rendered by the old templates
    (or linking to old static files) under an unchanged version.
    """
    digest = hashlib.blake2b(digest_size=8)
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [manifest] if manifest.is_file() else []
    for folder in BUILD_SOURCES:
        sources += sorted(
            path
            for path in (Path(settings.BASE_DIR) / folder).rglob("*")
            if path.suffix in BUILD_SUFFIXES and path.is_file()
        )
    for path in sources:
        digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_shareable(request: HttpRequest) -> bool:
    """Whether the page a request asks for is the one every visitor gets.

    Judged by cookies only: reading the session or the user would cost a query on every hit.
    A member has a session; a visitor may have one too (a form's state) or a flash message.
    """
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _normalised_query(request: HttpRequest, known: Collection[str]) -> str | None:
    """The query string, sorted; None if it has a parameter the view does not read, so junk
    URLs are rendered (or refused) by the view but never fill the cache."""
    if not set(request.GET).issubset(known):
        return None
    return urlencode(
        [(name, value) for name, values in sorted(request.GET.lists()) for value in values]
    )


def _key(name: str, request: HttpRequest, query: str, version: int) -> str:
    where = hashlib.blake2b(
        f"{request.scheme}://{request.get_host()}{request.path}?{query}".encode(), digest_size=16
    ).hexdigest()
    return f"page:{name}:{build_id()}:{version}:{where}"


def fragment_key(name: str, *parts: object) -> str:
    """The cache key of a shared piece of a page (`parts`: what it is of and its version)."""
    return ":".join(["fragment", name, build_id(), *map(str, parts)])


def _etag(version: int) -> str:
    # Weak: the same page is sent gzipped or not, byte-different but equivalent (RFC 9110 8.8.1).
    return f'W/"{version}-{build_id()}"'


def _etag_matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    # If-None-Match compares weakly: W/"x" and "x" are the same tag.
    tags = {tag.removeprefix("W/") for tag in parse_etags(header)}
    return "*" in tags or etag.removeprefix("W/") in tags


def _shared(response: HttpResponseBase, etag: str) -> HttpResponseBase:
    response.headers["ETag"] = etag
    # Any cache may keep the page but must ask again each time: never older than the last write.
    patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    return response


def private(response: HttpResponseBase) -> HttpResponseBase:
    """Mark an answer as one visitor's own: no shared cache may keep it."""
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))
    return response


def _storable(request: HttpRequest, response: HttpResponseBase) -> StoredPage | None:
    """The response as a cache entry, or None if it is not the same for every visitor."""
    if (
        response.status_code != 200
        or not isinstance(response, HttpResponse)
        or response.cookies
        # get_token() (a form's {% csrf_token %}) sets it: the page holds one visitor's token.
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or response.has_header("Content-Encoding")
        or getattr(getattr(request, "session", None), "modified", False)
        or getattr(getattr(request, "_messages", None), "added_new", False)
        or _has_invalid_filters(response)
    ):
        return None
    body = response.content
    gzipped = compress_string(body)
    return StoredPage(
        status=response.status_code,
        headers=tuple(response.items()),
        body=body,
        gzipped=gzipped if len(gzipped) < len(body) else None,
    )


def _has_invalid_filters(response: HttpResponseBase) -> bool:
    """Whether a list page was asked for with values its filters refuse (`?sort=junk`).

    Such a page is rendered as the unfiltered list; keeping it would let made-up values
    fill the cache.
    """
    context = getattr(response, "context_data", None) or {}
    filterset = context.get("filter")
    return filterset is not None and bool(filterset.form.errors)


def _served(request: HttpRequest, page: StoredPage, etag: str) -> HttpResponseBase:
    gzip = page.gzipped is not None and ACCEPTS_GZIP.search(
        request.headers.get("Accept-Encoding", "")
    )
    body = page.gzipped if gzip else page.body
    assert body is not None
    response = HttpResponse(body, status=page.status)
    for header, value in page.headers:
        response.headers[header] = value
    if gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(body))
    return _shared(response, etag)


def cached_page(
    name: str, version: PageVersion, query: Collection[str] = ()
) -> Callable[[View], View]:
    """Serve `view`'s page to visitors from the cache, under `version(request, **kwargs)`.

    `name` tells pages apart in keys; `query` lists the GET parameters the view reads (any
    other parameter bypasses the cache).
    """
    known = frozenset(query)

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            normalised = _normalised_query(request, known)
            if not settings.PAGE_CACHE or normalised is None or not is_shareable(request):
                return private(view(request, *args, **kwargs))
            current = version(request, *args, **kwargs)
            if current is None:
                return private(view(request, *args, **kwargs))
            etag = _etag(current)
            if _etag_matches(request, etag):
                return _shared(HttpResponseNotModified(), etag)
            key = _key(name, request, normalised, current)
            stored: StoredPage | None = cache.get(key)
            if stored is None:
                response = view(request, *args, **kwargs)
                render = getattr(response, "render", None)
                if callable(render):
                    render()
                stored = _storable(request, response)
                if stored is None:
                    return private(response)
                cache.set(key, stored, ENTRY_SECONDS)
            return _served(request, stored, etag)

        return page

    return decorator
