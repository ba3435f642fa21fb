"""The site's Redis cache, which takes an unreachable Redis for an empty cache, not an error.

Everything kept in the cache can be recomputed (list counts) or given up for a while (rate
limits let requests through), so a Redis outage must cost a logged warning, never a 500.
"""

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failure Redis is left alone this long: an outage then costs one failed connection
# per process every few seconds (and one warning), not one per cache call.
PAUSE_SECONDS = 5.0

_UNAVAILABLE = object()


class CacheUnavailable(Exception):
    """The cache could not count; the caller decides what an uncounted event means."""


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering as a miss whenever Redis fails.

    Reads return their default, writes report that nothing was stored, and `incr` (whose
    callers need a number) raises CacheUnavailable. Every RedisError counts as an outage:
    refused or timed-out connections, but also a Redis out of memory, read-only or still
    loading, none of which should stop a page.
    """

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._paused_until = 0.0

    def _attempt(self, operation: Callable[..., Any], *args: Any, fallback: Any) -> Any:
        if time.monotonic() < self._paused_until:
            return fallback
        try:
            return operation(*args)
        except RedisError as error:
            self._paused_until = time.monotonic() + PAUSE_SECONDS
            logger.warning("Cache unavailable, treated as empty for %g s: %r", PAUSE_SECONDS, error)
            return fallback

    def add(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        return self._attempt(super().add, key, value, timeout, version, fallback=False)

    def get(self, key: Any, default: Any | None = None, version: int | None = None) -> Any:
        return self._attempt(super().get, key, default, version, fallback=default)

    def set(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        self._attempt(super().set, key, value, timeout, version, fallback=None)

    def touch(
        self, key: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self._attempt(super().touch, key, timeout, version, fallback=False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._attempt(super().delete, key, version, fallback=False)

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._attempt(super().get_many, keys, version, fallback={})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._attempt(super().has_key, key, version, fallback=False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        count = self._attempt(super().incr, key, delta, version, fallback=_UNAVAILABLE)
        if count is _UNAVAILABLE:
            raise CacheUnavailable(key)
        return count

    def set_many(
        self,
        data: dict[Any, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[Any]:
        return self._attempt(super().set_many, data, timeout, version, fallback=list(data))

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._attempt(super().delete_many, keys, version, fallback=None)

    # Django's RedisCache.clear says whether Redis cleared; django-stubs give BaseCache's None.
    def clear(self) -> bool:  # type: ignore[override]
        return self._attempt(super().clear, fallback=False)
