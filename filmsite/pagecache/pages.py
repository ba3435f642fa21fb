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
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, urlencode

from filmsite import compression, replica

from . import store

View = Callable[..., HttpResponseBase]
# The version of the page a view would render for these URL arguments, in one query; None
# when the page must not be shared (no such published film, a hidden review...).
PageVersion = Callable[..., int | None]

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


# Settings that change what a page says or links to (uploads moved to a CDN, say).
PAGE_SETTINGS = (
    "MEDIA_URL",
    "MEDIA_ORIGIN",
    "STATIC_URL",
    "LANGUAGE_CODE",
    "TIME_ZONE",
    "SITE_URL",  # every absolute URL a page prints (filmsite/openweb/addresses.py)
)


@functools.cache
def build_id() -> str:
    """What this server renders pages with: its code, templates, static files, locked
    libraries and page-shaping settings; taken once (settings changed in tests clear it).

    Part of every key and ETag, so a deploy never serves pages rendered by the old templates
    (or linking to old static files or an old media address) under an unchanged version.
    """
    shaping = repr([getattr(settings, name, None) for name in PAGE_SETTINGS])
    return f"{_code_digest()}{hashlib.blake2b(shaping.encode(), digest_size=4).hexdigest()}"


@receiver(setting_changed)
def _forget_build_id(*, setting: str, **kwargs: Any) -> None:
    if setting in PAGE_SETTINGS:
        build_id.cache_clear()


@functools.cache
def _code_digest() -> str:
    """A digest of the templates, static files, code and lock file, taken once."""
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    # The manifest by its own name: STATIC_ROOT may be a volume outside the project.
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    lock = base / "requirements.lock"
    sources = [(path.name, path) for path in (manifest, lock) if path.is_file()]
    for folder in BUILD_SOURCES:
        sources += sorted(
            (str(path.relative_to(base)), path)
            for path in (base / folder).rglob("*")
            if path.suffix in BUILD_SUFFIXES and path.is_file()
        )
    for name, path in sources:
        digest.update(name.encode())
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
    # Not the host: it is one of ALLOWED_HOSTS (checked before), which no page shows, and
    # keying on it would store a page again for every spelling and port of the host.
    where = hashlib.blake2b(
        f"{request.scheme}:{request.path}?{query}".encode(), digest_size=16
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
    """Headers of an answer made here from the cache (set, not patched, unless the view set
    its own: patching parses them, on every hit)."""
    response.headers["ETag"] = etag
    # Any cache may keep the page but must ask again each time: never older than the last write.
    if response.has_header("Cache-Control"):
        patch_cache_control(response, public=True, no_cache=True)
    else:
        response.headers["Cache-Control"] = "public, no-cache"
    if response.has_header("Vary"):
        patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    else:
        response.headers["Vary"] = "Cookie, Accept-Encoding"
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
    gzipped = compression.compress(body)
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
    gzip = page.gzipped is not None and compression.accepts_gzip(
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


@dataclass(frozen=True, slots=True)
class Visit:
    """What the cache holds for a visitor's request: its key and ETag, and the answer (a 304
    or the stored page), None on a miss."""

    key: str
    etag: str
    answer: HttpResponseBase | None


class CachedPage:
    """A view's page as the page cache keeps it; applied to the view as a decorator."""

    def __init__(self, name: str, version: PageVersion, query: Collection[str]) -> None:
        self.name = name
        self.version = version
        self.known = frozenset(query)

    def visit(self, request: HttpRequest, args: Any, kwargs: dict[str, Any]) -> Visit | None:
        """The cache's answer to `request`, looked up once per request; None when the request
        bypasses the cache."""
        if not hasattr(request, "_page_visit"):
            # Kept on the request: PageCacheMiddleware looks first, the view reuses its look-up.
            setattr(request, "_page_visit", self._look_up(request, args, kwargs))  # noqa: B010
        visit: Visit | None = getattr(request, "_page_visit")  # noqa: B009
        return visit

    def _look_up(self, request: HttpRequest, args: Any, kwargs: dict[str, Any]) -> Visit | None:
        normalised = _normalised_query(request, self.known)
        if not settings.PAGE_CACHE or normalised is None or not is_shareable(request):
            return None
        # The version and, on a miss, the page stored under it are read from the primary (the
        # views' version queries use its connection): a page rendered from a lagging replica
        # would be kept under a version newer than what it shows (filmsite/replica.py).
        replica.read_from_primary()
        current = self.version(request, *args, **kwargs)
        if current is None:
            return None
        etag = _etag(current)
        if _etag_matches(request, etag):
            return Visit("", etag, _shared(HttpResponseNotModified(), etag))
        key = _key(self.name, request, normalised, current)
        stored: StoredPage | None = store.get(key)
        return Visit(key, etag, None if stored is None else _served(request, stored, etag))

    def __call__(self, view: View) -> View:
        @functools.wraps(view)
        def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            visit = self.visit(request, args, kwargs)
            if visit is None:
                return private(view(request, *args, **kwargs))
            if visit.answer is not None:
                return visit.answer
            response = view(request, *args, **kwargs)
            render = getattr(response, "render", None)
            if callable(render):
                render()
            stored = _storable(request, response)
            if stored is None:
                return private(response)
            store.put(visit.key, stored)
            return _served(request, stored, visit.etag)

        page.cached_page = self  # type: ignore[attr-defined]  # for PageCacheMiddleware
        return page


def cached_page(name: str, version: PageVersion, query: Collection[str] = ()) -> CachedPage:
    """Serve a view's page to visitors from the cache, under `version(request, **kwargs)`.

    `name` tells pages apart in keys; `query` lists the GET parameters the view reads (any
    other parameter bypasses the cache).
    """
    return CachedPage(name, version, query)


class PageCacheMiddleware:
    """Answer a visitor's stored page, or a 304, before the session, CSRF, authentication and
    messages middleware run: none of them has anything to do for a request without cookies,
    and together they cost more than the answer.

    A miss goes on to the view, whose `cached_page` renders and stores the page, reusing this
    look-up.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if settings.PAGE_CACHE and is_shareable(request):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return self.get_response(request)
            page: CachedPage | None = getattr(match.func, "cached_page", None)
            if page is not None:
                # As the handler would set it: the request log and metrics name the view.
                request.resolver_match = match
                # CommonMiddleware's check, which an early answer skips: DisallowedHost, a 400.
                request.get_host()
                visit = page.visit(request, match.args, match.kwargs)
                if visit is not None and visit.answer is not None:
                    return visit.answer
        return self.get_response(request)
