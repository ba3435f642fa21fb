"""Pagination that stays cheap on a catalog of millions of films.

Counting a large filtered result scans it, so each distinct query's count is kept in the cache
under the site's page version, which every write to the catalog or its reviews changes (so a
total is never older than the last write); and pages stop at MAX_PAGES, so the deepest page's
OFFSET is bounded too.
"""

import hashlib
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from filmsite.pagecache.versions import site_version

# Counts are exact by their version; the timeout only lets those of old versions go.
COUNT_SECONDS = 24 * 60 * 60
MAX_PAGES = 200


class CachedCountPaginator(Paginator):
    """Paginator whose count is cached under `version` (the site's page version if None)."""

    object_list: QuerySet[Any]  # its SQL is the count's cache key

    def __init__(self, *args: Any, version: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version

    @cached_property
    def count(self) -> int:
        try:
            sql, params = self.object_list.query.sql_with_params()
        except EmptyResultSet:  # Django proved the query matches nothing without running it
            return 0
        query = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        version = site_version() if self.version is None else self.version
        key = f"catalog-count:{version}:{query}"
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, COUNT_SECONDS)
        return count

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, MAX_PAGES)

    @property
    def truncated(self) -> bool:
        """True when there are more results than the pages reach."""
        return self.count > MAX_PAGES * self.per_page
