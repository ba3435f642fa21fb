"""Sitemaps that stay fast on catalogs of millions: an index, and sections paged by key ranges.

Django's `Sitemap` pages its items with `COUNT(*)` and `OFFSET`, whose cost grows with the
table, and builds every URL with `reverse()` and the sitemap template, which at thousands of
URLs a page cost more than the query. Here a section's page N holds the public rows whose
primary key lies in ((N - 1) * limit, N * limit]: one index range scan, whatever the page. A
page may hold fewer than `limit` URLs (drafts, hidden and deleted rows leave holes) but never
more, and the number of pages comes from the highest key. Locations are made from the site's
own address (`settings.SITE_URL`), never from the request's Host header.
"""

import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

SITEMAP_CONTENT_TYPE = "application/xml; charset=utf-8"

# A row as a section reads it: (primary key, what its URL is made of, update stamp).
Row = tuple[int, Any, datetime]


class KeyRangeSitemap(Sitemap):
    """A section of the sitemap: the public rows of one model, `limit` keys a page.

    Subclasses give `items()` (the public rows, a queryset), `url_field` (the field the URL
    takes: a slug or the key) and `viewname`/`url_kwarg` (the route of the row's page).
    """

    # Sitemaps allow 50,000 URLs a file; 10,000 keeps each page a few milliseconds of query
    # and writing on a catalog of millions (bench/sitemaps.py).
    limit = 10_000
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
            .values_list("pk", self.url_field, "updated")
        )

    def location_maker(self) -> Callable[[Any], str]:
        """A function from a row's URL value to its absolute URL.

        The route is reversed once with a marker in place of the value, not once per row.
        """
        marker = "0" * 19 if self.url_kwarg == "pk" else "sitemap-marker"
        head, tail = reverse(self.viewname, kwargs={self.url_kwarg: marker}).split(marker)
        site = settings.SITE_URL
        return lambda value: f"{site}{head}{quote(str(value), safe='')}{tail}"


def _w3c(moment: datetime) -> str:
    """A W3C datetime in UTC, to the second: the sitemap protocol's `lastmod`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _urlset(rows: QuerySet[Any, Row], location: Callable[[Any], str]) -> str:
    """The page's XML, written directly: the sitemap template takes 80 times as long."""
    urls = "".join(
        f"<url><loc>{escape(location(value))}</loc><lastmod>{_w3c(updated)}</lastmod></url>\n"
        for _, value, updated in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
    )


def index(request: HttpRequest, sections: dict[str, type[KeyRangeSitemap]]) -> TemplateResponse:
    """The sitemap index: every page of every section, each with its section's newest stamp.

    Two queries a section, each one step down an index, whatever the catalog's size.
    """
    entries = []
    for name, section_class in sections.items():
        section = section_class()
        last_mod = section.get_latest_lastmod()
        for page in range(1, section.page_count() + 1):
            path = reverse("sitemap_section", kwargs={"section": name, "page": page})
            entries.append({"location": f"{settings.SITE_URL}{path}", "last_mod": last_mod})
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type=SITEMAP_CONTENT_TYPE
    )


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
    return HttpResponse(
        _urlset(sitemap.page_rows(page), sitemap.location_maker()),
        content_type=SITEMAP_CONTENT_TYPE,
    )
