"""Where versioned pages and fragments are kept: the worker's own memory, then the shared cache.

Every key carries the version of what its entry shows and the build that rendered it, so what
a key holds never changes: a copy in a worker's memory can be evicted but never go stale. Hot
entries (a popular film's page, the fragments every member's film page shares) are then read
without a round trip to Redis; the shared cache fills each worker's memory and keeps entries
across restarts and between workers. Nothing else belongs here: an entry whose key can come
to hold other content would be served stale from memory.
"""

from typing import Any

from django.core.cache import cache, caches

# Versions change on every write, so an entry is never stale: this only bounds how long an
# unread one takes room.
ENTRY_SECONDS = 24 * 60 * 60


def get(key: str) -> Any:
    """The entry under `key`, from this worker's memory or else the shared cache; None if none."""
    nearby = caches["pages"]
    value = nearby.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            nearby.set(key, value, ENTRY_SECONDS)
    return value


def put(key: str, value: Any) -> None:
    caches["pages"].set(key, value, ENTRY_SECONDS)
    cache.set(key, value, ENTRY_SECONDS)
