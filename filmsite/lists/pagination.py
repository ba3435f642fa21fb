"""Pagination that stays cheap on a catalog of millions of films.

Counting a large filtered result scans it, so each distinct query's count is kept in the cache
for a few minutes; and pages stop at MAX_PAGES, so the deepest page's OFFSET is bounded too.
"""

import hashlib
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_SECONDS = 300
MAX_PAGES = 200


class CachedCountPaginator(Paginator):
    object_list: QuerySet[Any]  # its SQL is the count's cache key

    @cached_property
    def count(self) -> int:
        try:
            sql, params = self.object_list.query.sql_with_params()
        except EmptyResultSet:  # Django proved the query matches nothing without running it
            return 0
        key = "catalog-count:" + hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
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
