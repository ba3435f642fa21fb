"""Sitemaps that stay fast on catalogs of millions: an index, and sections paged by key ranges.

Sections are Django's `Sitemap`s (`items()`, `limit`, `get_latest_lastmod()`), but Django's
views page them with `COUNT(*)` and `OFFSET`, whose cost grows with the table, and build
every URL with `reverse()` and a template, which at thousands of URLs a page cost more than
the query. Here a section's page N holds the public rows whose primary key lies in
((N - 1) * limit, N * limit]: one index range scan, whatever the page. A page may hold fewer
than `limit` URLs (drafts, hidden and deleted rows leave holes) but never more, and the number
of pages comes from the highest key. Locations are made from the site's own address
(`settings.SITE_URL`), never from the request's Host header.
"""

import math
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db import NotSupportedError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, Func, QuerySet, Value
from django.db.models.sql.compiler import SQLCompiler
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

SITEMAP_CONTENT_TYPE = "application/xml; charset=utf-8"

# A row as a section reads it: (primary key, what its URL is made of, `lastmod`).
Row = tuple[int, Any, str]


class W3CDatetime(Func):
    """A timestamp as `lastmod` wants it, written by the database: UTC, to the second, in
    the W3C format (`2026-12-06T22:53:14Z`).

    On a page of thousands of URLs, building and formatting a datetime per row in Python
    costs more than the query.
    """

    output_field = CharField()

    def as_sql(self, *args: Any, **kwargs: Any) -> Any:
        raise NotSupportedError("W3CDatetime is written for PostgreSQL and SQLite only.")

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template=(
                "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
            ),
            **extra,
        )

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> Any:
        # SQLite keeps Django's datetimes as UTC text; the format goes in as a parameter.
        strftime = Func(
            Value("%Y-%m-%dT%H:%M:%SZ"), *self.get_source_expressions(), function="strftime"
        )
        return strftime.as_sql(compiler, connection, **extra)


class KeyRangeSitemap(Sitemap):
    """A section of the sitemap: the public rows of one model, `limit` keys a page.

    Subclasses give `items()` (the public rows, a queryset), `url_field` (the field the URL
    takes: a slug or the key) and `viewname`/`url_kwarg` (the route of the row's page).
    """

    # Sitemaps allow 50,000 URLs a file; 5,000 keeps each page's query and writing well
    # under 100 ms on a catalog of millions, even on a busy machine (bench/sitemaps.py).
    limit = 5_000
    url_field = "pk"
    viewname = ""
    url_kwarg = "pk"

    def items(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_latest_lastmod(self) -> datetime | None:
        """The newest update stamp of the section: one query down the stamp's index."""
        return self.items().order_by("-updated").values_list("updated", flat=True).first()

    def page_count(self) -> int:
        """Pages from the highest public key: one query down the primary key's index."""
        top = self.items().order_by("-pk").values_list("pk", flat=True).first()
        return max(1, math.ceil((top or 0) / self.limit))

    def page_rows(self, page: int) -> QuerySet[Any, Row]:
        """The public rows of page `page` (from 1), by key."""
        return (
            self.items()
            .filter(pk__gt=(page - 1) * self.limit, pk__lte=page * self.limit)
            .order_by("pk")
            .values_list("pk", self.url_field, W3CDatetime("updated"))
        )

    def loc_maker(self) -> Callable[[Any], str]:
        """A function from a row's URL value to its `<loc>`: absolute, XML-escaped."""
        head, tail = _route_parts(self.viewname, self.url_kwarg)
        return lambda value: f"{head}{_path_segment(value)}{tail}"


# A slug's or a key's characters, which go into a path as they are; anything else is
# percent-encoded, which leaves nothing for XML to escape either.
_plain_segment = re.compile(r"[A-Za-z0-9_-]+").fullmatch
# Stands for a route's one argument while it is reversed: digits, to pass `int` converters.
_MARKER = "7" * 19


def _path_segment(value: Any) -> str:
    text = str(value)
    return text if _plain_segment(text) else quote(text, safe="")


def _route_parts(viewname: str, kwarg: str, **kwargs: Any) -> tuple[str, str]:
    """The absolute, XML-escaped URL of a route before and after its argument `kwarg`.

    Reversed once, with a marker in the argument's place, instead of once per row: at
    thousands of rows a page, `reverse()` costs more than the query.
    """
    head, tail = reverse(viewname, kwargs={**kwargs, kwarg: _MARKER}).split(_MARKER)
    return escape(settings.SITE_URL + head), escape(tail)


def _w3c(moment: datetime) -> str:
    """`W3CDatetime`'s format, for a datetime read from the database (in UTC)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _document(root: str, entries: Iterable[str]) -> str:
    """Sitemap XML, written directly: Django's sitemap templates take about 80 times as long
    for thousands of URLs."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{''.join(entries)}</{root}>\n"
    )


def index(request: HttpRequest, sections: dict[str, type[KeyRangeSitemap]]) -> HttpResponse:
    """The sitemap index: every page of every section, each with its section's newest stamp.

    Two queries a section, each one step down an index, whatever the catalog's size.
    """
    entries = []
    for name, section_class in sections.items():
        sitemap = section_class()
        newest = sitemap.get_latest_lastmod()
        lastmod = f"<lastmod>{_w3c(newest)}</lastmod>" if newest else ""
        head, tail = _route_parts("sitemap_section", "page", section=name)
        entries += [
            f"<sitemap><loc>{head}{page}{tail}</loc>{lastmod}</sitemap>\n"
            for page in range(1, sitemap.page_count() + 1)
        ]
    return HttpResponse(_document("sitemapindex", entries), content_type=SITEMAP_CONTENT_TYPE)


def section(
    request: HttpRequest,
    section: str,
    page: int,
    sections: dict[str, type[KeyRangeSitemap]],
) -> HttpResponse:
    """One page of one section; 404 for a section or page the index does not list."""
    if section not in sections or page < 1:
        raise Http404("No such sitemap.")
    sitemap = sections[section]()
    if page > sitemap.page_count():
        raise Http404("No such sitemap page.")
    loc = sitemap.loc_maker()
    urls = (
        f"<url><loc>{loc(value)}</loc><lastmod>{lastmod}</lastmod></url>\n"
        for _, value, lastmod in sitemap.page_rows(page)
    )
    return HttpResponse(_document("urlset", urls), content_type=SITEMAP_CONTENT_TYPE)
